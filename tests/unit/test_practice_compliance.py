"""How a goal becomes a week's figure, on the calendar's edges: fortnights of ISO weeks (and
week 53 alone), semesters by the week's Thursday, per-line caps, the «en curso» lines."""

from __future__ import annotations

from datetime import date, time

import pytest

from swat_desktop.domain.identity import Role
from swat_desktop.domain.practice_compliance import (
    Leader,
    LineState,
    earliest_start,
    last_weeks,
    leader_week,
    week_of,
    window_for,
)
from swat_desktop.domain.practices import (
    GoalPeriod,
    PracticeInput,
    parse_catalogue,
    validate_practice,
)

CATALOGUE = parse_catalogue({"version": 3, "practices": [
    {"code": "D", "name": "Diaria", "frequency": "Diaria", "duration_minutes": 15,
     "goals": {"supervisor": {"count": 1, "per": "dia"}}},
    {"code": "Q", "name": "Quincenal", "frequency": "Quincenal", "duration_minutes": 60,
     "goals": {"supervisor": {"count": 1, "per": "quincena"}}},
    {"code": "S", "name": "Semestral", "frequency": "Semestral", "duration_minutes": 60,
     "goals": {"supervisor": {"count": 2, "per": "semestre"}}},
]})
ANA = Leader(1, "Ana", "ana", Role.SUPERVISOR)


@pytest.mark.parametrize(("day", "start", "end"), [
    (date(2026, 11, 18), date(2026, 11, 16), date(2026, 11, 29)),  # week 47: opens 47–48
    (date(2026, 11, 25), date(2026, 11, 16), date(2026, 11, 29)),  # week 48 closes it
    (date(2026, 12, 30), date(2026, 12, 28), date(2027, 1, 3)),    # week 53: alone
    (date(2027, 1, 6), date(2027, 1, 4), date(2027, 1, 17)),       # 2027's weeks 1–2
])
def test_a_fortnight_is_two_iso_weeks(day: date, start: date, end: date) -> None:
    window = window_for(GoalPeriod.QUINCENA, week_of(day))
    assert (window.start, window.end) == (start, end)


@pytest.mark.parametrize(("day", "start", "end"), [
    (date(2026, 6, 30), date(2026, 6, 29), date(2027, 1, 3)),  # Thursday 2 July: 2nd half
    (date(2026, 6, 24), date(2025, 12, 29), date(2026, 6, 28)),  # 1st half, from ISO week 1
    (date(2027, 1, 1), date(2026, 6, 29), date(2027, 1, 3)),   # Thursday 31/12/2026
])
def test_a_semester_takes_the_weeks_whose_thursday_it_holds(
        day: date, start: date, end: date) -> None:
    window = window_for(GoalPeriod.SEMESTRE, week_of(day))
    assert (window.start, window.end) == (start, end)


def test_lines_cap_each_practice_and_leave_open_windows_out() -> None:
    week = week_of(date(2026, 11, 25))
    held = [("D", date(2026, 11, 23))] * 7 + [("Q", date(2026, 11, 17)), ("S", date(2026, 9, 1)),
                                               ("D", date(2026, 11, 30))]  # next week's
    shown = leader_week(ANA, CATALOGUE, week, held)
    lines = {line.practice.code: line for line in shown.lines}
    assert (lines["D"].target, lines["D"].held, lines["D"].percent) == (5, 7, 100.0)
    assert (lines["Q"].met, lines["Q"].closes) == (1, True)
    assert (lines["S"].target, lines["S"].held, lines["S"].state) == (2, 1, LineState.EN_CURSO)
    assert (shown.met, shown.target, shown.percent) == (6, 6, 100.0)
    assert lines["D"].goal_text == "5 (1 al día × 5 días hábiles)"


def test_the_series_and_what_it_must_read() -> None:
    weeks = last_weeks(date(2026, 11, 25), 3)
    assert [w.start for w in weeks] == [date(2026, 11, 9), date(2026, 11, 16),
                                        date(2026, 11, 23)]
    assert earliest_start(CATALOGUE, weeks) == date(2026, 6, 29)  # the semester's start


def test_a_practice_is_validated_for_the_leaders_role() -> None:
    data = PracticeInput("D", date(2026, 11, 23), time(8, 0), "Equipo",
                         15, follow_up_due=date(2026, 11, 20))
    errors = validate_practice(data, CATALOGUE, Role.COORDINADOR)
    assert errors == {
        "practica": "«Diaria» no es una práctica del rol coordinador (Supervisor de célula).",
        "fecha_seguimiento": "El seguimiento no puede vencer antes de la práctica.",
        "seguimiento": "Escriba qué se revisa en el seguimiento."}
