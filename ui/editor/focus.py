"""Keyboard focus in a note editor: its part ``editor.keyboard`` (:class:`EditorFocus`).

Tab follows the reading order (the chain is rebuilt when rows come and go),
the current item and section follow the focus, Up and Down past an item's first
or last line go to the previous or next one, focus leaving a field hands its
edits to the writer at once, and where the user is gets remembered so that a
restart after a crash comes back to the same note, section and item.

The part keeps that state (the current row and section, the position last
stored) and sees the editor as an :class:`~ui.editor.host.EditorHost`. It is a
QObject child of the editor: the application's focus signals it listens to go
with the editor. It never runs a capture command (those move the keyboard
through it: :mod:`ui.editor.commands`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from .rows import ItemRow

if TYPE_CHECKING:
    from .host import EditorHost
    from .sections import SectionWidget

#: Where the user was (note, section, item), for reopening after a crash.
POSITION_KEY = "last_position"


class EditorFocus(QObject):
    """Where the keyboard is in one note editor (``host``, also its ``parent``), and where it goes."""

    def __init__(self, host: EditorHost, parent: QObject):
        super().__init__(parent)
        self.host = host
        self.current_row: ItemRow | None = None
        self.current_section: SectionWidget | None = None
        self.saved_position: dict[str, Any] | None = None  # where the user was, as last stored
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
            app.applicationStateChanged.connect(self._application_state)

    def focus_chain(self) -> list[QWidget]:
        """The editor's controls in reading order (the Tab order)."""
        host = self.host
        widgets: list[QWidget] = [host.notetakers]
        if not host.read_only:
            widgets += [host.session_bar.clock_button, host.session_bar.switch_button]
        for section in host.sections:
            widgets.extend(section.focus_widgets())
        return widgets

    def fix_tab_order(self) -> None:
        chain = self.focus_chain()
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def focus_row(self, row: ItemRow, part: str = "body") -> None:
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
        self.host.builder.settle()  # a row just built has its place once laid out
        self.host.scroll.ensureWidgetVisible(target, 0, 40)

    def _set_current(self, row: ItemRow) -> None:
        before = self.current_row
        self.current_row = row
        self.current_section = self.host.section_of(row)
        if before is not row:
            self._remember_position()  # where to come back after a crash (coalesced by the writer)

    def focus_section(self, section: SectionWidget) -> None:
        target = section.focus_entry()
        self.current_section = section
        if target is None:
            return
        row = next((r for r in section.built_rows() if r.body is target), None)
        if row is not None:
            self.focus_row(row, "body")
        else:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            self.host.builder.settle()
            self.host.scroll.ensureWidgetVisible(target, 0, 40)
        self._remember_position()

    def focus_near(self, key: str, index: int) -> None:
        section = self.host.section(key)
        if section.entries:
            row = section.row_at(max(0, min(index, len(section.entries) - 1)))
            if row is not None:
                self.focus_row(row)
                return
        self.focus_section(section)

    def move_from(self, row: ItemRow, step: int) -> None:
        """Up from the first line, Down from the last: the previous or next item (or section)."""
        sections = self.host.sections
        section = self.host.section_of(row)
        target = section.row_at(section.index_of(row.uid) + step)
        if target is not None:
            self.focus_row(target, "end" if step < 0 else "start")
            return
        position = sections.index(section) + step
        if 0 <= position < len(sections):
            self.focus_section(sections[position])

    def restore_position(self, position: Any) -> bool:
        """Back where the user was: the item, else the section (after a crash, a restart)."""
        if not isinstance(position, dict) or position.get("note") != self.host.note_id:
            return False
        self.saved_position = dict(position)  # on disk already: coming back to it writes nothing
        uid = position.get("item")
        if isinstance(uid, str):
            row = self.host.reveal(uid)
            if row is not None:
                self.focus_row(row)
                return True
        key = position.get("section")
        section = next((s for s in self.host.sections if s.key == key), None)
        if section is not None:
            self.focus_section(section)
            return True
        return False

    def forget(self, uid: str) -> None:
        """The row of item ``uid`` is gone (its item removed): it is no longer the current one."""
        if self.current_row is not None and self.current_row.uid == uid:
            self.current_row = None

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        host = self.host
        if old is not None and host.isAncestorOf(old) and (new is None or not self._same_row(old, new)):
            host.collector.collect()  # focus left a field: its edits go to the writer now
        if new is None or not host.isAncestorOf(new):
            return
        row = _row_of(new, host.scroll.widget())
        if row is not None:
            self._set_current(row)

    def _same_row(self, old: QWidget, new: QWidget) -> bool:
        page = self.host.scroll.widget()
        row = _row_of(old, page)
        return row is not None and row is _row_of(new, page)

    def _application_state(self, state: Qt.ApplicationState) -> None:
        if state != Qt.ApplicationState.ApplicationActive:
            self.host.collector.collect()  # the window lost the focus: hand everything over

    def _remember_position(self) -> None:
        if self.host.read_only or self.current_section is None:
            return
        position = {"note": self.host.note_id, "section": self.current_section.key}
        if self.current_row is not None:
            position["item"] = self.current_row.uid
        if position != self.saved_position:  # (not the one just restored: no write at start)
            self.saved_position = position
            self.host.ctx.save_state(POSITION_KEY, position)


def _row_of(widget: QWidget | None, page: QWidget) -> ItemRow | None:
    """The row holding ``widget``. (The walk up stops at the editor's page: its parent, the
    scroll area's viewport, is of a class private to Qt, and PySide loads every QtWidgets
    type, 20 ms, to wrap such an object.)"""
    while widget is not None and widget is not page:
        if isinstance(widget, ItemRow):
            return widget
        widget = widget.parentWidget()
    return None
