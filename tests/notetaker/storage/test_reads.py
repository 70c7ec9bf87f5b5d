"""Plain-SQL reads: the same domain objects as the ORM gives, without importing SQLAlchemy."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from sqlalchemy import JSON, Boolean, DateTime, select
from sqlalchemy.orm import selectinload

from notetaker.demo import load_demo
from notetaker.domain import Provenance
from notetaker.richtext import RichText
from notetaker.storage import reads
from notetaker.storage.convert import event_from_row, item_from_row, note_from_row
from notetaker.storage.models import Base, EventRow, ItemRow, NoteRow, UTCDateTime


def test_the_decoded_columns_are_those_the_models_declare():
    declared: dict[str, set[str]] = {"datetime": set(), "json": set(), "bool": set(), "other": set()}
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            kind = column.type
            if isinstance(kind, UTCDateTime | DateTime):
                declared["datetime"].add(column.name)
            elif isinstance(kind, JSON):
                declared["json"].add(column.name)
            elif isinstance(kind, Boolean):
                declared["bool"].add(column.name)
            else:
                declared["other"].add(column.name)
    assert declared["datetime"] == reads.DATETIME_COLUMNS
    assert declared["json"] == reads.JSON_COLUMNS
    assert declared["bool"] == reads.BOOL_COLUMNS
    # a name decoded one way is never a column of another type in another table
    assert not declared["other"] & (reads.DATETIME_COLUMNS | reads.JSON_COLUMNS | reads.BOOL_COLUMNS)


def _orm_note(core, note_id):
    with core.db.session() as s:
        row = s.get(NoteRow, note_id)
        items = s.scalars(select(ItemRow).where(ItemRow.note_id == note_id)
                          .options(selectinload(ItemRow.attributions))
                          .order_by(ItemRow.section, ItemRow.position, ItemRow.id)).all()
        return note_from_row(row, [item_from_row(i) for i in items])


def test_a_note_read_with_plain_sql_equals_the_orm_one(core):
    demo = load_demo(core)
    when = datetime(2022, 5, 19, 18, 31, 7, 250_000, tzinfo=UTC)
    core.notes.add_item(
        demo.note_id, "floor_interventions", body=RichText.plain("Intervención «de prueba»"),
        delegations=("GT", "MX"), on_behalf_of="RCM", spoken_at=when, person="Ana Pérez",
        provenance=(Provenance("n-uid", "i-uid", "Notetaker 2", "b.sidenotes"),),
    )
    core.notes.update(demo.note_id, locked=True, clock_started_at=when)
    plain = core.notes.get(demo.note_id)
    assert plain == _orm_note(core, demo.note_id)
    added = plain.section_items("floor_interventions")[-1]
    assert added.spoken_at == when and added.delegations == ("GT", "MX") and added.on_behalf_of == "RCM"
    assert plain.locked is True and plain.clock_started_at == when
    with core.db.session() as s:
        assert core.events.get(demo.event_id) == event_from_row(s.get(EventRow, demo.event_id))


def test_state_values_come_back_with_their_json_type(core):
    for value in (7, 2.5, "12", "text", [1, "a"], {"k": [True, None]}, True):
        core.state.set("key", value)
        assert core.state.get("key") == value and type(core.state.get("key")) is type(value)
    assert core.state.get("missing", "default") == "default"


def test_a_read_connection_refuses_writes_and_sees_later_writes(core):
    demo = load_demo(core)
    with core.db.reading() as con, pytest.raises(sqlite3.OperationalError, match="readonly"):
        con.execute("DELETE FROM items")
    before = len(core.notes.get(demo.note_id).items)
    core.notes.add_item(demo.note_id, "highlights", body=RichText.plain("one more"))
    assert len(core.notes.get(demo.note_id).items) == before + 1  # no snapshot outlives its read


def test_a_failed_read_leaves_no_transaction_open(core):
    demo = load_demo(core)
    with pytest.raises(KeyError), core.db.reading():
        raise KeyError("a bug in the caller")
    core.notes.add_item(demo.note_id, "highlights", body=RichText.plain("after"))
    assert core.notes.get(demo.note_id).section_items("highlights")[-1].body.to_plain() == "after"


CHILD = r"""
import json, sys
from notetaker.core import Core
from notetaker.export import series_note_ids
with Core.open(sys.argv[1]) as core:
    listing = core.events.list()
    note = core.notes.get(listing[0].notes[0].id)
    core.events.get(note.event_id)
    core.delegations.by_code()
    core.state.get("last_note")
    series_note_ids(core, core.events.get(note.event_id).series)
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "alembic"))))
"""


def test_opening_and_reading_an_up_to_date_database_needs_no_sqlalchemy(db_path):
    from notetaker.core import Core

    with Core.open(db_path) as core:
        load_demo(core)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run([sys.executable, "-c", CHILD, str(db_path)], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_bodies_read_by_the_scanner_are_what_json_loads_reads():
    """RichText.from_json (the C scanner, no json.loads per body) gives from_data(json.loads(...)) of
    each body, blanks around the JSON included, and fails where it fails; a note reads its bodies so."""
    import json

    import pytest as _pytest

    from notetaker.richtext import RichText

    def _bodies(stored):  # what json.loads gives, body by body
        return [RichText.from_data(json.loads(text)) if text else RichText() for text in stored]

    rich = RichText.from_markdown("- **Guatemala** dijo: *migración* [OIM](https://www.iom.int)\nSegunda línea")
    stored = ["", None, rich.to_json(), " " + rich.to_json(), rich.to_json() + "\n", "[]", '[{"r":[]}]',
              RichText.plain("a\x00b\u2028c").to_json()]
    assert list(_bodies(stored)) == [RichText.from_json(text) for text in stored]
    assert RichText.from_json(stored[2]) == rich
    for damaged in ("null", "[1]", "[", '[{"r":[{"t":1}]}]', "[] []"):
        with _pytest.raises(ValueError):
            RichText.from_json(damaged)
        with _pytest.raises(ValueError):
            list(_bodies([rich.to_json(), damaged]))


def test_a_column_of_datetimes_reads_as_each_value_does():
    """The one-pass reading of a column gives what reading each value gives, stored forms mixed."""
    from datetime import datetime

    from notetaker.storage.reads import _datetime, _datetimes

    naive = ["2024-05-01 10:00:00", "2024-05-01 10:00:00.250000", None]
    assert _datetimes(naive) == [_datetime(v) for v in naive]
    mixed = [*naive, "2024-05-01T10:00:00", datetime(2024, 5, 1, 8, 0)]  # (a datetime: not a str)
    assert _datetimes(mixed) == [_datetime(v) for v in mixed]
    assert all(v is None or v.utcoffset() is not None for v in _datetimes(mixed))
