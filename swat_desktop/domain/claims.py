"""Reclamaciones to Gestión Soporte (step 4): accounts the célula disputes as *no procede*.

A reclamación is prepared, sent with the claim workbook, and re-evaluated by Gestión Soporte
within 24 hours of being sent; each account then gets an outcome. The deadline is counted in
clock hours from the moment it was sent, not in business days: that is how the procedure says it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

REEVALUATION = timedelta(hours=24)
DUE_SOON = timedelta(hours=4)  # "por vencer" from this much before the deadline
MAX_REASON = 500
MAX_EVIDENCE = 1000


class ClaimState(StrEnum):
    PREPARADA = "preparada"  # built, not sent yet: accounts can still be removed
    ENVIADA = "enviada"  # waiting for Gestión Soporte's answer
    RESUELTA = "resuelta"  # every account has an outcome

    @property
    def label(self) -> str:
        return {ClaimState.PREPARADA: "Preparada", ClaimState.ENVIADA: "Enviada",
                ClaimState.RESUELTA: "Resuelta"}[self]


class Outcome(StrEnum):
    PENDIENTE = "pendiente"
    ACEPTADA = "aceptada"  # Gestión Soporte agrees: the account leaves the advisor's indicator
    RECHAZADA = "rechazada"  # it stays a mal escalado of the advisor

    @property
    def label(self) -> str:
        return {Outcome.PENDIENTE: "Pendiente", Outcome.ACEPTADA: "Aceptada",
                Outcome.RECHAZADA: "Rechazada"}[self]


class DeadlineState(StrEnum):
    SIN_ENVIAR = "sin_enviar"
    EN_PLAZO = "en_plazo"
    POR_VENCER = "por_vencer"
    VENCIDA = "vencida"
    RESUELTA = "resuelta"

    @property
    def label(self) -> str:
        return {DeadlineState.SIN_ENVIAR: "Sin enviar", DeadlineState.EN_PLAZO: "En plazo",
                DeadlineState.POR_VENCER: "Por vencer", DeadlineState.VENCIDA: "Vencida",
                DeadlineState.RESUELTA: "Resuelta"}[self]


def deadline_for(sent_at: datetime) -> datetime:
    return sent_at + REEVALUATION


def deadline_state(sent_at: datetime | None, pending: int, now: datetime) -> DeadlineState:
    """Where a reclamación stands against its 24 hours; ``now`` and ``sent_at`` are aware."""
    if sent_at is None:
        return DeadlineState.SIN_ENVIAR
    if pending == 0:
        return DeadlineState.RESUELTA
    deadline = deadline_for(sent_at)
    if now >= deadline:
        return DeadlineState.VENCIDA
    if deadline - now <= DUE_SOON:
        return DeadlineState.POR_VENCER
    return DeadlineState.EN_PLAZO


def claim_state(sent_at: datetime | None, pending: int) -> ClaimState:
    if sent_at is None:
        return ClaimState.PREPARADA
    return ClaimState.RESUELTA if pending == 0 else ClaimState.ENVIADA


def validate_outcome(outcome: Outcome, reason: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if outcome is Outcome.PENDIENTE:
        errors["outcome"] = "Indique si Gestión Soporte aceptó o rechazó la reclamación."
    elif outcome is Outcome.RECHAZADA and not reason.strip():
        errors["reason"] = "Escriba el motivo que dio Gestión Soporte para rechazarla."
    if len(reason) > MAX_REASON:
        errors["reason"] = f"El motivo admite hasta {MAX_REASON} caracteres."
    return errors


def validate_sent_at(sent_at: datetime, created_at: datetime, now: datetime) -> dict[str, str]:
    if sent_at < created_at - timedelta(minutes=1):
        return {"sent_at": "La reclamación no pudo enviarse antes de prepararla."}
    if sent_at > now + timedelta(minutes=5):
        return {"sent_at": "La fecha de envío no puede estar en el futuro."}
    return {}


@dataclass(frozen=True)
class ClaimSummary:
    """One line of the reclamaciones list."""

    id: int
    uuid: str
    number: str  # what people quote: "REC-2026-0007"
    created_at: datetime
    created_by: str
    sent_at: datetime | None
    note: str
    items: int
    pending: int
    accepted: int
    rejected: int
    version: int

    @property
    def state(self) -> ClaimState:
        return claim_state(self.sent_at, self.pending)

    @property
    def deadline(self) -> datetime | None:
        return None if self.sent_at is None else deadline_for(self.sent_at)

    def deadline_state(self, now: datetime) -> DeadlineState:
        return deadline_state(self.sent_at, self.pending, now)


@dataclass(frozen=True)
class ClaimItem:
    """One disputed account: what goes into the claim workbook, and its outcome."""

    case_id: int
    base_date: date
    cuenta: str
    fecha_escalamiento: datetime
    asesor_id: str
    asesor_nombre: str
    causales: str  # "C04 Opción errada; C13 Notas incompletas o erradas"
    observaciones: str
    evidence: str
    outcome: Outcome
    reason: str
    decided_by: str
    decided_at: datetime | None


@dataclass(frozen=True)
class ClaimDocument:
    """Everything the claim workbook holds."""

    claim: ClaimSummary
    items: tuple[ClaimItem, ...]
    prepared_by: str
