"""Undo and redo across the items of a note: one :class:`QUndoStack` per note editor.

Every change lands on the editor's stack as an item-level command:

- typing and formatting in an item's text: each new undo level of the item's
  ``QTextDocument`` (``undoCommandAdded``) is mirrored by a :class:`TextEdit`
  whose undo/redo call the document's own. The documents belong to the editor,
  not to the row widgets, so that they outlive a row removed and restored;
- a speaker, attribution or person field: :class:`FieldEdit`, consecutive edits
  of one field merged into one step;
- adding and removing an item: :class:`AddItem`, :class:`RemoveItem`;
- re-timing an item: :class:`Retime`.

Undoing shows where it happened: the item concerned gets the focus. Each
command works through the editor by the item's uid, since row widgets come
and go (rows outside the shown window of a long section are not built); it
sees the editor as its parts do, an :class:`~ui.editor.host.EditorHost`.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from notetaker.domain import Item
from notetaker.i18n import _

if TYPE_CHECKING:
    from .host import EditorHost

_FIELD_ID = 7301


class TextEdit(QUndoCommand):
    """One undo level of an item's text."""

    def __init__(self, editor: EditorHost, uid: str):
        super().__init__(_("Typing"))
        self.editor = editor
        self.uid = uid
        self._first = True

    def redo(self) -> None:
        if self._first:  # the document did it already
            self._first = False
            return
        self._step(redo=True)

    def undo(self) -> None:
        self._step(redo=False)

    def _step(self, redo: bool) -> None:
        doc = self.editor.document_for(self.uid)
        row = self.editor.reveal(self.uid)
        if doc is None:
            return
        if row is None or row.body.document() is not doc:
            (doc.redo if redo else doc.undo)()
            return
        row.body.setFocus()
        cursor = row.body.textCursor()
        (doc.redo if redo else doc.undo)(cursor)  # the cursor lands where the change was
        row.body.setTextCursor(cursor)


class FieldEdit(QUndoCommand):
    """A change of a line field of an item (speaker, attribution, person)."""

    def __init__(self, editor: EditorHost, uid: str, field: str, old: str, new: str):
        super().__init__(_("Change of {field}").format(field=field))
        self.editor = editor
        self.uid = uid
        self.field = field
        self.old = old
        self.new = new
        self._first = True

    def id(self) -> int:
        return _FIELD_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if isinstance(other, FieldEdit) and (other.uid, other.field) == (self.uid, self.field):
            self.new = other.new
            return True
        return False

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.editor.set_field_text(self.uid, self.field, self.new)

    def undo(self) -> None:
        self.editor.set_field_text(self.uid, self.field, self.old)


class AddItem(QUndoCommand):
    """A new item at ``index`` of a section (also what undoing a removal does)."""

    def __init__(self, editor: EditorHost, section: str, index: int, item: Item, focus: str = "body"):
        super().__init__(_("New entry"))
        self.editor = editor
        self.section = section
        self.index = index
        self.item = item
        self.focus = focus

    def redo(self) -> None:
        self.editor.insert_item(self.section, self.index, self.item, self.focus)

    def undo(self) -> None:
        taken = self.editor.take_item(self.section, self.item.uid)
        if taken is not None:
            self.index, self.item = taken
        self.editor.keyboard.focus_near(self.section, self.index - 1)


class RemoveItem(QUndoCommand):
    def __init__(self, editor: EditorHost, section: str, uid: str):
        super().__init__(_("Removal of an entry"))
        self.editor = editor
        self.section = section
        self.uid = uid
        self.index = -1
        self.item: Item | None = None

    def redo(self) -> None:
        taken = self.editor.take_item(self.section, self.uid)
        if taken is not None:
            self.index, self.item = taken
        self.editor.keyboard.focus_near(self.section, self.index)

    def undo(self) -> None:
        if self.item is not None:
            self.editor.insert_item(self.section, self.index, self.item, "body")


class Retime(QUndoCommand):
    def __init__(self, editor: EditorHost, uid: str, old: datetime | None, new: datetime | None):
        super().__init__(_("New time of an entry"))
        self.editor = editor
        self.uid = uid
        self.old = old
        self.new = new

    def redo(self) -> None:
        self.editor.set_spoken_at(self.uid, self.new)

    def undo(self) -> None:
        self.editor.set_spoken_at(self.uid, self.old)
