from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from notetaker.core import Core
from notetaker.domain import Event
from notetaker.richtext import Block, RichText, Run
from notetaker.services.base import ValidationError
from notetaker.services.search import SearchFilters, hits_of, parse_snippet
from notetaker.services.search_query import QueryError, to_fts
from notetaker.storage import fulltext

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "rev0001.sqlite3"
TEMPLATE = "imrf-side-event"


def make_event(core, title="Taller regional", series="RCM", day=datetime(2022, 5, 19, 18, 30, tzinfo=UTC), **kw):
    return core.events.create(Event(None, title=title, series=series, starts_at=day, timezone="UTC-06:00", **kw)).value


def make_note(core, event):
    return core.notes.create(event.id, TEMPLATE, ["Marisol"]).value


def add(core, note, section, body, delegations=(), **kw):
    return core.notes.add_item(note.id, section, body=RichText.from_markdown(body), delegations=delegations, **kw).value


def found(core, query, **filters):
    return [h.item_id for h in hits_of(core.search.search(query, SearchFilters(**filters)))]


@pytest.fixture
def sample(core):
    event = make_event(core, general_objectives="Fortalecer la cooperación en protección internacional")
    note = make_note(core, event)
    gt = add(core, note, "highlights", "La **migr**ación ordenada es una prioridad", ["GT"])
    hn = add(core, note, "highlights", "Retorno y reintegración de personas migrantes", ["HN", "GT"])
    mx = add(core, note, "floor_interventions", "Labour mobility pathways", ["MX"], person="Ana Pérez")
    return event, note, gt, hn, mx


def test_accent_and_case_insensitive_with_highlight(core, sample):
    _event, _note, gt, _hn, _mx = sample
    for query in ("migracion", "MIGRACIÓN", "Migración", "migraci*"):
        assert found(core, query) == [gt.id], query
    results = core.search.search("migracion")
    (hit,) = hits_of(results)
    assert hit.snippet == "La migración ordenada es una prioridad"  # runs joined, formatting dropped
    start, end = hit.highlights[0]
    assert hit.snippet[start:end] == "migración"
    assert results.total == results.shown == 1 and not results.truncated


def test_results_grouped_by_event_and_section_in_template_order(core, sample):
    event, note, gt, hn, mx = sample
    other = make_event(core, title="Otro taller", day=datetime(2023, 1, 10, 15, tzinfo=UTC))
    other_item = add(core, make_note(core, other), "highlights", "Más migrantes retornados")
    add(core, note, "regional_context", "Los migrantes en tránsito")
    results = core.search.search("migrantes")
    assert [e.event_id for e in results.events] == [other.id, event.id]  # most recent event first
    assert [h.item_id for h in results.events[0].sections[0].hits] == [other_item.id]
    sections = [(s.section, s.title) for s in results.events[1].sections]
    assert sections == [("highlights", "Notes of the session"), ("regional_context", "Regional context")]
    assert results.events[1].sections[0].notetakers == ("Marisol",)


def test_event_fields_and_person_are_searched(core, sample):
    event, _note, _gt, _hn, mx = sample
    results = core.search.search("proteccion internacional")
    (group,) = results.events
    assert group.event_id == event.id
    assert [(s.section, s.note_id) for s in group.sections] == [("event:general_objectives", None)]
    assert found(core, "perez") == [mx.id]
    assert found(core, "taller") == [None]  # the event's title


def test_index_follows_updates_and_deletes(core, sample):
    event, note, gt, hn, mx = sample
    core.notes.update_item(gt.id, body=RichText.plain("Movilidad laboral"))
    assert found(core, "migracion") == []
    assert found(core, "movilidad") == [gt.id]
    core.notes.update_item(mx.id, person="Juan")
    assert found(core, "perez") == []
    core.notes.remove_item(hn.id)
    assert found(core, "retorno") == []
    core.events.update(replace(event, title="Diálogo regional", general_objectives=""))
    assert found(core, "taller") == [] and found(core, "dialogo") == [None]
    assert found(core, "cooperacion") == []
    core.events.delete(event.id)  # cascades to notes and items
    assert found(core, "movilidad") == [] and found(core, "dialogo") == []
    with core.db.engine.connect() as conn:
        assert conn.exec_driver_sql(f"SELECT count(*) FROM {fulltext.INDEX_TABLE}").scalar() == 0


def test_any_write_path_is_indexed_even_raw_sql(core, sample):
    _event, note, *_ = sample
    body = RichText((Block((Run("Importado "), Run("en bloque", bold=True))),)).to_json()
    with core.db.session() as s:
        s.execute(
            text("INSERT INTO items (uid, note_id, section, position, body, person, author, provenance, created_at, modified_at) "
                 "VALUES ('u-1', :note, 'highlights', 9, :body, '', '', '[]', '2024-01-01', '2024-01-01')"),
            {"note": note.id, "body": body},
        )
    assert len(found(core, '"importado en bloque"')) == 1
    core.notes.delete(note.id)
    assert found(core, "importado") == []


def test_delegation_filter_everything_guatemala_said(core, sample):
    event, note, gt, hn, mx = sample
    on_behalf = add(core, note, "floor_interventions", "En nombre del grupo", ["HN"], on_behalf_of="GT")
    assert sorted(found(core, "", delegation="GT")) == sorted([gt.id, hn.id, on_behalf.id])
    assert found(core, "retorno", delegation="GT") == [hn.id]
    assert found(core, "retorno", delegation="MX") == []
    assert found(core, "taller", delegation="GT") == []  # event fields are nobody's words
    assert core.search.resolve_delegation("gua") == "GT"
    assert core.search.resolve_delegation("Guatemala") == "GT"
    assert core.search.resolve_delegation("gt") == "GT"
    with pytest.raises(ValidationError, match="No delegation"):
        core.search.resolve_delegation("zzzz")
    with pytest.raises(ValidationError, match="several"):
        core.search.resolve_delegation("re")


def test_series_and_date_filters(core, sample):
    _event, _note, gt, _hn, _mx = sample
    other = make_event(core, title="Webinar", series="IMRF 2022 side events", day=datetime(2022, 6, 2, 3, tzinfo=UTC))
    later = add(core, make_note(core, other), "highlights", "Migración y clima")
    assert found(core, "migracion", series="rcm") == [gt.id]
    assert found(core, "migracion", series="IMRF 2022 SIDE EVENTS") == [later.id]
    # 2022-06-02 03:00 UTC is 2022-06-01 in the event's zone (UTC-6)
    assert found(core, "migracion", date_from=date(2022, 6, 1), date_to=date(2022, 6, 1)) == [later.id]
    assert found(core, "migracion", date_to=date(2022, 5, 31)) == [gt.id]
    assert found(core, "migracion", date_from=date(2030, 1, 1)) == []
    assert core.search.series_names() == ["IMRF 2022 side events", "RCM"]


def test_limit_keeps_the_newest_and_counts_all(core):
    note = make_note(core, make_event(core))
    ids = [add(core, note, "highlights", f"punto {i} sobre migración").id for i in range(7)]
    results = core.search.search("migracion", limit=3)
    assert results.shown == 3 and results.total == 7 and results.truncated
    assert sorted(h.item_id for h in hits_of(results)) == ids[-3:]


HOSTILE = [
    '"', '""', '"abc', 'abc"', 'a"b', "NEAR(a b)", "a NEAR b", "a OR", "OR", "OR OR", "AND", "NOT", "a NOT",
    "*", "**", "-", "--", "-a", "(", ")", "((a)", "a:b", "text:a", "person:x", "^a", "a^", "{a b}: c",
    "'; DROP TABLE items; --", "\x00", "\x1b[31m", "😀", "a" * 400, "a " * 40, "migra*ción", "*migra",
    "a -", "x -y", "-\"frase\"", "\"frase\"*", "NEAR", "+a", "a+b", "!!!", "\\", "%", "_",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_crash(core, sample, query):
    try:
        results = core.search.search(query)
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert results.shown >= 0
    with core.db.engine.connect() as conn:  # and nothing was touched
        assert conn.exec_driver_sql("SELECT count(*) FROM items").scalar() == 3


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_any_text_is_a_result_or_a_clear_message(core, query):
    try:
        core.search.search(query)
    except QueryError as exc:
        assert str(exc)


def test_query_syntax():
    assert to_fts("migración retorno") == '(("migración" AND "retorno"))'
    assert to_fts('"labour mobility" retorn*') == '(("labour mobility" AND "retorn"*))'
    assert to_fts("a OR b -c") == '(("a")) OR (("b") NOT ("c"))'
    with pytest.raises(QueryError, match="quotation"):
        to_fts('NEAR(x "y')
    with pytest.raises(QueryError):
        to_fts("-solo")
    with pytest.raises(QueryError):
        to_fts("   ")


def test_parse_snippet():
    assert parse_snippet("a \ue000b\ue001 c") == ("a b c", ((2, 3),))


def test_migration_indexes_existing_rows_and_lost_triggers_are_rebuilt(tmp_path):
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURE, path)
    with Core.open(path) as core:
        assert found(core, "migracion")[0] is None  # the event title "Taller sobre migración laboral"
        assert len(found(core, "migracion aborda")) == 1  # the item written before 0004
    con = sqlite3.connect(path)  # what a later batch migration rebuilding "items" does
    with con:
        con.execute("DROP TRIGGER search_items_ai")
        con.execute("DELETE FROM search_index")
    con.close()
    with Core.open(path) as core:
        assert len(found(core, "migracion aborda")) == 1
        note = core.events.list()[0].notes[0]
        item = core.notes.add_item(note.id, "highlights", body=RichText.plain("Nuevo punto")).value
        assert found(core, "nuevo") == [item.id]
