"""Keyboard focus in a note editor (mixed into :class:`ui.editor.note_editor.NoteEditor`).

Tab follows the reading order (the chain is rebuilt when rows come and go),
the current item and section follow the focus, focus leaving a field hands its
edits to the writer at once, and where the user is gets remembered so that a
restart after a crash comes back to the same note, section and item.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from .rows import ItemRow

if TYPE_CHECKING:
    from .note_editor import NoteEditor
    from .sections import SectionWidget

#: Where the user was (note, section, item), for reopening after a crash.
POSITION_KEY = "last_position"


class EditorFocus:
    """Focus handling; ``self`` is the note editor."""

    def focus_chain(self: NoteEditor) -> list[QWidget]:
        """The editor's controls in reading order (the Tab order)."""
        widgets: list[QWidget] = [self.notetakers]
        if not self.read_only:
            widgets += [self.session_bar.clock_button, self.session_bar.switch_button]
        for section in self.sections:
            widgets.extend(section.focus_widgets())
        return widgets

    def fix_tab_order(self: NoteEditor) -> None:
        chain = self.focus_chain()
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def focus_row(self: NoteEditor, row: ItemRow, part: str = "body") -> None:
        target: QWidget = {
            "speaker": getattr(row, "speaker", None),
            "attribution": getattr(row, "attribution", None),
        }.get(part) or row.body
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        if target is row.body:
            cursor = row.body.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start if part == "start" else cursor.MoveOperation.End)
            row.body.setTextCursor(cursor)
        elif isinstance(target, QLineEdit):
            target.selectAll()
        self._set_current(row)
        self.builder.settle()  # a row just built has its place once laid out
        self.scroll.ensureWidgetVisible(target, 0, 40)

    def _set_current(self: NoteEditor, row: ItemRow) -> None:
        before = self.current_row
        self.current_row = row
        self.current_section = self.section_of(row)
        if before is not row:
            self._remember_position()  # where to come back after a crash (coalesced by the writer)

    def focus_section(self: NoteEditor, section: SectionWidget) -> None:
        target = section.focus_entry()
        self.current_section = section
        if target is None:
            return
        row = next((r for r in section.built_rows() if r.body is target), None)
        if row is not None:
            self.focus_row(row, "body")
        else:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            self.builder.settle()
            self.scroll.ensureWidgetVisible(target, 0, 40)
        self._remember_position()

    def focus_near(self: NoteEditor, key: str, index: int) -> None:
        section = self.section(key)
        if section.entries:
            row = section.row_at(max(0, min(index, len(section.entries) - 1)))
            if row is not None:
                self.focus_row(row)
                return
        self.focus_section(section)

    def _focus_changed(self: NoteEditor, old: QWidget | None, new: QWidget | None) -> None:
        if old is not None and self.isAncestorOf(old) and (new is None or not self._same_row(old, new)):
            self.collector.collect()  # focus left a field: its edits go to the writer now
        if new is None or not self.isAncestorOf(new):
            return
        row = _row_of(new, self.scroll.widget())
        if row is not None:
            self._set_current(row)

    def _same_row(self: NoteEditor, old: QWidget, new: QWidget) -> bool:
        page = self.scroll.widget()
        row = _row_of(old, page)
        return row is not None and row is _row_of(new, page)

    def _application_state(self: NoteEditor, state: Qt.ApplicationState) -> None:
        if state != Qt.ApplicationState.ApplicationActive:
            self.collector.collect()  # the window lost the focus: hand everything over

    def _remember_position(self: NoteEditor) -> None:
        if self.read_only or self.current_section is None:
            return
        position = {"note": self.note_id, "section": self.current_section.key}
        if self.current_row is not None:
            position["item"] = self.current_row.uid
        if position != self.saved_position:  # (not the one just restored: no write at start)
            self.saved_position = position
            self.ctx.save_state(POSITION_KEY, position)


def _row_of(widget: QWidget | None, page: QWidget) -> ItemRow | None:
    """The row holding ``widget``. (The walk up stops at the editor's page: its parent, the
    scroll area's viewport, is of a class private to Qt, and PySide loads every QtWidgets
    type, 20 ms, to wrap such an object.)"""
    while widget is not None and widget is not page:
        if isinstance(widget, ItemRow):
            return widget
        widget = widget.parentWidget()
    return None
