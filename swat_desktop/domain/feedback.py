"""Retroalimentación (step 7): the feedback session with an advisor and the signed
*compromiso de mejoramiento* it ends in.

A session held (state *realizada*) with commitments is what later repeats are measured
against: the same advisor making one of the discussed causales again after the session date is
a recurrence.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from enum import StrEnum

MAX_TEXT = 4000
MAX_LINE = 300


class FeedbackState(StrEnum):
    PENDIENTE = "pendiente"
    REALIZADA = "realizada"

    @property
    def label(self) -> str:
        return {FeedbackState.PENDIENTE: "Pendiente", FeedbackState.REALIZADA: "Realizada"}[self]


@dataclass(frozen=True)
class Commitment:
    text: str
    due_date: date | None


@dataclass(frozen=True)
class FeedbackInput:
    asesor_id: str
    asesor_nombre: str
    period_start: date
    period_end: date
    session_date: date
    supervisor: str
    attendees: str
    discussion: str
    plan: str
    commitments: tuple[Commitment, ...]
    follow_up: date | None
    state: FeedbackState
    causal_ids: tuple[int, ...]  # the causales discussed: the ones a recurrence is checked for


def validate_feedback(data: FeedbackInput) -> dict[str, str]:
    """Field → Spanish message; empty when the session can be saved."""
    errors: dict[str, str] = {}
    if not data.asesor_id.strip():
        errors["asesor"] = "Elija el asesor."
    if data.period_end < data.period_start:
        errors["period"] = "El periodo termina antes de empezar."
    if not data.supervisor.strip():
        errors["supervisor"] = "Indique el supervisor que acompaña la retroalimentación."
    for field, text in (("supervisor", data.supervisor), ("attendees", data.attendees)):
        if len(text) > MAX_LINE:
            errors[field] = f"Este campo admite hasta {MAX_LINE} caracteres."
    for field, text in (("discussion", data.discussion), ("plan", data.plan)):
        if len(text) > MAX_TEXT:
            errors[field] = f"Este campo admite hasta {MAX_TEXT} caracteres."
    if data.state is FeedbackState.REALIZADA:
        if not data.plan.strip():
            errors["plan"] = "Escriba el plan de mejora acordado."
        if not data.commitments:
            errors["commitments"] = "Una sesión realizada necesita al menos un compromiso."
    for number, item in enumerate(data.commitments, start=1):
        if not item.text.strip():
            errors["commitments"] = f"El compromiso {number} está vacío."
        elif len(item.text) > MAX_LINE:
            errors["commitments"] = f"El compromiso {number} admite hasta {MAX_LINE} caracteres."
        elif item.due_date is not None and item.due_date < data.session_date:
            errors["commitments"] = (f"El compromiso {number} vence antes de la fecha de la "
                                     "sesión.")
    if data.follow_up is not None and data.follow_up < data.session_date:
        errors["follow_up"] = "El seguimiento debe ser posterior a la sesión."
    return errors


@dataclass(frozen=True)
class AdvisorError:
    """One of the advisor's mal escalados, as discussed in the session."""

    base_date: date
    cuenta: str
    fecha_escalamiento: datetime
    causales: str
    procedencia: str
    observaciones: str
    recurrence: bool  # repeats a causal of an earlier compromiso


@dataclass(frozen=True)
class CausalCount:
    """A row of the compromiso's table of errors: the causal, how often, what to do."""

    causal_id: int
    code: str
    name: str
    count: int
    procedure: str


@dataclass(frozen=True)
class FeedbackSummary(FeedbackInput):
    """A saved session: what was typed (FeedbackInput's fields) and who and which version."""

    id: int
    uuid: str
    created_by: str
    version: int

    def as_input(self) -> FeedbackInput:
        """What an edit starts from: the typed fields alone."""
        return FeedbackInput(**{f.name: getattr(self, f.name) for f in fields(FeedbackInput)})


@dataclass(frozen=True)
class CompromisoDocument:
    """Everything the printed *Formato compromiso de mejoramiento* shows."""

    session: FeedbackSummary
    errors: tuple[CausalCount, ...]
    total_errors: int
    backoffice: str  # who prepared it
    generated_at: datetime  # aware
