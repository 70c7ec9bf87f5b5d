"""Real-looking notes databases for the startup, memory and search benchmarks.

Item texts are sentences of the seed documents (English and Spanish, with
accents) mixed with words of a generated Zipf-distributed vocabulary, so the
index has common terms and a long tail as real notes do. Items are inserted
with plain SQL in one transaction (the FTS triggers index them as they go), so
100,000 items take seconds, not the hours that one autosaved transaction per
item would.
"""

from __future__ import annotations

import random
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from notetaker.core import Core
from notetaker.domain import Event, EventKind
from notetaker.richtext import RichText

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "tests" / "fixtures" / "seeds"
TEMPLATE = "imrf-side-event"
LAST_NOTE_KEY = "last_note"  # ui.main_window.LAST_NOTE_KEY: the note the GUI reopens
SECTIONS = (("highlights", 0.45), ("floor_interventions", 0.35), ("regional_context", 0.1), ("thematic_pillars", 0.1))
SPEAKERS = ("GT", "MX", "CA", "SV", "HN", "CR", "PA", "BZ", "DO", "NI", "US", "IOM", "UNHCR")
SPANISH = (
    "La migración ordenada, segura y regular es una prioridad compartida por los Países Miembros.",
    "Guatemala destacó la protección internacional de las personas refugiadas y solicitantes de asilo.",
    "Se subrayó la atención a la niñez y adolescencia migrante no acompañada en las fronteras.",
    "México presentó avances en movilidad laboral y en la reintegración de personas retornadas.",
    "La trata de personas y el tráfico ilícito de migrantes requieren cooperación regional.",
    "El desplazamiento forzado por desastres y cambio climático aumenta en Centroamérica.",
    "Honduras pidió fortalecer los mecanismos de búsqueda de personas migrantes desaparecidas.",
    "La Presidencia Pro-Tempore agradeció el apoyo técnico de la OIM y del ACNUR.",
)


@dataclass(frozen=True)
class Dataset:
    path: Path
    note_id: int  # the note the GUI reopens at start
    items: int


def _sentences() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    parts = [s.strip() for s in re.split(r"(?<=[.;:])\s+|\n+", text)]
    return [s for s in parts if 25 <= len(s) <= 400] + list(SPANISH)


def _vocabulary(rnd: random.Random, size: int = 20000) -> list[str]:
    syllables = ["ma", "ri", "con", "ta", "le", "mi", "gra", "ción", "pro", "te", "ne", "so", "la", "ver", "du", "ña"]
    return ["".join(rnd.choice(syllables) for _ in range(rnd.randint(2, 4))) for _ in range(size)]


def texts(rnd: random.Random) -> Iterator[str]:
    sentences = _sentences()
    words = _vocabulary(rnd)
    while True:
        body = " ".join(rnd.choice(sentences) for _ in range(rnd.randint(1, 3)))
        extra = [words[min(len(words) - 1, int(rnd.paretovariate(1.05)) - 1 + rnd.randint(0, 200))] for _ in range(rnd.randint(2, 6))]
        yield body + " " + " ".join(extra) + "."


def build(path: Path, total_items: int, open_note_items: int = 0, items_per_note: int = 500, seed: int = 7) -> Dataset:
    """A database with ``total_items`` items; the first note has ``open_note_items`` of them
    (when > 0) and is recorded as the note to reopen at start."""
    rnd = random.Random(seed)
    source = texts(rnd)
    start = datetime(2019, 1, 15, 15, 0, tzinfo=UTC)
    with Core.open(path) as core:
        sizes = []
        remaining = total_items
        if open_note_items:
            sizes.append(min(open_note_items, remaining))
            remaining -= sizes[0]
        while remaining > 0:
            sizes.append(min(items_per_note, remaining))
            remaining -= sizes[-1]
        note_ids = []
        for n, _size in enumerate(sizes):
            event = core.events.create(Event(
                None, title=f"Reunión {n + 1}: " + next(source)[:80], kind=EventKind.WORKSHOP,
                series=("RCM", "RCM-SACM", "IMRF 2022 side events")[n % 3],
                starts_at=start + timedelta(days=7 * n), timezone="UTC-06:00",
                general_objectives=next(source), specific_objectives=(next(source), next(source)),
            )).value
            note_ids.append(core.notes.create(event.id, TEMPLATE, ["Bench"]).value.id)
        raw = core.db.engine.raw_connection()
        try:
            cur = raw.cursor()
            now = datetime(2024, 1, 1).isoformat(sep=" ")
            for note_id, size in zip(note_ids, sizes, strict=True):
                positions = dict.fromkeys((s for s, _w in SECTIONS), 0)
                rows, attributions = [], []
                for _ in range(size):
                    section = rnd.choices([s for s, _w in SECTIONS], [w for _s, w in SECTIONS])[0]
                    rows.append((
                        str(uuid.UUID(int=rnd.getrandbits(128))), note_id, section, positions[section],
                        RichText.plain(next(source)).to_json(), "", "", "[]", now, now,
                    ))
                    positions[section] += 1
                cur.executemany(
                    "INSERT INTO items (uid, note_id, section, position, body, person, author, provenance, "
                    "created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
                ids = cur.execute(
                    "SELECT id, section FROM items WHERE note_id = ? ORDER BY id", (note_id,)
                ).fetchall()
                for item_id, section in ids:
                    if section in ("highlights", "floor_interventions"):
                        codes = rnd.sample(SPEAKERS, rnd.choice((1, 1, 1, 2)))
                        attributions += [(item_id, i, c) for i, c in enumerate(codes)]
                cur.executemany(
                    "INSERT INTO item_delegations (item_id, position, delegation_code) VALUES (?, ?, ?)",
                    attributions,
                )
            raw.commit()
        finally:
            raw.close()
        first = note_ids[0]
        core.state.set(LAST_NOTE_KEY, first)
    return Dataset(path, first, total_items)
