"""Merging four notetakers' files of 2,500 items each (issue 5): target ≤ 0.3 s.

The files are generated (a fixed seed): a session whose points four notetakers
capture in overlapping turns, about one point in six caught twice and reworded.
References, measured in the same run: ``json.loads`` of the same four files
(the floor for anything that reads them).
"""

from __future__ import annotations

import itertools
import json
import random
import tempfile
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.harness import Figure, timed
from notetaker.domain import Delegation, DelegationKind, Event, EventKind, Item, Note
from notetaker.exchange import build_document, read_file, write_document
from notetaker.exchange.writer import document_to_bytes
from notetaker.merge import Resolution, finalize, merge, resolve_detailed
from notetaker.merge.files import merge_documents, sources_of
from notetaker.richtext import RichText
from notetaker.templates import TemplateLibrary

TARGET_S = 0.3
SECTIONS = (("highlights", 0.45), ("floor_interventions", 0.35), ("regional_context", 0.1), ("thematic_pillars", 0.1))
SPEAKERS = ("GT", "MX", "CA", "SV", "HN", "CR", "PA", "BZ", "DO", "NI", "US", "IOM", "UNHCR")
T0 = datetime(2022, 5, 19, 14, 0, tzinfo=UTC)


def _vocabulary(rnd: random.Random, size: int = 4000) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rnd.choice(letters) for _ in range(rnd.randint(4, 11))) for _ in range(size)]


def _sentence(rnd: random.Random, words: list[str], weights: list[float]) -> str:
    """Content words drawn with Zipf's law (rank r with weight 1/r), as in real notes of one meeting."""
    return " ".join(rnd.choices(words, cum_weights=weights, k=rnd.randint(12, 40))).capitalize() + "."


def _reword(rnd: random.Random, text: str, words: list[str]) -> str:
    tokens = text.rstrip(".").split()
    for _ in range(max(1, len(tokens) // 6)):
        tokens[rnd.randrange(len(tokens))] = rnd.choice(words)
    return " ".join(tokens) + "."


def make_files(folder: Path, per_file: int = 2500, notetakers: int = 4, seed: int = 5) -> list[Path]:
    rnd = random.Random(seed)
    words = _vocabulary(rnd)
    weights = list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))
    roster = {c: Delegation(c, DelegationKind.MEMBER_STATE if len(c) == 2 else DelegationKind.ORGANIZATION, {"en": c})
              for c in SPEAKERS}
    event = Event(None, "Benchmark session", EventKind.SIDE_EVENT, uid=str(uuid.UUID(int=rnd.getrandbits(128))),
                  starts_at=T0, timezone="UTC-06:00")
    total = per_file * notetakers
    overlap = 1 / 6
    unique = int(total / (1 + overlap))
    points = []
    for k in range(unique):
        section = rnd.choices([s for s, _w in SECTIONS], [w for _s, w in SECTIONS])[0]
        when = T0 + timedelta(seconds=int(k * 36_000 / unique))
        speaker = rnd.choice(SPEAKERS)
        points.append(Item(None, section, RichText.plain(_sentence(rnd, words, weights)),
                           (speaker,) if section in ("floor_interventions", "highlights") else (),
                           spoken_at=when if section == "floor_interventions" else None,
                           uid=str(uuid.UUID(int=rnd.getrandbits(128))), created_at=when, modified_at=when))
    per_author: list[list[Item]] = [[] for _ in range(notetakers)]
    for k, point in enumerate(points):
        owner = min(notetakers - 1, k * notetakers // unique)
        per_author[owner].append(replace(point, author=f"Notetaker {owner + 1}"))
    extra = total - unique
    for _ in range(extra):  # the overlap: a neighbour catches the point again, in other words
        k = rnd.randrange(unique)
        owner = min(notetakers - 1, k * notetakers // unique)
        other = (owner + rnd.choice((1, notetakers - 1))) % notetakers
        p = points[k]
        later = timedelta(seconds=rnd.randint(5, 60))
        per_author[other].append(replace(
            p, uid=str(uuid.UUID(int=rnd.getrandbits(128))), body=RichText.plain(_reword(rnd, p.body.to_plain(), words)),
            author=f"Notetaker {other + 1}", spoken_at=p.spoken_at + later if p.spoken_at else None,
            created_at=p.created_at + later, modified_at=p.modified_at + later))
    paths = []
    for n, items in enumerate(per_author):
        items.sort(key=lambda i: (i.section, i.created_at))
        positions: dict[str, int] = {}
        placed = []
        for item in items:
            placed.append(replace(item, position=positions.setdefault(item.section, 0)))
            positions[item.section] += 1
        note = Note(None, 0, "imrf-side-event", 1, notetakers=(f"Notetaker {n + 1}",), items=tuple(placed),
                    uid=str(uuid.UUID(int=rnd.getrandbits(128))))
        path = folder / f"notetaker{n + 1}.sidenotes"
        write_document(build_document(event, note, roster), path)
        paths.append(path)
    return paths


def run(quick: bool = False) -> list[Figure]:
    per_file = 500 if quick else 2500
    template = TemplateLibrary.load().get("imrf-side-event")
    with tempfile.TemporaryDirectory() as tmp:
        paths = make_files(Path(tmp), per_file)
        counts = [len(read_file(p).note.items) for p in paths]
        raw = [p.read_bytes() for p in paths]
        docs = [read_file(p) for p in paths]
        sources = sources_of(docs)
        repeat = 3 if quick else 7

        reference = timed(lambda: [json.loads(b) for b in raw], repeat)
        engine = timed(lambda: merge(sources, template), repeat)

        def whole() -> bytes:
            outcome = merge_documents([read_file(p) for p in paths], template)
            return document_to_bytes(outcome.document)

        end_to_end = timed(whole, repeat)
        result = merge(sources, template)
        resolved = resolve_detailed(result, {}, Resolution.KEEP_ALL)
        finalize(resolved.note)
    label = f"{len(paths)} files × {per_file} items ({sum(counts)} items, {len(result.open_decisions)} open decisions)"
    return [
        Figure(f"merge engine, {label}", engine, "s", "json.loads of the 4 files", reference,
               f"≤ {TARGET_S} s", engine <= TARGET_S),
        Figure("merge files end to end: read+validate 4 files, merge, serialize", end_to_end, "s",
               "json.loads of the 4 files", reference, f"≤ {TARGET_S} s", end_to_end <= TARGET_S),
    ]


if __name__ == "__main__":
    from benchmarks.harness import format_table

    print(format_table(run()))
