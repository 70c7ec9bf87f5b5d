"""Acceptance: the seed-003 note, taken by four notetakers in overlapping turns, merges back whole.

Each notetaker's file holds the points they wrote (the demo's authors) plus, where
turns overlap, their own paraphrase of a neighbour's point. Merging the four files
gives every seed point exactly once, with its delegations, its author, and the
provenance of everyone who wrote it.
"""

from __future__ import annotations

import pytest

from notetaker.cli import main
from notetaker.core import Core
from notetaker.domain import NoteStatus
from notetaker.exchange import build_document, import_files, read_file, write_document
from notetaker.merge import DecisionKind, finalize, merge
from notetaker.merge.files import sources_of
from notetaker.merge.text import normalized
from notetaker.richtext import RichText
from tests.support.four_notetakers import PARAPHRASES


def test_every_point_comes_back_once_with_its_attribution(core, seed):
    note, files = seed
    docs = [read_file(f) for f in files]
    assert sum(len(d.note.items) for d in docs) == len(note.items) + len(PARAPHRASES)
    template = core.templates.get(note.template_id)
    result = merge(sources_of(docs), template)
    merged = result.note

    assert len(merged.items) == len(note.items) == 24
    by_text = {}
    for item in merged.items:
        by_text.setdefault((item.section, normalized(item.body.to_plain())), []).append(item)
    files_of = {d.note.uid: d.source for d in docs}
    for original in note.items:
        found = by_text.get((original.section, normalized(original.body.to_plain())), [])
        assert len(found) == 1, f"{original.uid} found {len(found)} times"
        got = found[0]
        assert got.delegations == original.delegations
        assert got.author == original.author
        assert got.uid == original.uid
        authors = {p.author for p in got.provenance}
        expected = {original.author} | ({PARAPHRASES[original.uid][0]} if original.uid in PARAPHRASES else set())
        assert authors == expected
        assert {p.file for p in got.provenance} == {files_of[p.note_uid] for p in got.provenance}
    # the reading order is the session's
    for section in {i.section for i in note.items}:
        assert [i.uid for i in merged.section_items(section)] == [i.uid for i in note.section_items(section)]

    kinds = sorted(d.kind.value for d in result.open_decisions)
    assert kinds == ["duplicate"] * 7 + ["text"]
    assert [d.kind for d in result.decisions if d.auto] == [DecisionKind.DUPLICATE]  # the Darien Gap figure


def test_the_cli_merge_keeps_open_decisions_and_exits_3(seed, tmp_path, capsys):
    _note, files = seed
    out = tmp_path / "merged.sidenotes"
    assert main(["--db", str(tmp_path / "r.sqlite3"), "merge", *map(str, files), "-o", str(out)]) == 3
    printed = capsys.readouterr().out
    assert "8 decisions left open" in printed
    assert printed.count("[duplicate-") == 7 and printed.count("[text-") == 1
    doc = read_file(out)
    assert doc.note.status is NoteStatus.MERGED and len(doc.note.merged_from) == 4
    assert len(doc.open_decisions) == 8
    assert len(doc.note.items) == 24 + 7  # open duplicates keep both; the text bodies are joined
    # the same files in another order give the same bytes
    again = tmp_path / "again.sidenotes"
    assert main(["--db", str(tmp_path / "r.sqlite3"), "merge", *map(str, reversed(files)), "-o", str(again)]) == 3
    assert again.read_bytes() == out.read_bytes()


def test_cli_merge_without_open_decisions_exits_0(seed, tmp_path, capsys):
    _note, files = seed
    out = tmp_path / "one.sidenotes"
    assert main(["--db", str(tmp_path / "r.sqlite3"), "merge", str(files[0]), str(files[0]), "-o", str(out)]) == 0
    assert read_file(out).note.uid == read_file(files[0]).note.uid


def test_the_rapporteur_saves_the_merge_and_the_sources_lock(core, seed, tmp_path):
    note, files = seed
    with Core.open(tmp_path / "rapporteur.sqlite3") as r:
        plans = import_files(r, files)
        sources = [r.notes.get(p.note_id) for p in plans]
        event = r.events.get(sources[0].event_id)
        from notetaker.merge import Source

        result = merge([Source(n, files[k].name, event.uid) for k, n in enumerate(sources)], r.templates.get(note.template_id))
        final, renamed = finalize(result.note)
        saved = r.exchange.save_merged(event.id, final).value
        assert saved.status is NoteStatus.MERGED and len(saved.items) == 24
        assert set(saved.merged_from) == {n.uid for n in sources}
        assert all(r.notes.get(n.id).locked for n in sources)
        assert not r.notes.get(saved.id).locked
        assert {i.uid for i in saved.items}.isdisjoint({i.uid for n in sources for i in n.items})
        with pytest.raises(Exception, match="locked"):
            r.notes.add_item(sources[0].id, "highlights", body=RichText.plain("late"))
        # merging the same notes again and saving is refused, not duplicated
        with pytest.raises(Exception, match="already saved"):
            r.exchange.save_merged(event.id, final)


def test_a_small_merge_compares_points_written_at_any_time(core, seed, tmp_path, capsys):
    """The demo note's items carry the time they were loaded, hours from the session's: in a
    section of a real size every pair is still compared, so the paraphrase is found."""
    note, files = seed
    full = write_document(build_document(core.events.get(note.event_id), note, core.delegations.by_code()),
                          tmp_path / "full.sidenotes")
    out = tmp_path / "x.sidenotes"
    assert main(["--db", str(tmp_path / "r.sqlite3"), "merge", str(files[0]), str(full), "-o", str(out)]) == 3
    printed = capsys.readouterr().out
    assert "1 decision left open" in printed and "81% alike" in printed
