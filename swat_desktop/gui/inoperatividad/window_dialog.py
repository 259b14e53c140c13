"""Registering a falla masiva as the Fallas team's communication announced it (criterio 1 of
the evaluation): the event's own application and times are offered as a start, because the
person copies the communication and corrects them."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.inoperatividad import Catalogue
from swat_desktop.domain.inoperatividad_flow import FallaWindow, FlowRecord
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.inoperatividad.cards import dialog_grid
from swat_desktop.gui.inoperatividad.qt_dates import (
    datetime_edit,
    from_qdatetime,
    in_lima,
    to_qdatetime,
)
from swat_desktop.gui.signals import Change
from swat_desktop.gui.widgets import error_label, notice, ok_cancel, open_at
from swat_desktop.services import inoperatividad_flow as flow


class WindowDialog(QDialog):
    """A falla masiva as the Fallas team's communication announced it: which application was
    down from when to when, and the communication's reference."""

    def __init__(self, ctx: AppContext, catalogue: Catalogue, item: FlowRecord | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.added: FallaWindow | None = None
        self.setWindowTitle("Registrar una falla masiva comunicada")
        self.application = QComboBox()
        self.application.setAccessibleName("Aplicativo de la falla masiva")
        self.application.addItem("Elija el aplicativo…", "")
        for option in catalogue.applications:
            self.application.addItem(option.label, option.code)
        self.starts_at = datetime_edit("Inicio de la falla masiva", ctx.clock)
        self.ends_at = datetime_edit("Fin de la falla masiva", ctx.clock)
        self.reference = QLineEdit()
        self.reference.setAccessibleName("Referencia del comunicado")
        self.reference.setPlaceholderText("Asunto o número del comunicado de Fallas")
        data = item.record.data if item is not None else None
        if data is not None and data.applications:
            # The event's own application and times as a start: the communication corrects them.
            self.application.setCurrentIndex(max(self.application.findData(
                data.applications[0]), 0))
        if data is not None and data.started_at is not None:
            self.starts_at.setDateTime(to_qdatetime(data.started_at))
            self.ends_at.setDateTime(to_qdatetime(data.ended_at or data.started_at))
        self.errors = {key: error_label() for key in ("application", "starts_at", "ends_at",
                                                      "reference")}
        self.error = error_label()
        self.buttons = ok_cancel(self, "Registrar falla masiva")
        grid = dialog_grid((
            ("&Aplicativo", self.application, self.application, (self.errors["application"],)),
            ("&Inicio", in_lima(self.starts_at), self.starts_at, (self.errors["starts_at"],)),
            ("&Fin", in_lima(self.ends_at), self.ends_at, (self.errors["ends_at"],)),
            ("&Referencia del comunicado", self.reference, self.reference,
             (self.errors["reference"],))))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.setSpacing(10)
        layout.addWidget(notice("Copie los datos del comunicado del buzón Fallas de Sistemas y "
                                "Plataforma. Cada evento se evalúa como dentro o fuera de las "
                                "fallas masivas registradas de sus aplicativos."))
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.application.setFocus()
        open_at(self, 520)

    def accept(self) -> None:
        try:
            self.added = flow.add_window(
                self.ctx.store, self.ctx.user, self.application.currentData() or "",
                from_qdatetime(self.starts_at.dateTime()),
                from_qdatetime(self.ends_at.dateTime()), self.reference.text())
        except ValidationError as exc:
            for key, label in self.errors.items():
                label.setText(exc.errors.get(key, ""))
                label.setVisible(key in exc.errors)
            rest = [m for k, m in exc.errors.items() if k not in self.errors]
            self.error.setText("\n".join(rest))
            self.error.setVisible(bool(rest))
            return
        self.ctx.hub.announce(Change.FLOW)  # every closed event's criterio 1 may change
        super().accept()
