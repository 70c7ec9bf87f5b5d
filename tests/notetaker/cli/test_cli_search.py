from __future__ import annotations

import json

import pytest

from notetaker.cli import main


@pytest.fixture
def demo_db(db_path, capsys):
    assert main(["--db", str(db_path), "demo"]) == 0
    capsys.readouterr()
    return db_path


def run(capsys, *args):
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_search_json_groups_by_event_and_section(demo_db, capsys):
    code, out, _err = run(capsys, "--db", str(demo_db), "search", '"regular pathways"', "--json")
    assert code == 0
    data = json.loads(out)
    assert data["query"] == '"regular pathways"' and data["total"] == data["shown"] >= 2
    for event in data["events"]:
        assert set(event) == {"id", "title", "series", "starts_at", "sections"}
        for section in event["sections"]:
            assert set(section) == {"note_id", "section", "title", "hits"}
            for hit in section["hits"]:
                (start, end), *_rest = hit["highlights"]
                assert hit["snippet"][start:end].lower() in {"regular pathways", "regular", "pathways"}


def test_search_delegation_by_name_and_filters(demo_db, capsys):
    code, out, _err = run(capsys, "--db", str(demo_db), "search", "--delegation", "Guatemala", "--json")
    assert code == 0
    hits = [h for e in json.loads(out)["events"] for s in e["sections"] for h in s["hits"]]
    assert hits and all("GT" in h["delegations"] for h in hits)
    code, out, _err = run(capsys, "--db", str(demo_db), "search", "migration", "--series", "IMRF 2022 side events",
                          "--from", "2022-05-19", "--to", "2022-05-19")
    assert code == 0 and "Regional Conference on Migration" in out and "**" in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["search", 'unclosed "quote'], "quotation mark"),
        (["search"], "Type a word"),
        (["search", "--", "-only"], "only leaves results out"),
        (["search", "x", "--delegation", "nowhere-land"], "No delegation"),
        (["search", "x", "--from", "2023-01-01", "--to", "2022-01-01"], "--from is after --to"),
    ],
)
def test_bad_searches_are_one_clear_line(demo_db, capsys, args, words):
    code, _out, err = run(capsys, "--db", str(demo_db), *args)
    assert code == 1
    assert err.count("\n") == 1 and words in err and "Traceback" not in err


def test_nothing_found(demo_db, capsys):
    code, out, _err = run(capsys, "--db", str(demo_db), "search", "zzzyyyxxx")
    assert code == 0 and out.strip() == "Nothing found."


def test_an_imported_note_is_searchable_at_once(demo_db, tmp_path, capsys):
    exchange_file = tmp_path / "note.sidenotes"
    other = tmp_path / "other.sqlite3"
    assert main(["--db", str(demo_db), "export-note", "1", "-o", str(exchange_file)]) == 0
    assert main(["--db", str(other), "import", str(exchange_file)]) == 0
    capsys.readouterr()
    code, out, _err = run(capsys, "--db", str(other), "search", '"regular pathways"', "--json")
    hits = [h for e in json.loads(out)["events"] for s in e["sections"] for h in s["hits"]]
    assert code == 0 and [h["snippet"][slice(*h["highlights"][0])] for h in hits] == ["Regular pathways"]
    code, out, _err = run(capsys, "--db", str(other), "search", "--delegation", "GT", "--json")
    hits = [h for e in json.loads(out)["events"] for s in e["sections"] for h in s["hits"]]
    assert code == 0 and hits and all("GT" in h["delegations"] for h in hits)
