"""Periods of the cuts and the 24-hour deadline of a reclamación: pure rules, no store."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from swat_desktop.domain.claims import (
    ClaimState,
    DeadlineState,
    Outcome,
    claim_state,
    deadline_state,
    validate_outcome,
)
from swat_desktop.domain.indicators import format_percent, percent
from swat_desktop.domain.periods import Period, PeriodKind, period_for


def test_a_week_runs_monday_to_sunday_across_a_month_end() -> None:
    week = period_for(PeriodKind.SEMANAL, date(2026, 12, 2))
    assert (week.start, week.end) == (date(2026, 11, 30), date(2026, 12, 6))
    assert week.label == "semana 49 de 2026 (30/11 al 06/12/2026)"
    assert week.file_tag == "2026-S49"


def test_months_days_and_ranges() -> None:
    february = period_for(PeriodKind.MENSUAL, date(2028, 2, 10))
    assert (february.end, february.days, february.label) == \
        (date(2028, 2, 29), 29, "febrero de 2028")
    day = period_for(PeriodKind.DIARIO, date(2026, 11, 21))
    assert (day.label, day.file_tag) == ("21/11/2026", "2026-11-21")
    free = Period(date(2026, 11, 1), date(2026, 11, 15))
    assert free.label == "01/11/2026 al 15/11/2026"
    assert date(2026, 11, 15) in free
    assert date(2026, 11, 16) not in free
    with pytest.raises(ValueError, match="end before"):
        Period(date(2026, 11, 2), date(2026, 11, 1))


def test_deadline_states() -> None:
    sent = datetime(2026, 11, 21, 9, tzinfo=UTC)
    assert deadline_state(None, 3, sent) is DeadlineState.SIN_ENVIAR
    assert deadline_state(sent, 3, sent + timedelta(hours=19, minutes=59)) is \
        DeadlineState.EN_PLAZO
    assert deadline_state(sent, 3, sent + timedelta(hours=20)) is DeadlineState.POR_VENCER
    assert deadline_state(sent, 3, sent + timedelta(hours=24)) is DeadlineState.VENCIDA
    assert deadline_state(sent, 0, sent + timedelta(days=9)) is DeadlineState.RESUELTA
    assert claim_state(None, 2) is ClaimState.PREPARADA
    assert claim_state(sent, 2) is ClaimState.ENVIADA
    assert claim_state(sent, 0) is ClaimState.RESUELTA


def test_a_rejection_needs_its_reason() -> None:
    assert validate_outcome(Outcome.RECHAZADA, "  ") == {
        "reason": "Escriba el motivo que dio Gestión Soporte para rechazarla."}
    assert validate_outcome(Outcome.ACEPTADA, "") == {}
    assert "outcome" in validate_outcome(Outcome.PENDIENTE, "")


def test_percentages_in_spanish() -> None:
    assert percent(1, 3) == pytest.approx(33.333333)
    assert percent(5, 0) == 0.0
    assert format_percent(12.5) == "12,50 %"
