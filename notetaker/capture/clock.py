"""The session clock of a note: started, paused, resumed; offsets of items from the start.

A note stores ``clock_started_at`` (the start, shifted later by every pause, so
that the elapsed time is always ``(paused_at or now) - started_at``) and
``clock_paused_at``. The completed pauses are kept as well (in the app state),
so that an item taken before a pause keeps its offset after the clock resumes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

ZERO = timedelta(0)


@dataclass(frozen=True, slots=True)
class SessionClock:
    started_at: datetime | None = None  # aware UTC, shifted by completed pauses
    paused_at: datetime | None = None
    pauses: tuple[tuple[datetime, datetime], ...] = ()  # completed pauses, oldest first

    @property
    def started(self) -> bool:
        return self.started_at is not None

    @property
    def running(self) -> bool:
        return self.started_at is not None and self.paused_at is None

    def elapsed(self, now: datetime) -> timedelta:
        """The time the clock has run, pauses excluded."""
        if self.started_at is None:
            return ZERO
        return max(ZERO, (self.paused_at or now) - self.started_at)

    def start(self, now: datetime) -> SessionClock:
        """Start the clock, or resume it when paused; a running clock is left alone."""
        if self.started_at is None:
            return SessionClock(now, None, ())
        if self.paused_at is None:
            return self
        pause = (self.paused_at, max(now, self.paused_at))
        return SessionClock(self.started_at + (pause[1] - pause[0]), None, (*self.pauses, pause))

    def pause(self, now: datetime) -> SessionClock:
        if not self.running:
            return self
        return replace(self, paused_at=now)

    def toggle(self, now: datetime) -> SessionClock:
        return self.pause(now) if self.running else self.start(now)

    def origin(self) -> datetime | None:
        """The instant the clock was first started."""
        if self.started_at is None:
            return None
        return self.started_at - sum((end - begin for begin, end in self.pauses), ZERO)

    def offset(self, instant: datetime) -> timedelta | None:
        """What the clock read at ``instant`` (negative before it was started); None if never started."""
        origin = self.origin()
        if origin is None:
            return None
        paused = ZERO
        for begin, end in self.pauses:
            if begin < instant:
                paused += min(end, instant) - begin
        if self.paused_at is not None and instant > self.paused_at:
            paused += instant - self.paused_at
        return instant - origin - paused

    # -- persistence of the pauses (the note holds started_at and paused_at) ------------
    def pauses_data(self) -> list[list[str]]:
        return [[begin.isoformat(), end.isoformat()] for begin, end in self.pauses]

    @classmethod
    def restore(
        cls, started_at: datetime | None, paused_at: datetime | None, pauses: Any = None
    ) -> SessionClock:
        """The clock of a note; ``pauses`` as saved by :meth:`pauses_data` (ignored if malformed)."""
        parsed: list[tuple[datetime, datetime]] = []
        try:
            for begin, end in pauses or ():
                parsed.append((datetime.fromisoformat(begin), datetime.fromisoformat(end)))
        except (TypeError, ValueError):
            parsed = []
        if started_at is None:
            parsed = []
        return cls(started_at, paused_at if started_at is not None else None, tuple(parsed))


def format_offset(offset: timedelta | None) -> str:
    """"+00:14" (hours:minutes from the start), "−00:03" before it; "" with no clock."""
    if offset is None:
        return ""
    minutes = int(abs(offset).total_seconds()) // 60
    sign = "−" if offset < ZERO and minutes else "+"
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def format_elapsed(elapsed: timedelta) -> str:
    """"1:02:03": the clock's face."""
    seconds = int(max(ZERO, elapsed).total_seconds())
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
