"""Print the moment ``make test-moved-clock`` runs the tests at: a minute of 2027–2030.

It is derived from the commit (``git rev-parse HEAD``, or the one given), so each commit tries
another day and time, and the same commit always the same one: a failure repeats with
``make test-moved-clock DATE="<what this printed>"``. Every day of the four years can come
out, 29/02/2028 among them, at any minute of the day (late evening in Bogotá and Lima is
already the next day in UTC). Printed in UTC, as faketime reads it: "2028-02-29 12:00:00 UTC".
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

FIRST_DAY = date(2027, 1, 1)
LAST_DAY = date(2030, 12, 31)
DAYS = (LAST_DAY - FIRST_DAY).days + 1  # 1461: four years, one of them leap
MINUTES_A_DAY = 24 * 60


def moved_moment(commit: str) -> datetime:
    """The commit's moment: its hash picks the day, and what is left of it the minute."""
    number = int(commit, 16)
    day = FIRST_DAY + timedelta(days=number % DAYS)
    minute = (number // DAYS) % MINUTES_A_DAY
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(minutes=minute)


def head_commit() -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True,
                          check=True).stdout.strip()


def main(argv: list[str]) -> int:
    commit = argv[0] if argv else head_commit()
    print(f"{moved_moment(commit):%Y-%m-%d %H:%M:%S} UTC")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
