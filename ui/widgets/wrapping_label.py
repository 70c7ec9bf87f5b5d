"""A word-wrapped label that lays its text out once per width.

A word-wrapped ``QLabel`` answers ``heightForWidth`` by laying its whole text
out again on every call, and the box layouts of the note editor ask each label
dozens of times for the same few widths while the window settles (the help
texts of the sections cost a fortieth of the start). :class:`WrappingLabel`
remembers its answers (for the last few widths) until what it shows or how
changes: its text, font, style, margins, indent or format.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QWidget

#: Changes after which the remembered heights no longer hold.
_RESET = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.ContentsRectChange)
#: Widths remembered (a window being resized asks for many).
WIDTHS = 8


class WrappingLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self._heights: dict[int, int] = {}
        self.setWordWrap(True)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        height = self._heights.get(width)
        if height is None:
            if len(self._heights) >= WIDTHS:
                self._heights.clear()
            height = self._heights[width] = super().heightForWidth(width)
        return height

    # What changes the text's layout forgets the heights (a label of ours only ever gets text).
    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._heights.clear()
        super().setText(text)

    def clear(self) -> None:
        self._heights.clear()
        super().clear()

    def setIndent(self, indent: int) -> None:  # noqa: N802 - Qt's name
        self._heights.clear()
        super().setIndent(indent)

    def setMargin(self, margin: int) -> None:  # noqa: N802 - Qt's name
        self._heights.clear()
        super().setMargin(margin)

    def setTextFormat(self, text_format: Qt.TextFormat) -> None:  # noqa: N802 - Qt's name
        self._heights.clear()
        super().setTextFormat(text_format)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() in _RESET:
            self._heights.clear()
        super().changeEvent(event)
