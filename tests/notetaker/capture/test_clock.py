"""The session clock: start, pause, resume, offsets that survive pauses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from notetaker.capture.clock import SessionClock, format_elapsed, format_offset

T0 = datetime(2022, 5, 19, 18, 30, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_a_clock_that_was_never_started_reads_nothing():
    clock = SessionClock()
    assert not clock.started and not clock.running
    assert clock.elapsed(at(100)) == timedelta(0)
    assert clock.offset(at(5)) is None
    assert format_offset(clock.offset(at(5))) == ""


def test_pauses_stop_the_clock_and_keep_the_offsets_of_earlier_items():
    clock = SessionClock().start(at(0))
    assert clock.running
    assert clock.elapsed(at(14 * 60)) == timedelta(minutes=14)
    assert format_offset(clock.offset(at(14 * 60 + 5))) == "+00:14"
    clock = clock.pause(at(600))
    assert not clock.running and clock.started
    assert clock.elapsed(at(900)) == timedelta(seconds=600)
    assert clock.offset(at(700)) == timedelta(seconds=600)  # frozen while paused
    clock = clock.start(at(900))  # resume after 5 minutes
    assert clock.running
    assert clock.started_at == at(300)  # shifted by the pause, as the note stores it
    assert clock.elapsed(at(1000)) == timedelta(seconds=700)
    assert clock.offset(at(100)) == timedelta(seconds=100)  # before the pause: unchanged
    assert clock.offset(at(1000)) == timedelta(seconds=700)
    assert clock.origin() == T0
    assert format_offset(clock.offset(at(-180))) == "−00:03"


def test_toggle_and_restore_round_trip():
    clock = SessionClock().toggle(at(0)).toggle(at(60)).toggle(at(120))
    assert clock.running and len(clock.pauses) == 1
    back = SessionClock.restore(clock.started_at, clock.paused_at, clock.pauses_data())
    assert back == clock
    assert SessionClock.restore(clock.started_at, None, "garbage").pauses == ()
    assert SessionClock.restore(None, at(5), clock.pauses_data()) == SessionClock()


def test_format_elapsed():
    assert format_elapsed(timedelta(hours=1, minutes=2, seconds=3)) == "1:02:03"
    assert format_elapsed(timedelta(seconds=-4)) == "0:00:00"
