"""The events-and-notes tree shown in the main window."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from notetaker.domain import EventWithNotes, NoteSummary
from notetaker.i18n import _
from notetaker.templates import TemplateLibrary

from .formatting import format_date_only, format_when, status_labels

KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "event" or "note"
ID_ROLE = Qt.ItemDataRole.UserRole + 2
EVENT_ID_ROLE = Qt.ItemDataRole.UserRole + 3

EVENT = "event"
NOTE = "note"

Key = tuple[str, int]


class EventTreeModel(QStandardItemModel):
    """Events (title, date in their zone, series) with their notes as children
    (template, status, notetakers). Read-only; rebuilt from the service's listing."""

    def __init__(self, templates: TemplateLibrary, lang: str, parent: QObject | None = None):
        super().__init__(parent)
        self._templates = templates
        self._lang = lang
        self.setHorizontalHeaderLabels(
            [_("Event / note"), _("Date / status"), _("Series / notetakers")]
        )

    def load(self, listing: Sequence[EventWithNotes]) -> None:
        self.removeRows(0, self.rowCount())
        for entry in listing:
            event = entry.event
            assert event.id is not None
            title = QStandardItem(event.title)
            title.setToolTip(event.title)
            font = QFont(title.font())
            font.setBold(True)
            title.setFont(font)
            when = QStandardItem(format_date_only(event, self._lang))
            when.setToolTip(format_when(event, self._lang))
            series = QStandardItem(event.series)
            row = [title, when, series]
            for cell in row:
                self._tag(cell, EVENT, event.id, event.id)
            for note in entry.notes:
                title.appendRow(self._note_row(note))
            self.appendRow(row)

    def _note_row(self, note: NoteSummary) -> list[QStandardItem]:
        try:
            template_title = self._templates.get(note.template_id).title(self._lang)
        except KeyError:
            template_title = note.template_id
        cells = [
            QStandardItem(template_title),
            QStandardItem(_status_text(note)),
            QStandardItem(", ".join(note.notetakers) or _("(no notetakers)")),
        ]
        cells[0].setToolTip(_("Note {id}").format(id=note.id))
        for cell in cells:
            self._tag(cell, NOTE, note.id, note.event_id)
        return cells

    @staticmethod
    def _tag(item: QStandardItem, kind: str, item_id: int, event_id: int) -> None:
        item.setEditable(False)
        item.setData(kind, KIND_ROLE)
        item.setData(item_id, ID_ROLE)
        item.setData(event_id, EVENT_ID_ROLE)

    # -- finding rows ------------------------------------------------------------------
    @staticmethod
    def key(index: QModelIndex | QPersistentModelIndex) -> Key | None:
        if not index.isValid():
            return None
        kind, item_id = index.data(KIND_ROLE), index.data(ID_ROLE)
        return (kind, int(item_id)) if kind else None

    def find(self, key: Key) -> QModelIndex:
        """The first-column index of an event or note, or an invalid index."""
        kind, item_id = key
        for row in range(self.rowCount()):
            event_item = self.item(row, 0)
            if kind == EVENT and event_item.data(ID_ROLE) == item_id:
                return event_item.index()
            if kind == NOTE:
                for child in range(event_item.rowCount()):
                    note_item = event_item.child(child, 0)
                    if note_item.data(ID_ROLE) == item_id:
                        return note_item.index()
        return QModelIndex()


def _status_text(note: NoteSummary) -> str:
    status = status_labels().get(note.status, str(note.status))
    return _("{status} (locked)").format(status=status) if note.locked else status
