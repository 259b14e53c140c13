"""The chosen advisor on the Retroalimentación page: what they got wrong in the period, the
causales and the procedure that applies instead, and the sessions held with them, with the
buttons that act on those sessions. The page decides what to load; this pane shows it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.feedback import AdvisorError, CausalCount, FeedbackSummary
from swat_desktop.domain.indicators import AdvisorFigure
from swat_desktop.domain.periods import Period
from swat_desktop.gui.mal_escalados.feedback_tables import (
    CAUSAL_COLUMNS,
    ERROR_COLUMNS,
    SESSION_COLUMNS,
    detail_table,
    fill,
    heading,
    plural,
)
from swat_desktop.gui.rows_model import RowsModel
from swat_desktop.gui.widgets import notice, splitter

NOBODY = "Elija un asesor de la lista"


def _section(title: QWidget | QHBoxLayout, table: QTableView) -> QWidget:
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


class AdvisorDetail(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sessions: list[FeedbackSummary] = []
        self.title = heading(NOBODY)
        self.subtitle = notice()
        self.new_button = QPushButton("&Nueva retroalimentación…")
        self.new_button.setToolTip("Registrar una sesión de retroalimentación con este asesor")
        title_row = QHBoxLayout()
        title_text = QVBoxLayout()
        title_text.setSpacing(0)
        title_text.addWidget(self.title)
        title_text.addWidget(self.subtitle)
        title_row.addLayout(title_text, 1)
        title_row.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignBottom)

        self.error_table = detail_table(RowsModel(ERROR_COLUMNS, self),
                                        {0: 95, 1: 100, 2: 160, 3: 100, 4: 330, 5: 250})
        self.summary_label = QLabel()
        self.summary_label.setObjectName("filterLabel")
        self.causal_table = detail_table(RowsModel(CAUSAL_COLUMNS, self),
                                         {0: 64, 1: 190, 2: 56})
        self.causal_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.causal_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.session_model: RowsModel[FeedbackSummary] = RowsModel(SESSION_COLUMNS, self)
        self.session_table = detail_table(self.session_model,
                                          {0: 90, 1: 104, 2: 140, 3: 84, 5: 104})
        session_columns = self.session_table.horizontalHeader()
        session_columns.setStretchLastSection(False)
        session_columns.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.edit_button = QPushButton("&Editar…")
        self.pdf_button = QPushButton("Compromiso &PDF…")
        self.pdf_button.setToolTip("Formato compromiso de mejoramiento de la sesión elegida, "
                                   "para firmar")
        self.export_note = notice()
        self.export_note.hide()

        errors_title = QHBoxLayout()
        errors_title.addWidget(heading("Mal escalados del periodo"))
        errors_title.addSpacing(12)
        errors_title.addWidget(self.summary_label, 1)
        errors_box = _section(errors_title, self.error_table)
        causal_box = _section(heading("Causales y procedimiento que aplica"), self.causal_table)
        session_title = QHBoxLayout()
        session_title.addWidget(heading("Retroalimentaciones con el asesor"), 1)
        session_title.addWidget(self.edit_button)
        session_title.addWidget(self.pdf_button)
        self.no_sessions = notice("Todavía no hay retroalimentaciones con este asesor.")
        sessions_box = _section(session_title, self.session_table)
        sessions_layout = sessions_box.layout()
        assert isinstance(sessions_layout, QVBoxLayout)
        sessions_layout.insertWidget(1, self.no_sessions)
        sessions_layout.addWidget(self.export_note)
        lower = splitter(Qt.Orientation.Horizontal, (causal_box, sessions_box), (600, 760))
        split = splitter(Qt.Orientation.Vertical, (errors_box, lower), (300, 260))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(title_row)
        layout.addWidget(split, 1)

    def clear(self) -> None:
        self.title.setText(NOBODY)
        self.subtitle.clear()
        self.summary_label.clear()
        self.no_sessions.hide()
        self.sessions = []
        for table in (self.error_table, self.causal_table, self.session_table):
            fill(table, [])

    def show_advisor(self, advisor: AdvisorFigure, period: Period, errors: list[AdvisorError],
                     counts: list[CausalCount]) -> None:
        self.title.setText(f"{advisor.asesor_nombre} ({advisor.asesor_id})")
        self.subtitle.setText(f"Supervisor: {advisor.supervisor or 'sin supervisor'} · "
                              f"Periodo {period.label}")
        repeats = sum(e.recurrence for e in errors)
        self.summary_label.setText(
            f"{plural(len(errors), 'mal escalada', 'mal escaladas')} · "
            f"{plural(repeats, 'recurrencia', 'recurrencias')}")
        fill(self.error_table, errors)
        fill(self.causal_table, counts)

    def show_sessions(self, sessions: list[FeedbackSummary], keep: int | None) -> None:
        """The sessions, with ``keep`` (an id) chosen if listed, else the first."""
        self.sessions = sessions
        fill(self.session_table, sessions)
        self.no_sessions.setVisible(not sessions)
        row = next((r for r, s in enumerate(sessions) if s.id == keep), 0)
        if sessions:
            self.session_table.selectRow(row)

    def current_session(self) -> FeedbackSummary | None:
        rows = self.session_table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.sessions):
            return None
        return self.sessions[rows[0].row()]
