"""Writing items: the one write path, with its rules in one place.

Every change to the items of a note goes through :class:`ItemWriter`, on a SQLAlchemy
connection in the caller's transaction: live capture's batches (the background writer,
through :class:`ItemStore` and ``services/capture.py``), :class:`~notetaker.services.notes.NoteService`'s
item methods (and so the demo loader), imports and saved merges (``services/exchange.py``).
What is written is a :class:`~notetaker.capture.batch.Batch`: items by uid, removals, the
order of sections, a few note fields and session-state keys.

The rules, each with one sentence for the user (:class:`Refused`):

- the note exists and is not locked;
- an item's section is a section of the note's template that holds items (not a group);
- a text section holds a single body;
- every delegation an item names (credited, speaking, spoken for) is in the roster;
- an item belongs to one note: a uid of another note's item is not taken over;
- the notetakers' names are cleaned by :func:`~notetaker.domain.clean_names` (the one function that does).

Nothing written by a refused batch stays: the caller's transaction is rolled back.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

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
from ..domain import ChangeSet, Item, SectionKind, clean_names
from ..i18n import N_, _, ngettext
from .convert import item_from_row, provenance_to_data
from .db import _sqlite_pragmas
from .models import AppStateRow, DelegationRow, ItemDelegationRow, ItemRow, NoteRow, utcnow

if TYPE_CHECKING:
    from ..templates import TemplateLibrary
    from .db import Database

log = logging.getLogger(__name__)

ITEMS = ItemRow.__table__
ATTRIBUTIONS = ItemDelegationRow.__table__
NOTES = NoteRow.__table__
DELEGATIONS = DelegationRow.__table__
STATE = AppStateRow.__table__
_CHUNK = 500

#: The sentence for a change to a locked note, whichever way it comes.
LOCKED_NOTE = N_("This note is locked; unlock it to change it.")


class Refused(Exception):
    """An edit the database will never take (the note is gone or locked...); the message is for the user."""


# Statements built once: executing a prepared statement skips most of SQLAlchemy's work per call.
_UPDATE_ITEM = (
    update(ITEMS)
    .where(ITEMS.c.uid == bindparam("k_uid"), ITEMS.c.note_id == bindparam("k_note"))
    .values(
        section=bindparam("section"), body=bindparam("body"), person=bindparam("person"),
        spoken_at=bindparam("spoken_at"), author=bindparam("author"), on_behalf_of=bindparam("on_behalf_of"),
        provenance=bindparam("provenance"), modified_at=bindparam("modified_at"),
    )
    .returning(ITEMS.c.id)
)
_OWNER = select(ITEMS.c.note_id).where(ITEMS.c.uid == bindparam("uid"))
_OTHER_BODY = (
    select(ITEMS.c.uid)
    .where(ITEMS.c.note_id == bindparam("note"), ITEMS.c.section == bindparam("section"), ITEMS.c.uid != bindparam("uid"))
    .limit(1)
)
_DELETE_ATTRIBUTIONS = delete(ATTRIBUTIONS).where(ATTRIBUTIONS.c.item_id == bindparam("k_item"))
_INSERT_ATTRIBUTION = insert(ATTRIBUTIONS)
_KNOWN_CODES = select(DELEGATIONS.c.code).where(DELEGATIONS.c.code.in_(bindparam("codes", expanding=True)))
_NOTES_INFO = select(NOTES.c.id, NOTES.c.event_id, NOTES.c.template_id, NOTES.c.locked).where(
    NOTES.c.id.in_(bindparam("ids", expanding=True))
)
_TOUCH_NOTES = update(NOTES).where(NOTES.c.id.in_(bindparam("ids", expanding=True))).values(updated_at=bindparam("now"))
_SECTION_ORDER = (
    select(ITEMS.c.id, ITEMS.c.uid, ITEMS.c.position)
    .where(ITEMS.c.note_id == bindparam("note"), ITEMS.c.section == bindparam("section"))
    .order_by(ITEMS.c.position, ITEMS.c.id)
)


@dataclass(frozen=True, slots=True)
class _NoteInfo:
    event_id: int
    template_id: str


class ItemWriter:
    """Applies batches with the rules, on one connection, inside the caller's transaction.

    It remembers what it wrote (the delegations of each item, the body of each text
    section, the delegation codes it found), which saves most statements while one
    connection types into one note; another connection's commit (``PRAGMA data_version``)
    makes it forget. A writer is dropped with its connection after any failure.
    """

    def __init__(self, conn: Connection, templates: TemplateLibrary):
        self._conn = conn
        self._templates = templates
        self._kinds: dict[str, dict[str, SectionKind]] = {}  # template id -> section key -> kind
        self._codes: dict[int, tuple[str, ...]] = {}  # item id -> delegations as last written
        self._bodies: dict[tuple[int, str], str] = {}  # (note id, text section) -> its body's uid
        self._known: set[str] = set()  # delegation codes found in the roster
        self._version: Any = None

    # -- reading, for the services that build batches -----------------------------------------
    def item(self, item_id: int) -> tuple[int, Item] | None:
        """(note id, item) of the item ``item_id``, or None."""
        row = self._conn.execute(select(ITEMS).where(ITEMS.c.id == item_id)).first()
        if row is None:
            return None
        return row.note_id, item_from_row(row, self._delegations_of([row.id]).get(row.id, ()))

    def items_by_uid(self, uids: Sequence[str]) -> dict[str, tuple[int, Item]]:
        """uid -> (note id, item) of the items with these uids that exist."""
        found: dict[str, tuple[int, Item]] = {}
        for chunk in _chunks(list(uids)):
            rows = self._conn.execute(select(ITEMS).where(ITEMS.c.uid.in_(chunk))).all()
            codes = self._delegations_of([r.id for r in rows])
            for r in rows:
                found[r.uid] = (r.note_id, item_from_row(r, codes.get(r.id, ())))
        return found

    def section_order(self, note_id: int, section: str) -> list[tuple[str, int]]:
        """(uid, position) of a section's items, in their order."""
        rows = self._conn.execute(_SECTION_ORDER, {"note": note_id, "section": section}).all()
        return [(r.uid, r.position) for r in rows]

    def _delegations_of(self, item_ids: list[int]) -> dict[int, list[str]]:
        codes: dict[int, list[str]] = {}
        if item_ids:
            for item_id, code in self._conn.execute(
                select(ATTRIBUTIONS.c.item_id, ATTRIBUTIONS.c.delegation_code)
                .where(ATTRIBUTIONS.c.item_id.in_(item_ids))
                .order_by(ATTRIBUTIONS.c.item_id, ATTRIBUTIONS.c.position)
            ):
                codes.setdefault(item_id, []).append(code)
        return codes

    # -- writing -------------------------------------------------------------------------------
    def apply(self, batch: Batch, *, keep_times: bool = False) -> ChangeSet:
        """Write ``batch``; raises :class:`Refused` (the caller rolls back) when a rule says no.

        An item's modification time is the time of writing, and so is its note's, unless
        ``keep_times`` (an import, a merge): the item keeps the one it carries (or its creation
        time) and the note's is left to the caller. A new item's creation time is the one it
        carries, else the time of writing.
        """
        try:
            return self._apply(batch, keep_times)
        except IntegrityError as exc:  # every rule is checked first: this is no edit a user made
            log.error("the database refused an edit: %s", exc.orig)
            raise Refused(_("The database refused an edit; it was not saved.")) from exc

    def _apply(self, batch: Batch, keep_times: bool) -> ChangeSet:
        self._forget_if_changed()
        now = utcnow()
        notes = self._writable_notes(batch.note_ids())
        removed = self._remove(batch.removed)
        written = self._upsert_items(batch, notes, now, keep_times)
        for (note_id, section), uids in batch.orders.items():
            written |= self._reorder(note_id, section, uids)
        for note_id, fields in batch.notes.items():
            values = dict(fields)
            if "notetakers" in values:
                values["notetakers"] = clean_names(values["notetakers"])
            self._conn.execute(update(NOTES).where(NOTES.c.id == note_id).values(**values, updated_at=now))
        touched = batch.note_ids() - set(batch.notes)
        if touched and not keep_times:
            self._conn.execute(_TOUCH_NOTES, {"ids": sorted(touched), "now": now})
        for key, value in batch.state.items():
            done = self._conn.execute(update(STATE).where(STATE.c.key == key).values(value=value, updated_at=now))
            if done.rowcount == 0:
                self._conn.execute(insert(STATE).values(key=key, value=value, updated_at=now))
        return ChangeSet(
            events=frozenset(notes[n].event_id for n in batch.notes),
            notes=frozenset(batch.notes),
            items=frozenset(written - removed),
            removed_items=frozenset(removed),
            content=frozenset(batch.content_note_ids()),
        )

    def _forget_if_changed(self) -> None:
        """Forget what was remembered when another connection committed since the last batch."""
        version = self._conn.exec_driver_sql("PRAGMA data_version").scalar()
        if version != self._version:
            self._version = version
            self._codes.clear()
            self._bodies.clear()
            self._known.clear()

    # -- the rules -----------------------------------------------------------------------------
    def _writable_notes(self, note_ids: set[int]) -> dict[int, _NoteInfo]:
        """note id -> its event and template, refusing a batch that writes to a missing or locked note."""
        if not note_ids:
            return {}
        found = {row.id: row for row in self._conn.execute(_NOTES_INFO, {"ids": sorted(note_ids)})}
        for note_id in sorted(note_ids):
            row = found.get(note_id)
            if row is None:
                raise Refused(_("The note {id} no longer exists; its edits cannot be saved.").format(id=note_id))
            if row.locked:
                raise Refused(_(LOCKED_NOTE))
        return {row.id: _NoteInfo(row.event_id, row.template_id) for row in found.values()}

    def _section_kind(self, template_id: str, section: str) -> SectionKind:
        kinds = self._kinds.get(template_id)
        if kinds is None:
            try:
                template = self._templates.get(template_id)
            except KeyError:
                raise Refused(
                    _("The template '{id}' of this note is not installed; its items cannot be saved.").format(id=template_id)
                ) from None
            kinds = self._kinds[template_id] = {spec.key: spec.kind for spec, _depth in template.walk()}
        kind = kinds.get(section)
        if kind is None:
            raise Refused(_("The template has no section '{key}'.").format(key=section))
        if kind is SectionKind.GROUP:
            raise Refused(_("'{key}' is a group of sections and holds no items.").format(key=section))
        return kind

    def _check_single_body(self, note_id: int, section: str, uid: str) -> None:
        if self._bodies.get((note_id, section)) == uid:
            return
        if self._conn.execute(_OTHER_BODY, {"note": note_id, "section": section, "uid": uid}).first() is not None:
            raise Refused(_("A text section holds a single body; edit it instead."))
        self._bodies[(note_id, section)] = uid

    def _check_codes(self, codes: Iterable[str | None]) -> None:
        wanted = {c for c in codes if c and c not in self._known}
        if not wanted:
            return
        self._known.update(self._conn.execute(_KNOWN_CODES, {"codes": sorted(wanted)}).scalars())
        missing = sorted(wanted - self._known)
        if missing:
            raise Refused(ngettext(
                "The delegation code {codes} is not in the roster; add the delegation first.",
                "The delegation codes {codes} are not in the roster; add the delegations first.",
                len(missing),
            ).format(codes=", ".join(missing)))

    # -- the statements ------------------------------------------------------------------------
    def _remove(self, removed: dict[str, int]) -> set[int]:
        ids: set[int] = set()
        if not removed:
            return ids
        by_note: dict[int, list[str]] = {}
        for uid, note_id in removed.items():
            by_note.setdefault(note_id, []).append(uid)
        for note_id, uids in by_note.items():  # (an item of another note is not this note's to remove)
            for chunk in _chunks(uids):
                where = (ITEMS.c.note_id == note_id, ITEMS.c.uid.in_(chunk))
                ids.update(self._conn.execute(select(ITEMS.c.id).where(*where)).scalars())
                self._conn.execute(delete(ITEMS).where(*where))
        for item_id in ids:
            self._codes.pop(item_id, None)
        self._bodies = {key: uid for key, uid in self._bodies.items() if uid not in removed}
        return ids

    def _upsert_items(self, batch: Batch, notes: dict[int, _NoteInfo], now: datetime, keep_times: bool) -> set[int]:
        written: set[int] = set()
        for uid, (note_id, item) in batch.items.items():
            if self._section_kind(notes[note_id].template_id, item.section) is SectionKind.TEXT:
                self._check_single_body(note_id, item.section, uid)
            codes = tuple(dict.fromkeys(item.delegations))
            self._check_codes((*codes, item.on_behalf_of))
            values = _item_values(item)
            modified = (item.modified_at or item.created_at or now) if keep_times else now
            item_id = self._conn.execute(
                _UPDATE_ITEM, {"k_uid": uid, "k_note": note_id, "modified_at": modified, **values}
            ).scalar()
            if item_id is None:  # new: insert it where its section's order says
                if self._conn.execute(_OWNER, {"uid": uid}).first() is not None:
                    raise Refused(_("The item {uid} belongs to another note; it cannot be written to this one.").format(uid=uid))
                order = batch.orders.get((note_id, item.section))
                position = order.index(uid) if order and uid in order else self._end(note_id, item.section)
                item_id = self._conn.execute(
                    insert(ITEMS).values(
                        uid=uid, note_id=note_id, position=position,
                        created_at=item.created_at or now, modified_at=modified, **values,
                    )
                ).inserted_primary_key[0]
                self._codes[item_id] = ()
            if self._codes.get(item_id) != codes:  # most edits leave the attribution alone
                self._conn.execute(_DELETE_ATTRIBUTIONS, {"k_item": item_id})
                if codes:
                    self._conn.execute(
                        _INSERT_ATTRIBUTION,
                        [{"item_id": item_id, "position": i, "delegation_code": c} for i, c in enumerate(codes)],
                    )
                self._codes[item_id] = codes
            written.add(item_id)
        return written

    def _end(self, note_id: int, section: str) -> int:
        last = self._conn.execute(
            select(func.max(ITEMS.c.position)).where(ITEMS.c.note_id == note_id, ITEMS.c.section == section)
        ).scalar()
        return 0 if last is None else int(last) + 1

    def _reorder(self, note_id: int, section: str, uids: tuple[str, ...]) -> set[int]:
        """Number a section's items in the order of ``uids``; the ids of those that moved."""
        rows = self._conn.execute(_SECTION_ORDER, {"note": note_id, "section": section}).all()
        rank = {uid: i for i, uid in enumerate(uids)}
        # Items the order does not list (written by someone else) keep their order, after the rest.
        ordered = sorted(rows, key=lambda r: (rank.get(r.uid, len(rank)), r.position, r.id))
        moved = set()
        for position, row in enumerate(ordered):
            if row.position != position:
                self._conn.execute(update(ITEMS).where(ITEMS.c.id == row.id).values(position=position))
                moved.add(row.id)
        return moved


@contextmanager
def writing(db: Database, templates: TemplateLibrary) -> Iterator[ItemWriter]:
    """An :class:`ItemWriter` in one transaction of ``db``: committed when the block ends, rolled
    back when it raises (a :class:`Refused` among others)."""
    with db.engine.begin() as conn:
        yield ItemWriter(conn, templates)


class ItemStore:
    """A writer thread's own way to the database: an engine without a pool, with the
    database's connection pragmas, and one connection kept between batches (dropped, with
    what its :class:`ItemWriter` remembered, after any failure)."""

    def __init__(self, url: URL | str, templates: TemplateLibrary):
        self.url = url
        self._templates = templates
        self._engine: Engine = create_engine(url, poolclass=NullPool)
        if self._engine.url.get_backend_name() == "sqlite":
            event.listen(self._engine, "connect", _sqlite_pragmas)
        self._conn: Connection | None = None
        self._writer: ItemWriter | None = None

    def write(self, batch: Batch) -> ChangeSet:
        """Write ``batch`` in one transaction: all of it, or (raising) nothing.

        Raises :class:`Refused` when a rule refuses it, or the database's error.
        """
        if self._conn is None or self._writer is None:
            self._conn = self._engine.connect()
            self._writer = ItemWriter(self._conn, self._templates)
        try:
            with self._conn.begin():
                return self._writer.apply(batch)
        except BaseException:
            self._drop_connection()  # after a failure, start afresh (and forget cached state)
            raise

    def _drop_connection(self) -> None:
        conn, self._conn, self._writer = self._conn, None, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # a connection that failed may fail to close too
                log.debug("closing a failed connection", exc_info=True)

    def close(self) -> None:
        self._drop_connection()
        self._engine.dispose()


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


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


__all__ = ["LOCKED_NOTE", "ItemStore", "ItemWriter", "Refused", "writing"]
