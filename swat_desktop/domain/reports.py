"""What the CONSOLIDADO workbook and the cuts (cortes) contain, independent of the file format.

The writers in ``io`` lay these out as xlsx or PDF; the services fill them from the store.
Rows of the consolidado are plain tuples in ``CONSOLIDADO_COLUMNS`` order because a month holds
100,000 of them and the writer must keep up with a bare spreadsheet writer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from swat_desktop.domain.claims import ClaimSummary
from swat_desktop.domain.indicators import Indicators, Recurrence
from swat_desktop.domain.periods import Period


class ColumnKind(StrEnum):
    TEXT = "text"
    DATE = "date"  # a datetime.date
    DATETIME = "datetime"  # a naive datetime in the user's zone
    INTEGER = "integer"


@dataclass(frozen=True)
class Column:
    title: str
    kind: ColumnKind
    width: int  # characters, what the column needs for its usual content


CONSOLIDADO_COLUMNS: tuple[Column, ...] = (
    Column("Fecha base", ColumnKind.DATE, 11),
    Column("Cuenta", ColumnKind.TEXT, 14),
    Column("Fecha escalamiento", ColumnKind.DATETIME, 17),
    Column("Id asesor", ColumnKind.TEXT, 12),
    Column("Asesor", ColumnKind.TEXT, 30),
    Column("Supervisor", ColumnKind.TEXT, 26),
    Column("Causal principal", ColumnKind.TEXT, 32),
    Column("Causales", ColumnKind.TEXT, 40),
    Column("Procedencia", ColumnKind.TEXT, 12),
    Column("Motivo", ColumnKind.TEXT, 22),
    Column("Observaciones", ColumnKind.TEXT, 50),
    Column("Reclamación", ColumnKind.TEXT, 22),
    Column("Revisó", ColumnKind.TEXT, 24),
    Column("Fecha revisión", ColumnKind.DATETIME, 17),
)
# Positions the writers group by, named so a reordering of the columns cannot go unnoticed.
COL_ASESOR_ID = 3
COL_ASESOR = 4
COL_CAUSAL = 6

ConsolidadoRow = tuple[date, str, datetime, str, str, str, str, str, str, str, str, str, str,
                       datetime | None]


def consolidado_title(period: Period) -> str:
    return f"CONSOLIDADO MAL ESCALADO SOPORTE {period.label.upper()}"


@dataclass(frozen=True)
class ConsolidadoData:
    period: Period
    rows: Sequence[ConsolidadoRow]  # every reviewed account, by base date and cuenta
    indicators: Indicators
    generated_at: datetime  # aware
    generated_by: str

    @property
    def title(self) -> str:
        return consolidado_title(self.period)


AUDIENCE = "Formación, Calidad y administración de la operación"


@dataclass(frozen=True)
class CorteReport:
    """A daily, weekly or monthly cut: indicators, charts' data, recurrences and claims."""

    indicators: Indicators
    recurrences: tuple[Recurrence, ...]
    claims: tuple[ClaimSummary, ...]  # reclamaciones holding accounts of the period's bases
    generated_at: datetime  # aware
    generated_by: str

    @property
    def period(self) -> Period:
        return self.indicators.period

    @property
    def title(self) -> str:
        return f"Corte {self.period.kind.label.lower()} mal escalados — {self.period.label}"
