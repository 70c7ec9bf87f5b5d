"""Plain domain objects handed out by the services.

They carry no database session and no Qt: widgets, threads and the CLI can
hold them freely. Mutations go back through the services.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from .richtext import RichText


class EventKind(StrEnum):
    SIDE_EVENT = "side_event"
    WEBINAR = "webinar"
    WORKSHOP = "workshop"
    TRAINING_WORKSHOP = "training_workshop"
    VIRTUAL_MEETING = "virtual_meeting"
    PLENARY_MEETING = "plenary_meeting"
    WORKING_GROUP_MEETING = "working_group_meeting"
    VICE_MINISTERIAL_MEETING = "vice_ministerial_meeting"
    DIALOGUE_FORUM = "dialogue_forum"
    MEETING = "meeting"


class NoteStatus(StrEnum):
    CAPTURING = "capturing"
    MERGED = "merged"
    IN_REVIEW = "in_review"
    FINAL = "final"


class DelegationKind(StrEnum):
    MEMBER_STATE = "member_state"
    ORGANIZATION = "organization"
    CIVIL_SOCIETY = "civil_society"
    GROUP = "group"
    OTHER = "other"


class SectionKind(StrEnum):
    HIGHLIGHTS = "highlights"
    INTERVENTIONS = "interventions"
    TEXT = "text"
    ITEMS = "items"
    GROUP = "group"


@dataclass(frozen=True, slots=True)
class Delegation:
    """A Member State, organisation, network or group that can speak or be credited.

    ``code`` is the stable key: the ISO 3166 alpha-2 code for a Member State,
    an acronym-like key otherwise. Localised display names come from
    :mod:`notetaker.roster` (CLDR through Babel for Member States).
    """

    code: str
    kind: DelegationKind
    names: dict[str, str] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)
    members: tuple[str, ...] = ()
    builtin: bool = True

    @property
    def iso_code(self) -> str | None:
        return self.code if self.kind is DelegationKind.MEMBER_STATE else None


@dataclass(frozen=True, slots=True)
class Event:
    id: int | None
    title: str
    kind: EventKind = EventKind.SIDE_EVENT
    series: str = ""
    starts_at: datetime | None = None  # aware, UTC
    ends_at: datetime | None = None  # aware, UTC
    timezone: str = "UTC"  # IANA name or fixed offset "UTC-06:00"
    venue_city: str = ""
    venue_country: str = ""  # ISO 3166 alpha-2, or ""
    is_virtual: bool = False
    languages: tuple[str, ...] = ()
    convener: str = ""
    general_objectives: str = ""
    specific_objectives: tuple[str, ...] = ()
    participants_profile: str = ""
    desired_results: str = ""
    comments: str = ""
    uid: str = ""


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where an item of a merged note came from."""

    note_uid: str
    item_uid: str = ""
    author: str = ""
    file: str = ""


@dataclass(frozen=True, slots=True)
class OpenDecision:
    """A decision a merge left open in a merged note, for the rapporteur to make later
    (kept in merged exchange files and in the database, see :mod:`notetaker.merge`)."""

    id: str
    kind: str  # "duplicate", "conflict" or "text"
    section: str
    items: tuple[str, ...]  # uids of the note's items the decision is about
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of a section: a highlight, an intervention, a list item or a text body."""

    id: int | None
    section: str
    body: RichText = field(default_factory=RichText)
    delegations: tuple[str, ...] = ()  # attribution (highlights) or speaker first (interventions)
    person: str = ""
    spoken_at: datetime | None = None  # aware, UTC
    author: str = ""
    on_behalf_of: str | None = None  # "X on behalf of Y": the speaker X speaks for group Y
    provenance: tuple[Provenance, ...] = ()
    position: int = 0
    uid: str = ""
    created_at: datetime | None = None
    modified_at: datetime | None = None

    @property
    def speaker(self) -> str | None:
        return self.delegations[0] if self.delegations else None


@dataclass(frozen=True, slots=True)
class NoteSummary:
    id: int
    event_id: int
    template_id: str
    status: NoteStatus
    notetakers: tuple[str, ...]
    updated_at: datetime | None = None
    locked: bool = False


@dataclass(frozen=True, slots=True)
class Note:
    id: int | None
    event_id: int
    template_id: str
    template_version: int = 1
    status: NoteStatus = NoteStatus.CAPTURING
    notetakers: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    uid: str = ""
    locked: bool = False
    merged_from: tuple[str, ...] = ()  # uids of the notes a merged note was made from
    clock_started_at: datetime | None = None  # session clock: start, shifted by pauses
    clock_paused_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    def section_items(self, key: str) -> list[Item]:
        return sorted((i for i in self.items if i.section == key), key=lambda i: i.position)

    def summary(self) -> NoteSummary:
        assert self.id is not None
        return NoteSummary(
            self.id, self.event_id, self.template_id, self.status, self.notetakers, self.updated_at,
            self.locked,
        )


@dataclass(frozen=True, slots=True)
class EventWithNotes:
    event: Event
    notes: tuple[NoteSummary, ...]


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """What a service call changed, so that views refresh only what they must.

    ``events``: events whose record changed (made, edited, deleted, or one of their notes
    made, deleted or re-described: the events list shows them). ``notes``: notes whose own
    record changed (made, deleted, status or lock, notetakers, template, clock), not their
    items. ``content``: notes whose items changed (added, edited, moved, removed), with the
    ids of the items written in ``items`` and of those removed in ``removed_items``.
    """

    events: frozenset[int] = frozenset()
    notes: frozenset[int] = frozenset()
    items: frozenset[int] = frozenset()
    delegations: bool = False
    removed_items: frozenset[int] = frozenset()
    content: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(
            self.events or self.notes or self.items or self.delegations or self.removed_items or self.content
        )

    def __or__(self, other: ChangeSet) -> ChangeSet:
        """Both change-sets in one."""
        return ChangeSet(
            self.events | other.events,
            self.notes | other.notes,
            self.items | other.items,
            self.delegations or other.delegations,
            self.removed_items | other.removed_items,
            self.content | other.content,
        )


def clean_names(names: Iterable[str]) -> list[str]:
    """Notetakers' names as a note keeps them: each stripped, the empty ones left out.

    The one place that cleans them: whatever writes a note's notetakers (creating or
    updating the note, live capture's writer, an import, a saved merge) stores them through it.
    """
    return [n.strip() for n in names if n and n.strip()]


def new_uid() -> str:
    """A new random identifier for an event, a note or an item: ``str(uuid.uuid4())``.

    Made as :func:`uuid.uuid4` makes it (16 random bytes, version and variant bits
    set) without importing :mod:`uuid`, which loads :mod:`platform`: opening a note
    makes one, and the application's start would pay for that import.
    """
    raw = bytearray(os.urandom(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
