"""Row <-> domain conversions. Domain objects leave the storage layer detached.

The ``*_from_row`` functions take ORM rows or the plain records of :mod:`.reads`
(the same columns as attributes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..domain import (
    Delegation,
    DelegationKind,
    Event,
    EventKind,
    Item,
    Note,
    NoteStatus,
    NoteSummary,
    Provenance,
)
from ..richtext import RichText
from ..timezones import canonical_zone

if TYPE_CHECKING:  # rows of the ORM, or plain records of the same columns (see .reads)
    from .models import DelegationRow, EventRow, ItemRow, NoteRow


def event_from_row(row: EventRow | Any) -> Event:
    return Event(
        id=row.id,
        uid=row.uid,
        title=row.title,
        kind=EventKind(row.kind),
        series=row.series,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        timezone=row.timezone,
        venue_city=row.venue_city,
        venue_country=row.venue_country,
        is_virtual=row.is_virtual,
        languages=tuple(row.languages or ()),
        convener=row.convener,
        general_objectives=row.general_objectives,
        specific_objectives=tuple(row.specific_objectives or ()),
        participants_profile=row.participants_profile,
        desired_results=row.desired_results,
        comments=row.comments,
    )


EVENT_FIELDS = (
    "title", "kind", "series", "starts_at", "ends_at", "timezone", "venue_city",
    "venue_country", "is_virtual", "languages", "convener", "general_objectives",
    "specific_objectives", "participants_profile", "desired_results", "comments",
)


def event_to_row(event: Event, row: EventRow) -> None:
    for name in EVENT_FIELDS:
        value = getattr(event, name)
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, EventKind):
            value = value.value
        elif name == "timezone":
            value = canonical_zone(value)
        setattr(row, name, value)


def item_from_row(row: ItemRow | Any, delegations: Sequence[str] | None = None) -> Item:
    """An item from an ORM row, or from a plain SQL row with its ``delegations`` given."""
    if delegations is None:
        delegations = [a.delegation_code for a in row.attributions]
    return Item(
        id=row.id,
        uid=row.uid,
        section=row.section,
        body=RichText.from_json(row.body),
        delegations=tuple(delegations),
        person=row.person,
        spoken_at=row.spoken_at,
        author=row.author,
        on_behalf_of=row.on_behalf_of,
        provenance=provenance_from_data(row.provenance),
        position=row.position,
        created_at=row.created_at,
        modified_at=row.modified_at,
    )


def note_summary_from_row(row: NoteRow | Any) -> NoteSummary:
    return NoteSummary(
        id=row.id,
        event_id=row.event_id,
        template_id=row.template_id,
        status=NoteStatus(row.status),
        notetakers=tuple(row.notetakers or ()),
        updated_at=row.updated_at,
        locked=row.locked,
    )


def note_from_row(row: NoteRow | Any, items: Iterable[Item]) -> Note:
    return Note(
        id=row.id,
        uid=row.uid,
        event_id=row.event_id,
        template_id=row.template_id,
        template_version=row.template_version,
        status=NoteStatus(row.status),
        notetakers=tuple(row.notetakers or ()),
        items=tuple(items),
        locked=row.locked,
        merged_from=tuple(row.merged_from or ()),
        clock_started_at=row.clock_started_at,
        clock_paused_at=row.clock_paused_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def delegation_from_row(row: DelegationRow | Any) -> Delegation:
    return Delegation(
        code=row.code,
        kind=DelegationKind(row.kind),
        names=dict(row.names or {}),
        acronyms=dict(row.acronyms or {}),
        members=tuple(row.members or ()),
        builtin=row.builtin,
    )


def provenance_from_data(data: Iterable[dict[str, str]] | None) -> tuple[Provenance, ...]:
    return tuple(Provenance(**p) for p in data) if data else ()


def provenance_to_data(provenance: tuple[Provenance, ...]) -> list[dict[str, str]]:
    return [
        {"note_uid": p.note_uid, "item_uid": p.item_uid, "author": p.author, "file": p.file}
        for p in provenance
    ]
