"""How domain values read in the interface: dates in the event's zone, translated labels.

Dates and times are written by Qt's :class:`QLocale` (its own CLDR data, built
in): the default locale where it speaks the language asked for, so that the
user's own region decides ("19/05/2022" in the United Kingdom), else the
language's main locale. Reports, which need the house style's exact wording,
format theirs with Babel (:mod:`notetaker.export.meta`).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QLocale, QTime

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


def _locale(lang: str) -> QLocale:
    """The default locale if it is in ``lang``'s language, else ``lang``'s own ("en" if empty)."""
    wanted = QLocale(lang.replace("-", "_") or "en")
    default = QLocale()
    return default if default.language() == wanted.language() else wanted


def _date(value: datetime) -> QDate:
    return QDate(value.year, value.month, value.day)


def short_date_format(lang: str) -> str:
    """The locale's short date with the year in full: "M/d/yyyy", "d/M/yyyy"..."""
    pattern = _locale(lang).dateFormat(QLocale.FormatType.ShortFormat)
    return pattern if "yyyy" in pattern else pattern.replace("yy", "yyyy")


def format_instant(instant: datetime, zone: str, lang: str, with_date: bool = True) -> str:
    """An instant in ``zone`` as people read it: "Thursday, May 19, 2022, 12:30 PM GMT-6"."""
    try:
        local = to_local(instant, zone)
        label = offset_label(instant, zone)
    except ZoneError:
        local, label = instant, "UTC"
    locale = _locale(lang)
    time_text = f"{locale.toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)} {label}"
    if not with_date:
        return time_text
    return f"{locale.toString(_date(local), QLocale.FormatType.LongFormat)}, {time_text}"


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
    return _locale(lang).toString(_date(local), short_date_format(lang))
