"""Writing what live capture produced: coalesced snapshots, applied in one short transaction.

:class:`CaptureStore` is used by the background writer
(:mod:`notetaker.capture.writer`) on its own thread, with its own engine and a
fresh connection per batch; it never hands out ORM objects and never receives
any. Items are addressed by their ``uid``, which the interface gives a new item
before it exists on disk, so that creating an item never waits for the database.

Errors are sorted in two kinds: *refusals* (the note is gone or locked, a
delegation unknown), after which the edit is dropped and reported, and every
other failure (disk full, read-only file, I/O error, database locked), which is
*transient*: the batch is kept and tried again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    Connection,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.pool import NullPool

from ..capture.batch import Batch
from ..domain import ChangeSet, Item
from ..i18n import _
from ..storage import Database
from ..storage.convert import provenance_to_data
from ..storage.db import _sqlite_pragmas
from ..storage.models import AppStateRow, ItemDelegationRow, ItemRow, NoteRow, utcnow

log = logging.getLogger(__name__)

ITEMS = ItemRow.__table__
ATTRIBUTIONS = ItemDelegationRow.__table__
NOTES = NoteRow.__table__
STATE = AppStateRow.__table__
_CHUNK = 500


# Statements built once: executing a prepared statement skips most of SQLAlchemy's work per call.
_UPDATE_ITEM = (
    update(ITEMS)
    .where(ITEMS.c.uid == bindparam("k_uid"))
    .values(
        section=bindparam("section"), body=bindparam("body"), person=bindparam("person"),
        spoken_at=bindparam("spoken_at"), author=bindparam("author"), on_behalf_of=bindparam("on_behalf_of"),
        provenance=bindparam("provenance"), modified_at=bindparam("modified_at"),
    )
    .returning(ITEMS.c.id)
)
_DELETE_ATTRIBUTIONS = delete(ATTRIBUTIONS).where(ATTRIBUTIONS.c.item_id == bindparam("k_item"))
_INSERT_ATTRIBUTION = insert(ATTRIBUTIONS)
_NOTES_INFO = select(NOTES.c.id, NOTES.c.event_id, NOTES.c.locked).where(NOTES.c.id.in_(bindparam("ids", expanding=True)))
_TOUCH_NOTES = update(NOTES).where(NOTES.c.id.in_(bindparam("ids", expanding=True))).values(updated_at=bindparam("now"))


class Refused(Exception):
    """An edit the database will never take (the note is gone or locked...)."""


@dataclass
class ApplyResult:
    changes: ChangeSet = field(default_factory=ChangeSet)
    dropped: list[str] = field(default_factory=list)  # why edits were refused, for the user


def is_transient(exc: BaseException) -> bool:
    """Whether trying again later may succeed (everything but a refusal)."""
    return not isinstance(exc, Refused | IntegrityError)


class CaptureStore:
    def __init__(self, url: URL | str):
        self.url = url
        self.engine: Engine = create_engine(url, poolclass=NullPool)
        if self.engine.url.get_backend_name() == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._conn: Connection | None = None  # kept between batches; dropped after any failure
        self._codes: dict[int, tuple[str, ...]] = {}  # item id -> delegations as last written

    @classmethod
    def for_database(cls, db: Database) -> CaptureStore:
        return cls(db.url)

    def close(self) -> None:
        self._drop_connection()
        self.engine.dispose()

    def _connection(self) -> Connection:
        if self._conn is None:
            self._conn = self.engine.connect()
        return self._conn

    def _drop_connection(self) -> None:
        conn, self._conn = self._conn, None
        self._codes.clear()
        if conn is not None:
            try:
                conn.close()
            except Exception:  # a connection that failed may fail to close too
                log.debug("closing a failed connection", exc_info=True)

    def _transaction(self, batch: Batch) -> ChangeSet:
        conn = self._connection()
        try:
            with conn.begin():
                return self._apply(conn, batch)
        except BaseException:
            self._drop_connection()  # after a failure, start afresh (and forget cached state)
            raise

    # -- applying ----------------------------------------------------------------------------
    def apply(self, batch: Batch) -> ApplyResult:
        """Write ``batch`` in one transaction.

        Raises on a transient failure (nothing of the batch is written). When part
        of the batch is refused, every edit is tried on its own and the refused
        ones are dropped (their reasons in :attr:`ApplyResult.dropped`).
        """
        try:
            return ApplyResult(self._transaction(batch))
        except (Refused, IntegrityError):
            pass
        result = ApplyResult()
        merged: list[ChangeSet] = []
        for single in split(batch):
            try:
                merged.append(self._transaction(single))
            except (Refused, IntegrityError) as exc:
                reason = str(exc.orig) if isinstance(exc, IntegrityError) else str(exc)
                log.warning("edit dropped: %s", reason)
                result.dropped.append(reason)
        result.changes = union(merged)
        return result

    def _apply(self, conn: Connection, batch: Batch) -> ChangeSet:
        now = utcnow()
        notes = self._writable_notes(conn, batch.note_ids())
        removed_ids: set[int] = set()
        if batch.removed:
            for uids in _chunks(list(batch.removed)):
                rows = conn.execute(select(ITEMS.c.id).where(ITEMS.c.uid.in_(uids))).scalars().all()
                removed_ids.update(rows)
                conn.execute(delete(ITEMS).where(ITEMS.c.uid.in_(uids)))
        written = self._upsert_items(conn, batch, now)
        for (note_id, section), uids in batch.orders.items():
            self._reorder(conn, note_id, section, uids)
        for note_id, fields in batch.notes.items():
            values = dict(fields)
            if "notetakers" in values:
                values["notetakers"] = [n.strip() for n in values["notetakers"] if n and n.strip()]
            conn.execute(update(NOTES).where(NOTES.c.id == note_id).values(**values, updated_at=now))
        touched = batch.note_ids() - set(batch.notes)
        if touched:
            conn.execute(_TOUCH_NOTES, {"ids": sorted(touched), "now": now})
        for key, value in batch.state.items():
            done = conn.execute(update(STATE).where(STATE.c.key == key).values(value=value, updated_at=now))
            if done.rowcount == 0:
                conn.execute(insert(STATE).values(key=key, value=value, updated_at=now))
        events = frozenset(notes[n] for n in batch.notes if n in notes)
        return ChangeSet(
            events=events,
            notes=frozenset(batch.notes),
            items=frozenset(written),
            removed_items=frozenset(removed_ids),
            content=frozenset(batch.content_note_ids()),
        )

    @staticmethod
    def _writable_notes(conn: Connection, note_ids: set[int]) -> dict[int, int]:
        """note id -> event id, refusing a batch that writes to a missing or locked note."""
        if not note_ids:
            return {}
        rows = conn.execute(_NOTES_INFO, {"ids": sorted(note_ids)}).all()
        found = {row.id: row for row in rows}
        for note_id in sorted(note_ids):
            row = found.get(note_id)
            if row is None:
                raise Refused(_("The note {id} no longer exists; its edits cannot be saved.").format(id=note_id))
            if row.locked:
                raise Refused(_("This note is locked; unlock it to change it."))
        return {row.id: row.event_id for row in rows}

    def _upsert_items(self, conn: Connection, batch: Batch, now: Any) -> set[int]:
        written: set[int] = set()
        for uid, (note_id, item) in batch.items.items():
            values = _item_values(item)
            item_id = conn.execute(_UPDATE_ITEM, {"k_uid": uid, "modified_at": now, **values}).scalar()
            if item_id is None:  # new: insert it where its section's order says
                order = batch.orders.get((note_id, item.section))
                position = order.index(uid) if order and uid in order else self._end(conn, note_id, item.section)
                item_id = conn.execute(
                    insert(ITEMS).values(
                        uid=uid, note_id=note_id, position=position,
                        created_at=item.created_at or now, modified_at=now, **values,
                    )
                ).inserted_primary_key[0]
                self._codes[item_id] = ()
            codes = tuple(dict.fromkeys(item.delegations))
            if self._codes.get(item_id) != codes:  # most edits leave the attribution alone
                conn.execute(_DELETE_ATTRIBUTIONS, {"k_item": item_id})
                if codes:
                    conn.execute(
                        _INSERT_ATTRIBUTION,
                        [{"item_id": item_id, "position": i, "delegation_code": c} for i, c in enumerate(codes)],
                    )
                self._codes[item_id] = codes
            written.add(item_id)
        return written

    @staticmethod
    def _end(conn: Connection, note_id: int, section: str) -> int:
        last = conn.execute(
            select(func.max(ITEMS.c.position)).where(ITEMS.c.note_id == note_id, ITEMS.c.section == section)
        ).scalar()
        return 0 if last is None else int(last) + 1

    @staticmethod
    def _reorder(conn: Connection, note_id: int, section: str, uids: tuple[str, ...]) -> None:
        rows = conn.execute(
            select(ITEMS.c.id, ITEMS.c.uid, ITEMS.c.position)
            .where(ITEMS.c.note_id == note_id, ITEMS.c.section == section)
            .order_by(ITEMS.c.position, ITEMS.c.id)
        ).all()
        rank = {uid: i for i, uid in enumerate(uids)}
        # Items the interface did not list (written by someone else) keep their order, after the rest.
        ordered = sorted(rows, key=lambda r: (rank.get(r.uid, len(rank)), r.position, r.id))
        for position, row in enumerate(ordered):
            if row.position != position:
                conn.execute(update(ITEMS).where(ITEMS.c.id == row.id).values(position=position))


def _item_values(item: Item) -> dict[str, Any]:
    return {
        "section": item.section,
        "body": item.body.to_json(),
        "person": item.person,
        "spoken_at": item.spoken_at,
        "author": item.author,
        "on_behalf_of": item.on_behalf_of or None,
        "provenance": provenance_to_data(item.provenance),
    }


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def split(batch: Batch) -> Iterable[Batch]:
    """One batch per edit (an item with its section's order, a removal, a note, a state key)."""
    for note_id, item in batch.items.values():
        single = Batch()
        single.put_item(note_id, item)
        order = batch.orders.get((note_id, item.section))
        if order is not None:
            single.put_order(note_id, item.section, order)
        yield single
    for uid, note_id in batch.removed.items():
        single = Batch()
        single.remove_item(note_id, uid)
        yield single
    for (note_id, section), uids in batch.orders.items():
        single = Batch()
        single.put_order(note_id, section, uids)
        yield single
    for note_id, fields in batch.notes.items():
        single = Batch()
        single.put_note(note_id, **fields)
        yield single
    for key, value in batch.state.items():
        single = Batch()
        single.put_state(key, value)
        yield single


def union(changes: Iterable[ChangeSet]) -> ChangeSet:
    total = ChangeSet()
    for c in changes:
        total |= c
    return total


__all__ = ["ApplyResult", "CaptureStore", "Refused", "is_transient"]
