from __future__ import annotations

from datetime import UTC, datetime

import pytest

from notetaker.timezones import ZoneError, canonical_zone, from_local, offset_label, to_local


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("GMT-6", "UTC-06:00"),
        ("GTM-6", "UTC-06:00"),  # the seed's own typo
        ("UTC-06:00", "UTC-06:00"),
        ("utc+5:30", "UTC+05:30"),
        ("GMT", "UTC"),
        ("America/Guatemala", "America/Guatemala"),
    ],
)
def test_zones_as_people_write_them(typed, stored):
    assert canonical_zone(typed) == stored


@pytest.mark.parametrize("bad", ["Mars/Olympus", "GMT-99", "../etc"])
def test_unknown_zones_are_refused(bad):
    with pytest.raises(ZoneError):
        canonical_zone(bad)


def test_instants_are_stored_in_utc_and_shown_in_the_event_zone():
    instant = from_local(datetime(2022, 5, 19, 12, 30), "GTM-6")
    assert instant == datetime(2022, 5, 19, 18, 30, tzinfo=UTC)
    assert to_local(instant, "UTC-06:00").strftime("%H:%M") == "12:30"
    assert offset_label(instant, "America/Guatemala") == "GMT-6"


def test_the_zone_database_loads_only_for_a_named_zone():
    """Fixed offsets (the seeds' events, the GUI's start) never load zoneinfo; a zone name does."""
    import subprocess
    import sys

    child = (
        "import sys; from datetime import datetime, UTC; import notetaker.timezones as tz\n"
        "tz.to_local(datetime(2024, 5, 1, tzinfo=UTC), tz.canonical_zone('GMT-6'))\n"
        "print('zoneinfo' in sys.modules)\n"
        "print(tz.offset_label(datetime(2024, 5, 1, tzinfo=UTC), tz.canonical_zone('America/Guatemala')))\n"
        "print('zoneinfo' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "GMT-6", "True"]


@pytest.mark.parametrize("typed", ["GMT/6", "UTC,5", "GMTa6", "GMT=6", "UTC 6"])
def test_a_sign_must_be_plus_minus_or_the_minus_sign(typed):
    """(The sign was a character range from "+" to "−", which took "/", "," or "a" for a plus.)"""
    with pytest.raises(ZoneError):
        canonical_zone(typed)


@pytest.mark.parametrize("dash", ["-", "\u2212", "\u2010", "\u2011", "\u2012", "\u2013", "\ufe63", "\uff0d"])
def test_a_minus_may_be_any_dash(dash):
    """(Text pasted from a word processor has en dashes; the old range read some as a plus.)"""
    assert canonical_zone(f"GMT{dash}6") == "UTC-06:00"
