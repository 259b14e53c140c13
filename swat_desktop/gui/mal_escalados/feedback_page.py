"""Retroalimentación (step 7): the advisors with mal escalados in a period, what each one got
wrong and what applies instead, and the feedback sessions held with them, each printable as
the *compromiso de mejoramiento* the advisor signs.

The lists are a few grouped queries per period or advisor, fast enough for the GUI thread; the
compromiso PDF is written in the background like every other document.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.errors import OutputError
from swat_desktop.domain.feedback import AdvisorError, FeedbackState, FeedbackSummary
from swat_desktop.domain.identity import Role, UserProfile
from swat_desktop.domain.indicators import AdvisorFigure, format_percent
from swat_desktop.domain.periods import Period
from swat_desktop.gui.file_notice import WrittenFiles
from swat_desktop.gui.mal_escalados.feedback_dialog import (
    FeedbackDialog,
    date_edit,
    pydate,
    qdate,
)
from swat_desktop.gui.widgets import error_label, notice
from swat_desktop.gui.worker import Task
from swat_desktop.services import feedback, indicators
from swat_desktop.services.store import Database

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole
ADVISOR_HEADERS = ("Asesor", "Supervisor", "Mal escaladas", "%", "Recurrencias")
COUNT_COLUMN = 2
ERROR_HEADERS = ("Fecha base", "Cuenta", "Fecha escalamiento", "Alerta", "Causales",
                 "Procedencia", "Observaciones")
CAUSAL_HEADERS = ("Código", "Causal", "Veces", "Procedimiento que aplica")
SESSION_HEADERS = ("Fecha", "Periodo", "Supervisor", "Estado", "Compromisos", "Seguimiento")
RECURRENCE_TINT = QColor("#fbe3e0")
RECURRENCE_INK = QColor("#b3261e")
STATE_INK = {FeedbackState.PENDIENTE: QColor("#8a4b00"),
             FeedbackState.REALIZADA: QColor("#1d6b35")}
READ_ONLY_NOTE = ("Consulta: solo el backoffice registra retroalimentaciones y genera el "
                  "compromiso de mejoramiento.")
UNSAFE_FILE_CHARS = re.compile(r'[<>:"/\\|?*]+')


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def _fold(text: str) -> str:
    """Lower case without accents: "diaz" finds "Díaz", the way people type in a hurry."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def compromiso_file_name(summary: FeedbackSummary) -> str:
    """The name the backoffice files the signed sheet under; safe on Windows."""
    name = UNSAFE_FILE_CHARS.sub(" ", summary.asesor_nombre).strip()
    return f"Compromiso de mejoramiento {name} {summary.session_date:%d-%m-%Y}.pdf"


class AdvisorModel(QAbstractTableModel):
    """The advisors with counted mal escalados in the period."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.advisors: list[AdvisorFigure] = []

    def set_advisors(self, advisors: list[AdvisorFigure]) -> None:
        self.beginResetModel()
        self.advisors = advisors
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.advisors)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ADVISOR_HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.advisors[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (item.asesor_nombre, item.supervisor, str(item.counted),
                    format_percent(item.percent), str(item.recurrences))[column]
        if role == SORT_ROLE:
            return (_fold(item.asesor_nombre), _fold(item.supervisor), item.counted,
                    item.percent, item.recurrences)[column]
        if role == ID_ROLE:
            return item.asesor_id
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return f"{item.asesor_nombre} ({item.asesor_id})"
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= COUNT_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and item.recurrences:
            return RECURRENCE_INK
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ADVISOR_HEADERS[section]
        return None


class AdvisorFilter(QSortFilterProxyModel):
    """Search by name, id or supervisor, accents and case ignored."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.setSortRole(SORT_ROLE)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.text = _fold(text.strip())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.text:
            return True
        model = self.sourceModel()
        assert isinstance(model, AdvisorModel)
        item = model.advisors[source_row]
        return any(self.text in _fold(value)
                   for value in (item.asesor_nombre, item.asesor_id, item.supervisor))


def _table(headers: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(True)
    return table


def _item(text: str, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _widths(table: QTableView, widths: dict[int, int]) -> None:
    for column, width in widths.items():
        table.setColumnWidth(column, width)


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("cardTitle")
    return label


class FeedbackPage(QWidget):
    status_message = Signal(str)
    file_written = Signal(object)  # a WrittenFiles for the window's notice
    changed = Signal()  # a session was saved

    def __init__(self, db: Database, user: UserProfile, parent: QWidget | None = None,
                 exports_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedback_page")
        self.db = db
        self.user = user
        self.exports_dir = exports_dir or Path.home()
        self.advisor: AdvisorFigure | None = None
        self.errors: list[AdvisorError] = []
        self.sessions: list[FeedbackSummary] = []
        self.task: Task | None = None
        self._wanted_session: int | None = None  # the one to select on the next reload

        # -- period ------------------------------------------------------------------
        default = indicators.default_period(db)  # the same as Indicadores y cortes
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
        header.addWidget(_heading("Retroalimentación de casos"))
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
        self.model = AdvisorModel(self)
        self.proxy = AdvisorFilter(self)
        self.proxy.setSourceModel(self.model)
        self.advisor_table = QTableView()
        self.advisor_table.setObjectName("advisorTable")
        self.advisor_table.setModel(self.proxy)
        self.advisor_table.setSortingEnabled(True)
        self.advisor_table.sortByColumn(COUNT_COLUMN, Qt.SortOrder.DescendingOrder)
        self.advisor_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.advisor_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.advisor_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.advisor_table.setAlternatingRowColors(True)
        self.advisor_table.verticalHeader().hide()
        self.advisor_table.verticalHeader().setDefaultSectionSize(24)
        columns = self.advisor_table.horizontalHeader()
        columns.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        columns.setStretchLastSection(False)
        _widths(self.advisor_table, {1: 280, 2: 136, 3: 100, 4: 120})
        self.advisor_table.selectionModel().currentRowChanged.connect(self._advisor_changed)
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
        self.title = _heading("Elija un asesor de la lista")
        self.subtitle = notice()
        self.new_button = QPushButton("&Nueva retroalimentación…")
        self.new_button.setToolTip("Registrar una sesión de retroalimentación con este asesor")
        self.new_button.clicked.connect(self.open_new_dialog)
        title_row = QHBoxLayout()
        title_text = QVBoxLayout()
        title_text.setSpacing(0)
        title_text.addWidget(self.title)
        title_text.addWidget(self.subtitle)
        title_row.addLayout(title_text, 1)
        title_row.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignBottom)

        self.error_table = _table(ERROR_HEADERS)
        _widths(self.error_table, {0: 95, 1: 100, 2: 160, 3: 100, 4: 330, 5: 250})
        self.summary_label = QLabel()
        self.summary_label.setObjectName("filterLabel")
        self.causal_table = _table(CAUSAL_HEADERS)
        self.causal_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.causal_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        _widths(self.causal_table, {0: 64, 1: 190, 2: 56})
        self.session_table = _table(SESSION_HEADERS)
        session_columns = self.session_table.horizontalHeader()
        session_columns.setStretchLastSection(False)
        session_columns.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        _widths(self.session_table, {0: 90, 1: 104, 2: 140, 3: 84, 5: 104})
        for table in (self.error_table, self.causal_table, self.session_table):
            # Wrapped text is measured again once the columns have settled: measured while
            # the header still lays out (a scroll bar appearing narrows the last column), the
            # last line of a long procedure came out elided.
            remeasure = QTimer(table, singleShot=True, interval=0)
            remeasure.timeout.connect(table.resizeRowsToContents)
            table.horizontalHeader().sectionResized.connect(lambda *_a, t=remeasure: t.start())
        self.session_table.itemSelectionChanged.connect(self._update_buttons)
        self.session_table.itemDoubleClicked.connect(lambda _item: self.open_edit_dialog())
        self.edit_button = QPushButton("&Editar…")
        self.edit_button.clicked.connect(self.open_edit_dialog)
        self.pdf_button = QPushButton("Compromiso &PDF…")
        self.pdf_button.setToolTip("Formato compromiso de mejoramiento de la sesión elegida, "
                                   "para firmar")
        self.pdf_button.clicked.connect(self.choose_compromiso)
        self.export_note = notice()
        self.export_note.hide()

        errors_title = QHBoxLayout()
        errors_title.addWidget(_heading("Mal escalados del periodo"))
        errors_title.addSpacing(12)
        errors_title.addWidget(self.summary_label, 1)
        errors_box = self._section(errors_title, self.error_table)
        causal_box = self._section(_heading("Causales y procedimiento que aplica"),
                                   self.causal_table)
        session_title = QHBoxLayout()
        session_title.addWidget(_heading("Retroalimentaciones con el asesor"), 1)
        session_title.addWidget(self.edit_button)
        session_title.addWidget(self.pdf_button)
        self.no_sessions = notice("Todavía no hay retroalimentaciones con este asesor.")
        sessions_box = self._section(session_title, self.session_table)
        sessions_layout = sessions_box.layout()
        assert isinstance(sessions_layout, QVBoxLayout)
        sessions_layout.insertWidget(1, self.no_sessions)
        sessions_layout.addWidget(self.export_note)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(causal_box)
        lower.addWidget(sessions_box)
        lower.setChildrenCollapsible(False)
        lower.setSizes([600, 760])
        detail_split = QSplitter(Qt.Orientation.Vertical)
        detail_split.addWidget(errors_box)
        detail_split.addWidget(lower)
        detail_split.setChildrenCollapsible(False)
        detail_split.setSizes([300, 260])
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 6, 0, 0)
        detail_layout.addLayout(title_row)
        detail_layout.addWidget(detail_split, 1)

        # Master above detail: the detail's tables need the whole width for their text.
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(advisors_box)
        split.addWidget(detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setSizes([200, 620])
        split.setChildrenCollapsible(False)

        # -- empty period ---------------------------------------------------------------
        self.empty_title = _heading("Sin mal escalados en el periodo")
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

        self.stack = QStackedWidget()
        self.stack.addWidget(split)
        self.stack.addWidget(empty)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(header)
        layout.addWidget(self.role_note)
        layout.addWidget(self.stack, 1)

        self._apply_role()
        self.refresh()
        self.search.setFocus()  # the first thing people do here is look for someone
        self.period_from.dateChanged.connect(lambda _d: self.refresh())
        self.period_to.dateChanged.connect(lambda _d: self.refresh())

    @staticmethod
    def _section(title: QWidget | QHBoxLayout, table: QTableWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(4)
        if isinstance(title, QHBoxLayout):
            layout.addLayout(title)
        else:
            layout.addWidget(title)
        layout.addWidget(table, 1)
        return box

    # -- user and period --------------------------------------------------------------
    def set_user(self, user: UserProfile) -> None:
        self.user = user
        self._apply_role()

    def _apply_role(self) -> None:
        """Others may look; the buttons that write or sign say so by their absence."""
        backoffice = self.user.role is Role.BACKOFFICE
        self.role_note.setVisible(not backoffice)
        self.new_button.setVisible(backoffice)
        self.pdf_button.setVisible(backoffice)
        self.edit_button.setText("&Editar…" if backoffice else "&Ver…")
        self.edit_button.setToolTip("Modificar la sesión elegida" if backoffice
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
            a for a in indicators.compute(self.db, period).advisors if a.counted]
        self.model.set_advisors(advisors)
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
        advisors = self.model.advisors
        if not advisors:
            self.count_label.clear()
            return
        shown = self.proxy.rowCount()
        listed = _plural(len(advisors), "asesor", "asesores")
        accounts = _plural(sum(a.counted for a in advisors), "mal escalada", "mal escaladas")
        self.count_label.setText(f"{listed} · {accounts}" if shown == len(advisors)
                                 else f"{shown} de {listed} · {accounts}")

    def _proxy_row(self, asesor_id: str) -> int | None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ID_ROLE) == asesor_id:
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
        if not current.isValid():
            self._show_advisor(None)
            return
        source = self.proxy.mapToSource(current)
        self._show_advisor(self.model.advisors[source.row()])

    def _show_advisor(self, advisor: AdvisorFigure | None) -> None:
        self.advisor = advisor
        period = self.period()
        if advisor is None or period is None:
            self.title.setText("Elija un asesor de la lista")
            self.subtitle.clear()
            self.summary_label.clear()
            self.errors, self.sessions = [], []
            self.no_sessions.hide()
            for table in (self.error_table, self.causal_table, self.session_table):
                table.setRowCount(0)
            self._update_buttons()
            return
        self.title.setText(f"{advisor.asesor_nombre} ({advisor.asesor_id})")
        self.subtitle.setText(f"Supervisor: {advisor.supervisor or 'sin supervisor'} · "
                              f"Periodo {period.label}")
        self.errors = feedback.advisor_errors(self.db, advisor.asesor_id, period)
        self._fill_errors()
        self._fill_causales(period)
        self._load_sessions()

    def _fill_errors(self) -> None:
        repeats = sum(e.recurrence for e in self.errors)
        self.summary_label.setText(
            f"{_plural(len(self.errors), 'mal escalada', 'mal escaladas')} · "
            f"{_plural(repeats, 'recurrencia', 'recurrencias')}")
        self.error_table.setRowCount(len(self.errors))
        bold = QFont()
        bold.setBold(True)
        for row, error in enumerate(self.errors):
            cells = [_item(f"{error.base_date:%d/%m/%Y}"), _item(error.cuenta),
                     _item(f"{error.fecha_escalamiento:%d/%m/%Y %H:%M}"),
                     _item("Recurrencia" if error.recurrence else ""), _item(error.causales),
                     _item(error.procedencia), _item(error.observaciones)]
            for column, cell in enumerate(cells):
                cell.setToolTip(cell.text())
                if error.recurrence:
                    cell.setBackground(RECURRENCE_TINT)
                self.error_table.setItem(row, column, cell)
            if error.recurrence:
                marker = cells[3]
                marker.setForeground(RECURRENCE_INK)
                marker.setFont(bold)
                marker.setToolTip("Repite una causal tratada en una retroalimentación realizada "
                                  "antes de esta base")
        self.error_table.resizeRowsToContents()

    def _fill_causales(self, period: Period) -> None:
        assert self.advisor is not None
        counts = feedback.causal_counts(self.db, self.advisor.asesor_id, period)
        self.causal_table.setRowCount(len(counts))
        for row, count in enumerate(counts):
            self.causal_table.setItem(row, 0, _item(count.code))
            self.causal_table.setItem(row, 1, _item(count.name))
            self.causal_table.setItem(row, 2, _item(str(count.count), right=True))
            self.causal_table.setItem(row, 3, _item(count.procedure or "Sin procedimiento "
                                                    "registrado en el catálogo."))
        self.causal_table.resizeRowsToContents()

    def _load_sessions(self) -> None:
        assert self.advisor is not None
        current = self.current_session()
        keep = self._wanted_session or (current.id if current else None)
        self._wanted_session = None
        self.sessions = feedback.sessions(self.db, self.advisor.asesor_id)
        self.session_table.setRowCount(len(self.sessions))
        self.no_sessions.setVisible(not self.sessions)
        for row, item in enumerate(self.sessions):
            listed = "\n".join(
                f"• {c.text}" + (f" (vence {c.due_date:%d/%m/%Y})" if c.due_date else "")
                for c in item.commitments)
            state = _item(item.state.label)
            state.setForeground(STATE_INK[item.state])
            cells = [_item(f"{item.session_date:%d/%m/%Y}"),
                     _item(Period(item.period_start, item.period_end).label),
                     _item(item.supervisor), state,
                     _item(listed or "Sin compromisos"),
                     _item(f"{item.follow_up:%d/%m/%Y}" if item.follow_up else "—")]
            cells[0].setData(ID_ROLE, item.id)
            cells[0].setToolTip(f"Registrada por {item.created_by or 'desconocido'}")
            cells[4].setToolTip(listed)
            for column, cell in enumerate(cells):
                self.session_table.setItem(row, column, cell)
        self.session_table.resizeRowsToContents()
        row = next((r for r, s in enumerate(self.sessions) if s.id == keep), 0)
        if self.sessions:
            self.session_table.selectRow(row)
        self._update_buttons()

    def current_session(self) -> FeedbackSummary | None:
        rows = self.session_table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.sessions):
            return None
        return self.sessions[rows[0].row()]

    def _update_buttons(self) -> None:
        chosen = self.current_session() is not None
        self.new_button.setEnabled(self.advisor is not None)
        self.edit_button.setEnabled(chosen)
        self.pdf_button.setEnabled(chosen and (self.task is None or not self.task.running))

    # -- sessions -----------------------------------------------------------------------
    def open_new_dialog(self) -> FeedbackDialog | None:
        period = self.period()
        if self.advisor is None or period is None or self.user.role is not Role.BACKOFFICE:
            return None
        advisor = self.advisor
        dialog = FeedbackDialog(self.db, self.user, advisor.asesor_id, advisor.asesor_nombre,
                                advisor.supervisor, period, parent=self)
        return self._open(dialog)

    def open_edit_dialog(self) -> FeedbackDialog | None:
        session, period = self.current_session(), self.period()
        if session is None or period is None or self.advisor is None:
            return None
        dialog = FeedbackDialog(self.db, self.user, session.asesor_id, session.asesor_nombre,
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
        self.changed.emit()
        self.status_message.emit(f"Retroalimentación de {saved.asesor_nombre} del "
                                 f"{saved.session_date:%d/%m/%Y} guardada.")
        # A held session changes what counts as a recurrence from now on.
        self._wanted_session = saved.id
        self.refresh()

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

    def export_compromiso(self, path: Path) -> Task | None:
        """Write the chosen session's compromiso in the background; the window's notice then
        offers to open or print it."""
        session = self.current_session()
        if session is None or (self.task is not None and self.task.running):
            return None
        db, user = self.db, self.user
        self.task = Task(lambda _p, _c: feedback.export_compromiso(db, user, session.id, path),
                         self)
        self.task.finished.connect(self._exported)
        self.task.failed.connect(self._export_failed)
        self.export_note.setText("Generando el compromiso de mejoramiento…")
        self.export_note.show()
        self.task.start()
        self._update_buttons()
        return self.task

    def _exported(self, path: Path) -> None:
        self.export_note.hide()
        self._update_buttons()
        self.status_message.emit(f"Compromiso guardado en {path}")
        self.file_written.emit(WrittenFiles(
            "Compromiso de mejoramiento guardado: imprímalo para firmarlo.", (path,)))

    def _export_failed(self, error: Exception) -> None:
        self._update_buttons()
        reason = ("el archivo está abierto en otro programa o la carpeta no admite escribir"
                  if isinstance(error, PermissionError) else str(error))
        self.export_note.setText(str(error) if isinstance(error, OutputError)
                                 else f"No se pudo generar el compromiso: {reason}.")
        self.export_note.show()
        self.status_message.emit("No se pudo generar el compromiso de mejoramiento.")
