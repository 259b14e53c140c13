"""The one source of "now" for business time: stamps, periods, deadlines, default dates.

Every use case and every screen asks the clock it was handed (``Database.clock``) instead of
the system, so a test can fix the date and the suite means the same on 3 December as in
November, and a run under a moved process clock (``faketime``) proves nothing else asks.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The computer's clock: what the application runs on."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def __repr__(self) -> str:
        return "SystemClock()"


class FixedClock:
    """A clock that stays where it is set until told to move: tests, self-test, benchmarks."""

    def __init__(self, moment: datetime) -> None:
        self.moment = _aware(moment)

    def now(self) -> datetime:
        return self.moment

    def set(self, moment: datetime) -> None:
        self.moment = _aware(moment)

    def advance(self, delta: timedelta) -> datetime:
        self.moment += delta
        return self.moment

    def __repr__(self) -> str:
        return f"FixedClock({self.moment.isoformat()})"


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("A clock keeps timezone-aware instants")
    return moment.astimezone(UTC)


def local_now(clock: Clock, zone: tzinfo) -> datetime:
    """Wall-clock time in ``zone`` (Bogotá for the célula, Lima for the CAC points)."""
    return clock.now().astimezone(zone)


def local_today(clock: Clock, zone: tzinfo) -> date:
    return local_now(clock, zone).date()


def computer_now(clock: Clock) -> datetime:
    """Wall-clock time in this computer's own time zone: the stamp in the names of the files
    it keeps (backups), which its user reads next to the times the file manager shows."""
    return clock.now().astimezone()
