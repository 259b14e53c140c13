"""Closing an event (seed 004, section 5): end date and time, closure motive and sustento.

The duration is computed from the start and the end while the person types, never typed, and
an event over one hour is flagged because the evaluation must report it.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.inoperatividad import Catalogue
from swat_desktop.domain.inoperatividad_flow import (
    ERROR_USUARIO,
    LONG_EVENT,
    ClosureInput,
    FlowRecord,
    duration,
    format_duration,
)
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
from swat_desktop.services.inoperatividad_flow import StaleFlowError

OVER_ONE_HOUR = "Más de 1 hora: se informa en la evaluación."
NOT_REPORTED = ("Un evento cerrado como error de usuario se conserva, pero no se reporta al "
                "regulador.")


def flag_label() -> QLabel:
    """An amber remark: not an error, something the evaluation will look at."""
    label = error_label()
    label.setProperty("role", "flag")
    return label


class ClosureDialog(QDialog):
    def __init__(self, ctx: AppContext, item: FlowRecord, catalogue: Catalogue,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.item = item
        self.closed: FlowRecord | None = None
        record = item.record
        started = record.data.started_at
        assert started is not None  # a saved record always has its start
        self.started = started
        self.setWindowTitle(f"Cerrar el evento {record.number}")

        self.ended_at = datetime_edit("Fecha y hora de fin", ctx.clock)
        if record.data.ended_at is not None:  # the end the form already had
            self.ended_at.setDateTime(to_qdatetime(record.data.ended_at))
        self.ended_at.dateTimeChanged.connect(lambda _v: self._update_duration())
        self.duration = QLabel()
        self.duration.setObjectName("cardTitle")
        self.duration.setAccessibleName("Duración calculada")
        self.long_flag = flag_label()
        self.motive = QComboBox()
        self.motive.setAccessibleName("Motivo de cierre")
        self.motive.addItem("Elija el motivo de cierre…", "")
        for option in catalogue.closure_motives:
            self.motive.addItem(option.label, option.code)
        self.motive.currentIndexChanged.connect(lambda _i: self._update_motive())
        self.motive_note = notice(NOT_REPORTED)
        self.motive_note.hide()
        self.sustento = QPlainTextEdit()
        self.sustento.setAccessibleName("Sustento del cierre")
        self.sustento.setPlaceholderText("Qué se restableció y quién lo confirmó: ticket de "
                                         "Tecnología, correo de Fallas…")
        self.sustento.setTabChangesFocus(True)
        self.sustento.setFixedHeight(90)
        self.errors = {key: error_label() for key in ("ended_at", "motive", "sustento")}
        self.error = error_label()  # the record itself: already closed, changed by others
        self.buttons = ok_cancel(self, "Cerrar evento")

        grid = dialog_grid((
            # The duration and its flag under the end they follow from.
            ("&Fin del evento", in_lima(self.ended_at), self.ended_at,
             (self.errors["ended_at"], self.duration, self.long_flag)),
            ("&Motivo de cierre", self.motive, self.motive,
             (self.errors["motive"], self.motive_note)),
            ("&Sustento", self.sustento, self.sustento, (self.errors["sustento"],))))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.setSpacing(10)
        layout.addWidget(notice(
            f"{record.number} · {record.point.name} · inicio "
            f"{format_datetime(started, LIMA)} (hora de Lima). La duración se calcula con el "
            "inicio y el fin."))
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._update_duration()
        self.ended_at.setFocus()
        open_at(self, 540)

    def value(self) -> ClosureInput:
        return ClosureInput(from_qdatetime(self.ended_at.dateTime()),
                            self.motive.currentData() or "", self.sustento.toPlainText())

    def _update_duration(self) -> None:
        lasted = duration(self.started, self.value().ended_at)
        valid = lasted is not None and lasted.total_seconds() > 0
        self.duration.setText(f"Duración: {format_duration(lasted)}" if valid
                              else "Duración: —")
        self.long_flag.setText(OVER_ONE_HOUR)
        self.long_flag.setVisible(valid and lasted is not None and lasted > LONG_EVENT)
        message = "" if valid else "El fin debe ser posterior al inicio del evento."
        self.errors["ended_at"].setText(message)
        self.errors["ended_at"].setVisible(bool(message))

    def _update_motive(self) -> None:
        self.motive_note.setVisible(self.motive.currentData() == ERROR_USUARIO)

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)
        rest = [m for k, m in errors.items() if k not in self.errors]
        self.error.setText("\n".join(rest))
        self.error.setVisible(bool(rest))
        if bool(self.motive.property("invalid")) != ("motive" in errors):
            self.motive.setProperty("invalid", "motive" in errors)
            self.motive.style().unpolish(self.motive)
            self.motive.style().polish(self.motive)

    def accept(self) -> None:
        record = self.item.record
        try:
            self.closed = flow.close(self.ctx.store, self.ctx.user, record.id, record.version,
                                     self.value())
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except StaleFlowError:
            self.show_errors({"registro": (
                "Otra persona cambió este registro mientras tanto. Cierre esta ventana: el "
                "registro se vuelve a cargar y, si sigue abierto, podrá cerrarlo de nuevo.")})
            self.buttons.button(self.buttons.StandardButton.Ok).setEnabled(False)
            return
        self.ctx.hub.announce(Change.FLOW)
        super().accept()
