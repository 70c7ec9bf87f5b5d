"""Exchange files: the format, the round trip, and the import rules."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from notetaker.core import Core
from notetaker.domain import DelegationKind, NoteStatus
from notetaker.exchange import (
    FORMAT_ID,
    SCHEMA_VERSION,
    ExchangeError,
    document_for_note,
    document_to_bytes,
    import_files,
    load_files,
    parse_bytes,
    read_file,
    write_document,
)
from notetaker.richtext import RichText
from tests.support.digest import database_digest

DOCS = Path(__file__).resolve().parents[3] / "docs" / "exchange-format.md"


def _content(note):
    return sorted(
        (i.uid, i.section, i.position, i.body, i.delegations, i.person, i.spoken_at, i.author,
         i.on_behalf_of, i.created_at, i.modified_at, i.provenance)
        for i in note.items
    )


def test_file_is_utf8_json_with_every_item_fact(demo_file):
    data = json.loads(demo_file.read_bytes().decode("utf-8"))
    assert data["format"] == FORMAT_ID and data["schema_version"] == SCHEMA_VERSION
    assert data["note"]["template"] == {"id": "imrf-side-event", "version": 1}
    assert data["event"]["starts_at"] == "2022-05-19T18:30:00Z"
    assert len(data["items"]) == 24
    for item in data["items"]:
        assert re.fullmatch(r"[0-9a-f-]{36}", item["uid"])
        assert item["author"] and item["created_at"].endswith("Z") and item["modified_at"].endswith("Z")
        assert re.fullmatch(r"sha256:[0-9a-f]{64}", item["hash"])
    codes = {d["code"]: d for d in data["delegations"]}
    # every code the items use is spelled out, CLDR names included: the file stands alone
    assert {c for i in data["items"] for c in i["delegations"]} == set(codes)
    assert codes["GT"]["names"] == {"en": "Guatemala", "es": "Guatemala"}
    assert codes["CA"]["names"]["es"] == "Canadá"
    assert codes["IOM"]["acronyms"]["es"] == "OIM"
    assert "Ã" not in demo_file.read_text(encoding="utf-8")


def test_round_trip_into_another_database_keeps_everything(demo_core, demo_file, tmp_path):
    original = demo_core.notes.get(demo_core.demo_note_id)
    event = demo_core.events.get(original.event_id)
    with Core.open(tmp_path / "rapporteur.sqlite3") as other:
        plans = import_files(other, [demo_file])
        assert plans[0].items_new == 24 and not plans[0].event_exists
        copy = other.notes.get(plans[0].note_id)
        assert _content(copy) == _content(original)
        assert (copy.uid, copy.notetakers, copy.template_id, copy.status) == (
            original.uid, original.notetakers, original.template_id, original.status)
        copied_event = other.events.get(copy.event_id)
        assert replace(copied_event, id=None) == replace(event, id=None)
        # and out again: the same file but for the export time
        again = document_to_bytes(replace(document_for_note(other, copy.id), exported_at=read_file(demo_file).exported_at))
        assert again == demo_file.read_bytes()


def test_importing_the_same_file_twice_changes_nothing(demo_file, tmp_path):
    db = tmp_path / "r.sqlite3"
    with Core.open(db) as other:
        import_files(other, [demo_file])
        before = database_digest(db)
        plans = import_files(other, [demo_file, demo_file])
        assert all(not p.changes_anything for p in plans)
        assert database_digest(db) == before
        assert len(other.events.list()) == 1


def test_import_into_the_database_it_came_from_changes_nothing(demo_core, demo_file, db_path):
    before = database_digest(db_path)
    plans = import_files(demo_core, [demo_file])
    assert not plans[0].changes_anything and plans[0].items_unchanged == 24
    assert database_digest(db_path) == before


def test_a_newer_file_updates_and_adds_but_never_deletes(demo_core, demo_file, tmp_path):
    core = demo_core
    note = core.notes.get(core.demo_note_id)
    with Core.open(tmp_path / "r.sqlite3") as other:
        import_files(other, [demo_file])
        # the notetaker goes on: edits one item, adds one, removes one
        first, second = note.items[0], note.items[1]
        core.notes.update_item(first.id, body=RichText.plain("Edited later."))
        core.notes.add_item(note.id, "highlights", body=RichText.plain("A new point."), delegations=["MX"], author="Sara Rivas")
        core.notes.remove_item(second.id)
        newer = tmp_path / "newer.sidenotes"
        write_document(document_for_note(core, note.id), newer)
        plan = import_files(other, [newer])[0]
        assert (plan.items_new, plan.items_updated, plan.items_unchanged) == (1, 1, 22)
        merged = other.notes.get(plan.note_id)
        assert len(merged.items) == 25  # the removed item is kept: an import never deletes
        assert next(i for i in merged.items if i.uid == first.uid).body == RichText.plain("Edited later.")
        # the older file, imported again, changes nothing: the database has the newer version
        plan = import_files(other, [demo_file])[0]
        assert not plan.changes_anything and plan.items_kept_local == 1


def test_unknown_delegations_are_created_from_the_file(demo_core, demo_file, tmp_path):
    core = demo_core
    core.delegations.add("RED-X", DelegationKind.CIVIL_SOCIETY, "Red Migrante X", "Red Migrante X (es)")
    note = core.notes.get(core.demo_note_id)
    core.notes.add_item(note.id, "highlights", body=RichText.plain("Civil society view."), delegations=["RED-X"])
    path = tmp_path / "with-new-code.sidenotes"
    write_document(document_for_note(core, note.id), path)
    with Core.open(tmp_path / "r.sqlite3") as other:
        assert "RED-X" not in other.delegations.by_code()
        plan = import_files(other, [path])[0]
        assert plan.new_delegations == ("RED-X",)
        created = other.delegations.by_code()["RED-X"]
        assert created.names == {"en": "Red Migrante X", "es": "Red Migrante X (es)"}
        assert created.kind is DelegationKind.CIVIL_SOCIETY and not created.builtin


def test_a_locked_note_is_not_changed_by_a_newer_file(demo_core, demo_file, tmp_path):
    with Core.open(tmp_path / "r.sqlite3") as other:
        plan = import_files(other, [demo_file])[0]
        other.notes.update(plan.note_id, locked=True)
        note = demo_core.notes.get(demo_core.demo_note_id)
        demo_core.notes.add_item(note.id, "highlights", body=RichText.plain("Late point."))
        newer = write_document(document_for_note(demo_core, note.id), tmp_path / "newer.sidenotes")
        with pytest.raises(ExchangeError, match="locked"):
            import_files(other, [newer])
        assert len(other.notes.get(plan.note_id).items) == 24


def test_preview_reads_only(demo_file, tmp_path):
    db = tmp_path / "r.sqlite3"
    with Core.open(db) as other:
        before = database_digest(db)
        loaded = load_files(other, [demo_file, tmp_path / "nope.sidenotes"])
        assert loaded[0].plan is not None and loaded[0].plan.items_new == 24
        assert "nope.sidenotes" in loaded[1].error
        assert database_digest(db) == before


def test_merged_status_and_provenance_survive_the_round_trip(demo_core, tmp_path):
    from notetaker.domain import Provenance

    note = demo_core.notes.get(demo_core.demo_note_id)
    doc = document_for_note(demo_core, note.id)
    prov = (Provenance("0b7e1c2a-3d4f-4a5b-8c6d-7e8f90a1b2c3", note.items[0].uid, "Ana", "ana.sidenotes"),)
    items = (replace(note.items[0], provenance=prov), *note.items[1:])
    doc = replace(doc, note=replace(doc.note, status=NoteStatus.MERGED, items=items,
                                    merged_from=("0b7e1c2a-3d4f-4a5b-8c6d-7e8f90a1b2c3",)))
    back = parse_bytes(document_to_bytes(doc), "x.sidenotes")
    assert back.note.status is NoteStatus.MERGED and back.note.merged_from == doc.note.merged_from
    assert back.note.items[0].provenance == prov or any(i.provenance == prov for i in back.note.items)


def test_times_keep_their_instant(demo_core):
    doc = document_for_note(demo_core, demo_core.demo_note_id)
    back = parse_bytes(document_to_bytes(doc))
    gt = next(i for i in back.note.items if i.delegations == ("GT",))
    assert gt.spoken_at.utcoffset() == timedelta(0)
    assert gt.spoken_at.isoformat() == "2022-05-19T19:24:00+00:00"  # 13:24 at GMT-6


def test_the_documented_example_is_a_valid_file():
    text = DOCS.read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)\n```", text, re.S).group(1)
    doc = parse_bytes(example.encode("utf-8"), "example.sidenotes")
    assert doc.note.items and doc.delegations


def test_a_bom_is_tolerated_but_nothing_else_before_the_json(demo_file):
    data = demo_file.read_bytes()
    assert parse_bytes(b"\xef\xbb\xbf" + data).note.uid
    with pytest.raises(ExchangeError):
        parse_bytes(b"\xef\xbb\xbfx" + data)
