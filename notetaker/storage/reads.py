"""Reading: plain SQL on a ``sqlite3`` connection, giving detached domain objects.

Every read of the services goes through here, on a connection from
:meth:`notetaker.storage.Database.reading`; writes go through the ORM. No
SQLAlchemy is involved, so that opening the application window or exporting a
report does not have to import it.

Columns come back decoded as the ORM models declare them (:mod:`.models`):
naive UTC datetimes as aware UTC, JSON as Python values, booleans as bools.
The decoding is by column name (:data:`DATETIME_COLUMNS`, :data:`JSON_COLUMNS`,
:data:`BOOL_COLUMNS`); a test checks those sets against the models.
"""

from __future__ import annotations

import json
import sqlite3
from collections import namedtuple
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from ..domain import Delegation, Event, EventWithNotes, Item, Note, NoteSummary
from ..frozen import constructor
from ..richtext import RichText
from .convert import (
    delegation_from_row,
    event_from_row,
    note_from_row,
    note_summary_from_row,
    provenance_from_data,
)

DATETIME_COLUMNS = frozenset({
    "starts_at", "ends_at", "created_at", "updated_at", "clock_started_at", "clock_paused_at",
    "spoken_at", "modified_at",
})
JSON_COLUMNS = frozenset({
    "names", "acronyms", "members", "languages", "specific_objectives", "notetakers", "merged_from",
    "provenance", "value",
})
BOOL_COLUMNS = frozenset({"builtin", "is_virtual", "locked"})


def _datetime(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC)
    try:  # stored naive (UTC): one call, a quarter of the cost of parsing then replacing
        return datetime.fromisoformat(value + "+00:00")
    except (TypeError, ValueError):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _datetimes(values: Iterable[Any]) -> list[datetime | None]:
    """:func:`_datetime` of each value of a column, in one pass (a big note has thousands)."""
    values = tuple(values)
    parse = datetime.fromisoformat
    try:
        return [None if value is None else parse(value + "+00:00") for value in values]
    except (TypeError, ValueError):  # (not all stored naive: each its own way)
        return list(map(_datetime, values))


def _json(value: Any) -> Any:
    if value == "[]":  # most lists are empty (an item's provenance): skip the parser
        return []
    # A JSON column has NUMERIC affinity in SQLite: a number stored as text comes back a number.
    return json.loads(value) if isinstance(value, str | bytes) else value


def _bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _same(value: Any) -> Any:
    return value


def _decoder(column: str) -> Callable[[Any], Any]:
    if column in DATETIME_COLUMNS:
        return _datetime
    if column in JSON_COLUMNS:
        return _json
    if column in BOOL_COLUMNS:
        return _bool
    return _same


@lru_cache(maxsize=64)
def _record_type(columns: tuple[str, ...]) -> tuple[type, tuple[tuple[int, Callable[[Any], Any]], ...]]:
    """The record class of these columns, and the (index, decoder) of those that need decoding."""
    record = namedtuple("Record", columns)  # type: ignore[misc]  # noqa: PYI024
    return record, tuple((i, _decoder(c)) for i, c in enumerate(columns) if _decoder(c) is not _same)


def records(con: sqlite3.Connection, sql: str, params: tuple[Any, ...] = ()) -> Iterator[Any]:
    """The rows of ``sql`` as records with decoded attributes (``row.created_at``...)."""
    cursor = con.execute(sql, params)
    record, decoded = _record_type(tuple(d[0] for d in cursor.description))
    make = record._make
    for row in cursor:
        if decoded:
            row = list(row)
            for i, decode in decoded:
                row[i] = decode(row[i])
        yield make(row)


def first(con: sqlite3.Connection, sql: str, params: tuple[Any, ...] = ()) -> Any | None:
    return next(records(con, sql, params), None)


# -- events and notes ---------------------------------------------------------------------


def event(con: sqlite3.Connection, event_id: int) -> Event | None:
    row = first(con, "SELECT * FROM events WHERE id = ?", (event_id,))
    return None if row is None else event_from_row(row)


def event_by_uid(con: sqlite3.Connection, uid: str) -> Event | None:
    row = first(con, "SELECT * FROM events WHERE uid = ?", (uid,))
    return None if row is None else event_from_row(row)


def events_with_notes(con: sqlite3.Connection) -> list[EventWithNotes]:
    """Every event with its notes (by id), most recent first (undated events last)."""
    notes: dict[int, list[NoteSummary]] = {}
    for row in records(con, f"SELECT {_SUMMARY_COLUMNS} FROM notes ORDER BY id"):
        notes.setdefault(row.event_id, []).append(note_summary_from_row(row))
    out = [
        EventWithNotes(event_from_row(row), tuple(notes.get(row.id, ())))
        for row in records(con, "SELECT * FROM events")
    ]
    out.sort(key=lambda e: (
        e.event.starts_at is None, -(e.event.starts_at.timestamp() if e.event.starts_at else 0),
        e.event.title.casefold(), e.event.id,
    ))
    return out


_SUMMARY_COLUMNS = "id, event_id, template_id, status, notetakers, updated_at, locked"


def note_summary_by_uid(con: sqlite3.Connection, uid: str) -> NoteSummary | None:
    row = first(con, f"SELECT {_SUMMARY_COLUMNS} FROM notes WHERE uid = ?", (uid,))
    return None if row is None else note_summary_from_row(row)


def note_summary(con: sqlite3.Connection, note_id: int) -> NoteSummary | None:
    row = first(con, f"SELECT {_SUMMARY_COLUMNS} FROM notes WHERE id = ?", (note_id,))
    return None if row is None else note_summary_from_row(row)


def note(con: sqlite3.Connection, note_id: int) -> Note | None:
    """The note with its items (by section, position, id) and their delegations, or None."""
    row = first(con, "SELECT * FROM notes WHERE id = ?", (note_id,))
    if row is None:
        return None
    return note_from_row(row, _items(con, note_id))


#: The fields of an item in the order of :class:`~notetaker.domain.Item`'s arguments, and those
#: read from its row (its delegations come from their own table).
_ITEM_FIELDS = tuple(f.name for f in fields(Item))
_ITEM_COLUMNS = tuple(name for name in _ITEM_FIELDS if name != "delegations")


def section_items(con: sqlite3.Connection, note_id: int, section: str) -> list[Item]:
    """The items of one section of a note, in their order."""
    return _items(con, note_id, section)


def _items(con: sqlite3.Connection, note_id: int, section: str | None = None) -> list[Item]:
    """The items of a note (of one section of it), by section, position, id: what opening a note
    waits for, so read by columns (each decoded in one pass) rather than by record, at half the
    cost for a big note."""
    where, params = ("i.note_id = ?", (note_id,)) if section is None else ("i.note_id = ? AND i.section = ?", (note_id, section))
    codes: dict[int, list[str]] = {}
    for item_id, code in con.execute(
        "SELECT a.item_id, a.delegation_code FROM item_delegations AS a JOIN items AS i ON i.id = a.item_id "
        f"WHERE {where} ORDER BY a.item_id, a.position",
        params,
    ):
        codes.setdefault(item_id, []).append(code)
    rows = con.execute(
        f"SELECT {', '.join(_ITEM_COLUMNS)} FROM items AS i WHERE {where} ORDER BY section, position, id",
        params,
    ).fetchall()
    if not rows:
        return []
    columns: dict[str, Iterable[Any]] = dict(zip(_ITEM_COLUMNS, zip(*rows, strict=True), strict=True))
    columns["delegations"] = [tuple(codes.get(item_id, ())) for item_id in columns["id"]]
    columns["body"] = map(RichText.from_json, columns["body"])
    columns["provenance"] = (provenance_from_data(_json(value)) for value in columns["provenance"])
    for name in DATETIME_COLUMNS.intersection(columns):
        columns[name] = _datetimes(columns[name])
    return list(map(_item, *(columns[name] for name in _ITEM_FIELDS)))


_item = constructor(Item)  # Item(*values), faster: a big note makes thousands




def delegations_used(con: sqlite3.Connection, event_id: int) -> set[str]:
    """The delegations credited, or spoken for, in any note of the event."""
    notes = "SELECT id FROM notes WHERE event_id = ?"
    credited = con.execute(
        "SELECT DISTINCT a.delegation_code FROM item_delegations AS a JOIN items AS i ON i.id = a.item_id "
        f"WHERE i.note_id IN ({notes})",
        (event_id,),
    )
    behalf = con.execute(
        f"SELECT DISTINCT on_behalf_of FROM items WHERE note_id IN ({notes}) AND on_behalf_of IS NOT NULL",
        (event_id,),
    )
    return {code for (code,) in credited} | {code for (code,) in behalf}


def series_names(con: sqlite3.Connection) -> list[str]:
    """The distinct non-empty series names of the events."""
    return [name for (name,) in con.execute("SELECT DISTINCT series FROM events WHERE series <> ''")]


# -- the roster and the session's state ---------------------------------------------------


def delegations(con: sqlite3.Connection) -> list[Delegation]:
    return [delegation_from_row(row) for row in records(con, "SELECT * FROM delegations ORDER BY code")]


def state_value(con: sqlite3.Connection, key: str, default: Any = None) -> Any:
    row = first(con, "SELECT value FROM app_state WHERE key = ?", (key,))
    return default if row is None else row.value
