"""A word-wrapped label that lays its text out once per width.

A word-wrapped ``QLabel`` answers ``heightForWidth`` by laying its whole text
out again on every call, and the box layouts of the note editor ask each label
dozens of times for the same few widths while the window settles (the help
texts of the sections cost a fortieth of the start). :class:`WrappingLabel`
remembers its answers until its text, font or style changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

#: Changes after which the remembered heights no longer hold.
_RESET = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.ContentsRectChange)


class WrappingLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self._heights: dict[int, int] = {}
        self.setWordWrap(True)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._heights.clear()
        super().setText(text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() in _RESET:
            self._heights.clear()
        super().changeEvent(event)
