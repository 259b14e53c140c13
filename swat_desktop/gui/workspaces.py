"""Placeholder page for a workspace still to come: what it is for and what it will hold."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


@dataclass(frozen=True)
class WorkspaceSpec:
    key: str
    title: str
    summary: str
    coming: tuple[str, ...]


INOPERATIVIDAD = WorkspaceSpec(
    key="inoperatividad",
    title="Inoperatividad",
    summary=(
        "Registro de los eventos de inoperatividad de los aplicativos de venta y postventa en "
        "el punto de atención, su regularización en el Sistema Administrativo ATC y el reporte "
        "al regulador."
    ),
    coming=(
        "Formato Manual de Registro de Inoperatividad en pantalla, con guardado automático.",
        "Cola de regularización en el Sistema Administrativo ATC.",
        "Cierre y evaluación de cada evento según los criterios del procedimiento.",
        "Reporte de eventos al regulador dentro de los 3 días hábiles.",
    ),
)


class WorkspacePage(QWidget):
    def __init__(self, spec: WorkspaceSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"workspace_{spec.key}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(12)

        title = QLabel(spec.title)
        title.setObjectName("workspaceTitle")
        summary = QLabel(spec.summary)
        summary.setObjectName("workspaceSubtitle")
        summary.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(summary)

        card = QFrame()
        card.setObjectName("card")
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(20, 16, 20, 18)
        card_layout.setSpacing(8)
        heading = QLabel("Próximamente")
        heading.setObjectName("cardTitle")
        card_layout.addWidget(heading)
        for item in spec.coming:
            line = QLabel(f"•  {item}")
            line.setWordWrap(True)
            line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            card_layout.addWidget(line)
        note = QLabel("Estas funciones llegarán en las próximas versiones de SWAT Desktop.")
        note.setObjectName("noticeLabel")
        card_layout.addSpacing(6)
        card_layout.addWidget(note)
        layout.addSpacing(8)
        layout.addWidget(card)
        layout.addStretch(1)
