"""Importing a base from the window: read, map if needed, ask the date, import, summarize.

Reading and importing run in the thread pool; the window stays responsive and Cancel leaves
the database exactly as it was (the import is one transaction).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.errors import OutputError, ValidationError
from swat_desktop.domain.mal_escalados import ImportSummary, RowProblem
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.file_notice import FileNotice, WrittenFiles
from swat_desktop.gui.mal_escalados.mapping_dialog import MappingDialog
from swat_desktop.gui.qt_dates import date_edit, pydate
from swat_desktop.gui.rows_model import RIGHT, Column, RowsModel
from swat_desktop.gui.widgets import error_label, notice, open_at
from swat_desktop.gui.worker import Task
from swat_desktop.services import base_import, problems_export, store
from swat_desktop.services.base_import import FileFormatError, ImportCancelled, ImportPlan

Problem = tuple[RowProblem, str]  # the row, and what happened to it
PROBLEM_COLUMNS: list[Column[Problem]] = [
    Column("Hoja", lambda p: p[0].sheet, tooltip=lambda _p, _t: None),
    Column("Fila", lambda p: str(p[0].row), align=RIGHT, tooltip=lambda _p, _t: None),
    Column("Columna", lambda p: p[0].column, tooltip=lambda _p, _t: None),
    Column("Motivo", lambda p: p[0].reason, tooltip=lambda _p, _t: None),
    Column("Tipo", lambda p: p[1], tooltip=lambda _p, _t: None),
]


class ImportDialog(QDialog):
    imported = Signal(object)  # ImportSummary

    def __init__(self, ctx: AppContext, path: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = path
        self.plan: ImportPlan | None = None
        self.summary: ImportSummary | None = None
        self.task: Task | None = None
        self.setWindowTitle("Importar Base Mal Escalados")
        open_at(self, 820, 520)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._progress_page())
        self.pages.addWidget(self._date_page())
        self.pages.addWidget(self._summary_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    # -- pages --------------------------------------------------------------------------
    def _progress_page(self) -> QWidget:
        page = QWidget()
        self.stage = QLabel(f"Leyendo {self.path.name}…")
        self.stage.setObjectName("cardTitle")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Cancelar")
        self.cancel_button.clicked.connect(self.cancel)
        note = notice("La aplicación sigue respondiendo mientras importa. "
                      "Si cancela, la base de datos queda como estaba.")
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.stage)
        layout.addWidget(self.progress)
        layout.addWidget(note)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        layout.addStretch(2)
        return page

    def _date_page(self) -> QWidget:
        page = QWidget()
        text = QLabel(f"El nombre «{self.path.name}» no trae la fecha de la base. "
                      "¿De qué día es esta base?")
        text.setWordWrap(True)
        # No day is preselected: a base filed under the wrong day is hard to undo.
        self.date_edit = date_edit()
        self.date_edit.setMinimumDate(QDate(2000, 1, 1))
        self.date_edit.setSpecialValueText("Elija la fecha")
        self.date_edit.setDate(self.date_edit.minimumDate())
        self.date_error = error_label()
        buttons = QDialogButtonBox()
        buttons.addButton("Importar", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Cancelar", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._date_chosen)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(text)
        layout.addWidget(self.date_edit)
        layout.addWidget(self.date_error)
        layout.addWidget(buttons)
        layout.addStretch(2)
        return page

    def _summary_page(self) -> QWidget:
        page = QWidget()
        self.result_title = QLabel()
        self.result_title.setObjectName("workspaceTitle")
        self.result_text = QLabel()
        self.result_text.setWordWrap(True)
        self.problem_rows: RowsModel[Problem] = RowsModel(PROBLEM_COLUMNS, self)
        self.problems = QTableView()
        self.problems.setModel(self.problem_rows)
        self.problems.verticalHeader().hide()
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch)
        self.export_button = QPushButton("Exportar filas no importadas a Excel…")
        self.export_button.clicked.connect(self.export_problems)
        self.file_notice = FileNotice()  # inside: this dialog is modal over the window
        close = QPushButton("Cerrar")
        close.setDefault(True)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(page)
        layout.addWidget(self.result_title)
        layout.addWidget(self.result_text)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.file_notice)
        layout.addLayout(row)
        return page

    # -- flow ---------------------------------------------------------------------------
    def start(self) -> None:
        self._launch(lambda _progress, _cancelled: base_import.analyze(self.ctx.store, self.path),
                     self._analyzed)

    def _launch(self, work, done) -> None:  # type: ignore[no-untyped-def]
        self.pages.setCurrentIndex(0)
        self.cancel_button.setEnabled(True)
        self.task = Task(work, self)
        self.task.progressed.connect(self._progressed)
        self.task.finished.connect(done)
        self.task.failed.connect(self._failed)
        self.task.start()

    def _analyzed(self, plan: ImportPlan) -> None:
        if self.task is not None and self.task.cancelled:  # Cancel pressed while reading
            self._failed(ImportCancelled())
            return
        if plan.needs_mapping:
            mapping = MappingDialog(plan, self)
            if mapping.exec() != QDialog.DialogCode.Accepted:
                self._show_result("Importación cancelada",
                                  "No se importó nada: faltaba asignar columnas.", ok=False)
                return
            plan = plan.with_columns(mapping.columns())
            if mapping.remember.isChecked():
                base_import.remember_mapping(self.ctx.store, self.ctx.user, plan)
        self.plan = plan
        if plan.base_date is None:
            self.pages.setCurrentIndex(1)
            self.date_edit.setFocus()
            return
        self._run(plan.base_date)

    def _date_chosen(self) -> None:
        if self.date_edit.date() == self.date_edit.minimumDate():
            self.date_error.setText("Elija el día de la base.")
            self.date_error.show()
            return
        self._run(pydate(self.date_edit.date()))

    def _run(self, base_date: date) -> None:
        plan = self.plan
        assert plan is not None
        self.stage.setText(f"Importando {plan.data_rows} filas de «{plan.sheet}»…")
        self._launch(
            lambda progress, cancelled: base_import.run_import(
                self.ctx.store, self.ctx.user, plan, base_date, progress, cancelled),
            self._finished)

    def _progressed(self, stage: str, done: int, total: int) -> None:
        self.stage.setText(f"{stage}…")
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def cancel(self) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.stage.setText("Cancelando…")

    def reject(self) -> None:
        """Closing the window while importing cancels the import first."""
        if self.task is not None and self.task.running:
            self.cancel()
            return
        super().reject()

    def _finished(self, summary: ImportSummary) -> None:
        self.summary = summary
        title = (f"Base del {summary.base_date:%d/%m/%Y} importada" if summary.imported
                 else "No se importaron cuentas nuevas")
        lines = [summary.message]
        if summary.same_file_as:
            lines.append(summary.same_file_as)
        if summary.rejected or summary.duplicate_rows:
            lines.append("Abajo están las filas que no se importaron y el motivo.")
        elif summary.cleaned:
            lines.append("Abajo están las celdas que se limpiaron.")
        self._show_result(title, "\n".join(lines), ok=bool(summary.imported))
        self._fill_problems(summary)
        self.imported.emit(summary)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, ImportCancelled):
            self._show_result("Importación cancelada",
                              "No se importó nada: la base de datos quedó como estaba.", ok=False)
        elif isinstance(error, FileFormatError | ValidationError | store.DatabaseError):
            # DatabaseError: a busy or full store says why and what to do (storage.errors)
            self._show_result("No se pudo importar", str(error), ok=False)
        else:
            self._show_result("No se pudo importar",
                              "Ocurrió un error inesperado; los detalles quedaron en el "
                              "archivo de registro. La base de datos quedó como estaba.", ok=False)
            raise error

    def _show_result(self, title: str, text: str, ok: bool) -> None:
        self.result_title.setText(title)
        self.result_title.setProperty("ok", ok)
        self.result_text.setText(text)
        self.problems.setVisible(False)
        self.export_button.setVisible(False)
        self.pages.setCurrentIndex(2)

    def _fill_problems(self, summary: ImportSummary) -> None:
        rows = [(p, "Rechazada") for p in summary.rejected]
        rows += [(p, "Duplicada") for p in summary.duplicate_rows]
        rows += [(p, "Limpiada") for p in summary.cleaned]
        self.problem_rows.set_rows(rows)
        self.problems.resizeColumnsToContents()
        self.problems.setVisible(bool(rows))
        self.export_button.setVisible(bool(rows))

    def export_problems(self, target: Path | None = None) -> Path | None:
        if self.summary is None:
            return None
        if target is None:
            suggested = self.path.with_name(f"{self.path.stem} - no importadas.xlsx")
            chosen, _ = QFileDialog.getSaveFileName(self, "Guardar filas no importadas",
                                                    str(suggested), "Excel (*.xlsx)")
            if not chosen:
                return None
            target = Path(chosen)
        try:
            written = problems_export.export(target, self.summary)
        except OSError as exc:  # OutputError already says what to do
            self.file_notice.show_files(WrittenFiles("No se guardaron las filas.", ()))
            self.file_notice.show_error(str(exc) if isinstance(exc, OutputError)
                                        else f"No se pudo guardar {target}: {exc}.")
            return None
        self.file_notice.show_files(WrittenFiles("Filas no importadas guardadas.", (written,)))
        return written
