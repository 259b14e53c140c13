"""The pieces of the indicators page: its key-figure tiles and its tables of advisors, causales
and days, each as tall as its rows (up to VISIBLE_ROWS) so the page scrolls as a whole."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from swat_desktop.domain.indicators import AdvisorFigure, CausalFigure, DayFigure, format_percent
from swat_desktop.gui.rows_model import RIGHT, RowsModel
from swat_desktop.gui.rows_model import Column as Cell
from swat_desktop.gui.widgets import notice


def _number(header: str, value: Callable[[Any], object]) -> Cell[Any]:
    return Cell(header, lambda row: str(value(row)), align=RIGHT, tooltip=lambda _r, _t: None)


def _text(header: str, value: Callable[[Any], str]) -> Cell[Any]:
    return Cell(header, value, tooltip=lambda _r, _t: None)


ADVISOR_CELLS: list[Cell[AdvisorFigure]] = [
    _text("Asesor", lambda a: a.asesor_nombre), _text("Supervisor", lambda a: a.supervisor),
    _number("Cuentas", lambda a: a.accounts), _number("Revisadas", lambda a: a.reviewed),
    _number("Procede", lambda a: a.procede), _number("No procede", lambda a: a.no_procede),
    _number("Aceptadas", lambda a: a.claims_accepted), _number("Contadas", lambda a: a.counted),
    _number("%", lambda a: format_percent(a.percent)),
    _number("Recurrencias", lambda a: a.recurrences)]
CAUSAL_CELLS: list[Cell[CausalFigure]] = [
    _text("Código", lambda c: c.code), _text("Causal", lambda c: c.name),
    _number("Cuentas", lambda c: c.accounts), _number("%", lambda c: format_percent(c.percent))]
DAY_CELLS: list[Cell[DayFigure]] = [
    _text("Día", lambda d: f"{d.day:%d/%m/%Y}"), _number("Enviados", lambda d: d.records),
    _number("Válidos", lambda d: d.valid),
    _number("Revisadas", lambda d: d.reviewed), _number("Contadas", lambda d: d.counted),
    _number("%", lambda d: format_percent(d.percent))]


class Tile(QFrame):
    """One key figure: a big number with what it is underneath."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setObjectName("card")
        self.value = QLabel("–")
        self.value.setObjectName("tileValue")
        self.caption = notice(caption)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def set(self, value: str, caption: str | None = None) -> None:
        self.value.setText(value)
        if caption is not None:
            self.caption.setText(caption)


def figures_table(cells: Sequence[Cell[Any]], stretch: int, parent: QWidget) -> QTableView:
    """``stretch`` is the column of names: it takes the spare width, numbers stay narrow."""
    table = QTableView()
    table.setModel(RowsModel(cells, parent))
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    return table


VISIBLE_ROWS = 15  # the page scrolls as a whole; a table scrolls on its own only beyond this


def fill_table(table: QTableView, rows: Sequence[Any]) -> None:
    model = table.model()
    assert isinstance(model, RowsModel)
    model.set_rows(rows)
    shown = max(min(len(rows), VISIBLE_ROWS), 3)
    height = (table.horizontalHeader().height() + 2 * table.frameWidth()
              + shown * table.verticalHeader().defaultSectionSize())
    if table.horizontalScrollBar().isVisible():
        height += table.horizontalScrollBar().height()
    table.setFixedHeight(height)


def titled(title: str, table: QTableView) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 8, 0, 0)
    label = QLabel(title)
    label.setObjectName("cardTitle")
    layout.addWidget(label)
    layout.addWidget(table)
    return box
