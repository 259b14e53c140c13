"""One clock for business time: no module but ``domain/clock.py`` asks the system for "now".

Stamps, periods, deadlines and default dates come from the clock the store carries
(``Database.clock``), so the tests can fix it and the suite passes on any date (``.ci/run``
runs it again under faketime to prove it). This reads every module of the package, resolves
what its imports name, and fails on a call that reads the wall clock. Process time that is not
business time (how long a lock was held, how old a file is) is allowed explicitly below, each
use with its reason; an allowance that no longer matches a call fails too, so the list only
shrinks.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "swat_desktop"
CLOCK_MODULE = "domain/clock.py"  # SystemClock: the one place that reads the system's time

# Calls that read the wall clock whatever their arguments.
ALWAYS = frozenset({
    "datetime.datetime.now", "datetime.datetime.today", "datetime.datetime.utcnow",
    "datetime.date.today", "time.time", "time.time_ns",
    "PySide6.QtCore.QDate.currentDate", "PySide6.QtCore.QTime.currentTime",
    "PySide6.QtCore.QDateTime.currentDateTime", "PySide6.QtCore.QDateTime.currentDateTimeUtc",
    "PySide6.QtCore.QDateTime.currentSecsSinceEpoch",
    "PySide6.QtCore.QDateTime.currentMSecsSinceEpoch",
})
# Calls that read it when the instant is left out: how many arguments mean "now".
WITHOUT_INSTANT = {"time.localtime": 0, "time.gmtime": 0, "time.ctime": 0, "time.asctime": 0,
                   "time.strftime": 1}

# (module, call) -> why it may read the system's time.
ALLOWED: dict[tuple[str, str], str] = {
    ("storage/store_lock.py", "datetime.datetime.now"):
        "the registration's 'since': when this process joined the store, shown to another "
        "copy waiting for it; process time, not a business stamp",
    ("storage/backup.py", "time.time"):
        "age of leftover temporary copies, compared with their file mtimes (which the "
        "operating system writes with its own clock)",
}


def _imports(tree: ast.Module) -> dict[str, str]:
    """Local name -> what it stands for: ``dt`` -> ``datetime.datetime``, ``time`` -> ``time``."""
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def _dotted(node: ast.expr) -> list[str] | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None  # db.clock.now(), self.clock.now(): not a module's function
    parts.append(node.id)
    return parts[::-1]


def clock_reads(source: str) -> list[tuple[int, str]]:
    """(line, call) of every call in ``source`` that reads the system's clock."""
    tree = ast.parse(source)
    names = _imports(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        parts = _dotted(node.func)
        if parts is None or parts[0] not in names:
            continue
        call = ".".join([names[parts[0]], *parts[1:]])
        given = len(node.args) + len(node.keywords)
        if call in ALWAYS or (call in WITHOUT_INSTANT and given <= WITHOUT_INSTANT[call]):
            found.append((node.lineno, call))
    return sorted(found)


def _package_reads() -> dict[tuple[str, str], list[int]]:
    reads: dict[tuple[str, str], list[int]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        if module == CLOCK_MODULE:
            continue
        for line, call in clock_reads(path.read_text(encoding="utf-8")):
            reads.setdefault((module, call), []).append(line)
    return reads


def test_no_module_but_the_clock_reads_the_system_time() -> None:
    reads = _package_reads()
    offending = [f"swat_desktop/{module}:{line}: {call}() — take it from db.clock"
                 for (module, call), lines in sorted(reads.items())
                 if (module, call) not in ALLOWED for line in lines]
    assert offending == []


def test_every_allowance_still_matches_a_call() -> None:
    stale = sorted(set(ALLOWED) - set(_package_reads()))
    assert stale == [], "remove these from ALLOWED: the call is gone"


def test_the_scan_sees_through_aliases_and_spares_the_store_clock() -> None:
    source = "\n".join((
        "import datetime", "import time as t", "from datetime import date, datetime as dt",
        "from PySide6.QtCore import QDate",
        "datetime.datetime.now()", "dt.now(UTC)", "date.today()", "t.time()",
        "t.strftime('%Y')", "t.strftime('%Y', parts)", "t.monotonic()", "QDate.currentDate()",
        "db.clock.now()", "dt.fromisoformat(text)",
    ))
    assert clock_reads(source) == [
        (5, "datetime.datetime.now"), (6, "datetime.datetime.now"), (7, "datetime.date.today"),
        (8, "time.time"), (9, "time.strftime"), (12, "PySide6.QtCore.QDate.currentDate")]
