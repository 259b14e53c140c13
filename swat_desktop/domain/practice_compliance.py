"""A leader's weekly compliance with the goals of the modelo de gestión operativa.

How a goal becomes a week's figure (the seed gives goals per day, week, fortnight and semester
and says the weekly registry exists "para poder medir el cumplimiento de las metas"):

- **Per day** (Diálogo diario, Confirmación de proceso: «1 al día»): the count times the
  business days of the week, Monday to Friday. A holiday is not subtracted: the application has
  no Colombian calendar (the non-working days it keeps are Peru's, for inoperatividad).
- **Per week**: the count, held Monday to Sunday (ISO weeks, as the cuts).
- **Per fortnight**: a fortnight is two ISO weeks, 1–2, 3–4, … (week 53 is a fortnight alone),
  so every week lies in exactly one. Halving the goal (0,5 a week) would mark a leader who holds
  the meeting once, as asked, at 100 % one week and 0 % the next.
- **Per semester**: January–June and July–December, a week belonging to the half its Thursday
  falls in (the ISO rule for a week's year).

For a goal longer than a week the practices held count from the start of its fortnight or
semester up to the end of the week shown. Such a goal enters the week's total only in the week
its period closes; before that its line reads «en curso» (or «cumplida» once met), so the first
week of a fortnight is not marked failed for a meeting due in the second.

Compliance of a line is held ÷ goal, capped at 100 %; the week's total is the sum of the held
counts, each capped at its own goal, over the sum of the goals. Capping per line keeps five
Confirmaciones de proceso in one day from hiding a Diálogo diario never held.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from swat_desktop.domain.identity import Role
from swat_desktop.domain.periods import Period, PeriodKind, period_for
from swat_desktop.domain.practices import (
    Goal,
    GoalPeriod,
    Practice,
    PracticeCatalogue,
    PracticeRecord,
)

BUSINESS_DAYS = 5  # Monday to Friday
DEFAULT_WEEKS = 8  # the series the weekly view charts
# The rule above in the words the screen, the workbook and the PDF print beside the figures.
COMPLIANCE_RULE = (
    "Cumplimiento = prácticas realizadas ÷ meta, hasta 100 % por práctica. Meta diaria: "
    "1 al día × 5 días hábiles (lunes a viernes; los festivos no se descuentan). Meta semanal: "
    "lunes a domingo. Quincena: dos semanas ISO (1–2, 3–4…). Semestre: enero–junio y "
    "julio–diciembre. Una meta quincenal o semestral entra en el total de la semana en que "
    "cierra su periodo; antes figura «en curso». El total de la semana suma lo realizado, "
    "hasta la meta de cada práctica, sobre la suma de las metas.")


class LineState(StrEnum):
    CUMPLIDA = "cumplida"
    INCUMPLIDA = "incumplida"
    EN_CURSO = "en curso"

    @property
    def label(self) -> str:
        return {LineState.CUMPLIDA: "Cumplida", LineState.INCUMPLIDA: "Incumplida",
                LineState.EN_CURSO: "En curso"}[self]


@dataclass(frozen=True)
class Leader:
    id: int
    name: str
    login: str
    role: Role


@dataclass(frozen=True)
class PracticeLine:
    practice: Practice
    goal: Goal
    window: Period  # what the goal counts over: the week, its fortnight or its semester
    target: int  # the goal over the window (per day: × business days)
    held: int  # held in the window up to the week's end
    closes: bool  # whether the window ends with this week: only then it enters the total

    @property
    def met(self) -> int:
        return min(self.held, self.target)

    @property
    def percent(self) -> float:
        return self.met * 100.0 / self.target

    @property
    def state(self) -> LineState:
        if self.held >= self.target:
            return LineState.CUMPLIDA
        return LineState.INCUMPLIDA if self.closes else LineState.EN_CURSO

    @property
    def goal_text(self) -> str:
        """The goal as the week reads it: "5 (1 al día × 5 días hábiles)", "1 a la quincena"."""
        if self.goal.per is GoalPeriod.DIA:
            return f"{self.target} ({self.goal.label} × {BUSINESS_DAYS} días hábiles)"
        return self.goal.label


@dataclass(frozen=True)
class LeaderWeek:
    leader: Leader
    week: Period
    lines: tuple[PracticeLine, ...]

    @property
    def counted(self) -> tuple[PracticeLine, ...]:
        return tuple(line for line in self.lines if line.closes)

    @property
    def target(self) -> int:
        return sum(line.target for line in self.counted)

    @property
    def met(self) -> int:
        return sum(line.met for line in self.counted)

    @property
    def percent(self) -> float:
        return self.met * 100.0 / self.target if self.target else 0.0


def week_of(day: date) -> Period:
    return period_for(PeriodKind.SEMANAL, day)


def window_for(per: GoalPeriod, week: Period) -> Period:
    """The period a goal counts over that contains ``week`` (see the module's note)."""
    if per in (GoalPeriod.DIA, GoalPeriod.SEMANA):
        return week
    if per is GoalPeriod.QUINCENA:
        year, number, _ = week.start.isocalendar()
        first = number if number % 2 else number - 1
        start = date.fromisocalendar(year, first, 1)
        weeks = 1 if first == 53 else 2  # an odd week below 53 always has its next
        return Period(start, start + timedelta(days=7 * weeks - 1), PeriodKind.RANGO)
    thursday = week.start + timedelta(days=3)
    first_month = 1 if thursday.month <= 6 else 7
    start = _first_monday(date(thursday.year, first_month, 1))
    following = (date(thursday.year, 7, 1) if first_month == 1
                 else date(thursday.year + 1, 1, 1))
    return Period(start, _first_monday(following) - timedelta(days=1), PeriodKind.RANGO)


def _first_monday(day: date) -> date:
    """The Monday of the first week whose Thursday is on or after ``day``."""
    thursday = day + timedelta(days=(3 - day.weekday()) % 7)
    return thursday - timedelta(days=3)


def earliest_start(catalogue: PracticeCatalogue, weeks: Sequence[Period]) -> date:
    """The first day whose practices any of ``weeks`` counts: what a service must read from."""
    pers = {goal.per for p in catalogue.practices for goal in p.goals.values()}
    return min(window_for(per, week).start for per in pers for week in weeks)


def leader_week(leader: Leader, catalogue: PracticeCatalogue, week: Period,
                held: Iterable[tuple[str, date]]) -> LeaderWeek:
    """The leader's lines for ``week`` from the (practice code, day held) of their practices;
    practices outside the windows, or not of the leader's role, are ignored."""
    held = list(held)
    lines = []
    for practice in catalogue.for_role(leader.role):
        goal = practice.goals[leader.role]
        window = window_for(goal.per, week)
        target = goal.count * (BUSINESS_DAYS if goal.per is GoalPeriod.DIA else 1)
        count = sum(1 for code, day in held
                    if code == practice.code and window.start <= day <= week.end)
        lines.append(PracticeLine(practice, goal, window, target, count,
                                  closes=window.end == week.end))
    return LeaderWeek(leader, week, tuple(lines))


def last_weeks(day: date, count: int) -> list[Period]:
    """The ``count`` weeks ending with the one of ``day``, oldest first."""
    last = week_of(day)
    return [week_of(last.start - timedelta(days=7 * back)) for back in range(count - 1, -1, -1)]


@dataclass(frozen=True)
class PracticesReport:
    """The week's registry (xlsx and PDF): each leader's lines and the practices held."""

    week: Period
    catalogue_version: int
    scope: str  # "Todos los líderes", or the one leader who asked
    leaders: tuple[LeaderWeek, ...]
    records: tuple[PracticeRecord, ...]
    generated_at: datetime
    generated_by: str

    @property
    def title(self) -> str:
        return f"Registro de prácticas de gestión — {self.week.label}"
