"""Section 11 of the Formato Manual: the customers who asked for the request during the event,
one line of the paper's table each (time, document, line, request, critical).

A request the catalogue calls critical ticks its box by itself, because those are attended
even with the systems down and the form then asks how.
"""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.clock import Clock
from swat_desktop.domain.inoperatividad import Catalogue, CustomerRequest, is_critical
from swat_desktop.gui.inoperatividad.qt_dates import now_in
from swat_desktop.gui.widgets import notice

CUSTOMER_WIDTHS = (22, 70, 110, 110)  # number, time, document, line; the request stretches
CUSTOMER_SPACING = 8


def offered_requests(catalogue: Catalogue, request_type: str | None) -> list[str]:
    """The requests a row's list offers: those of the record's type, the critical ones
    first; before a type is chosen, every type's."""
    types = [request_type] if request_type else [o.code for o in catalogue.request_types]
    labels = [o.label for t in types for o in catalogue.requests_of(t)]
    critical = {o.label for o in catalogue.critical_requests}
    ordered = [t for t in labels if t in critical] + [t for t in labels if t not in critical]
    return list(dict.fromkeys(ordered))


class CustomerRow(QWidget):
    """One customer who asked for the request during the event; a line of the paper's table."""

    changed = Signal()

    def __init__(self, catalogue: Catalogue, requests: list[str], clock: Clock,
                 value: CustomerRequest | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self._auto_critical = False  # ticked because of the request, not by hand
        self.bad_at = ""  # a stored time that is not one, kept until the time is changed
        self.number = QLabel()
        self.number.setObjectName("filterLabel")
        self.number.setFixedWidth(CUSTOMER_WIDTHS[0])
        self.at = QTimeEdit()
        self.at.setDisplayFormat("HH:mm")
        self.at.setAccessibleName("Hora en que pidió el trámite")
        self.at.setFixedWidth(CUSTOMER_WIDTHS[1])
        self.document = QLineEdit()
        self.document.setPlaceholderText("DNI o CE")
        self.document.setAccessibleName("Documento del cliente")
        self.document.setFixedWidth(CUSTOMER_WIDTHS[2])
        self.line = QLineEdit()
        self.line.setPlaceholderText("Número")
        self.line.setAccessibleName("Línea o servicio")
        self.line.setFixedWidth(CUSTOMER_WIDTHS[3])
        self.request = QComboBox()
        self.request.setEditable(True)
        self.request.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.request.addItems(requests)
        self.request.setAccessibleName("Trámite que solicitó")
        self.request.setMinimumWidth(160)
        self.critical = QCheckBox("Crítico")
        self.critical.setToolTip("Bloqueo por robo o pérdida, reclamos, apelaciones o quejas: "
                                 "se atienden igual")
        self.remove_button = QPushButton("Quitar")
        self.remove_button.setAutoDefault(False)
        self.remove_button.setToolTip("Quitar este cliente de la lista")

        self.set_value(value or CustomerRequest(now_in(clock).time(), "", "", "", False))
        self.request.lineEdit().setPlaceholderText("Qué solicitó")
        self.at.timeChanged.connect(self.changed)
        self.document.textChanged.connect(self.changed)
        self.line.textChanged.connect(self.changed)
        self.request.editTextChanged.connect(self._request_changed)
        self.critical.toggled.connect(self._critical_toggled)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(CUSTOMER_SPACING)
        for widget in (self.number, self.at, self.document, self.line):
            layout.addWidget(widget)
        layout.addWidget(self.request, 1)
        layout.addWidget(self.critical)
        layout.addWidget(self.remove_button)

    def set_value(self, value: CustomerRequest) -> None:
        at = value.at or time(0, 0)
        # A stored time that is not one is shown as such, never as a made-up 00:00.
        self.bad_at = value.bad_at
        self.at.setSpecialValueText(value.at_text if value.bad_at else "")
        self.at.setToolTip(f"Guardada como «{value.bad_at}»" if value.bad_at else "")
        self.at.setTime(QTime(at.hour, at.minute))
        self.document.setText(value.document)
        self.line.setText(value.line)
        self.request.setCurrentIndex(-1)
        self.request.setEditText(value.request)
        self.critical.setChecked(value.critical)
        self._auto_critical = False

    def value(self) -> CustomerRequest:
        at = self.at.time()
        kept = self.bad_at if at == self.at.minimumTime() else ""
        return CustomerRequest(None if kept else time(at.hour(), at.minute()),
                               self.document.text(), self.line.text(),
                               self.request.currentText(), self.critical.isChecked(), kept)

    def _request_changed(self, text: str) -> None:
        """A critical request ticks the box by itself; changing it back unticks only a tick
        the form put there, never one the person put by hand."""
        critical = is_critical(self.catalogue, text.strip())
        if critical and not self.critical.isChecked():
            self._auto_critical = True
            self.critical.setChecked(True)
        elif not critical and self._auto_critical:
            self.critical.setChecked(False)
        self.changed.emit()

    def offer(self, requests: list[str]) -> None:
        """The list under the field becomes ``requests``; what is written stays."""
        text = self.request.currentText()
        self.request.blockSignals(True)
        self.request.clear()
        self.request.addItems(requests)
        self.request.setCurrentIndex(-1)
        self.request.setEditText(text)
        self.request.blockSignals(False)

    def _critical_toggled(self, checked: bool) -> None:
        if not checked:
            self._auto_critical = False
        self.changed.emit()

    def focus_chain(self) -> list[QWidget]:
        return [self.at, self.document, self.line, self.request, self.critical,
                self.remove_button]

    def set_read_only(self, read_only: bool) -> None:
        self.at.setReadOnly(read_only)
        self.at.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons if read_only
                                 else QAbstractSpinBox.ButtonSymbols.UpDownArrows)
        self.document.setReadOnly(read_only)
        self.line.setReadOnly(read_only)
        self.request.setEnabled(not read_only)
        self.critical.setEnabled(not read_only)
        self.remove_button.setVisible(not read_only)


class CustomersBox(QWidget):
    """The table of customers under its headings, with «Agregar cliente»; rows come and go."""

    edited = Signal()  # a row was typed in
    rows_changed = Signal()  # a row was added or removed: the focus chain changes

    def __init__(self, catalogue: Catalogue, clock: Clock, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.clock = clock
        self.read_only = False
        self.rows: list[CustomerRow] = []
        self._requests = offered_requests(catalogue, None)
        header = QHBoxLayout()
        header.setSpacing(CUSTOMER_SPACING)
        header.setContentsMargins(0, 0, 0, 0)
        for text, width in zip(("N.º", "Hora", "Documento", "Línea / servicio"),
                               CUSTOMER_WIDTHS, strict=True):
            label = QLabel(text)
            label.setObjectName("filterLabel")
            label.setFixedWidth(width)
            header.addWidget(label)
        request = QLabel("Solicitud (elija o escriba)")
        request.setObjectName("filterLabel")
        header.addWidget(request, 1)
        self.header = QWidget()
        self.header.setLayout(header)
        self.lines = QVBoxLayout()
        self.lines.setSpacing(6)
        self.empty = notice("Sin clientes anotados.")
        self.add_button = QPushButton("Agregar c&liente")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add(focus=True))
        bottom = QHBoxLayout()
        bottom.addWidget(self.add_button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.header)
        layout.addLayout(self.lines)
        layout.addWidget(self.empty)
        layout.addLayout(bottom)
        self._renumber()

    def offer_for(self, request_type: str | None) -> None:
        """Every row lists the requests of the record's type: a customer asking for another
        type's request belongs in that type's record (the save refuses it)."""
        requests = offered_requests(self.catalogue, request_type)
        if requests == self._requests:
            return
        self._requests = requests
        for row in self.rows:
            row.offer(requests)

    def add(self, value: CustomerRequest | None = None, focus: bool = False) -> CustomerRow:
        row = CustomerRow(self.catalogue, self._requests, self.clock, value, self)
        row.changed.connect(self.edited)
        row.remove_button.clicked.connect(lambda: self.remove(row))
        row.set_read_only(self.read_only)
        self.lines.addWidget(row)
        row.show()  # now: it takes the focus right away
        self.rows.append(row)
        self._renumber()
        if focus:
            row.document.setFocus()
        return row

    def remove(self, row: CustomerRow) -> None:
        position = self.rows.index(row)
        self._drop(row)
        self._renumber()
        following = self.rows[min(position, len(self.rows) - 1)] if self.rows else None
        (following.document if following else self.add_button).setFocus()

    def load(self, values: tuple[CustomerRequest, ...]) -> None:
        for row in list(self.rows):
            self._drop(row)
        for value in values:
            self.add(value)
        self._renumber()

    def _drop(self, row: CustomerRow) -> None:
        self.rows.remove(row)
        row.hide()
        row.deleteLater()

    def _renumber(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            row.number.setText(f"{number}.")
        self.header.setVisible(bool(self.rows))
        self.empty.setVisible(not self.rows)
        self.rows_changed.emit()

    def values(self) -> tuple[CustomerRequest, ...]:
        return tuple(row.value() for row in self.rows)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for row in self.rows:
            row.set_read_only(read_only)
        self.add_button.setVisible(not read_only)

    def focus_chain(self) -> list[QWidget]:
        return [*(w for row in self.rows for w in row.focus_chain()), self.add_button]
