"""The backoffice splits a day's base between the célula agents."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.mal_escalados import CaseStatus, ReviewFilters
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.widgets import error_label, ok_cancel, open_at
from swat_desktop.services import assignment, review, review_pages


class AssignmentDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_text = ""
        self.setWindowTitle("Asignar base a los agentes")
        open_at(self, 560, 480)

        self.day = QComboBox()
        for day in review.base_dates(self.ctx.store):
            self.day.addItem(f"{day:%d/%m/%Y}", day.isoformat())
        self.only_unassigned = QCheckBox("Solo las cuentas pendientes que nadie tiene asignadas")
        self.only_unassigned.setChecked(True)
        self.available = QLabel()
        self.available.setObjectName("noticeLabel")

        self.evenly = QRadioButton("En partes iguales entre los agentes marcados")
        self.by_count = QRadioButton("Una cantidad por agente")
        self.evenly.setChecked(True)
        mode = QButtonGroup(self)
        mode.addButton(self.evenly)
        mode.addButton(self.by_count)

        self.people = review.reviewers(self.ctx.store)
        self.table = QTableWidget(len(self.people), 2)
        self.table.setHorizontalHeaderLabels(["Agente", "Cantidad"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setColumnWidth(0, 360)
        self.spins: list[QSpinBox] = []
        for row, person in enumerate(self.people):
            item = QTableWidgetItem(f"{person.full_name} ({person.login}) · {person.role.label}")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(row, 0, item)
            spin = QSpinBox()
            spin.setRange(0, 1_000_000)
            spin.setEnabled(False)
            self.table.setCellWidget(row, 1, spin)
            self.spins.append(spin)

        self.error = error_label()
        buttons = ok_cancel(self, "Asignar")

        form = QFormLayout()
        form.addRow("Base del día", self.day)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.only_unassigned)
        layout.addWidget(self.available)
        layout.addWidget(self.evenly)
        layout.addWidget(self.by_count)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self.day.currentIndexChanged.connect(self._update_available)
        self.only_unassigned.toggled.connect(self._update_available)
        self.by_count.toggled.connect(self._update_mode)
        self._update_available()

    def chosen_day(self) -> date | None:
        value = self.day.currentData()
        return date.fromisoformat(value) if value else None

    def _update_available(self) -> None:
        day = self.chosen_day()
        if day is None:
            self.available.setText("Todavía no hay bases importadas.")
            return
        counts = review_pages.counts(self.ctx.store, ReviewFilters(
            base_dates=(day,), status=CaseStatus.PENDIENTE,
            assigned_to=0 if self.only_unassigned.isChecked() else None))
        one = counts.total == 1
        self.available.setText(f"{counts.total} cuenta{'' if one else 's'} "
                               f"pendiente{'' if one else 's'} para repartir.")

    def _update_mode(self) -> None:
        for spin in self.spins:
            spin.setEnabled(self.by_count.isChecked())

    def check(self, login: str, count: int | None = None) -> None:
        """Mark an agent (and their quantity); used by tests and keyboard users alike."""
        row = next(i for i, p in enumerate(self.people) if p.login == login)
        self.table.item(row, 0).setCheckState(Qt.CheckState.Checked)
        if count is not None:
            self.spins[row].setValue(count)

    def accept(self) -> None:
        day = self.chosen_day()
        chosen = [(p, s.value()) for row, (p, s) in enumerate(zip(self.people, self.spins,
                                                                 strict=True))
                  if self.table.item(row, 0).checkState() == Qt.CheckState.Checked]
        if day is None:
            self._fail("No hay bases para asignar.")
            return
        counts = {p.id: n for p, n in chosen} if self.by_count.isChecked() else None
        try:
            given = assignment.assign(self.ctx.store, self.ctx.user, day, [p.id for p, _ in chosen],
                                      counts, self.only_unassigned.isChecked())
        except ValidationError as exc:
            self._fail(" ".join(exc.errors.values()))
            return
        names = {p.id: p.full_name for p, _ in chosen}
        self.result_text = "Asignadas: " + ", ".join(
            f"{names[i]} {n}" for i, n in given.items()) + "."
        super().accept()

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
