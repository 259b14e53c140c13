"""When the headers of a base are not recognized, the person says which column is which."""

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
from swat_desktop.domain.mal_escalados import BaseField
from swat_desktop.gui.widgets import error_label, ok_cancel, open_at
from swat_desktop.services.base_import import ImportPlan

PREVIEW_ROWS = 5
UNASSIGNED = -1


class MappingDialog(QDialog):
    def __init__(self, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Asignar columnas de la base")
        open_at(self, 760, 520)
        header = plan.header
        intro = QLabel(
            f"No se reconocieron todas las columnas de «{plan.file_name}» (hoja «{plan.sheet}», "
            f"encabezados en la fila {header.row_index + 1}). Indique qué columna corresponde a "
            "cada dato; las demás columnas se conservan tal cual.")
        intro.setWordWrap(True)

        form = QFormLayout()
        self.combos: dict[BaseField, QComboBox] = {}
        for field in BaseField:
            combo = QComboBox()
            combo.addItem("(sin asignar)" if not field.required else "Elija una columna…",
                          UNASSIGNED)
            for index, text in enumerate(header.headers):
                combo.addItem(f"{column_letter(index)} · {text or '(sin título)'}", index)
            combo.setCurrentIndex(max(combo.findData(header.columns.get(field, UNASSIGNED)), 0))
            label = field.label + ("" if field.required else " (opcional)")
            form.addRow(label, combo)
            self.combos[field] = combo

        preview = QTableWidget(0, len(header.headers))
        preview.setHorizontalHeaderLabels(
            [f"{column_letter(i)} · {h}" for i, h in enumerate(header.headers)])
        preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        first = header.row_index + 1
        for values in plan.rows[first:first + PREVIEW_ROWS]:
            row = preview.rowCount()
            preview.insertRow(row)
            # Row numbers as Excel shows them, so the person can find the row in the file.
            preview.setVerticalHeaderItem(row, QTableWidgetItem(str(first + row + 1)))
            for column, value in enumerate(values[:len(header.headers)]):
                preview.setItem(row, column, QTableWidgetItem(cell_text(value)))
        preview.resizeColumnsToContents()

        self.remember = QCheckBox("Recordar esta asignación para los próximos archivos con "
                                  "estos encabezados")
        self.remember.setChecked(True)
        self.error = error_label()
        buttons = ok_cancel(self, "Continuar")

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(QLabel("Primeras filas del archivo:"))
        layout.addWidget(preview, 1)
        layout.addWidget(self.remember)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def columns(self) -> Mapping[BaseField, int]:
        chosen = {f: c.currentData() for f, c in self.combos.items()}
        return {f: i for f, i in chosen.items() if i != UNASSIGNED}

    def accept(self) -> None:
        columns = self.columns()
        missing = [f.label for f in BaseField if f.required and f not in columns]
        repeated = len(set(columns.values())) != len(columns)
        if missing or repeated:
            self.error.setText(
                f"Falta asignar: {', '.join(missing)}." if missing
                else "Una misma columna no puede usarse para dos datos.")
            self.error.show()
            return
        super().accept()
