"""When the headers of a tipificaciones export are not recognized, the person says which column
is which; the choice is remembered for the next export with the same headers (as for a base)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.base_format import cell_text, column_letter
from swat_desktop.domain.tipificaciones import TipField
from swat_desktop.gui.widgets import error_label, ok_cancel, open_at
from swat_desktop.services.tipificaciones_import import TipPlan

PREVIEW_ROWS = 5
UNASSIGNED = -1
_NOTES = {TipField.HORA: " (opcional: sin ella se cuenta el día entero)",
          TipField.CANTIDAD: " (opcional: sin ella cada fila es una tipificación)"}


class TipMappingDialog(QDialog):
    def __init__(self, plan: TipPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Asignar columnas de las tipificaciones")
        open_at(self, 760, 500)
        header = plan.header
        intro = QLabel(
            f"No se reconocieron todas las columnas de «{plan.file_name}» (hoja «{plan.sheet}», "
            f"encabezados en la fila {header.row_index + 1}). Indique qué columna tiene cada "
            "dato.")
        intro.setWordWrap(True)
        form = QFormLayout()
        self.combos: dict[TipField, QComboBox] = {}
        for field in TipField:
            combo = QComboBox()
            combo.addItem("Elija una columna…" if field.required else "(sin asignar)",
                          UNASSIGNED)
            for index, text in enumerate(header.headers):
                combo.addItem(f"{column_letter(index)} · {text or '(sin título)'}", index)
            combo.setCurrentIndex(max(combo.findData(header.columns.get(field, UNASSIGNED)), 0))
            form.addRow(field.label + _NOTES.get(field, ""), combo)
            self.combos[field] = combo
        preview = QTableWidget(0, len(header.headers))
        preview.setHorizontalHeaderLabels(
            [f"{column_letter(i)} · {h}" for i, h in enumerate(header.headers)])
        preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        first = header.row_index + 1
        for values in plan.rows[first:first + PREVIEW_ROWS]:
            row = preview.rowCount()
            preview.insertRow(row)
            preview.setVerticalHeaderItem(row, QTableWidgetItem(str(first + row + 1)))
            for column, value in enumerate(values[:len(header.headers)]):
                preview.setItem(row, column, QTableWidgetItem(cell_text(value)))
        preview.resizeColumnsToContents()
        self.remember = QCheckBox("Recordar esta asignación para los próximos archivos con "
                                  "estos encabezados")
        self.remember.setChecked(True)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(QLabel("Primeras filas del archivo:"))
        layout.addWidget(preview, 1)
        layout.addWidget(self.remember)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel(self, "Continuar"))

    def columns(self) -> Mapping[TipField, int]:
        chosen = {f: c.currentData() for f, c in self.combos.items()}
        return {f: i for f, i in chosen.items() if i != UNASSIGNED}

    def accept(self) -> None:
        columns = self.columns()
        missing = [f.label for f in TipField if f.required and f not in columns]
        if missing or len(set(columns.values())) != len(columns):
            self.error.setText(f"Falta asignar: {', '.join(missing)}." if missing
                               else "Una misma columna no puede usarse para dos datos.")
            self.error.show()
            return
        super().accept()
