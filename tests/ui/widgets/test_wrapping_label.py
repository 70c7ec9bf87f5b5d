"""The word-wrapped label that remembers its heights per width (ui/widgets/wrapping_label.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from ui.widgets.wrapping_label import WrappingLabel

TEXT = "Interventions from the floor: the delegations that took the floor, in order. " * 3


def _plain(text: str, font=None) -> QLabel:  # noqa: ANN001
    label = QLabel(text)
    label.setWordWrap(True)
    if font is not None:
        label.setFont(font)
    return label


def test_it_answers_as_a_wrapped_qlabel_and_lays_out_once_per_width(qtbot, monkeypatch):
    label = WrappingLabel(TEXT)
    qtbot.addWidget(label)
    assert label.wordWrap()
    plain = _plain(TEXT)
    qtbot.addWidget(plain)
    for width in (120, 300, 120, 640, 300):
        assert label.heightForWidth(width) == plain.heightForWidth(width)
    assert label.heightForWidth(120) > label.heightForWidth(640) > 0
    laid_out = []
    original = QLabel.heightForWidth
    monkeypatch.setattr(QLabel, "heightForWidth", lambda self, width: laid_out.append(width) or original(self, width))
    for width in (120, 300, 640, 300, 120):
        label.heightForWidth(width)
    assert laid_out == []  # all remembered
    label.heightForWidth(200)
    assert laid_out == [200]


def test_new_text_or_font_forgets_the_heights(qtbot):
    label = WrappingLabel(TEXT)
    qtbot.addWidget(label)
    before = label.heightForWidth(200)
    label.setText("Short.")
    assert label.heightForWidth(200) == _plain("Short.").heightForWidth(200) < before
    label.setText(TEXT)
    assert label.heightForWidth(200) == before
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    label.setFont(font)
    assert label.heightForWidth(200) == _plain(TEXT, font).heightForWidth(200) > before


def test_what_changes_the_layout_forgets_the_heights(qtbot):
    label = WrappingLabel(TEXT)
    qtbot.addWidget(label)
    before = label.heightForWidth(300)
    label.setMargin(40)
    assert label.heightForWidth(300) == _plain_with(lambda plain: plain.setMargin(40)) > before
    label.clear()
    assert label.heightForWidth(300) == _plain_with(lambda plain: plain.clear())
    for width in range(100, 100 + 10 * 50, 50):  # a window being resized: few widths remembered
        label.heightForWidth(width)
    assert len(label._heights) <= 8


def _plain_with(change) -> int:  # noqa: ANN001
    plain = _plain(TEXT)
    change(plain)
    return plain.heightForWidth(300)
