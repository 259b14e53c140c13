"""The imported bases, and annulling one filed under the wrong day (backoffice)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QWidget,
)

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import BOGOTA, format_datetime
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.rows_model import Column, RowsModel, rows_view
from swat_desktop.gui.widgets import close_only, column_layout, error_label, notice, open_at
from swat_desktop.services import bases
from swat_desktop.services.bases import BaseSummary

COLUMNS: list[Column[BaseSummary]] = [
    Column("Fecha base", lambda b: f"{b.base_date:%d/%m/%Y}"),
    Column("Archivo", lambda b: b.file_name),
    Column("Importada", lambda b: format_datetime(b.imported_at, BOGOTA)),
    Column("Por", lambda b: b.imported_by),
    Column("Cuentas", lambda b: str(b.imported)),
    Column("Revisadas", lambda b: str(b.reviewed)),
]


class BasesDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.changed = False
        self.setWindowTitle("Bases importadas")
        open_at(self, 860, 460)
        note = notice("Una importación hecha con la fecha equivocada se puede anular mientras "
                      "ninguna de sus cuentas tenga veredicto; después se importa de nuevo.")
        self.model: RowsModel[BaseSummary] = RowsModel(COLUMNS, self)
        self.table = rows_view(self.model, "basesTable")
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Motivo de la anulación (obligatorio)")
        self.annul_button = QPushButton("Anular importación")
        self.annul_button.clicked.connect(self.annul_selected)
        self.error = error_label()
        row = QHBoxLayout()
        row.addWidget(self.reason, 1)
        row.addWidget(self.annul_button)
        column_layout(self, note, (self.table, 1), row, self.error, close_only(self))
        self.reload()

    @property
    def items(self) -> list[BaseSummary]:
        return self.model.rows

    def reload(self) -> None:
        self.model.set_rows(bases.list_bases(self.ctx.store))
        self.table.resizeColumnsToContents()
        if self.items:
            self.table.selectRow(0)

    def annul_selected(self) -> None:
        row = self.table.currentIndex().row()
        if not 0 <= row < len(self.items):
            self._fail("Elija la importación que quiere anular.")
            return
        try:
            removed = bases.annul(self.ctx.store, self.ctx.user, self.items[row].id,
                                  self.reason.text())
        except ValidationError as exc:
            self._fail(" ".join(exc.errors.values()))
            return
        self.changed = True
        self.reason.clear()
        self.error.hide()
        self.reload()
        self.setWindowTitle(f"Bases importadas — anulada ({removed} cuentas)")

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
