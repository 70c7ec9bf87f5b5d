"""Events: create, edit, list, delete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain import ChangeSet, Event, EventWithNotes, new_uid
from ..i18n import _
from ..storage import Database, lazy_module, reads
from ..storage.convert import event_from_row, event_to_row
from ..timezones import ZoneError, canonical_zone
from .base import Changed, NotFound, ValidationError

if TYPE_CHECKING:
    from ..storage import orm
else:
    orm = lazy_module("orm")  # SQLAlchemy's ORM, for writes: loaded on the first one


def validate_event(event: Event) -> None:
    if not event.title.strip():
        raise ValidationError(_("An event needs a title."))
    for name in ("starts_at", "ends_at"):
        value = getattr(event, name)
        if value is not None and value.tzinfo is None:
            raise ValidationError(_("Event times must carry a time zone."))
    if event.starts_at and event.ends_at and event.ends_at < event.starts_at:
        raise ValidationError(_("The event cannot end before it starts."))
    try:
        canonical_zone(event.timezone)
    except ZoneError as exc:
        raise ValidationError(str(exc)) from None
    if event.venue_country and (len(event.venue_country) != 2 or not event.venue_country.isalpha()):
        raise ValidationError(_("The venue country must be an ISO 3166 two-letter code."))


class EventService:
    def __init__(self, db: Database):
        self._db = db

    def list(self) -> list[EventWithNotes]:
        """Every event with its notes, most recent first (undated events last)."""
        with self._db.reading() as con:
            return reads.events_with_notes(con)

    def get(self, event_id: int) -> Event:
        with self._db.reading() as con:
            found = reads.event(con, event_id)
        if found is None:
            raise NotFound(_("There is no event {id}.").format(id=event_id))
        return found

    def find_by_uid(self, uid: str) -> Event | None:
        with self._db.reading() as con:
            return reads.event_by_uid(con, uid)

    def create(self, event: Event) -> Changed[Event]:
        validate_event(event)
        with self._db.session() as s:
            row = orm.EventRow(uid=event.uid or new_uid())
            event_to_row(event, row)
            s.add(row)
            s.flush()
            created = event_from_row(row)
        return Changed(created, ChangeSet(events=frozenset({created.id})))

    def update(self, event: Event) -> Changed[Event]:
        if event.id is None:
            raise ValidationError(_("Only a saved event can be updated."))
        validate_event(event)
        with self._db.session() as s:
            row = s.get(orm.EventRow, event.id)
            if row is None:
                raise NotFound(_("There is no event {id}.").format(id=event.id))
            event_to_row(event, row)
            row.updated_at = orm.utcnow()
            s.flush()
            updated = event_from_row(row)
        return Changed(updated, ChangeSet(events=frozenset({updated.id})))

    def delete(self, event_id: int) -> Changed[None]:
        with self._db.session() as s:
            row = s.get(orm.EventRow, event_id)
            if row is None:
                raise NotFound(_("There is no event {id}.").format(id=event_id))
            notes = frozenset(n.id for n in row.notes)
            s.delete(row)
        return Changed(None, ChangeSet(events=frozenset({event_id}), notes=notes))
