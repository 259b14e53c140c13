"""The two indicators of section 5 of the mal escalados procedure, and what they count.

Both divide by the same denominator, "el total de registros enviados por el cliente": every
record of the period's bases, the valid rows imported and the rows rejected at import for bad
data alike, whatever filter narrows the numerator (a supervisor's advisors are compared with the
whole base, as the procedure defines it). A row repeating one already imported (same account,
escalation time and advisor: the import's key) is the same record sent twice and does not count.
A rejected row has no usable advisor or causal, so it sits in everybody's denominator and in no
numerator. An account enters a numerator once a célula agent has reviewed it, and leaves it
again when Gestión Soporte accepts the reclamación that disputed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from swat_desktop.domain.formatting import format_count
from swat_desktop.domain.periods import Period

DENOMINATOR_NOTE = ("Denominador: total de registros enviados por el cliente (Claro) en las bases "
                    "del periodo, sin importar el filtro aplicado: los válidos y también las filas "
                    "rechazadas al importar por datos inválidos, que no tienen asesor ni causal "
                    "y por eso no cuentan en ningún numerador. Una fila repetida (la misma "
                    "cuenta, fecha de escalamiento y asesor de una ya importada) no cuenta.")
ADVISOR_FORMULA = ("% cuentas mal escaladas por asesor = cuentas mal escaladas del asesor ÷ total "
                   "de registros enviados × 100")
CAUSAL_FORMULA = ("% recurrencia por tipo de error = cuentas con esa causal ÷ total de registros "
                  "enviados × 100")
COUNTING_RULE = ("Cuenta mal escalada: revisada por la célula y sin reclamación aceptada por "
                 "Gestión Soporte. Una cuenta con varias causales cuenta en cada una.")


def percent(part: int, whole: int) -> float:
    """Share in percent; an empty period is 0 %, not an error."""
    return part * 100.0 / whole if whole else 0.0


def format_percent(value: float) -> str:
    """Spanish decimal comma, two decimals: 12,50 %."""
    return f"{value:.2f} %".replace(".", ",")


def sent_and_valid(records: int, valid: int) -> str:
    """Both figures the way every screen and file says them: «40 registros enviados · 37
    registros válidos»; the first is the denominator, the second what could be reviewed."""
    return (f"{format_count(records)} registros enviados · {format_count(valid)} registros "
            "válidos")


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
    records: int  # sent by the client: the day's denominator
    reviewed: int
    counted: int
    valid: int  # imported, the accounts there are to review

    @property
    def percent(self) -> float:
        return percent(self.counted, self.records)


@dataclass(frozen=True)
class Indicators:
    period: Period
    scope: str  # the filter in words: "Todos los asesores", "Supervisor: Ana Ruiz"
    records: int  # the denominator: every record the client sent, rejected rows included
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
    valid: int  # the rows imported: records minus the rows rejected for bad data

    @property
    def rejected(self) -> int:
        """Rows of the period's bases refused at import: counted in the denominator only."""
        return self.records - self.valid

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
