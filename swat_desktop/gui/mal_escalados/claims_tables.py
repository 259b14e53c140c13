"""The two lists of the reclamaciones page as column specs: the claims with their plazo, and the
chosen claim's accounts with their answer. Out of the page, so the page holds only what the
backoffice does with them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QVBoxLayout,
)

from swat_desktop.domain.claims import ClaimItem, ClaimSummary, DeadlineState, Outcome
from swat_desktop.domain.formatting import BOGOTA, format_datetime
from swat_desktop.gui.rows_model import RIGHT, Column
from swat_desktop.gui.widgets import notice

CLAIM_WIDTHS = (130, 130, 130, 130, 100, 80, 95, 105, 100)
PLAZO = 4
ITEM_WIDTHS = (100, 100, 150, 170, 180, 160, 90, 190, 210)
RESULT = 6
# (text, background): red for overdue, amber for due soon, as the brief of the page asks.
DEADLINE_COLOURS = {DeadlineState.VENCIDA: ("#b3261e", "#fdecea"),
                    DeadlineState.POR_VENCER: ("#8a5300", "#fff3d6")}
OUTCOME_COLOURS = {Outcome.ACEPTADA: "#1b6e34", Outcome.RECHAZADA: "#b3261e",
                   Outcome.PENDIENTE: "#616e7c"}
URGENT_FIRST = (DeadlineState.VENCIDA, DeadlineState.POR_VENCER, DeadlineState.EN_PLAZO,
                DeadlineState.SIN_ENVIAR, DeadlineState.RESUELTA)


def when(moment: datetime | None) -> str:
    return format_datetime(moment, BOGOTA) if moment is not None else "—"


def _deadline_colour(state: DeadlineState, which: int) -> QColor | None:
    colours = DEADLINE_COLOURS.get(state)
    return QColor(colours[which]) if colours else None


def claim_columns(now: Callable[[], datetime]) -> list[Column[ClaimSummary]]:
    """``now`` is the store's clock: the plazo moves with it, not with an edit."""
    def state(claim: ClaimSummary) -> DeadlineState:
        return claim.deadline_state(now())

    def count(header: str, value: Callable[[ClaimSummary], int]) -> Column[ClaimSummary]:
        return Column(header, lambda c: str(value(c)), align=RIGHT)

    return [
        Column("Número", lambda c: c.number,
               tooltip=lambda c, _t: f"{c.number}, preparada por {c.created_by}"),
        Column("Preparada", lambda c: when(c.created_at)),
        Column("Enviada", lambda c: when(c.sent_at)),
        Column("Vence", lambda c: when(c.deadline)),
        Column("Plazo", lambda c: state(c).label,
               ink=lambda c: _deadline_colour(state(c), 0),
               background=lambda c: _deadline_colour(state(c), 1),
               bold=lambda c: state(c) in DEADLINE_COLOURS),
        count("Cuentas", lambda c: c.items),
        count("Aceptadas", lambda c: c.accepted),
        count("Rechazadas", lambda c: c.rejected),
        count("Pendientes", lambda c: c.pending),
    ]


def item_columns() -> list[Column[ClaimItem]]:
    return [
        Column("Cuenta", lambda i: i.cuenta),
        Column("Fecha base", lambda i: f"{i.base_date:%d/%m/%Y}"),
        Column("Asesor", lambda i: i.asesor_nombre),
        Column("Causales", lambda i: i.causales),
        Column("Observaciones", lambda i: i.observaciones),
        Column("Evidencia", lambda i: i.evidence),
        Column("Resultado", lambda i: i.outcome.label,
               ink=lambda i: QColor(OUTCOME_COLOURS[i.outcome]), bold=lambda _i: True),
        Column("Motivo del rechazo", lambda i: i.reason),
        Column("Decidió", lambda i: f"{i.decided_by} · {when(i.decided_at)}"
               if i.decided_by else ""),
    ]


def deadline_summary(claims: Sequence[ClaimSummary], now: datetime) -> str:
    """"3 reclamaciones: 1 vencida, 2 en plazo": the most urgent first."""
    states = [c.deadline_state(now) for c in claims]
    parts = [f"{states.count(s)} {s.label.lower()}" for s in URGENT_FIRST if states.count(s)]
    total = len(claims)
    return (f"{total} {'reclamación' if total == 1 else 'reclamaciones'}: " + ", ".join(parts)
            if total else "")


def default_workbook_path(folder: Path, claim: ClaimSummary) -> Path:
    """Where the claim's workbook is offered; the home folder when the exports folder cannot
    be made (Documents redirected or offline)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path.home()
    return folder / f"{claim.number} reclamación Gestión Soporte.xlsx"


def empty_state() -> tuple[QFrame, QLabel, QLabel]:
    """A white card where the table would be: a title and a line saying what to do."""
    card = QFrame()
    card.setObjectName("card")
    heading = QLabel()
    heading.setObjectName("cardTitle")
    hint = notice()
    layout = QVBoxLayout(card)
    layout.addStretch(1)
    for label in (heading, hint):
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(label)
    layout.addStretch(1)
    return card, heading, hint
