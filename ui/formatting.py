"""How domain values read in the interface: dates in the event's zone, translated labels."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_date, format_time

from notetaker.domain import Event, EventKind, NoteStatus
from notetaker.i18n import _
from notetaker.timezones import ZoneError, offset_label, to_local


def kind_labels() -> dict[EventKind, str]:
    return {
        EventKind.SIDE_EVENT: _("Side event"),
        EventKind.WEBINAR: _("Webinar"),
        EventKind.WORKSHOP: _("Workshop"),
        EventKind.TRAINING_WORKSHOP: _("Training workshop"),
        EventKind.VIRTUAL_MEETING: _("Virtual meeting"),
        EventKind.PLENARY_MEETING: _("Plenary meeting"),
        EventKind.WORKING_GROUP_MEETING: _("Working-group meeting"),
        EventKind.VICE_MINISTERIAL_MEETING: _("Vice-ministerial meeting"),
        EventKind.DIALOGUE_FORUM: _("Dialogue forum"),
        EventKind.MEETING: _("Meeting"),
    }


def status_labels() -> dict[NoteStatus, str]:
    return {
        NoteStatus.CAPTURING: _("Capturing"),
        NoteStatus.MERGED: _("Merged"),
        NoteStatus.IN_REVIEW: _("In review"),
        NoteStatus.FINAL: _("Final"),
    }


def _locale(lang: str) -> str:
    return lang.replace("-", "_") or "en"


def format_instant(instant: datetime, zone: str, lang: str, with_date: bool = True) -> str:
    """An instant in ``zone`` as people write it: "May 19, 2022, 12:30 PM GMT-6"."""
    try:
        local = to_local(instant, zone)
        label = offset_label(instant, zone)
    except ZoneError:
        local, label = instant, "UTC"
    time_text = f"{format_time(local, 'short', locale=_locale(lang))} {label}"
    if not with_date:
        return time_text
    return f"{format_date(local, 'long', locale=_locale(lang))}, {time_text}"


def format_when(event: Event, lang: str) -> str:
    """The event's start (and end), in its own time zone; "" when not scheduled."""
    if event.starts_at is None:
        return ""
    text = format_instant(event.starts_at, event.timezone, lang)
    if event.ends_at is not None:
        try:
            same_day = (
                to_local(event.starts_at, event.timezone).date()
                == to_local(event.ends_at, event.timezone).date()
            )
        except ZoneError:
            same_day = False
        text += " – " + format_instant(event.ends_at, event.timezone, lang, with_date=not same_day)
    return text


def format_date_only(event: Event, lang: str) -> str:
    if event.starts_at is None:
        return ""
    try:
        local = to_local(event.starts_at, event.timezone)
    except ZoneError:
        local = event.starts_at
    return format_date(local, "medium", locale=_locale(lang))
