"""A note in a real SQLite file (the shared ``core`` fixture) on the IMRF template,
filled like seed 003, abridged."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from notetaker.core import Core
from notetaker.domain import Event, EventKind
from notetaker.richtext import Block, BlockStyle, RichText, Run

EVENT_TITLE = "IMRF side event: the RCM and the Global Compact"
HIGHLIGHT_1 = "Migration needs to be addressed as a region and not individually."
HIGHLIGHT_2 = "The RCM recognizes the Global Compact as a key instrument."
LINK = "https://migrationnetwork.un.org/practices"
BELL_TEXT = "Dialogue on the\x07 Assistance"


@pytest.fixture
def note_id(core: Core) -> int:
    event = core.events.create(
        Event(
            id=None,
            title=EVENT_TITLE,
            kind=EventKind.SIDE_EVENT,
            starts_at=datetime(2022, 5, 19, 18, 30, tzinfo=UTC),
            ends_at=datetime(2022, 5, 19, 20, 0, tzinfo=UTC),
            timezone="UTC-06:00",
        )
    ).value
    note = core.notes.create(
        event.id, "imrf-side-event", ["Marisol Aguilar", "Ericka Guevara"]
    ).value
    n = note.id
    add = core.notes.add_item
    add(n, "highlights", body=RichText.plain(HIGHLIGHT_1), delegations=["RCM"])
    add(n, "highlights", body=RichText.plain(HIGHLIGHT_2), delegations=["IOM", "UNHCR"])
    add(n, "introduction", body=RichText.from_markdown(
        "The RCM presented its **regional priorities** to the IMRF."
    ))
    add(n, "regional_context", body=RichText.plain("In 2021, more than 130,000 migrants crossed the Darien gap."))
    add(n, "regional_context", body=RichText.plain("Remittances reached 26% of GDP in some countries."))
    add(n, "regional_prioritization", body=RichText.plain("Two workshops were held."))
    add(n, "thematic_pillars", body=RichText.plain("Thematic pillar 1 – Migrant protection"))
    add(n, "panel_discussion", body=RichText((
        Block((Run("Practices were published in the "), Run("Repository of Practices", href=LINK), Run(":"))),
        Block((Run(BELL_TEXT), Run(" Migrant Women", bold=True)), BlockStyle.BULLET),
        Block((Run("Diploma on "), Run("Labor Migration", bold=True)), BlockStyle.BULLET),
        Block((Run("First step"),), BlockStyle.NUMBERED),
        Block((Run("Second step"),), BlockStyle.NUMBERED),
    )))
    add(n, "floor_interventions", body=RichText.plain(
        "Beyond an evaluation every 4 years, it is necessary to redouble efforts.\nSecond paragraph."
    ), delegations=["GT"])
    add(n, "floor_interventions", body=RichText.plain("Has followed up on the objectives."),
        delegations=["MX"], person="Ana Pérez")
    add(n, "closing", body=RichText.plain("Throughout the event, shared responsibility was highlighted."))
    return n
