"""Dates in the interface: Qt's locale data, in the event's own time zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QLocale

from notetaker.domain import Event
from ui.formatting import format_date_only, format_instant, format_when, short_date_format

START = datetime(2022, 5, 19, 18, 30, tzinfo=UTC)  # 12:30 in Guatemala (GMT-6)


@pytest.fixture(autouse=True)
def english_default(qapp):
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(previous)


def test_instant_in_the_events_zone_in_english_and_spanish():
    assert format_instant(START, "America/Guatemala", "en").replace("\u202f", " ") == (
        "Thursday, May 19, 2022, 12:30 PM GMT-6"
    )
    assert format_instant(START, "GMT-6", "es") == "jueves, 19 de mayo de 2022, 12:30 GMT-6"
    assert format_instant(START, "UTC", "es", with_date=False) == "18:30 GMT"


def test_date_only_keeps_the_full_year_and_the_local_day():
    late = datetime(2022, 5, 20, 3, 0, tzinfo=UTC)  # still the 19th in Guatemala
    event = Event(id=1, title="t", starts_at=late, timezone="America/Guatemala")
    assert format_date_only(event, "en") == "5/19/2022"
    assert format_date_only(event, "es") == "19/5/2022"
    assert "yyyy" in short_date_format("en") and "yyyy" in short_date_format("es")


def test_the_users_region_decides_when_it_speaks_the_language():
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    event = Event(id=1, title="t", starts_at=START, timezone="America/Guatemala")
    assert format_date_only(event, "en") == "19/05/2022"  # follows a default changed while running
    assert format_date_only(event, "es") == "19/5/2022"


def test_when_spans_the_end_and_unscheduled_is_empty():
    end = datetime(2022, 5, 19, 20, 0, tzinfo=UTC)
    event = Event(id=1, title="t", starts_at=START, ends_at=end, timezone="America/Guatemala")
    assert format_when(event, "es") == "jueves, 19 de mayo de 2022, 12:30 GMT-6 – 14:00 GMT-6"
    assert format_when(Event(id=1, title="t"), "en") == ""
