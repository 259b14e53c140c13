"""The lower half of the reclamaciones page: the chosen claim's accounts with their answers,
the buttons that answer or trim them, and what to do when there are none. Choosing accounts
(by click, by number, or the next one still waiting) lives here; writing stays with the page.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.claims import ClaimItem, ClaimSummary, Outcome
from swat_desktop.gui.mal_escalados.claims_tables import (
    ITEM_WIDTHS,
    empty_state,
    item_columns,
)
from swat_desktop.gui.rows_model import RowsModel, rows_view


class ClaimItemsPane(QWidget):
    """``answers`` (Aceptada, Rechazada) and ``trim`` (Quitar) are the page's buttons: their
    shortcuts belong to the whole page."""

    def __init__(self, answers: Sequence[QPushButton], trim: QPushButton,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail = QLabel()
        self.detail.setObjectName("cardTitle")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        bar = QHBoxLayout()
        bar.addWidget(self.detail, 1)
        for button in answers:
            bar.addWidget(button)
        bar.addSpacing(16)
        bar.addWidget(trim)
        self.item_model: RowsModel[ClaimItem] = RowsModel(item_columns(), self)
        self.item_table = rows_view(self.item_model, "claimItemTable", ITEM_WIDTHS)
        self.item_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.no_items, _, self.no_items_hint = empty_state()
        self.item_stack = QStackedWidget()
        self.item_stack.addWidget(self.item_table)
        self.item_stack.addWidget(self.no_items)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.item_stack, 1)

    @property
    def items(self) -> list[ClaimItem]:
        return self.item_model.rows

    def show_items(self, claim: ClaimSummary | None, items: Sequence[ClaimItem],
                   keep: set[int]) -> None:
        """The claim's accounts, those of ``keep`` (case ids) chosen again."""
        self.item_table.clearSelection()
        self.item_model.set_rows(items)
        self.select_rows([r for r, i in enumerate(self.items) if i.case_id in keep])
        if claim is None:
            self.detail.setText("Cuentas")
            self.no_items_hint.setText("Elija una reclamación para ver sus cuentas.")
        else:
            note = f" — {claim.note}" if claim.note else ""
            self.detail.setText(f"{claim.number} · {claim.state.label} · preparada por "
                                f"{claim.created_by}{note}")
            self.no_items_hint.setText("Esta reclamación ya no tiene cuentas: descártela.")
        self.item_stack.setCurrentWidget(self.item_table if self.items else self.no_items)

    def selected_items(self) -> list[ClaimItem]:
        rows = sorted(i.row() for i in self.item_table.selectionModel().selectedRows())
        return [self.items[r] for r in rows if r < len(self.items)]

    def select_rows(self, rows: Sequence[int]) -> None:
        model = self.item_table.selectionModel()
        model.clearSelection()
        for row in rows:
            model.select(self.item_model.index(row, 0),
                         QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
        if rows:
            model.setCurrentIndex(self.item_model.index(rows[0], 0),
                                  QItemSelectionModel.SelectionFlag.NoUpdate)

    def select_next_pending(self, after: int) -> None:
        """Move on to the next account still waiting, so a claim is answered from the keyboard:
        A, A, R… Without one left, the answered accounts stay chosen."""
        start = next((r for r, i in enumerate(self.items) if i.case_id == after), -1) + 1
        following = [r for r in (*range(start, len(self.items)), *range(start))
                     if self.items[r].outcome is Outcome.PENDIENTE]
        if following:
            self.select_rows(following[:1])
