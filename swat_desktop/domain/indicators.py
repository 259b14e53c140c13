"""The two indicators of section 5 of the mal escalados procedure, and what they count.

Both divide by the same denominator, the records of the bases the client (Claro) sent for the
period, whatever filter narrows the numerator: a supervisor's advisors are compared with the
whole base, as the procedure defines it. An account enters a numerator once a célula agent has
reviewed it, and leaves it again when Gestión Soporte accepts the reclamación that disputed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from swat_desktop.domain.periods import Period

DENOMINATOR_NOTE = ("Denominador: total de registros de las bases enviadas por el cliente (Claro) "
                    "para el periodo, sin importar el filtro aplicado (las filas rechazadas al "
                    "importar por datos inválidos no cuentan).")
ADVISOR_FORMULA = ("% cuentas mal escaladas por asesor = cuentas mal escaladas del asesor ÷ total "
                   "de registros de la base × 100")
CAUSAL_FORMULA = ("% recurrencia por tipo de error = cuentas con esa causal ÷ total de registros "
                  "de la base × 100")
COUNTING_RULE = ("Cuenta mal escalada: revisada por la célula y sin reclamación aceptada por "
                 "Gestión Soporte. Una cuenta con varias causales cuenta en cada una.")


def percent(part: int, whole: int) -> float:
    """Share in percent; an empty period is 0 %, not an error."""
    return part * 100.0 / whole if whole else 0.0


def format_percent(value: float) -> str:
    """Spanish decimal comma, two decimals: 12,50 %."""
    return f"{value:.2f} %".replace(".", ",")


@dataclass(frozen=True)
class AdvisorFigure:
    asesor_id: str
    asesor_nombre: str
    supervisor: str
    accounts: int  # rows of this advisor in the period's bases
    reviewed: int
    procede: int
    no_procede: int
    claims_accepted: int  # disputed and accepted: out of the numerator
    claims_rejected: int
    counted: int  # the numerator: reviewed, minus accepted claims
    recurrences: int  # accounts repeating a causal after a compromiso de mejoramiento
    percent: float


@dataclass(frozen=True)
class CausalFigure:
    code: str
    name: str
    accounts: int
    percent: float


@dataclass(frozen=True)
class DayFigure:
    day: date
    records: int
    reviewed: int
    counted: int

    @property
    def percent(self) -> float:
        return percent(self.counted, self.records)


@dataclass(frozen=True)
class Indicators:
    period: Period
    scope: str  # the filter in words: "Todos los asesores", "Supervisor: Ana Ruiz"
    records: int  # the denominator
    reviewed: int
    counted: int
    procede: int
    no_procede: int
    claims_pending: int  # accounts in a reclamación without an outcome yet
    claims_accepted: int
    claims_rejected: int
    recurrences: int
    advisors: tuple[AdvisorFigure, ...]  # highest percentage first
    causales: tuple[CausalFigure, ...]  # most frequent first
    days: tuple[DayFigure, ...]  # every day of the period, in order

    @property
    def pending(self) -> int:
        """Accounts of the scope not reviewed yet; the numerators may still grow."""
        return sum(a.accounts for a in self.advisors) - self.reviewed

    @property
    def percent(self) -> float:
        return percent(self.counted, self.records)

    @property
    def is_empty(self) -> bool:
        return self.records == 0


@dataclass(frozen=True)
class Recurrence:
    """An advisor repeating a causal after signing a compromiso de mejoramiento about it."""

    asesor_id: str
    asesor_nombre: str
    cuenta: str
    base_date: date
    causal_code: str
    causal_name: str
    commitment_date: date  # the feedback session it breaks
