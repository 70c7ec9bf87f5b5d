"""Fixtures shared by the core's tests: a note, and live capture's store on the test database."""

from __future__ import annotations

import pytest

from notetaker.domain import Event
from notetaker.services.capture import CaptureStore


@pytest.fixture
def note(core):
    event = core.events.create(Event(None, "Side event")).value
    return core.notes.create(event.id, "imrf-side-event", ["Ana"]).value


@pytest.fixture
def store(core):
    s = CaptureStore.for_core(core)
    yield s
    s.close()
