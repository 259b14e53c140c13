"""Report periods: the daily, weekly and monthly cuts (step 8) and free date ranges.

A week runs Monday to Sunday (ISO), so a weekly cut always covers seven calendar days and
the week number matches what people see in Outlook and Excel.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
          "septiembre", "octubre", "noviembre", "diciembre")


class PeriodKind(StrEnum):
    DIARIO = "diario"
    SEMANAL = "semanal"
    MENSUAL = "mensual"
    RANGO = "rango"

    @property
    def label(self) -> str:
        return {PeriodKind.DIARIO: "Diario", PeriodKind.SEMANAL: "Semanal",
                PeriodKind.MENSUAL: "Mensual", PeriodKind.RANGO: "Rango de fechas"}[self]


@dataclass(frozen=True)
class Period:
    """Base dates from ``start`` to ``end``, both included."""

    start: date
    end: date
    kind: PeriodKind = PeriodKind.RANGO

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("A period cannot end before it starts.")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def dates(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.days)]

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def label(self) -> str:
        """How the period reads in titles: "21/11/2026", "semana 47 de 2026 (16/11 al 22/11)"."""
        if self.kind is PeriodKind.DIARIO:
            return f"{self.start:%d/%m/%Y}"
        if self.kind is PeriodKind.SEMANAL:
            week = self.start.isocalendar()
            return (f"semana {week.week} de {week.year} "
                    f"({self.start:%d/%m} al {self.end:%d/%m/%Y})")
        if self.kind is PeriodKind.MENSUAL:
            return f"{MONTHS[self.start.month - 1]} de {self.start.year}"
        if self.start == self.end:
            return f"{self.start:%d/%m/%Y}"
        return f"{self.start:%d/%m/%Y} al {self.end:%d/%m/%Y}"

    @property
    def file_tag(self) -> str:
        """The period in file names, sortable and free of characters Windows refuses."""
        if self.kind is PeriodKind.DIARIO:
            return f"{self.start:%Y-%m-%d}"
        if self.kind is PeriodKind.SEMANAL:
            week = self.start.isocalendar()
            return f"{week.year}-S{week.week:02d}"
        if self.kind is PeriodKind.MENSUAL:
            return f"{self.start:%Y-%m}"
        return f"{self.start:%Y-%m-%d}_{self.end:%Y-%m-%d}"


def period_for(kind: PeriodKind, day: date) -> Period:
    """The cut of ``kind`` that contains ``day``."""
    if kind is PeriodKind.DIARIO:
        return Period(day, day, kind)
    if kind is PeriodKind.SEMANAL:
        monday = day - timedelta(days=day.weekday())
        return Period(monday, monday + timedelta(days=6), kind)
    if kind is PeriodKind.MENSUAL:
        last = calendar.monthrange(day.year, day.month)[1]
        return Period(day.replace(day=1), day.replace(day=last), kind)
    raise ValueError("A free range needs a start and an end: use Period(start, end).")
