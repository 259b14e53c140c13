"""The backoffice keeps the catalogue of causales: add new ones, deactivate old ones."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from swat_desktop.domain.errors import ValidationError
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.widgets import close_only, column_layout, error_label, notice, open_at
from swat_desktop.services import catalogue

HEADERS = ("Activa", "Código", "Nombre", "Descripción")


class CausalesDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.changed = False
        self.setWindowTitle("Catálogo de causales")
        open_at(self, 900, 560)
        note = notice("Una causal desactivada deja de ofrecerse en veredictos nuevos; los "
                      "veredictos que ya la usan la conservan.")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemChanged.connect(self._toggled)

        self.code = QLineEdit()
        self.code.setMaxLength(20)
        self.code.setPlaceholderText("p. ej. C14")
        self.name = QLineEdit()
        self.name.setMaxLength(120)
        self.description = QLineEdit()
        add = QPushButton("Agregar causal")
        add.clicked.connect(self.add)
        self.error = error_label()
        group = QGroupBox("Nueva causal")
        form = QFormLayout(group)
        form.addRow("Código", self.code)
        form.addRow("Nombre", self.name)
        form.addRow("Descripción", self.description)
        row = QHBoxLayout()
        row.addWidget(self.error, 1)
        row.addWidget(add)
        form.addRow(row)
        column_layout(self, note, (self.table, 1), group, close_only(self))
        self.reload()

    def reload(self) -> None:
        causales = catalogue.list_causales(self.ctx.store, include_inactive=True)
        self.table.blockSignals(True)
        self.table.setRowCount(len(causales))
        for row, causal in enumerate(causales):
            active = QTableWidgetItem()
            active.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            active.setCheckState(Qt.CheckState.Checked if causal.active
                                 else Qt.CheckState.Unchecked)
            active.setData(Qt.ItemDataRole.UserRole, causal.id)
            self.table.setItem(row, 0, active)
            for column, text in enumerate((causal.code, causal.name, causal.description), 1):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(2, min(self.table.columnWidth(2), 260))
        self.table.blockSignals(False)

    def _toggled(self, item: QTableWidgetItem) -> None:
        if item.column() != 0:
            return
        active = item.checkState() == Qt.CheckState.Checked
        catalogue.set_active(self.ctx.store, self.ctx.user, item.data(Qt.ItemDataRole.UserRole),
                             active)
        self.changed = True

    def add(self) -> None:
        try:
            catalogue.add_causal(self.ctx.store, self.ctx.user, self.code.text(), self.name.text(),
                                 self.description.text())
        except ValidationError as exc:
            self.error.setText(" ".join(exc.errors.values()))
            self.error.show()
            return
        self.error.hide()
        for field in (self.code, self.name, self.description):
            field.clear()
        self.changed = True
        self.reload()
