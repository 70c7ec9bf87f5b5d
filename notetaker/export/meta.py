"""Event facts for reports: labels, dates in the report's language, the metadata block.

Dates and times are shown in the event's own time zone (where it took place),
formatted with CLDR through Babel for the report language, whatever the
interface language is.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_datetime_format

from ..domain import Event, Note
from ..i18n import N_, translations
from ..timezones import offset_label, to_local

if TYPE_CHECKING:
    from ..templates import Template
    from .model import Cover, MetaEntry

# -- labels (marked for extraction, translated in the report's language) ------

LABELS = {
    "starts_at": N_("Date and time"),
    "ends_at": N_("End"),
    "dates": N_("Dates"),
    "notetakers": N_("Notetakers"),
    "venue": N_("Venue"),
    "series": N_("Series"),
    "kind": N_("Type of event"),
    "convener": N_("Convener"),
    "languages": N_("Languages of the documents"),
    "general_objectives": N_("General objective"),
    "specific_objectives": N_("Specific objectives"),
    "participants_profile": N_("Participants' profile"),
    "desired_results": N_("Desired results"),
    "comments": N_("Comments"),
}
LONG_FIELDS = frozenset({"general_objectives", "specific_objectives", "participants_profile", "desired_results", "comments"})
VIRTUAL = N_("Virtual")
CONTENTS = N_("Contents")
KIND_LABELS = {
    "side_event": N_("Side event"),
    "webinar": N_("Webinar"),
    "workshop": N_("Workshop"),
    "training_workshop": N_("Training workshop"),
    "virtual_meeting": N_("Virtual meeting"),
    "plenary_meeting": N_("Plenary meeting"),
    "working_group_meeting": N_("Working-group meeting"),
    "vice_ministerial_meeting": N_("Vice-ministerial meeting"),
    "dialogue_forum": N_("Dialogue forum"),
    "meeting": N_("Meeting"),
}


def locale_for(lang: str) -> Locale:
    for candidate in (lang.replace("-", "_"), lang.replace("-", "_").split("_")[0], "en"):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return Locale("en")


def _plain_spaces(text: str) -> str:
    # CLDR puts narrow no-break spaces around AM/PM and in ranges; plain spaces read the same everywhere.
    return text.replace("\u202f", " ").replace("\u2009", " ")


def format_instant(instant: datetime, zone: str, lang: str) -> str:
    """'May 19, 2022, 12:30 PM (GMT-6)' in ``lang``, shown in the event's zone."""
    locale = locale_for(lang)
    local = to_local(instant, zone)
    date = format_date(local, "long", locale=locale)
    clock = format_time(local, "short", locale=locale)
    text = get_datetime_format("long", locale=locale).replace("'", "").format(clock, date)
    return _plain_spaces(f"{text} ({offset_label(instant, zone)})")


def _whole_days(start: datetime, end: datetime | None) -> bool:
    """A date-only event: it starts at midnight and ends at 23:59 (or has no end)."""
    return start.time() == time(0, 0) and (end is None or end.time().replace(second=0, microsecond=0) == time(23, 59))


def format_dates(event: Event, lang: str) -> str:
    """The event's dates (and times) in ``lang``, in its time zone.

    "May 19, 2022, 12:30 PM – 2:00 PM (GMT-6)"; "November 14, 2023 – November 16, 2023"
    for date-only events; "" when the event has no start.
    """
    if event.starts_at is None:
        return ""
    locale = locale_for(lang)
    start = to_local(event.starts_at, event.timezone)
    end = to_local(event.ends_at, event.timezone) if event.ends_at else None
    if _whole_days(start, end):
        first = format_date(start, "long", locale=locale)
        if end is None or end.date() == start.date():
            return _plain_spaces(first)
        return _plain_spaces(f"{first} – {format_date(end, 'long', locale=locale)}")
    offset = offset_label(event.starts_at, event.timezone)
    if end is None:
        return format_instant(event.starts_at, event.timezone, lang)
    if end.date() != start.date():
        return _plain_spaces(
            f"{format_instant(event.starts_at, event.timezone, lang).rsplit(' (', 1)[0]} – "
            f"{format_instant(event.ends_at, event.timezone, lang)}"  # type: ignore[arg-type]
        )
    clocks = f"{format_time(start, 'short', locale=locale)} – {format_time(end, 'short', locale=locale)}"
    date = format_date(start, "long", locale=locale)
    text = get_datetime_format("long", locale=locale).replace("'", "").format(clocks, date)
    return _plain_spaces(f"{text} ({offset})")


def format_venue(event: Event, lang: str) -> str:
    """"Mexico City, Mexico", "Virtual", or "" — country names from CLDR in ``lang``."""
    locale = locale_for(lang)
    country = locale.territories.get(event.venue_country, event.venue_country) if event.venue_country else ""
    value = ", ".join(p for p in (event.venue_city, country) if p)
    if event.is_virtual:
        value = ", ".join(p for p in (value, translations(lang).gettext(VIRTUAL)) if p)
    return value


def event_field_value(event: Event, name: str) -> str | tuple[str, ...]:
    """An event-record field (objectives, profile...) as stored."""
    value = getattr(event, name)
    return tuple(v for v in value if v.strip()) if isinstance(value, tuple) else str(value)


def field_value(name: str, event: Event, note: Note | None, lang: str) -> str | tuple[str, ...]:
    """The text of header field ``name`` for ``event`` in ``lang``."""
    gettext = translations(lang).gettext
    locale = locale_for(lang)
    if name in ("starts_at", "ends_at"):
        instant = getattr(event, name)
        return format_instant(instant, event.timezone, lang) if instant else ""
    if name == "dates":
        return format_dates(event, lang)
    if name == "notetakers":
        return ", ".join(note.notetakers) if note else ""
    if name == "venue":
        return format_venue(event, lang)
    if name == "series":
        return event.series
    if name == "kind":
        return gettext(KIND_LABELS.get(event.kind.value, event.kind.value))
    if name == "convener":
        return event.convener
    if name == "languages":
        return ", ".join(locale.languages.get(code, code) for code in event.languages)
    return event_field_value(event, name)


def metadata(event: Event, note: Note | None, template: Template, lang: str) -> list[MetaEntry]:
    """The metadata block of ``template`` for ``event``: its non-empty header fields, in order."""
    from .model import MetaEntry

    gettext = translations(lang).gettext
    out = []
    for name in template.header_fields:
        value = field_value(name, event, note, lang)
        if (value.strip() if isinstance(value, str) else value):
            out.append(MetaEntry(gettext(LABELS[name]), value, long=name in LONG_FIELDS))
    return out


def cover_for(event: Event, template: Template, lang: str) -> Cover:
    """The cover page of one event's report: title, template title, series, dates, venue."""
    from .model import Cover

    return Cover(
        title=event.title,
        subtitle=template.title(lang),
        lines=(event.series, format_dates(event, lang), format_venue(event, lang)),
    )
