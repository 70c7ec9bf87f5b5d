"""A compendium: one report across many notes, one chapter per event in date order.

The compendium has a cover (its title, the template or the number of events,
the span of dates), a table of contents, and then, for each event, a chapter
that starts on a new page with the event title (Heading 1), the metadata
block its template asks for, and its sections one heading level down.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from babel.dates import format_date

from ..domain import Delegation, Event, Note, NoteStatus, NoteSummary
from ..i18n import N_, translations
from ..templates import Template
from ..timezones import to_local
from .meta import CONTENTS, locale_for, metadata
from .model import Cover, Heading, Meta, Report, ReportBlock, body_blocks

COMPENDIUM_TITLE = N_("Compendium of event reports")
EVENT_COUNT = N_("{count} events")
# The note chosen for an event that has several: the most advanced one, then the latest.
_STATUS_RANK = {NoteStatus.FINAL: 0, NoteStatus.IN_REVIEW: 1, NoteStatus.MERGED: 2, NoteStatus.CAPTURING: 3}
_NEVER = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Chapter:
    event: Event
    note: Note
    template: Template


def date_order(event: Event, note_id: int | None) -> tuple[datetime, str, int]:
    """Date order; events without a date last, then by title, then by note id."""
    return (event.starts_at or _NEVER, event.title.casefold(), note_id or 0)


def chapter_order(chapter: Chapter) -> tuple[datetime, str, int]:
    return date_order(chapter.event, chapter.note.id)


def best_note(notes: Sequence[NoteSummary]) -> NoteSummary | None:
    """The note that stands for its event in a compendium: final before in review
    before merged before capturing, then the most recently changed."""
    if not notes:
        return None
    oldest = datetime.min.replace(tzinfo=UTC)
    return min(notes, key=lambda n: (_STATUS_RANK.get(n.status, 9), -(n.updated_at or oldest).timestamp(), -n.id))


def _span(chapters: Sequence[Chapter], lang: str) -> str:
    dated = [c.event for c in chapters if c.event.starts_at is not None]
    if not dated:
        return ""
    locale = locale_for(lang)
    days = sorted(to_local(e.starts_at, e.timezone).date() for e in dated)  # type: ignore[arg-type]
    first = format_date(days[0], "long", locale=locale)
    if days[-1] == days[0]:
        return first
    return f"{first} – {format_date(days[-1], 'long', locale=locale)}"


def build_compendium(
    chapters: Sequence[Chapter],
    roster: Mapping[str, Delegation],
    lang: str = "en",
    title: str = "",
) -> Report:
    """The compendium of ``chapters`` (sorted here by date) in ``lang``."""
    gettext = translations(lang).gettext
    ordered = sorted(chapters, key=chapter_order)
    series = {c.event.series for c in ordered}
    templates = {c.template.id for c in ordered}
    if not title:
        title = next(iter(series)) if len(series) == 1 and next(iter(series)) else gettext(COMPENDIUM_TITLE)
    subtitle = ordered[0].template.title(lang) if len(templates) == 1 and ordered else ""
    count = gettext(EVENT_COUNT).format(count=len(ordered))
    blocks: list[ReportBlock] = []
    for chapter in ordered:
        blocks.append(Heading(1, chapter.event.title, chapter=True))
        entries = metadata(chapter.event, chapter.note, chapter.template, lang)
        if entries:
            blocks.append(Meta(tuple(entries)))
        blocks.extend(body_blocks(chapter.event, chapter.note, chapter.template, roster, lang, shift=1))
    return Report(
        title=title,
        subtitle=subtitle or count,
        lang=lang,
        blocks=tuple(blocks),
        cover=Cover(title, subtitle or count, (count if subtitle else "", _span(ordered, lang))),
        toc=gettext(CONTENTS),
        toc_levels=1,
    )
