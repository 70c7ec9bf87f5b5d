"""The full-text index (SQLite FTS5), kept in sync by triggers in the database itself.

One FTS5 table, ``search_index``, holds the plain text of every item (its rich
text body flattened with SQLite's JSON functions, plus the speaker's name) and
of the searchable fields of every event. Its tokenizer folds case and strips
diacritics, so "migracion" finds "migración".

Rowids tie index rows to their source without extra columns:

- an item's row has the item's id (positive);
- an event field's row has ``-(event_id * 16 + field number)`` (negative), the
  field numbers being :data:`EVENT_FIELDS`.

Triggers on ``items`` and ``events`` keep the index in step with every insert,
update and delete, whatever writes them (services, imports, merges, cascades).
A table rebuilt by a later migration (Alembic's batch mode copies, drops and
renames tables) loses its triggers; :func:`ensure` runs at every open, notices
and reinstalls them with a full rebuild.
"""

from __future__ import annotations

from typing import Any

INDEX_TABLE = "search_index"
TOKENIZE = "unicode61 remove_diacritics 2"
EVENT_ROWID_FACTOR = 16

#: Event columns indexed, with their field numbers (1..15).
EVENT_FIELDS: dict[str, int] = {
    "title": 1,
    "general_objectives": 2,
    "specific_objectives": 3,  # a JSON list of strings
    "participants_profile": 4,
    "desired_results": 5,
    "comments": 6,
    "convener": 7,
}
FIELD_BY_NUMBER = {number: name for name, number in EVENT_FIELDS.items()}

TRIGGERS = (
    "search_items_ai",
    "search_items_ad",
    "search_items_au",
    "search_events_ai",
    "search_events_ad",
    "search_events_au",
)


def plain_text_sql(column: str) -> str:
    """SQL for the plain text of a RichText JSON value: runs joined, blocks one per line."""
    return (
        "(SELECT group_concat(coalesce((SELECT group_concat(json_extract(r.value, '$.t'), '') "
        "FROM json_each(b.value, '$.r') AS r), ''), char(10)) "
        f"FROM json_each(CASE WHEN json_valid({column}) THEN {column} ELSE '[]' END) AS b)"
    )


def _list_text_sql(column: str) -> str:
    return (
        f"(SELECT group_concat(value, char(10)) FROM json_each("
        f"CASE WHEN json_valid({column}) THEN {column} ELSE '[]' END))"
    )


def _event_values_sql(prefix: str) -> str:
    """One row ``(k, v)`` per indexed field (UNION ALL: VALUES columns fail inside triggers)."""
    rows = []
    for name, number in EVENT_FIELDS.items():
        column = f"{prefix}{name}"
        expr = _list_text_sql(column) if name == "specific_objectives" else column
        rows.append(f"SELECT {number} AS k, {expr} AS v")
    return " UNION ALL ".join(rows)


def _event_insert_sql(id_expr: str, prefix: str) -> str:
    return (
        f"INSERT INTO {INDEX_TABLE}(rowid, text) "
        f"SELECT -({id_expr} * {EVENT_ROWID_FACTOR} + f.k), f.v "
        f"FROM ({_event_values_sql(prefix)}) AS f "
        "WHERE coalesce(f.v, '') <> ''"
    )


def _event_delete_sql(id_expr: str) -> str:
    low = f"-({id_expr} * {EVENT_ROWID_FACTOR} + {EVENT_ROWID_FACTOR - 1})"
    high = f"-({id_expr} * {EVENT_ROWID_FACTOR})"
    return f"DELETE FROM {INDEX_TABLE} WHERE rowid BETWEEN {low} AND {high}"


def _item_insert_sql() -> str:
    return (
        f"INSERT INTO {INDEX_TABLE}(rowid, text, person) "
        f"VALUES (new.id, {plain_text_sql('new.body')}, new.person)"
    )


def create_statements() -> list[str]:
    """The FTS table and its triggers (without filling the table)."""
    watched = ", ".join(["id", *EVENT_FIELDS])
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {INDEX_TABLE} USING fts5(text, person, tokenize = '{TOKENIZE}')",
        f"CREATE TRIGGER search_items_ai AFTER INSERT ON items BEGIN {_item_insert_sql()}; END",
        f"CREATE TRIGGER search_items_ad AFTER DELETE ON items BEGIN "
        f"DELETE FROM {INDEX_TABLE} WHERE rowid = old.id; END",
        f"CREATE TRIGGER search_items_au AFTER UPDATE OF id, body, person ON items BEGIN "
        f"DELETE FROM {INDEX_TABLE} WHERE rowid = old.id; {_item_insert_sql()}; END",
        f"CREATE TRIGGER search_events_ai AFTER INSERT ON events BEGIN "
        f"{_event_insert_sql('new.id', 'new.')}; END",
        f"CREATE TRIGGER search_events_ad AFTER DELETE ON events BEGIN "
        f"{_event_delete_sql('old.id')}; END",
        f"CREATE TRIGGER search_events_au AFTER UPDATE OF {watched} ON events BEGIN "
        f"{_event_delete_sql('old.id')}; {_event_insert_sql('new.id', 'new.')}; END",
    ]


def rebuild_statements() -> list[str]:
    """Empty the index and fill it again from ``items`` and ``events``."""
    statements = [
        f"DELETE FROM {INDEX_TABLE}",
        f"INSERT INTO {INDEX_TABLE}(rowid, text, person) "
        f"SELECT id, {plain_text_sql('items.body')}, person FROM items",
    ]
    for name, number in EVENT_FIELDS.items():
        expr = _list_text_sql(name) if name == "specific_objectives" else name
        statements.append(
            f"INSERT INTO {INDEX_TABLE}(rowid, text) "
            f"SELECT -(id * {EVENT_ROWID_FACTOR} + {number}), {expr} FROM events "
            f"WHERE coalesce({expr}, '') <> ''"
        )
    return statements


def drop_statements() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS] + [
        f"DROP TABLE IF EXISTS {INDEX_TABLE}"
    ]


def install(connection: Any) -> None:
    """(Re)create the index and its triggers and fill it; ``connection`` is a SQLAlchemy connection."""
    for sql in [*drop_statements(), *create_statements(), *rebuild_statements()]:
        connection.exec_driver_sql(sql)


def is_complete(connection: Any) -> bool:
    """Whether the index table and all its triggers are present (``connection``: ``sqlite3``)."""
    rows = connection.execute(
        "SELECT type, name FROM sqlite_master WHERE (type = 'table' AND name = ?) OR type = 'trigger'",
        (INDEX_TABLE,),
    ).fetchall()
    present = {(kind, name) for kind, name in rows}
    return ("table", INDEX_TABLE) in present and all(("trigger", t) in present for t in TRIGGERS)


def ensure(db: Any) -> bool:
    """Reinstall and rebuild the index of ``db`` if a table rebuild lost it; True when it did."""
    with db.reading() as con:
        if is_complete(con):
            return False
    with db.engine.begin() as conn:
        install(conn)
    return True


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic ``include_name`` hook: leave the FTS table and its shadow tables out of comparisons."""
    if type_ == "table" and name is not None:
        return not (name == INDEX_TABLE or name.startswith(INDEX_TABLE + "_"))
    return True


def split_event_rowid(rowid: int) -> tuple[int, str]:
    """``(event_id, field name)`` of a negative index rowid."""
    event_id, number = divmod(-rowid, EVENT_ROWID_FACTOR)
    return event_id, FIELD_BY_NUMBER.get(number, "title")
