"""Notes and their items: the unit of live capture."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..capture.batch import Batch
from ..domain import (
    ChangeSet,
    Item,
    Note,
    NoteStatus,
    NoteSummary,
    Provenance,
    clean_names,
    new_uid,
)
from ..i18n import _
from ..richtext import RichText
from ..storage import Database, lazy_module, reads
from ..storage.convert import note_summary_from_row
from ..templates import TemplateLibrary
from .base import Changed, NotFound, ValidationError

if TYPE_CHECKING:
    from ..storage import items as item_store
    from ..storage import orm
    from ..storage.orm import NoteRow, Session
else:
    orm = lazy_module("orm")  # SQLAlchemy's ORM, for writes: loaded on the first one
    item_store = lazy_module("items")  # the one write path for items (SQLAlchemy Core)


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


class NoteService:
    def __init__(self, db: Database, templates: TemplateLibrary):
        self._db = db
        self._templates = templates

    # -- notes -------------------------------------------------------------
    def create(
        self, event_id: int, template_id: str, notetakers: Sequence[str] = (), uid: str = ""
    ) -> Changed[Note]:
        template = self._templates.get(template_id)
        with self._db.session() as s:
            if s.get(orm.EventRow, event_id) is None:
                raise NotFound(_("There is no event {id}.").format(id=event_id))
            row = orm.NoteRow(
                uid=uid or new_uid(),
                event_id=event_id,
                template_id=template.id,
                template_version=template.version,
                status=NoteStatus.CAPTURING.value,
                notetakers=clean_names(notetakers),
            )
            s.add(row)
            s.flush()
            note_id = row.id
        return Changed(self.get(note_id), ChangeSet(events=frozenset({event_id}), notes=frozenset({note_id})))

    def get(self, note_id: int) -> Note:
        with self._db.reading() as con:
            note = reads.note(con, note_id)
        if note is None:
            raise NotFound(_("There is no note {id}.").format(id=note_id))
        return note

    def summary(self, note_id: int) -> NoteSummary:
        """The note's own record (status, lock, notetakers...), without its items."""
        with self._db.reading() as con:
            summary = reads.note_summary(con, note_id)
        if summary is None:
            raise NotFound(_("There is no note {id}.").format(id=note_id))
        return summary

    def find_by_uid(self, uid: str) -> NoteSummary | None:
        with self._db.reading() as con:
            return reads.note_summary_by_uid(con, uid)

    def delegations_used(self, event_id: int) -> set[str]:
        """Every delegation credited, or spoken for, in the notes of an event."""
        with self._db.reading() as con:
            return reads.delegations_used(con, event_id)

    def update(
        self,
        note_id: int,
        *,
        notetakers: Sequence[str] = UNSET,
        status: NoteStatus = UNSET,
        locked: bool = UNSET,
        clock_started_at: datetime | None = UNSET,
        clock_paused_at: datetime | None = UNSET,
    ) -> Changed[NoteSummary]:
        """Change a note's facts; a locked note only accepts being unlocked."""
        with self._db.session() as s:
            row = self._note_row(s, note_id)
            if locked is not UNSET:
                row.locked = bool(locked)
            elif row.locked:
                raise ValidationError(_(item_store.LOCKED_NOTE))
            if notetakers is not UNSET:
                row.notetakers = clean_names(notetakers)
            if status is not UNSET:
                row.status = NoteStatus(status).value
            if clock_started_at is not UNSET:
                row.clock_started_at = clock_started_at
            if clock_paused_at is not UNSET:
                row.clock_paused_at = clock_paused_at
            row.updated_at = orm.utcnow()
            s.flush()
            summary = note_summary_from_row(row)
        return Changed(summary, ChangeSet(events=frozenset({summary.event_id}), notes=frozenset({note_id})))

    def delete(self, note_id: int) -> Changed[None]:
        with self._db.session() as s:
            row = self._note_row(s, note_id)
            event_id = row.event_id
            s.delete(row)
        return Changed(None, ChangeSet(events=frozenset({event_id}), notes=frozenset({note_id})))

    # -- items -------------------------------------------------------------
    # Each method makes a Batch and writes it through the storage's one write path for items
    # (notetaker.storage.items): the rules are those every edit of live capture follows too.
    def add_item(
        self,
        note_id: int,
        section: str,
        *,
        body: RichText | None = None,
        delegations: Sequence[str] = (),
        person: str = "",
        spoken_at: datetime | None = None,
        author: str = "",
        on_behalf_of: str | None = None,
        provenance: Sequence[Provenance] = (),
        position: int | None = None,
        uid: str = "",
    ) -> Changed[Item]:
        """Insert an item at ``position`` (appended when ``None``) of a section."""
        item = Item(
            None, section, body or RichText(), tuple(delegations), person=person, spoken_at=spoken_at,
            author=author, on_behalf_of=on_behalf_of or None, provenance=tuple(provenance), uid=uid or new_uid(),
        )
        with self._writing() as w:
            uids = [u for u, _position in w.section_order(note_id, section)]
            uids.insert(len(uids) if position is None else max(0, min(position, len(uids))), item.uid)
            batch = Batch()
            batch.put_item(note_id, item)
            batch.put_order(note_id, section, tuple(uids))
            changes = w.apply(batch)
            _note_id, saved = w.items_by_uid([item.uid])[item.uid]
        return Changed(saved, changes)

    def text_body(self, note_id: int, section: str) -> Item:
        """The single item holding a text section's body, created empty on first use."""
        with self._db.reading() as con:
            found = reads.section_items(con, note_id, section)
        if found:
            return found[0]
        return self.add_item(note_id, section).value

    def update_item(
        self,
        item_id: int,
        *,
        body: RichText = UNSET,
        delegations: Sequence[str] = UNSET,
        person: str = UNSET,
        spoken_at: datetime | None = UNSET,
        author: str = UNSET,
        on_behalf_of: str | None = UNSET,
    ) -> Changed[Item]:
        given = {
            "body": body, "delegations": delegations, "person": person, "spoken_at": spoken_at,
            "author": author, "on_behalf_of": on_behalf_of,
        }
        fields = {name: value for name, value in given.items() if value is not UNSET}
        if "delegations" in fields:
            fields["delegations"] = tuple(fields["delegations"])
        if "on_behalf_of" in fields:
            fields["on_behalf_of"] = fields["on_behalf_of"] or None
        with self._writing() as w:
            note_id, item = self._item(w, item_id)
            batch = Batch()
            batch.put_item(note_id, replace(item, **fields))
            changes = w.apply(batch)
            saved = self._item(w, item_id)[1]
        return Changed(saved, changes)

    def move_item(self, item_id: int, position: int) -> Changed[Item]:
        with self._writing() as w:
            note_id, item = self._item(w, item_id)
            uids = [u for u, _position in w.section_order(note_id, item.section) if u != item.uid]
            uids.insert(max(0, min(position, len(uids))), item.uid)
            batch = Batch()
            batch.put_order(note_id, item.section, tuple(uids))
            changes = w.apply(batch)
            saved = self._item(w, item_id)[1]
        return Changed(saved, changes)

    def remove_item(self, item_id: int) -> Changed[None]:
        with self._writing() as w:
            note_id, item = self._item(w, item_id)
            batch = Batch()
            batch.remove_item(note_id, item.uid)
            rest = tuple(u for u, _position in w.section_order(note_id, item.section) if u != item.uid)
            batch.put_order(note_id, item.section, rest)
            changes = w.apply(batch)
        return Changed(None, changes)

    # -- helpers -----------------------------------------------------------
    @contextmanager
    def _writing(self) -> Iterator[item_store.ItemWriter]:
        """A writer of items in one transaction; what its rules refuse is a ValidationError."""
        try:
            with item_store.writing(self._db, self._templates) as writer:
                yield writer
        except item_store.Refused as exc:
            raise ValidationError(str(exc)) from exc

    @staticmethod
    def _item(writer: item_store.ItemWriter, item_id: int) -> tuple[int, Item]:
        found = writer.item(item_id)
        if found is None:
            raise NotFound(_("There is no item {id}.").format(id=item_id))
        return found

    def _note_row(self, s: Session, note_id: int) -> NoteRow:
        row = s.get(orm.NoteRow, note_id)
        if row is None:
            raise NotFound(_("There is no note {id}.").format(id=note_id))
        return row
