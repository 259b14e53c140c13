"""Regularizing a record in the Sistema Administrativo ATC (seed 004, "Contingencia" b.).

The person keys the record into ATC's *Gestión / Inoperatividad / Registro* screen by hand, so
the panel lists the record's values in the order that screen asks for them, each with a copy
button, and then takes the number ATC gave. (Undoing it, with a reason, is in
record_reasons.)
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.inoperatividad import Catalogue, InoperatividadRecord, RequestType
from swat_desktop.domain.inoperatividad_flow import FlowRecord, RegularizationState
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.signals import Change
from swat_desktop.gui.widgets import (
    error_label,
    hold_widest,
    notice,
    page_scroll,
)
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services.inoperatividad_flow import StaleFlowError

# The fields of ATC's Gestión / Inoperatividad / Registro screen, in its order.
ATC_FIELDS = ("Punto de atención", "Canal", "Tipo de trámite", "Consulta", "Aplicativos",
              "Escenario", "Motivo de ocurrencia", "Fecha y hora de inicio",
              "Fecha y hora de fin", "Responsable", "Detalle")
COPY = "Copiar"
COPIED = "Copiado ✓"
EMPTY = "—"
STALE = ("Otra persona cambió este registro mientras lo veía: se volvió a cargar con sus datos "
         "actuales. Revíselos y vuelva a marcarlo.")


def atc_values(record: InoperatividadRecord, catalogue: Catalogue) -> list[tuple[str, str]]:
    """(field, value) in ATC's order; an empty value is a field ATC leaves blank for this
    record (no consulta outside Consultas, no end while the event is open)."""
    data = record.data
    consulta = catalogue.label(catalogue.consultas, data.request_code) \
        if data.request_type is RequestType.CONSULTAS and data.request_code else ""
    values = (
        record.point.name,
        record.point.channel_label,
        catalogue.label(catalogue.request_types, data.request_type.value)
        if data.request_type else "",
        consulta,
        ", ".join(catalogue.label(catalogue.applications, a) for a in data.applications),
        catalogue.label(catalogue.scenarios, data.scenario.value) if data.scenario else "",
        catalogue.motivo_label(data.scenario.value, data.motivo) if data.scenario else "",
        format_datetime(data.started_at, LIMA) if data.started_at else "",
        format_datetime(data.ended_at, LIMA) if data.ended_at else "",
        data.responsible_name,
        data.detail,
    )
    return list(zip(ATC_FIELDS, values, strict=True))


class RegularizePanel(QWidget):
    """One queued record: its values to copy into ATC, then the number ATC gave it."""

    regularized = Signal(object)  # the FlowRecord after the write (already announced)
    stale = Signal(int, str)  # record id, the number typed: somebody changed it first

    def __init__(self, ctx: AppContext, catalogue: Catalogue, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.catalogue = catalogue
        self.item: FlowRecord | None = None
        self.values: dict[str, str] = {}

        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.intro = notice("En el Portal de Aplicaciones » Sistema Administrativo ATC abra "
                            "Gestión / Inoperatividad / Registro y copie cada dato en este "
                            "orden: es el orden en que la pantalla de ATC los pide.")
        self.value_labels: dict[str, QLabel] = {}
        self.copy_buttons: dict[str, QPushButton] = {}
        card = QFrame()
        card.setObjectName("card")
        grid = QGridLayout(card)
        grid.setContentsMargins(14, 10, 14, 10)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        for line, field in enumerate(ATC_FIELDS):
            name = QLabel(f"{line + 1}. {field}")
            name.setObjectName("filterLabel")
            value = QLabel()
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            button = QPushButton(COPY)
            button.setAutoDefault(False)
            button.setAccessibleName(f"Copiar {field}")
            button.setToolTip(f"Copiar «{field}» al portapapeles para pegarlo en ATC")
            button.clicked.connect(lambda _c=False, f=field: self.copy(f))
            hold_widest(button, (COPIED,))  # «Copiado ✓» must not squeeze the value column
            grid.addWidget(name, line, 0)
            grid.addWidget(value, line, 1)
            grid.addWidget(button, line, 2)
            self.value_labels[field] = value
            self.copy_buttons[field] = button

        self.atc_number = QLineEdit()
        self.atc_number.setAccessibleName("Número de registro en ATC")
        self.atc_number.setPlaceholderText("El número que mostró ATC al grabar")
        self.atc_number.setMaxLength(40)
        self.atc_number.returnPressed.connect(self.regularize)
        number_label = QLabel("Número de registro en &ATC")
        number_label.setBuddy(self.atc_number)
        number_label.setObjectName("filterLabel")
        self.atc_error = error_label()
        self.regularize_button = QPushButton("&Marcar como regularizado")
        self.regularize_button.setAutoDefault(False)
        self.regularize_button.setDefault(True)
        self.regularize_button.setToolTip("Guarda el número de ATC, quién regularizó y cuándo; "
                                          "el registro sale de la cola")
        self.regularize_button.clicked.connect(self.regularize)
        self.done_label = notice()  # a record already regularized
        number_row = QHBoxLayout()
        number_row.setSpacing(10)
        number_row.addWidget(self.atc_number, 1)
        number_row.addWidget(self.regularize_button)
        number_box = QVBoxLayout()
        number_box.setSpacing(4)
        number_box.addWidget(number_label)
        number_box.addLayout(number_row)
        number_box.addWidget(self.atc_error)
        number_box.addWidget(self.done_label)

        self.content = QWidget()
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.setSpacing(8)
        content.addWidget(self.title)
        content.addWidget(self.intro)
        content.addWidget(card)
        content.addSpacing(6)
        content.addLayout(number_box)
        content.addStretch(1)
        self.empty = notice("Elija un registro de la lista para regularizarlo en ATC.")

        # Twelve values and the number under them are taller than a laptop's page: they
        # scroll beside the queue instead of pushing the whole page down.
        self.scroll = page_scroll(self.content, sideways=False)
        self.scroll.setObjectName("regularizeScroll")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)
        self.set_item(None)

    def set_item(self, item: FlowRecord | None, keep_number: bool = False,
                 waiting: bool = True) -> None:
        """Show ``item`` (None: nothing chosen); ``keep_number`` keeps what was typed, for the
        same record reloaded after somebody else changed it; ``waiting``: there are records to
        choose from (with none, the list's own notice is the only text)."""
        self.item = item
        self.scroll.setVisible(item is not None)
        self.empty.setVisible(item is None and waiting)
        if not keep_number:
            self.atc_number.clear()
            self.atc_error.hide()
        if item is None:
            self.values = {}
            return
        record = item.record
        self.title.setText(f"Regularizar {record.number} en ATC")
        self.values = dict(atc_values(record, self.catalogue))
        for field, value in self.values.items():
            shown = value or EMPTY
            if field == "Fecha y hora de fin" and not value:
                shown = "— (evento abierto: ATC lo deja en blanco)"
            elif field == "Consulta" and not value:
                shown = "— (solo para Consultas)"
            self.value_labels[field].setText(shown)
            self.copy_buttons[field].setEnabled(bool(value))
            self.copy_buttons[field].setText(COPY)
        done = item.flow.regularization is RegularizationState.REGULARIZADO
        self.done_label.setText(
            f"Ya está regularizado en ATC con el N.º {item.flow.atc_number}"
            f" ({item.flow.regularized_by})." if done else "")
        self.done_label.setVisible(done)
        self.regularize_button.setEnabled(not done)

    def copy(self, field: str) -> str:
        """Put one value on the clipboard; its button says so until the next copy, so the
        person sees where they are in ATC's screen."""
        value = self.values.get(field, "")
        QGuiApplication.clipboard().setText(value)
        for name, button in self.copy_buttons.items():
            button.setText(COPIED if name == field else COPY)
        self.ctx.hub.say(f"Copiado: {field}.")
        return value

    def show_error(self, message: str) -> None:
        self.atc_error.setText(message)
        self.atc_error.setVisible(bool(message))
        self.atc_number.setProperty("invalid", bool(message))
        self.atc_number.style().unpolish(self.atc_number)
        self.atc_number.style().polish(self.atc_number)

    def regularize(self) -> FlowRecord | None:
        """The service decides (number format, used number, regularized twice); its message
        goes next to the number."""
        if self.item is None:
            return None
        record = self.item.record
        number = self.atc_number.text()
        try:
            done = flow.regularize(self.ctx.store, self.ctx.user, record.id, record.version,
                                   number)
        except ValidationError as exc:
            self.show_error("\n".join(exc.errors.values()))
            self.atc_number.setFocus()
            return None
        except StaleFlowError:
            self.stale.emit(record.id, number)
            return None
        self.show_error("")
        self.ctx.hub.announce(Change.FLOW)  # the queue reads itself again first
        self.regularized.emit(done)
        return done
