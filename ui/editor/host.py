"""What the parts of a note editor see of it: the declared interface :class:`EditorHost`.

:class:`~ui.editor.note_editor.NoteEditor` is a composition: it owns its parts, the
capture commands (``editor.commands``, :mod:`ui.editor.commands`) and the keyboard
focus (``editor.keyboard``, :mod:`ui.editor.focus`), and each part is given the
editor as an :class:`EditorHost`: only what is listed here, never the whole class.
The undo commands (:mod:`ui.editor.undo`) work through the same interface. Parts
reach each other through the host only (``host.keyboard``): the commands move the
keyboard, the keyboard never runs a command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from datetime import datetime

    from PySide6.QtGui import QTextDocument, QUndoStack
    from PySide6.QtWidgets import QDialog, QLineEdit, QScrollArea, QWidget

    from notetaker.domain import Event, Item, Note
    from notetaker.richtext import RichText

    from ..context import AppContext
    from .autosave import EditCollector
    from .focus import EditorFocus
    from .row_builder import RowBuilder
    from .rows import ItemRow
    from .sections import SectionWidget
    from .session_bar import SessionBar


class EditorHost(Protocol):
    """The note editor, as its parts and undo commands use it."""

    # -- the note and the application ----------------------------------------------------
    ctx: AppContext
    note: Note
    note_id: int
    note_event: Event
    read_only: bool
    #: True while an undo step replays a change (the change is not a new step).
    applying_undo: bool
    undo_stack: QUndoStack
    collector: EditCollector

    # -- the page -----------------------------------------------------------------------------
    sections: list[SectionWidget]
    builder: RowBuilder
    scroll: QScrollArea
    notetakers: QLineEdit
    session_bar: SessionBar
    keyboard: EditorFocus

    def section(self, key: str) -> SectionWidget: ...

    def section_of(self, row: ItemRow) -> SectionWidget: ...

    def summary_sections(self) -> list[SectionWidget]: ...

    def notetaker_names(self) -> list[str]: ...

    # -- items, by uid ---------------------------------------------------------------------
    def new_item(self, section: str, timed: bool = True) -> Item: ...

    def insert_item(self, key: str, index: int, item: Item, focus: str = "body") -> ItemRow: ...

    def take_item(self, key: str, uid: str) -> tuple[int, Item] | None: ...

    def find(self, uid: str) -> tuple[SectionWidget, int] | None: ...

    def reveal(self, uid: str) -> ItemRow | None: ...

    def document_for(self, uid: str, body: RichText | None = None) -> QTextDocument | None: ...

    def set_field_text(self, uid: str, field: str, text: str) -> None: ...

    def set_spoken_at(self, uid: str, when: datetime | None) -> None: ...

    # -- the editor as a widget ------------------------------------------------------------------
    def open_dialog(self, dialog: QDialog) -> None: ...

    def window(self) -> QWidget: ...

    def focusWidget(self) -> QWidget | None: ...  # noqa: N802 - Qt's name

    def isAncestorOf(self, child: QWidget) -> bool: ...  # noqa: N802 - Qt's name
