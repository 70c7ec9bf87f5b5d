"""The seed-003 note split into four notetakers' exchange files (overlapping turns, paraphrases).

Shared by the merge tests of the core and of the interface.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

from notetaker.core import Core
from notetaker.demo import load_demo
from notetaker.domain import Item, Note, NoteStatus
from notetaker.exchange import build_document, write_document
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


def seed_files(core: Core, folder) -> tuple[Note, list]:
    """Load the demo note into ``core`` and split it into four notetakers' files in ``folder``."""
    note = core.notes.get(load_demo(core).note_id)
    return note, split_into_files(core, note, folder)
