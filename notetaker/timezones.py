"""Time zones as people write them: "GMT-6", "GTM-6", "UTC-06:00", "America/Guatemala".

Events store an IANA zone name or a canonical fixed offset ("UTC-06:00"); every
instant is stored in UTC and shown in the event's zone. The zone database
(:mod:`zoneinfo`, which loads :mod:`sysconfig` to find it) is loaded the first
time a zone is named ("America/Guatemala"), not for fixed offsets ("UTC-06:00").
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING

from .i18n import _

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

_OFFSET_RE = re.compile(
    r"^\s*(?:GMT|GTM|UTC|UT|Z)?\s*(?P<sign>[-+\u2212\u2010-\u2013\ufe63\uff0d])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?\s*$",
    re.IGNORECASE,
)


class ZoneError(ValueError):
    pass


def canonical_zone(text: str) -> str:
    """Normalise a zone as typed to the stored form; raises ZoneError if unknown."""
    raw = text.strip()
    if raw.upper() in ("", "UTC", "GMT", "GTM", "Z", "UT"):
        return "UTC"
    m = _OFFSET_RE.match(raw)
    if m:
        hours, minutes = int(m.group("h")), int(m.group("m") or 0)
        if hours > 14 or minutes > 59:
            raise ZoneError(_("Offset out of range: {zone}").format(zone=text))
        if hours == 0 and minutes == 0:
            return "UTC"
        sign = "+" if m.group("sign") == "+" else "-"  # "-", the minus sign, or a dash pasted from Word
        return f"UTC{sign}{hours:02d}:{minutes:02d}"
    _named_zone(raw, text)
    return raw


def _named_zone(name: str, as_typed: str) -> ZoneInfo:
    """The IANA zone ``name``; raises ZoneError (with the zone ``as_typed``) if unknown."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ZoneError(_("Unknown time zone: {zone}").format(zone=as_typed)) from None


def parse_zone(text: str) -> tzinfo:
    """The tzinfo for a zone as typed or stored."""
    name = canonical_zone(text)
    if name == "UTC":
        return UTC
    if name.startswith("UTC") and len(name) == 9:
        sign = -1 if name[3] == "-" else 1
        delta = timedelta(hours=int(name[4:6]), minutes=int(name[7:9]))
        return timezone(sign * delta)
    return _named_zone(name, text)


def to_local(instant: datetime, zone: str) -> datetime:
    """An aware instant shown in ``zone``."""
    return instant.astimezone(parse_zone(zone))


def from_local(naive: datetime, zone: str) -> datetime:
    """Interpret a wall-clock time in ``zone``; returns an aware UTC instant."""
    return naive.replace(tzinfo=parse_zone(zone)).astimezone(UTC)


def offset_label(instant: datetime, zone: str) -> str:
    """The offset in the seed's style, e.g. "GMT-6" or "GMT+5:30"."""
    offset = to_local(instant, zone).utcoffset() or timedelta(0)
    total = int(offset.total_seconds() // 60)
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total), 60)
    if total == 0:
        return "GMT"
    return f"GMT{sign}{hours}" + (f":{minutes:02d}" if minutes else "")
