"""The two indicators over the hand-checked month of tests/fixtures/month.py: exact values."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.periods import Period, PeriodKind, period_for
from swat_desktop.services import indicators
from swat_desktop.services.indicators import Scope
from swat_desktop.services.store import Database
from tests.fixtures.month import DAY_1, DAY_2, MONTH, Month, build


@pytest.fixture
def month(db: Database, agent: UserProfile, tmp_path: Path) -> Month:
    return build(db, agent, tmp_path)


def test_the_month_counts_reviewed_accounts_without_accepted_claims(
        db: Database, month: Month) -> None:
    result = indicators.compute(db, MONTH)
    assert result.records == 10  # both bases: the denominator
    assert (result.reviewed, result.counted, result.pending) == (8, 7, 2)
    assert (result.procede, result.no_procede) == (4, 4)
    assert (result.claims_accepted, result.claims_rejected, result.claims_pending) == (1, 1, 1)
    assert result.percent == pytest.approx(70.0)
    assert result.scope == "Todos los asesores"


def test_advisor_ranking_divides_by_the_whole_base(db: Database, month: Month) -> None:
    ranking = indicators.compute(db, MONTH).advisors
    assert [(a.asesor_id, a.accounts, a.reviewed, a.counted, a.percent) for a in ranking] == [
        ("ecm1", 4, 3, 3, pytest.approx(30.0)),
        ("ecm2", 3, 3, 2, pytest.approx(20.0)),  # 1003 left with the accepted claim
        ("ecm3", 3, 2, 2, pytest.approx(20.0)),  # 1005 not reviewed yet
    ]
    beto = ranking[1]
    assert (beto.no_procede, beto.claims_accepted, beto.claims_rejected) == (3, 1, 1)
    assert ranking[0].recurrences == 1
    assert ranking[0].supervisor == "Lucía Peña"


def test_recurrence_by_error_type_counts_every_causal_of_an_account(
        db: Database, month: Month) -> None:
    figures = [(c.code, c.accounts, c.percent) for c in indicators.compute(db, MONTH).causales]
    assert figures == [
        ("C04", 3, pytest.approx(30.0)),  # 1001, 1002 (second causal), 2001
        ("C02", 2, pytest.approx(20.0)),  # 1004 rejected claim, 2002 pending claim
        ("C06", 1, pytest.approx(10.0)),
        ("C11", 1, pytest.approx(10.0)),
        ("C13", 1, pytest.approx(10.0)),
    ]


def test_days_of_the_period_each_with_its_records(db: Database, month: Month) -> None:
    days = {d.day: (d.records, d.reviewed, d.counted) for d in
            indicators.compute(db, MONTH).days}
    assert len(days) == 30
    assert days[DAY_1] == (6, 5, 4)
    assert days[DAY_2] == (4, 3, 3)
    assert days[date(2026, 11, 1)] == (0, 0, 0)


def test_a_supervisor_scope_narrows_the_numerator_not_the_denominator(
        db: Database, month: Month) -> None:
    result = indicators.compute(db, MONTH, Scope(supervisor="Lucía Peña"))
    assert result.records == 10
    assert result.counted == 5
    assert result.percent == pytest.approx(50.0)
    assert [a.asesor_id for a in result.advisors] == ["ecm1", "ecm2"]
    assert result.scope == "Supervisor: Lucía Peña"
    assert indicators.compute(db, MONTH, Scope(asesor_id="ecm3")).scope == \
        "Asesor: Carla Gómez (ecm3)"


def test_a_daily_cut_has_its_own_denominator(db: Database, month: Month) -> None:
    day = indicators.compute(db, period_for(PeriodKind.DIARIO, DAY_1))
    assert day.records == 6
    ana = next(a for a in day.advisors if a.asesor_id == "ecm1")
    assert ana.counted == 2
    assert ana.percent == pytest.approx(100 * 2 / 6)
    assert ana.recurrences == 0  # 1001 is the day of the session, not after it


def test_a_repeat_after_the_compromiso_is_a_recurrence(db: Database, month: Month) -> None:
    found = indicators.recurrences(db, MONTH)
    assert [(r.asesor_id, r.cuenta, r.causal_code, r.commitment_date) for r in found] == [
        ("ecm1", "2001", "C04", DAY_1)]


def test_an_empty_period_is_all_zeros(db: Database, month: Month) -> None:
    result = indicators.compute(db, Period(date(2026, 10, 1), date(2026, 10, 31)))
    assert result.is_empty
    assert (result.records, result.counted, result.percent) == (0, 0, 0.0)
    assert result.advisors == ()
    assert result.causales == ()
    assert len(result.days) == 31
    assert all(d.records == 0 for d in result.days)
