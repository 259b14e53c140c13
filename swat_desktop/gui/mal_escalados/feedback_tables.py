"""The lists of the Retroalimentación page as column specs: the advisors of the period (with
the search that narrows them), an advisor's mal escalados, the causales and procedures they
touch, and the sessions held. Out of the page, which then holds what people do with them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, QSortFilterProxyModel, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QTableView

from swat_desktop.domain.feedback import (
    AdvisorError,
    CausalCount,
    FeedbackState,
    FeedbackSummary,
)
from swat_desktop.domain.indicators import AdvisorFigure, format_percent
from swat_desktop.domain.periods import Period
from swat_desktop.gui.rows_model import RIGHT, SORT_ROLE, Column, Index, RowsModel
from swat_desktop.gui.widgets import row_list

COUNT_COLUMN = 2
RECURRENCE_TINT = QColor("#fbe3e0")
RECURRENCE_INK = QColor("#b3261e")
STATE_INK = {FeedbackState.PENDIENTE: QColor("#8a4b00"),
             FeedbackState.REALIZADA: QColor("#1d6b35")}
RECURRENCE_TIP = ("Repite una causal tratada en una retroalimentación realizada antes de esta "
                  "base")
UNSAFE_FILE_CHARS = re.compile(r'[<>:"/\\|?*]+')


def plural(count: int, singular: str, plural_form: str) -> str:
    return f"{count} {singular if count == 1 else plural_form}"


def fold(text: str) -> str:
    """Lower case without accents: "diaz" finds "Díaz", the way people type in a hurry."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def compromiso_file_name(summary: FeedbackSummary) -> str:
    """The name the backoffice files the signed sheet under; safe on Windows."""
    name = UNSAFE_FILE_CHARS.sub(" ", summary.asesor_nombre).strip()
    return f"Compromiso de mejoramiento {name} {summary.session_date:%d-%m-%Y}.pdf"


ADVISOR_COLUMNS: list[Column[AdvisorFigure]] = [
    Column("Asesor", lambda a: a.asesor_nombre, sort=lambda a: fold(a.asesor_nombre),
           tooltip=lambda a, _t: f"{a.asesor_nombre} ({a.asesor_id})"),
    Column("Supervisor", lambda a: a.supervisor, sort=lambda a: fold(a.supervisor),
           tooltip=lambda _a, _t: None),
    Column("Mal escaladas", lambda a: str(a.counted), align=RIGHT, sort=lambda a: a.counted,
           tooltip=lambda _a, _t: None),
    Column("%", lambda a: format_percent(a.percent), align=RIGHT, sort=lambda a: a.percent,
           tooltip=lambda _a, _t: None),
    Column("Recurrencias", lambda a: str(a.recurrences), align=RIGHT,
           sort=lambda a: a.recurrences, tooltip=lambda _a, _t: None,
           ink=lambda a: RECURRENCE_INK if a.recurrences else None),
]


def _tint(error: AdvisorError) -> QColor | None:
    return RECURRENCE_TINT if error.recurrence else None


def _error_column(header: str, value: Any, **options: Any) -> Column[AdvisorError]:
    return Column(header, value, background=_tint, **options)


ERROR_COLUMNS: list[Column[AdvisorError]] = [
    _error_column("Fecha base", lambda e: f"{e.base_date:%d/%m/%Y}"),
    _error_column("Cuenta", lambda e: e.cuenta),
    _error_column("Fecha escalamiento", lambda e: f"{e.fecha_escalamiento:%d/%m/%Y %H:%M}"),
    _error_column("Alerta", lambda e: "Recurrencia" if e.recurrence else "",
                  ink=lambda e: RECURRENCE_INK if e.recurrence else None,
                  bold=lambda e: e.recurrence,
                  tooltip=lambda e, _t: RECURRENCE_TIP if e.recurrence else None),
    _error_column("Causales", lambda e: e.causales),
    _error_column("Procedencia", lambda e: e.procedencia),
    _error_column("Observaciones", lambda e: e.observaciones),
]

CAUSAL_COLUMNS: list[Column[CausalCount]] = [
    Column("Código", lambda c: c.code, tooltip=lambda _c, _t: None),
    Column("Causal", lambda c: c.name, tooltip=lambda _c, _t: None),
    Column("Veces", lambda c: str(c.count), align=RIGHT, tooltip=lambda _c, _t: None),
    Column("Procedimiento que aplica",
           lambda c: c.procedure or "Sin procedimiento registrado en el catálogo.",
           tooltip=lambda _c, _t: None),
]


def _commitments(session: FeedbackSummary) -> str:
    return "\n".join(f"• {c.text}" + (f" (vence {c.due_date:%d/%m/%Y})" if c.due_date else "")
                     for c in session.commitments)


SESSION_COLUMNS: list[Column[FeedbackSummary]] = [
    Column("Fecha", lambda s: f"{s.session_date:%d/%m/%Y}",
           tooltip=lambda s, _t: f"Registrada por {s.created_by or 'desconocido'}"),
    Column("Periodo", lambda s: Period(s.period_start, s.period_end).label,
           tooltip=lambda _s, _t: None),
    Column("Supervisor", lambda s: s.supervisor, tooltip=lambda _s, _t: None),
    Column("Estado", lambda s: s.state.label, ink=lambda s: STATE_INK[s.state],
           tooltip=lambda _s, _t: None),
    Column("Compromisos", lambda s: _commitments(s) or "Sin compromisos",
           tooltip=lambda s, _t: _commitments(s)),
    Column("Seguimiento", lambda s: f"{s.follow_up:%d/%m/%Y}" if s.follow_up else "—",
           tooltip=lambda _s, _t: None),
]


class AdvisorFilter(QSortFilterProxyModel):
    """Search by name, id or supervisor, accents and case ignored."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.setSortRole(SORT_ROLE)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.text = fold(text.strip())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self.text:
            return True
        model = self.sourceModel()
        assert isinstance(model, RowsModel)
        item: AdvisorFigure = model.rows[source_row]
        return any(self.text in fold(value)
                   for value in (item.asesor_nombre, item.asesor_id, item.supervisor))


def detail_table(model: RowsModel[Any], widths: dict[int, int]) -> QTableView:
    """A list of whole rows whose long texts wrap: the procedure that applies is read here."""
    table = row_list(QTableView(), row_height=None)
    table.setModel(model)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(True)
    set_widths(table, widths)
    # Wrapped text is measured again once the columns have settled: measured while the
    # header still lays out (a scroll bar appearing narrows the last column), the last line
    # of a long procedure came out elided.
    remeasure = QTimer(table, singleShot=True, interval=0)
    remeasure.timeout.connect(table.resizeRowsToContents)
    table.horizontalHeader().sectionResized.connect(lambda *_a: remeasure.start())
    return table


def set_widths(table: QTableView, widths: dict[int, int]) -> None:
    for column, width in widths.items():
        table.setColumnWidth(column, width)


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("cardTitle")
    return label


def fill(table: QTableView, rows: Sequence[Any]) -> None:
    model = table.model()
    assert isinstance(model, RowsModel)
    model.set_rows(rows)
    table.resizeRowsToContents()
