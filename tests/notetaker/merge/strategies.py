"""Hypothesis strategies: notes of one event by several notetakers, sharing and diverging."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from notetaker.domain import Item, Note, SectionKind
from notetaker.merge import Source
from notetaker.richtext import RichText

KINDS = {
    "highlights": SectionKind.HIGHLIGHTS,
    "regional_context": SectionKind.ITEMS,
    "floor_interventions": SectionKind.INTERVENTIONS,
    "closing": SectionKind.TEXT,
}
WORDS = ("migration", "region", "cooperation", "labor", "pathways", "rights", "protection", "data",
         "financial", "support", "youth", "border", "smuggling", "health", "compact", "priorities")
SPEAKERS = ("GT", "MX", "CA", "SV")
AUTHORS = ("Marisol", "Ericka", "Sara", "Silvia")
T0 = datetime(2022, 5, 19, 18, 30, tzinfo=UTC)
NOTE_UIDS = tuple(str(uuid.UUID(int=n + 1)) for n in range(4))


def _uid(n: int) -> str:
    return str(uuid.UUID(int=0xABC000 + n))


@st.composite
def base_items(draw: st.DrawFn, n: int) -> Item:
    section = draw(st.sampled_from(sorted(KINDS)))
    words = draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=7))
    minute = draw(st.integers(0, 60))
    speaker = draw(st.sampled_from(SPEAKERS))
    interventions = KINDS[section] is SectionKind.INTERVENTIONS
    created = T0 + timedelta(minutes=minute, seconds=draw(st.integers(0, 59)))
    return Item(
        id=None,
        section=section,
        body=RichText.plain(" ".join(words)),
        delegations=(speaker,) if interventions or draw(st.booleans()) else (),
        spoken_at=created if interventions and draw(st.booleans()) else None,
        author=draw(st.sampled_from(AUTHORS)),
        uid=_uid(n),
        created_at=created,
        modified_at=created,
    )


@st.composite
def variant(draw: st.DrawFn, item: Item) -> Item:
    """The same item (same uid) as another note may hold it: as is, or edited later or at once."""
    how = draw(st.sampled_from(["same", "same", "edited", "edited_same_time"]))
    if how == "same":
        return item
    extra = draw(st.sampled_from(WORDS))
    later = draw(st.integers(0, 1)) if how == "edited_same_time" else draw(st.integers(1, 5))
    return replace(item, body=RichText.plain(item.body.to_plain() + " " + extra),
                   modified_at=item.modified_at + timedelta(minutes=later) if how == "edited" else item.modified_at)


@st.composite
def sources(draw: st.DrawFn, min_notes: int = 1, max_notes: int = 4) -> list[Source]:
    pool = [draw(base_items(n)) for n in range(draw(st.integers(1, 10)))]
    count = draw(st.integers(min_notes, max_notes))
    out = []
    for k in range(count):
        chosen = draw(st.lists(st.sampled_from(range(len(pool))), unique=True, max_size=len(pool)))
        items, text_used = [], False
        for index in chosen:
            item = draw(variant(pool[index]))
            if KINDS[item.section] is SectionKind.TEXT:
                if text_used:
                    continue
                text_used = True
            items.append(item)
        positions: dict[str, int] = {}
        placed = []
        for item in items:
            placed.append(replace(item, position=positions.get(item.section, 0)))
            positions[item.section] = positions.get(item.section, 0) + 1
        note_uid = draw(st.sampled_from(NOTE_UIDS[: max(1, count)]))
        note = Note(None, 1, "imrf-side-event", notetakers=(AUTHORS[k % 4],), items=tuple(placed), uid=note_uid)
        out.append(Source(note, f"file{k}.sidenotes", "event"))
    return out


def note_content(note: Note) -> list[tuple]:
    return sorted(
        (i.section, i.position, i.uid, i.body, i.delegations, i.person, i.spoken_at, i.on_behalf_of, i.author)
        for i in note.items
    )
