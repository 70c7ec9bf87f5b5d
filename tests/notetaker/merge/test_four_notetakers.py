"""Acceptance: the seed-003 note, taken by four notetakers in overlapping turns, merges back whole.

Each notetaker's file holds the points they wrote (the demo's authors) plus, where
turns overlap, their own paraphrase of a neighbour's point. Merging the four files
gives every seed point exactly once, with its delegations, its author, and the
provenance of everyone who wrote it.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from notetaker.cli import main
from notetaker.core import Core
from notetaker.demo import load_demo
from notetaker.domain import Item, Note, NoteStatus
from notetaker.exchange import build_document, import_files, read_file, write_document
from notetaker.merge import DecisionKind, finalize, merge
from notetaker.merge.files import sources_of
from notetaker.merge.text import normalized
from notetaker.richtext import RichText

NOTETAKERS = ("Marisol Aguilar", "Ericka Guevara", "Sara Rivas", "Silvia Urbina")
# seed item uid -> (the neighbour who also caught it, their wording, their attribution if different)
PARAPHRASES = {
    "31c8693f-42e2-513d-a3dd-e409d1d988de": ("Ericka Guevara", "RCM activities and products have been aligned with the SDGs and with the Global Compact for Migration.", None),
    "1f47e9fe-84e5-5ea2-81f7-df076b990d60": ("Sara Rivas", "Internal mechanisms to follow up the Global Compact objectives were created by some RCM Member Countries.", None),
    "b58cfa53-3536-5630-a58f-09b3b6345aab": ("Silvia Urbina", "Need for more labour migration mechanisms highlighted by Member Countries.", None),
    "137b4365-6007-5144-86de-37c2a291ba88": ("Marisol Aguilar", "Next steps: develop an RCM follow-up mechanism to track progress on these priorities, as the basis of the Regional Action Plan for Safe, Orderly and Regular Migration.", None),
    "55eb515b-015f-5f7d-9fb7-7a1560f04053": ("Ericka Guevara", "Principle of shared responsibility is critical for addressing migration in the region.", ("RCM", "IOM", "UNHCR")),
    # typed identically (but for punctuation): an unambiguous duplicate
    "75a76c5a-5d99-5ed7-8aaf-a387647793e6": ("Sara Rivas", "In 2021 more than 130,000 migrants of different nationalities crossed the Darien Gap", None),
    "28f6dbdf-04d4-55f7-8642-5cd3d36c2bf0": ("Ericka Guevara", "Efforts to protect people's human rights throughout the migration cycle must be redoubled, beyond a four-year evaluation. The RCM is a consolidated mechanism supporting migration governance and an articulating arm for the Global Compact.", None),
    "3c561471-74a6-5563-b587-5135616ecaad": ("Silvia Urbina", "Stressed labor migration and the creation of more mechanisms; announced financial support in the region.", None),
    "35d81677-b00f-57b0-84f7-c0310ee83212": ("Silvia Urbina", "Member Countries and Observer Organizations stressed shared responsibility and the need to define steps to continue implementing the 23 objectives of the Global Compact.", None),
}
NS = uuid.UUID("9c1f7a38-27d5-4f0b-a8a1-0c7f3e5d2b11")


def _timed(note: Note) -> dict[str, Item]:
    """The seed items with the times a live session gives them: one point every few minutes."""
    start = note.items[0].created_at.replace(year=2022, month=5, day=19, hour=18, minute=30, second=0, microsecond=0)
    out = {}
    for section in sorted({i.section for i in note.items}):
        for k, item in enumerate(note.section_items(section)):
            created = item.spoken_at + timedelta(seconds=20) if item.spoken_at else start + timedelta(minutes=4 * k + 1)
            out[item.uid] = replace(item, id=None, created_at=created, modified_at=created + timedelta(seconds=15))
    return out


def split_into_files(core: Core, note: Note, folder) -> list:
    event = core.events.get(note.event_id)
    roster = core.delegations.by_code()
    items = _timed(note)
    per_author: dict[str, list[Item]] = {name: [] for name in NOTETAKERS}
    for item in items.values():
        per_author[item.author].append(item)
    for uid, (who, text, codes) in PARAPHRASES.items():
        original = items[uid]
        later = timedelta(seconds=30)
        per_author[who].append(replace(
            original,
            uid=str(uuid.uuid5(NS, f"{who}/{uid}")),
            body=RichText.plain(text),
            delegations=codes or original.delegations,
            author=who,
            spoken_at=original.spoken_at + timedelta(seconds=60) if original.spoken_at else None,
            created_at=original.created_at + later,
            modified_at=original.modified_at + later,
        ))
    paths = []
    for name in NOTETAKERS:
        mine = sorted(per_author[name], key=lambda i: (i.section, i.created_at))
        positions: dict[str, int] = {}
        placed = []
        for item in mine:
            placed.append(replace(item, position=positions.setdefault(item.section, 0)))
            positions[item.section] += 1
        own = Note(None, 0, note.template_id, note.template_version, NoteStatus.CAPTURING, (name,), tuple(placed),
                   uid=str(uuid.uuid5(NS, name)), created_at=note.created_at, updated_at=note.updated_at)
        path = folder / f"{name.split()[0].lower()}.sidenotes"
        write_document(build_document(event, own, roster), path)
        paths.append(path)
    return paths


@pytest.fixture
def seed(core, tmp_path):
    note = core.notes.get(load_demo(core).note_id)
    files = split_into_files(core, note, tmp_path)
    return note, files


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
