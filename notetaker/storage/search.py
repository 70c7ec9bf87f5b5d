"""The search's SQL: matches in the full-text index (:mod:`.fulltext`) and what results show.

Plain ``sqlite3`` reads, on a connection from :meth:`notetaker.storage.Database.reading`;
:mod:`notetaker.services.search` keeps the rest (the query language, filters by series and
date, snippets' marks, grouping). Matches come newest first (by rowid), at most ``limit``;
their number is counted no further than :data:`COUNT_CAP` + 1.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from .fulltext import EVENT_ROWID_FACTOR, INDEX_TABLE

COUNT_CAP = 1000  # matches are counted up to this; beyond, "more than 1,000"

#: (index rowid, snippet or body) of a match; how many match in all.
Matches = tuple[list[tuple[int, str]], int]


class QueryFailed(Exception):
    """SQLite could not run a search (a full-text query it cannot parse...); the message is SQLite's."""


def _count(con: sqlite3.Connection, rows_sql: str, params: dict[str, Any]) -> int:
    """How many rows ``rows_sql`` gives, counting no further than :data:`COUNT_CAP` + 1."""
    sql = f"SELECT count(*) FROM ({rows_sql} LIMIT {COUNT_CAP + 1})"
    return int(con.execute(sql, params).fetchone()[0])


def event_dates(con: sqlite3.Connection) -> list[tuple[int, str | None, Any, str]]:
    """(id, series, start as stored, time zone) of every event, for the filters."""
    return con.execute("SELECT id, series, starts_at, timezone FROM events").fetchall()


def _item_conditions(delegation: str | None, event_ids: Sequence[int] | None, column: str) -> tuple[str, dict[str, Any]]:
    """SQL conditions on an item id column (correlated EXISTS: checked per match, in index order)."""
    sql, params = "", {}
    if delegation:
        sql += (
            " AND (EXISTS (SELECT 1 FROM item_delegations AS d"
            f" WHERE d.item_id = {column} AND d.delegation_code = :code)"
            f" OR EXISTS (SELECT 1 FROM items AS b WHERE b.id = {column} AND b.on_behalf_of = :code))"
        )
        params["code"] = delegation
    if event_ids is not None:
        sql += (
            " AND EXISTS (SELECT 1 FROM items AS i JOIN notes AS n ON n.id = i.note_id"
            f" WHERE i.id = {column} AND n.event_id IN (SELECT value FROM json_each(:events)))"
        )
        params["events"] = json.dumps(list(event_ids))
    return sql, params


def item_matches(
    con: sqlite3.Connection,
    fts: str | None,
    delegation: str | None,
    event_ids: Sequence[int] | None,
    limit: int,
    marks: tuple[str, str],
    tokens: int,
) -> Matches:
    """Items matching the FTS query ``fts`` (with a snippet whose matches are between ``marks``),
    or every item when it is None (with its rich-text body); attributed to or spoken by
    ``delegation``, in the events ``event_ids``, when given."""
    if fts is None:
        where, params = _item_conditions(delegation, event_ids, "items.id")
        rows = _run(
            con,
            f"SELECT id, body FROM items WHERE 1 = 1{where} ORDER BY id DESC LIMIT :limit",
            {**params, "limit": limit},
        )
        count_sql = f"SELECT 1 FROM items WHERE 1 = 1{where}"
    else:
        where, params = _item_conditions(delegation, event_ids, f"{INDEX_TABLE}.rowid")
        params["q"] = fts
        count_sql = f"SELECT 1 FROM {INDEX_TABLE} WHERE {INDEX_TABLE} MATCH :q AND rowid > 0{where}"
        rows = _run(
            con,
            f"SELECT rowid, snippet({INDEX_TABLE}, -1, :open, :close, '…', :tokens) "
            f"FROM {INDEX_TABLE} WHERE {INDEX_TABLE} MATCH :q AND rowid > 0{where} "
            "ORDER BY rowid DESC LIMIT :limit",
            {**params, "open": marks[0], "close": marks[1], "tokens": tokens, "limit": limit},
        )
    return _with_total(con, [(r[0], r[1] or "") for r in rows], limit, count_sql, params)


def event_field_matches(
    con: sqlite3.Connection, fts: str, event_ids: Sequence[int] | None, limit: int, marks: tuple[str, str], tokens: int
) -> Matches:
    """Event fields matching ``fts`` (rowids as :func:`.fulltext.split_event_rowid` reads them)."""
    where, params = "", {"q": fts}
    if event_ids is not None:
        where = f" AND ((-rowid) / {EVENT_ROWID_FACTOR}) IN (SELECT value FROM json_each(:events))"
        params["events"] = json.dumps(list(event_ids))
    rows = _run(
        con,
        f"SELECT rowid, snippet({INDEX_TABLE}, 0, :open, :close, '…', :tokens) "
        f"FROM {INDEX_TABLE} WHERE {INDEX_TABLE} MATCH :q AND rowid < 0{where} "
        "ORDER BY rowid DESC LIMIT :limit",
        {**params, "open": marks[0], "close": marks[1], "tokens": tokens, "limit": limit},
    )
    count_sql = f"SELECT 1 FROM {INDEX_TABLE} WHERE {INDEX_TABLE} MATCH :q AND rowid < 0{where}"
    return _with_total(con, [(r[0], r[1] or "") for r in rows], limit, count_sql, params)


def _run(con: sqlite3.Connection, sql: str, params: dict[str, Any]) -> list[Any]:
    try:
        return con.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        raise QueryFailed(str(exc)) from exc


def _with_total(con: sqlite3.Connection, rows: list[tuple[int, str]], limit: int, count_sql: str, params: dict[str, Any]) -> Matches:
    total = len(rows)
    if total >= limit:
        try:
            total = _count(con, count_sql, params)
        except sqlite3.OperationalError as exc:
            raise QueryFailed(str(exc)) from exc
    return rows, total


def item_facts(con: sqlite3.Connection, item_ids: Sequence[int]) -> dict[int, tuple[Any, ...]]:
    """Item id -> (id, note id, section, position, person, event id, template id, notetakers as stored)."""
    return {
        row[0]: row
        for row in con.execute(
            "SELECT i.id, i.note_id, i.section, i.position, i.person, n.event_id, n.template_id, n.notetakers "
            "FROM items AS i JOIN notes AS n ON n.id = i.note_id WHERE i.id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(item_ids)),),
        )
    }


def item_delegations(con: sqlite3.Connection, item_ids: Sequence[int]) -> dict[int, list[str]]:
    """Item id -> the codes it is attributed to, in order."""
    codes: dict[int, list[str]] = defaultdict(list)
    for item_id, code in con.execute(
        "SELECT item_id, delegation_code FROM item_delegations "
        "WHERE item_id IN (SELECT value FROM json_each(?)) ORDER BY item_id, position",
        (json.dumps(list(item_ids)),),
    ):
        codes[item_id].append(code)
    return codes


def event_heads(con: sqlite3.Connection, event_ids: Sequence[int]) -> list[tuple[int, str, str | None, Any, str | None]]:
    """(id, title, series, start as stored, time zone) of these events."""
    return con.execute(
        "SELECT id, title, series, starts_at, timezone FROM events WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(event_ids)),),
    ).fetchall()
