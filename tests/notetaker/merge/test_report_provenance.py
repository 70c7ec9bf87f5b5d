"""Provenance in reports: a rapporteur's export can end each point with who wrote it."""

from __future__ import annotations

from notetaker.cli import main
from notetaker.core import Core
from notetaker.exchange import import_files
from notetaker.merge import Source, finalize, merge


def _saved_merge(tmp_path, files, template_id):
    db = tmp_path / "rapporteur.sqlite3"
    with Core.open(db) as r:
        plans = import_files(r, files)
        notes = [r.notes.get(p.note_id) for p in plans]
        event = r.events.get(notes[0].event_id)
        result = merge([Source(n, f.name, event.uid) for n, f in zip(notes, files, strict=True)],
                       r.templates.get(template_id))
        saved = r.exchange.save_merged(event.id, finalize(result.note)[0]).value
    return db, saved


def test_export_with_provenance_tags_each_point_with_its_authors(seed, tmp_path, capsys):
    note, files = seed
    db, saved = _saved_merge(tmp_path, files, note.template_id)
    tagged, plain = tmp_path / "tagged.md", tmp_path / "plain.md"
    assert main(["--db", str(db), "export", str(saved.id), "--provenance", "-o", str(tagged)]) == 0
    assert main(["--db", str(db), "export", str(saved.id), "-o", str(plain)]) == 0
    text = tagged.read_text(encoding="utf-8").replace("\\[", "[").replace("\\]", "]")  # Markdown escapes
    # one notetaker alone, and two who both caught the point (the survivor's author first)
    assert "[Sara Rivas]" in text
    assert "[Marisol Aguilar, Ericka Guevara]" in text  # the intervention of Guatemala
    assert "Marisol Aguilar, Ericka" not in plain.read_text(encoding="utf-8")
