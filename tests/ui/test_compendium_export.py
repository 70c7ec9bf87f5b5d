"""The main window exports a compendium of the notes selected in the list."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import docx
from PySide6.QtCore import QItemSelectionModel

from notetaker.domain import Event
from notetaker.richtext import RichText
from ui.main_window import MainWindow
from ui.models import EVENT, NOTE


def _note(ctx, title: str, day: int, text: str) -> tuple[int, int]:
    event = ctx.core.events.create(
        Event(None, title, series="IMRF 2022 side events", starts_at=datetime(2022, 5, day, 15, tzinfo=UTC), timezone="UTC-06:00")
    ).value
    note = ctx.core.notes.create(event.id, "imrf-side-event", ["Ana"]).value
    ctx.core.notes.add_item(note.id, "highlights", body=RichText.plain(text), delegations=["GT"])
    return event.id, note.id


def _window(qtbot, ctx) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _select(window: MainWindow, *keys: tuple[str, int]) -> None:
    selection = window.tree.selectionModel()
    selection.clearSelection()
    for key in keys:
        index = window.model.find(key)
        assert index.isValid(), key
        selection.select(index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)


def test_the_action_needs_a_multi_selection(qtbot, ctx):
    _e1, n1 = _note(ctx, "Late", 20, "late point")
    e2, n2 = _note(ctx, "Early", 3, "early point")
    window = _window(qtbot, ctx)
    action = window.export_compendium_action
    assert action.text().replace("&", "") == "Export Compendium…"
    assert any(action in m.menu().actions() for m in window.menuBar().actions() if m.menu())
    assert not action.isEnabled()
    _select(window, (NOTE, n1))
    assert not action.isEnabled()
    _select(window, (NOTE, n1), (EVENT, e2))
    assert action.isEnabled()
    assert sorted(window.selected_note_ids()) == sorted([n1, n2])  # the event stands for its note


def test_exporting_the_selection_writes_one_compendium(qtbot, ctx, alerts, tmp_path: Path):
    _e1, n1 = _note(ctx, "Late", 20, "late point")
    _e2, n2 = _note(ctx, "Early", 3, "early point")
    window = _window(qtbot, ctx)
    _select(window, (NOTE, n1), (NOTE, n2))
    out = tmp_path / "compendium.docx"
    runner = window.export_compendium(out)
    assert runner is not None
    with qtbot.waitSignal(runner.finished, timeout=30000) as blocker:
        pass
    assert blocker.args == [True]
    doc = docx.Document(str(out))
    assert doc.paragraphs[0].text == "IMRF 2022 side events"  # the cover
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"] == ["Early", "Late"]
    assert alerts.last.level == "info" and str(out) in alerts.last.message


def test_a_single_note_is_no_compendium(qtbot, ctx, alerts, tmp_path: Path):
    _e1, n1 = _note(ctx, "Only", 2, "x")
    window = _window(qtbot, ctx)
    _select(window, (NOTE, n1))
    assert window.export_compendium(tmp_path / "c.docx") is None
    assert "two or more" in alerts.last.message
    assert not (tmp_path / "c.docx").exists()
