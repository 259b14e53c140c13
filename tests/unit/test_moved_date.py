"""scripts/moved_date.py: the moment the moved-clock run uses, derived from the commit."""

from __future__ import annotations

import hashlib
import importlib.util
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "moved_date.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("moved_date", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_day_of_2027_to_2030_can_come_out_the_leap_day_too() -> None:
    script = _script()
    days = {script.moved_moment(f"{n:040x}").date() for n in range(script.DAYS)}
    assert len(days) == script.DAYS == 1461
    assert (min(days), max(days)) == (date(2027, 1, 1), date(2030, 12, 31))
    assert date(2028, 2, 29) in days


def test_the_same_commit_gives_the_same_minute_and_commits_spread() -> None:
    script = _script()
    first = script.moved_moment("b2d8276251224593cdcfc3b5123424510242b9d7")
    assert first == script.moved_moment("b2d8276251224593cdcfc3b5123424510242b9d7")
    assert first.tzinfo is UTC
    assert first.second == 0
    commits = [hashlib.sha1(str(n).encode()).hexdigest() for n in range(300)]
    moments = [script.moved_moment(c) for c in commits]
    assert {m.year for m in moments} == {2027, 2028, 2029, 2030}
    assert len({m.hour for m in moments}) == 24  # late evening in Bogotá too


def test_it_prints_what_faketime_reads() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "0" * 40], capture_output=True,
                          text=True, check=True)
    assert done.stdout == "2027-01-01 00:00:00 UTC\n"
    moment = datetime.strptime(done.stdout.strip(), "%Y-%m-%d %H:%M:%S %Z")
    assert moment.year == 2027
