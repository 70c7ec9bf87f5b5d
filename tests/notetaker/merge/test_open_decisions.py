"""What imports keep for the rapporteur: a merged file's open decisions, and the file each
item came from (provenance: who wrote each point, and in which file)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from notetaker.cli import main
from notetaker.core import Core
from notetaker.domain import NoteStatus
from notetaker.exchange import (
    build_document,
    describe_plan,
    document_for_note,
    import_files,
    read_file,
    write_document,
)
from notetaker.merge import Resolution, Source, finalize, merge, resolve
from notetaker.richtext import RichText
from tests.support.digest import database_digest


def _cli_merge(files, tmp_path):
    out = tmp_path / "merged.sidenotes"
    assert main(["--db", str(tmp_path / "cli.sqlite3"), "merge", *map(str, files), "-o", str(out)]) == 3
    return out


def _db_source(core: Core, note_id: int, event_uid: str) -> Source:
    """A stored note as the rapporteur's view gives it to the merge."""
    return Source(core.notes.get(note_id), "", event_uid, core.exchange.open_decisions(note_id),
                  core.exchange.item_files(note_id))


def test_importing_a_merged_file_keeps_its_open_decisions(seed, tmp_path):
    _note, files = seed
    merged = _cli_merge(files, tmp_path)
    doc = read_file(merged)
    assert len(doc.open_decisions) == 8
    db = tmp_path / "rapporteur.sqlite3"
    with Core.open(db) as r:
        (plan,) = import_files(r, [merged])
        assert plan.open_decisions == 8 and "8 open decisions kept for the rapporteur" in describe_plan(plan)
        assert r.exchange.open_decisions(plan.note_id) == doc.open_decisions
        # the same file again changes nothing: no decision is kept twice
        before = database_digest(db)
        (again,) = import_files(r, [merged])
        assert not again.changes_anything and again.open_decisions == 0
        assert database_digest(db) == before
        # and they leave with the note: its exchange file lists them open again
        assert document_for_note(r, plan.note_id).open_decisions == doc.open_decisions


def test_the_rapporteur_takes_up_the_open_decisions_of_an_imported_merge(seed, tmp_path):
    note, files = seed
    merged = _cli_merge(files, tmp_path)
    with Core.open(tmp_path / "rapporteur.sqlite3") as r:
        (plan,) = import_files(r, [merged])
        event = r.events.get(plan.event_id)
        stored = r.exchange.open_decisions(plan.note_id)
        result = merge([_db_source(r, plan.note_id, event.uid)], r.templates.get(note.template_id))
        # the seven duplicates are open again, on the very items the file names; the text
        # section's bodies were joined by the merge that wrote the file: nothing to choose there
        duplicates = {frozenset(d.items) for d in stored if d.kind == "duplicate"}
        assert len(duplicates) == 7
        assert {frozenset(c.item.uid for c in d.candidates) for d in result.open_decisions} == duplicates
        # nothing is dropped: keeping every candidate gives the file's note back
        assert len(resolve(result, {}, open_default=Resolution.KEEP_ALL).items) == len(read_file(merged).note.items)
        # deciding them gives a new merged note, made from the imported one, which locks
        assert result.note.uid != plan.note_id and result.note.merged_from == (r.notes.get(plan.note_id).uid,)
        assert len(result.note.items) == 24  # every proposal applied: each point once
        saved = r.exchange.save_merged(event.id, finalize(result.note)[0]).value
        assert saved.status is NoteStatus.MERGED and len(saved.items) == 24
        assert r.notes.get(plan.note_id).locked


def test_a_merge_of_files_takes_up_open_decisions_too(seed, tmp_path, capsys):
    _note, files = seed
    merged = _cli_merge(files, tmp_path)
    capsys.readouterr()
    again = tmp_path / "again.sidenotes"
    assert main(["--db", str(tmp_path / "cli.sqlite3"), "merge", str(merged), "-o", str(again)]) == 3
    assert "7 decisions left open" in capsys.readouterr().out
    assert len(read_file(again).open_decisions) == 7


def test_imported_items_name_the_file_they_came_from(seed, tmp_path):
    note, files = seed
    with Core.open(tmp_path / "rapporteur.sqlite3") as r:
        plans = import_files(r, files)
        for plan, path in zip(plans, files, strict=True):
            items = r.notes.get(plan.note_id).items
            assert r.exchange.item_files(plan.note_id) == {i.uid: path.name for i in items}
        # a later file of one note: the items it changes or adds name it, the others keep theirs
        doc = read_file(files[0])
        changed = replace(doc.note.items[0], body=RichText.plain("A corrected point."),
                          modified_at=doc.note.items[0].modified_at + timedelta(minutes=5))
        newer = replace(doc.note, items=(changed, *doc.note.items[1:]))
        event = r.events.get(plans[0].event_id)
        v2 = write_document(build_document(event, newer, r.delegations.by_code()), tmp_path / "marisol-v2.sidenotes")
        import_files(r, [v2])
        named = r.exchange.item_files(plans[0].note_id)
        assert named[changed.uid] == "marisol-v2.sidenotes"
        assert {f for u, f in named.items() if u != changed.uid} == {files[0].name}

        # the rapporteur's merge of the stored notes keeps each point's files, and so do reports
        sources = [_db_source(r, p.note_id, event.uid) for p in plans]
        result = merge(sources, r.templates.get(note.template_id))
        for item in result.note.items:
            assert item.provenance and all(p.file.endswith(".sidenotes") for p in item.provenance)
        saved = r.exchange.save_merged(event.id, finalize(result.note)[0]).value
        db = r.db.path
    out = tmp_path / "report.md"
    assert main(["--db", str(db), "export", str(saved.id), "--provenance", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8").replace("\\[", "[").replace("\\]", "]")
    assert "[Marisol Aguilar, Ericka Guevara] (marisol.sidenotes, ericka.sidenotes)" in text
    assert "[Sara Rivas] (sara.sidenotes)" in text
