"""Retroalimentación (step 7): the advisors with mal escalados in a period, what each one got
wrong and what applies instead, and the feedback sessions held with them, each printable as
the *compromiso de mejoramiento* the advisor signs.

The lists are a few grouped queries per period or advisor, fast enough for the GUI thread; the
compromiso PDF is written in the background like every other document.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.feedback import AdvisorError, FeedbackSummary
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.indicators import AdvisorFigure
from swat_desktop.domain.periods import Period
from swat_desktop.domain.permissions import Action, can
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.file_notice import WrittenFiles
from swat_desktop.gui.mal_escalados.feedback_detail import AdvisorDetail
from swat_desktop.gui.mal_escalados.feedback_dialog import FeedbackDialog
from swat_desktop.gui.mal_escalados.feedback_tables import (
    ADVISOR_COLUMNS,
    COUNT_COLUMN,
    RECURRENCE_TINT,
    AdvisorFilter,
    compromiso_file_name,
    heading,
    plural,
    set_widths,
)
from swat_desktop.gui.operations import Done, Operation, is_running
from swat_desktop.gui.qt_dates import date_edit, pydate, qdate
from swat_desktop.gui.rows_model import ROW_ROLE, RowsModel
from swat_desktop.gui.signals import Change
from swat_desktop.gui.subscriptions import follow
from swat_desktop.gui.widgets import error_label, notice, row_list, splitter
from swat_desktop.services import feedback, indicators

__all__ = ["RECURRENCE_TINT", "FeedbackPage", "compromiso_file_name"]

READ_ONLY_NOTE = ("Consulta: solo el backoffice registra retroalimentaciones y genera el "
                  "compromiso de mejoramiento.")
# Verdicts and claims change who counts and how often; sessions change the recurrences.
SHOWN = (Change.CASES, Change.CLAIMS, Change.FEEDBACK, Change.BASES)


class FeedbackPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedback_page")
        self.ctx = ctx
        self.exports_dir = ctx.exports_dir or Path.home()
        self.advisor: AdvisorFigure | None = None
        self.errors: list[AdvisorError] = []
        self.export: Operation | None = None
        self._wanted_session: int | None = None  # the one to select on the next reload

        # -- period ------------------------------------------------------------------
        default = indicators.default_period(ctx.store)  # the same as Indicadores y cortes
        self.period_from = date_edit(default.start)
        self.period_to = date_edit(default.end)
        from_label = QLabel("&Desde")
        from_label.setBuddy(self.period_from)
        to_label = QLabel("&hasta")
        to_label.setBuddy(self.period_to)
        self.period_error = error_label()
        self.role_note = notice(READ_ONLY_NOTE)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        header = QHBoxLayout()
        header.addWidget(heading("Retroalimentación de casos"))
        header.addSpacing(18)
        for widget in (from_label, self.period_from, to_label, self.period_to):
            header.addWidget(widget)
        header.addSpacing(12)
        header.addWidget(self.period_error)
        header.addStretch(1)
        header.addWidget(self.count_label)

        # -- advisors ----------------------------------------------------------------
        self.search = QLineEdit()
        self.search.setPlaceholderText("Buscar asesor, usuario o supervisor…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Buscar asesor")
        self.model: RowsModel[AdvisorFigure] = RowsModel(ADVISOR_COLUMNS, self)
        self.proxy = AdvisorFilter(self)
        self.proxy.setSourceModel(self.model)
        self.advisor_table = self._advisor_table()
        self.search.textChanged.connect(self._search_changed)
        search_label = QLabel("&Buscar")
        search_label.setBuddy(self.search)
        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        search_row.addStretch(2)
        advisors_box = QWidget()
        advisors_layout = QVBoxLayout(advisors_box)
        advisors_layout.setContentsMargins(0, 4, 0, 0)
        advisors_layout.addLayout(search_row)
        advisors_layout.addWidget(self.advisor_table, 1)

        # -- the chosen advisor --------------------------------------------------------
        self.detail = AdvisorDetail()
        self.detail.new_button.clicked.connect(self.open_new_dialog)
        self.detail.edit_button.clicked.connect(self.open_edit_dialog)
        self.detail.pdf_button.clicked.connect(self.choose_compromiso)
        self.detail.session_table.selectionModel().selectionChanged.connect(
            self._update_buttons)
        self.detail.session_table.doubleClicked.connect(lambda _i: self.open_edit_dialog())

        # Master above detail: the detail's tables need the whole width for their text.
        split = splitter(Qt.Orientation.Vertical, (advisors_box, self.detail), (200, 620), (1, 3))
        self.stack = QStackedWidget()
        self.stack.addWidget(split)
        self.stack.addWidget(self._empty_state())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(header)
        layout.addWidget(self.role_note)
        layout.addWidget(self.stack, 1)

        follow(self, ctx.hub, SHOWN, self.refresh, every_show=True)
        ctx.hub.user_changed.connect(self._apply_role)
        self._apply_role()
        self.refresh()
        self.search.setFocus()  # the first thing people do here is look for someone
        self.period_from.dateChanged.connect(lambda _d: self.refresh())
        self.period_to.dateChanged.connect(lambda _d: self.refresh())

    def _advisor_table(self) -> QTableView:
        table = row_list(QTableView(), "advisorTable")
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(COUNT_COLUMN, Qt.SortOrder.DescendingOrder)
        columns = table.horizontalHeader()
        columns.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        columns.setStretchLastSection(False)
        set_widths(table, {1: 280, 2: 136, 3: 100, 4: 120})
        table.selectionModel().currentRowChanged.connect(self._advisor_changed)
        return table

    def _empty_state(self) -> QWidget:
        self.empty_title = heading("Sin mal escalados en el periodo")
        self.empty_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text = notice(
            "Aquí aparecen los asesores con cuentas revisadas como mal escaladas entre las "
            "fechas elegidas. Elija otro periodo, o revise las bases del periodo en Revisión.")
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_title)
        empty_layout.addWidget(self.empty_text)
        empty_layout.addStretch(2)
        return empty

    # -- user and period --------------------------------------------------------------
    @property
    def user(self) -> UserProfile:
        return self.ctx.user

    @property
    def can_write(self) -> bool:
        return can(self.user, Action.WRITE_FEEDBACK)

    def _apply_role(self, _user: object = None) -> None:
        """Others may look; the buttons that write or sign say so by their absence."""
        write = self.can_write
        self.role_note.setVisible(not write)
        self.detail.new_button.setVisible(write)
        self.detail.pdf_button.setVisible(write)
        self.detail.edit_button.setText("&Editar…" if write else "&Ver…")
        self.detail.edit_button.setToolTip("Modificar la sesión elegida" if write
                                           else "Consultar la sesión elegida")
        self._update_buttons()

    def set_period(self, period: Period) -> None:
        for edit, day in ((self.period_from, period.start), (self.period_to, period.end)):
            edit.blockSignals(True)
            edit.setDate(qdate(day))
            edit.blockSignals(False)
        self.refresh()

    def period(self) -> Period | None:
        start, end = pydate(self.period_from.date()), pydate(self.period_to.date())
        return Period(start, end) if start <= end else None

    # -- lists ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the period again, keeping the advisor and session on screen if still there."""
        period = self.period()
        self.period_error.setVisible(period is None)
        self.period_error.setText("" if period else "El periodo termina antes de empezar.")
        keep = self.advisor.asesor_id if self.advisor else None
        advisors = [] if period is None else [
            a for a in indicators.compute(self.ctx.store, period).advisors if a.counted]
        self.model.set_rows(advisors)
        self.stack.setCurrentIndex(0 if advisors else 1)
        self._update_count()
        row = self._proxy_row(keep) if keep else None
        if row is None and self.proxy.rowCount():
            row = 0
        if row is None:
            self._show_advisor(None)
        else:
            self.select_row(row, force=True)

    def _update_count(self) -> None:
        advisors = self.model.rows
        if not advisors:
            self.count_label.clear()
            return
        shown = self.proxy.rowCount()
        listed = plural(len(advisors), "asesor", "asesores")
        accounts = plural(sum(a.counted for a in advisors), "mal escalada", "mal escaladas")
        self.count_label.setText(f"{listed} · {accounts}" if shown == len(advisors)
                                 else f"{shown} de {listed} · {accounts}")

    def _proxy_row(self, asesor_id: str) -> int | None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ROW_ROLE).asesor_id == asesor_id:
                return row
        return None

    def _search_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()
        keep = self.advisor.asesor_id if self.advisor else None
        row = self._proxy_row(keep) if keep else None
        if row is None and self.proxy.rowCount():
            row = 0
        if row is None:
            self.advisor_table.selectionModel().clearSelection()
            self._show_advisor(None)
        else:
            self.select_row(row)

    def select_row(self, row: int, force: bool = False) -> None:
        """Select an advisor by position in the list as shown; ``force`` reloads the detail."""
        index = self.proxy.index(row, 0)
        selection = self.advisor_table.selectionModel()
        if force and selection.currentIndex().row() == row:
            self._advisor_changed(index, index)
        selection.setCurrentIndex(index, selection.SelectionFlag.ClearAndSelect
                                  | selection.SelectionFlag.Rows)
        self.advisor_table.scrollTo(index)

    def select_advisor(self, asesor_id: str) -> bool:
        row = self._proxy_row(asesor_id)
        if row is not None:
            self.select_row(row)
        return row is not None

    def _advisor_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_advisor(current.data(ROW_ROLE) if current.isValid() else None)

    def _show_advisor(self, advisor: AdvisorFigure | None) -> None:
        self.advisor = advisor
        period = self.period()
        if advisor is None or period is None:
            self.errors = []
            self.detail.clear()
            self._update_buttons()
            return
        store = self.ctx.store
        self.errors = feedback.advisor_errors(store, advisor.asesor_id, period)
        self.detail.show_advisor(advisor, period, self.errors,
                                 feedback.causal_counts(store, advisor.asesor_id, period))
        self._load_sessions()

    def _load_sessions(self) -> None:
        assert self.advisor is not None
        current = self.current_session()
        keep = self._wanted_session or (current.id if current else None)
        self._wanted_session = None
        self.detail.show_sessions(feedback.sessions(self.ctx.store, self.advisor.asesor_id),
                                  keep)
        self._update_buttons()

    @property
    def sessions(self) -> list[FeedbackSummary]:
        return self.detail.sessions

    def current_session(self) -> FeedbackSummary | None:
        return self.detail.current_session()

    def _update_buttons(self) -> None:
        chosen = self.current_session() is not None
        self.detail.new_button.setEnabled(self.advisor is not None)
        self.detail.edit_button.setEnabled(chosen)
        self.detail.pdf_button.setEnabled(chosen and not is_running(self.export))

    # -- sessions -----------------------------------------------------------------------
    def open_new_dialog(self) -> FeedbackDialog | None:
        period = self.period()
        if self.advisor is None or period is None or not self.can_write:
            return None
        advisor = self.advisor
        dialog = FeedbackDialog(self.ctx, advisor.asesor_id, advisor.asesor_nombre,
                                advisor.supervisor, period, parent=self)
        return self._open(dialog)

    def open_edit_dialog(self) -> FeedbackDialog | None:
        session, period = self.current_session(), self.period()
        if session is None or period is None or self.advisor is None:
            return None
        dialog = FeedbackDialog(self.ctx, session.asesor_id, session.asesor_nombre,
                                session.supervisor, period, session=session, parent=self)
        return self._open(dialog)

    def _open(self, dialog: FeedbackDialog) -> FeedbackDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._saved(dialog.saved))
        dialog.open()
        return dialog

    def _saved(self, saved: FeedbackSummary | None) -> None:
        if saved is None:  # closed a read-only view
            return
        # A held session changes what counts as a recurrence from now on: the page reads
        # again (it follows FEEDBACK) with the saved session chosen.
        self._wanted_session = saved.id
        self.ctx.hub.announce(Change.FEEDBACK)
        self.ctx.hub.say(f"Retroalimentación de {saved.asesor_nombre} del "
                         f"{saved.session_date:%d/%m/%Y} guardada.")

    # -- compromiso de mejoramiento -----------------------------------------------------
    def choose_compromiso(self) -> None:
        session = self.current_session()
        if session is None:
            return
        target, _ = QFileDialog.getSaveFileName(
            self, "Guardar compromiso de mejoramiento",
            str(self.exports_dir / compromiso_file_name(session)), "PDF (*.pdf)")
        if target:
            path = Path(target) if target.lower().endswith(".pdf") else Path(f"{target}.pdf")
            self.exports_dir = path.parent
            self.export_compromiso(path)

    def export_compromiso(self, path: Path) -> Operation | None:
        """Write the chosen session's compromiso in the background; the window's notice then
        offers to open or print it."""
        session = self.current_session()
        if session is None or is_running(self.export):
            return None
        store, user = self.ctx.store, self.user
        self.export = Operation(
            self.ctx.hub, lambda _p, _c: feedback.export_compromiso(store, user, session.id, path),
            describe=lambda written: Done(f"Compromiso guardado en {written}", WrittenFiles(
                "Compromiso de mejoramiento guardado: imprímalo para firmarlo.", (written,))),
            failure="No se pudo generar el compromiso",
            failure_status="No se pudo generar el compromiso de mejoramiento.",
            parent=self)
        self.export.ended.connect(self._export_ended)
        self.export.failed.connect(self._export_failed)
        self.detail.export_note.setText("Generando el compromiso de mejoramiento…")
        self.detail.export_note.show()
        self.export.start()
        self._update_buttons()
        return self.export

    def _export_ended(self) -> None:
        self.export = None
        self.detail.export_note.hide()
        self._update_buttons()

    def _export_failed(self, text: str) -> None:
        self.detail.export_note.setText(text)
        self.detail.export_note.show()
