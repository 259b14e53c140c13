"""The indicators' denominator is every record the client sent (issue 17): a base of 40 records
with 3 unusable rows divides by 40, not by the 37 it could import, and a file sent again, whose
rows are already imported, adds nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.mal_escalados import (
    ProcedeMotivo,
    Procedencia,
    ReviewFilters,
    ReviewSort,
    VerdictInput,
)
from swat_desktop.domain.periods import PeriodKind, period_for
from swat_desktop.services import base_import, catalogue, indicators, review
from swat_desktop.services.indicators import Scope
from swat_desktop.services.store import Database
from tests.fixtures.listing import listed_ids
from tests.fixtures.workbooks import good_rows, write_xlsx

DAY = date(2026, 11, 21)
PERIOD = period_for(PeriodKind.MENSUAL, DAY)


def _forty_with_three_unusable() -> list[list[object]]:
    rows = good_rows(40)
    rows[5][0] = ""  # no account
    rows[17][1] = "no es una fecha"
    rows[30][2] = ""  # no advisor
    return rows


def _import(db: Database, agent: UserProfile, path: Path) -> base_import.ImportSummary:
    return base_import.run_import(db, agent, base_import.analyze(db, path))


def test_rejected_rows_count_in_the_denominator(db: Database, agent: UserProfile,
                                                tmp_path: Path) -> None:
    summary = _import(db, agent, write_xlsx(
        tmp_path / "Base Mal Escalados 21-11-2026.xlsx", _forty_with_three_unusable()))
    assert (summary.imported, summary.rejected_rows) == (37, 3)
    result = indicators.compute(db, PERIOD)
    assert (result.records, result.valid, result.rejected) == (40, 37, 3)
    day = next(d for d in result.days if d.day == DAY)
    assert (day.records, day.valid) == (40, 37)
    # One account reviewed as procede: 1 of the 40 records sent, 2,5 %, not 1/37.
    first = listed_ids(db, ReviewFilters(), ReviewSort())[0]
    causal = catalogue.list_causales(db)[0].id
    review.save_verdict(db, agent, first, VerdictInput(
        (causal,), Procedencia.PROCEDE, ProcedeMotivo.PROCEDIMIENTO, "Revisada."), 1)
    result = indicators.compute(db, PERIOD)
    assert result.counted == 1
    assert result.percent == pytest.approx(100 / 40)
    assert result.advisors[0].percent == pytest.approx(100 / 40)
    assert result.causales[0].percent == pytest.approx(100 / 40)


def test_a_supervisor_scope_keeps_the_rejected_rows_in_its_denominator(
        db: Database, agent: UserProfile, tmp_path: Path) -> None:
    """A rejected row names no usable advisor: it cannot be anybody's numerator, and stays in
    every scope's denominator, like the rest of the base."""
    _import(db, agent, write_xlsx(tmp_path / "Base Mal Escalados 21-11-2026.xlsx",
                                  _forty_with_three_unusable()))
    scoped = indicators.compute(db, PERIOD, Scope(supervisor="Lucía Peña"))
    assert (scoped.records, scoped.valid) == (40, 37)
    assert sum(a.accounts for a in scoped.advisors) == 37


def test_rows_already_imported_do_not_count_again(db: Database, agent: UserProfile,
                                                  tmp_path: Path) -> None:
    _import(db, agent, write_xlsx(tmp_path / "Base Mal Escalados 21-11-2026.xlsx",
                                  _forty_with_three_unusable()))
    # The next day's file repeats ten valid rows exactly and brings five new ones.
    again = good_rows(5) + good_rows(5, start=7) + good_rows(5, start=100)
    summary = _import(db, agent, write_xlsx(tmp_path / "Base Mal Escalados 22-11-2026.xlsx",
                                            again))
    assert (summary.imported, summary.duplicates, summary.rejected_rows) == (5, 10, 0)
    result = indicators.compute(db, PERIOD)
    assert (result.records, result.valid) == (45, 42)
    # The very same file imported twice: nothing new, no second base, no change.
    same = write_xlsx(tmp_path / "copia" / "Base Mal Escalados 21-11-2026.xlsx",
                      _forty_with_three_unusable())
    assert _import(db, agent, same).imported == 0
    after = indicators.compute(db, PERIOD)
    assert (after.records, after.valid) == (45, 42)


def test_a_day_without_a_base_has_no_records(db: Database, agent: UserProfile,
                                             tmp_path: Path) -> None:
    _import(db, agent, write_xlsx(tmp_path / "Base Mal Escalados 21-11-2026.xlsx",
                                  good_rows(4)))
    days = {d.day: (d.records, d.valid) for d in indicators.compute(db, PERIOD).days}
    assert days[DAY] == (4, 4)
    assert days[date(2026, 11, 20)] == (0, 0)
