"""Mal escalados: the fields a base must provide, review states and verdicts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class BaseField(StrEnum):
    """Columns of the Base Mal Escalados the application works with; the rest is kept as is."""

    CUENTA = "cuenta"
    FECHA_ESCALAMIENTO = "fecha_escalamiento"
    ASESOR_ID = "asesor_id"
    ASESOR_NOMBRE = "asesor_nombre"
    SUPERVISOR = "supervisor"

    @property
    def label(self) -> str:
        return _FIELD_LABELS[self]

    @property
    def required(self) -> bool:
        return self is not BaseField.SUPERVISOR


_FIELD_LABELS = {
    BaseField.CUENTA: "Cuenta",
    BaseField.FECHA_ESCALAMIENTO: "Fecha de escalamiento",
    BaseField.ASESOR_ID: "Identificación del asesor",
    BaseField.ASESOR_NOMBRE: "Nombre del asesor",
    BaseField.SUPERVISOR: "Supervisor",
}


class CaseStatus(StrEnum):
    PENDIENTE = "pendiente"
    REVISADA = "revisada"

    @property
    def label(self) -> str:
        return {CaseStatus.PENDIENTE: "Pendiente", CaseStatus.REVISADA: "Revisada"}[self]


class Procedencia(StrEnum):
    """Whose error it was: the advisor's (procede) or the support area's (no procede)."""

    PROCEDE = "procede"
    NO_PROCEDE = "no_procede"

    @property
    def label(self) -> str:
        return {Procedencia.PROCEDE: "Procede", Procedencia.NO_PROCEDE: "No procede"}[self]

    @property
    def meaning(self) -> str:
        return {
            Procedencia.PROCEDE: "Error del asesor: se registra para retroalimentación",
            Procedencia.NO_PROCEDE: "Error de Gestión Soporte: va a reclamación",
        }[self]


class ProcedeMotivo(StrEnum):
    """Why the advisor erred, when the mal escalado procede (step 3 of the procedure)."""

    PROCEDIMIENTO = "procedimiento"
    FALTA_INFORMACION = "falta_informacion"

    @property
    def label(self) -> str:
        return {
            ProcedeMotivo.PROCEDIMIENTO: "Error de procedimiento",
            ProcedeMotivo.FALTA_INFORMACION: "Falta de información",
        }[self]


@dataclass(frozen=True)
class Causal:
    id: int
    code: str
    name: str
    description: str
    active: bool
    sort_order: int
    procedure: str = ""


@dataclass(frozen=True)
class RowProblem:
    """A row that could not be imported, located the way a person finds it in Excel."""

    sheet: str
    row: int
    column: str
    reason: str


@dataclass(frozen=True)
class VerdictInput:
    causal_ids: tuple[int, ...]  # the first one is the primary causal
    procedencia: Procedencia | None
    motivo: ProcedeMotivo | None
    observaciones: str


def validate_verdict(verdict: VerdictInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not verdict.causal_ids:
        errors["causales"] = "Elija al menos una causal."
    elif len(set(verdict.causal_ids)) != len(verdict.causal_ids):
        errors["causales"] = "Una causal está repetida."
    if verdict.procedencia is None:
        errors["procedencia"] = "Indique si el mal escalado procede o no procede."
    elif verdict.procedencia is Procedencia.PROCEDE and verdict.motivo is None:
        errors["motivo"] = "Indique si fue error de procedimiento o falta de información."
    if len(verdict.observaciones) > 2000:
        errors["observaciones"] = "Las observaciones admiten hasta 2000 caracteres."
    return errors


@dataclass(frozen=True)
class ImportSummary:
    base_id: int | None
    base_date: date
    file_name: str
    imported: int
    duplicates: int
    rejected: tuple[RowProblem, ...]
    duplicate_rows: tuple[RowProblem, ...] = ()
    same_file_as: str | None = None  # a description of the earlier import of this very file
    rejected_rows: int = 0  # rows; ``rejected`` has one entry per bad cell
    # cells of imported rows that had a control character, replaced by a space
    cleaned: tuple[RowProblem, ...] = ()

    @property
    def message(self) -> str:
        cleaned = (f" Se limpiaron caracteres de control invisibles en "
                   f"{_count(len(self.cleaned), 'celda', 'celdas')}." if self.cleaned else "")
        return (f"{_count(self.imported, 'cuenta importada', 'cuentas importadas')}, "
                f"{_count(self.duplicates, 'duplicada', 'duplicadas')}, "
                f"{_count(self.rejected_rows, 'fila rechazada', 'filas rechazadas')}.{cleaned}")


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


@dataclass(frozen=True)
class CaseRow:
    """One line of the review table."""

    id: int
    base_date: date
    cuenta: str
    fecha_escalamiento: datetime
    asesor_id: str
    asesor_nombre: str
    supervisor: str
    status: CaseStatus
    primary_causal: str
    procedencia: Procedencia | None
    assigned_to: str


@dataclass(frozen=True)
class CaseDetail:
    row: CaseRow
    source: dict[str, str]  # every column of the row as imported, in the file's order
    sheet: str
    source_row: int
    file_name: str
    causal_ids: tuple[int, ...]
    motivo: ProcedeMotivo | None
    observaciones: str
    reviewed_by: str
    reviewed_at: datetime | None
    version: int


@dataclass(frozen=True)
class ReviewFilters:
    base_dates: tuple[date, ...] = ()
    asesor: str = ""
    supervisor: str = ""
    status: CaseStatus | None = None
    causal_id: int | None = None
    procedencia: Procedencia | None = None
    assigned_to: int | None = None  # a user id; 0 means "not assigned"
    text: str = ""


class SortKey(StrEnum):
    BASE_DATE = "base_date"
    CUENTA = "cuenta"
    FECHA = "fecha_escalamiento"
    ASESOR_ID = "asesor_id"
    ASESOR = "asesor_nombre"
    SUPERVISOR = "supervisor"
    STATUS = "status"
    CAUSAL = "causal"
    PROCEDENCIA = "procedencia"
    ASSIGNED = "assigned_to"


@dataclass(frozen=True)
class ReviewSort:
    key: SortKey = SortKey.FECHA
    descending: bool = False


@dataclass(frozen=True)
class ReviewCounts:
    total: int
    reviewed: int

    @property
    def pending(self) -> int:
        return self.total - self.reviewed

    @property
    def text(self) -> str:
        return f"Revisadas {self.reviewed} de {self.total}"
