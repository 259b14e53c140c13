"""The filters above the review table; every change is applied at once (text after a pause)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.mal_escalados import CaseStatus, Causal, Procedencia, ReviewFilters

TEXT_PAUSE_MS = 250
MINE = -1  # "Mis cuentas" in the assignment filter, resolved to the current user


class FilterBar(QWidget):
    changed = Signal(object)  # ReviewFilters

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user: UserProfile | None = None
        self.base_date = self._combo("Fecha base")
        self.status = self._combo("Estado")
        self.procedencia = self._combo("Procedencia")
        self.causal = self._combo("Causal")
        self.asesor = self._combo("Asesor", editable=True)
        self.supervisor = self._combo("Supervisor", editable=True)
        self.assigned = self._combo("Asignación")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Buscar cuenta, asesor, supervisor u observaciones…")
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("searchBox")

        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(8)
        layout.setVerticalSpacing(4)
        fields = [("Fecha &base", self.base_date), ("&Estado", self.status),
                  ("&Procedencia", self.procedencia), ("&Causal", self.causal),
                  ("&Asesor", self.asesor), ("&Supervisor", self.supervisor),
                  ("Asi&gnación", self.assigned)]
        for column, (text, widget) in enumerate(fields):
            label = QLabel(text)
            label.setBuddy(widget)
            label.setObjectName("filterLabel")
            layout.addWidget(label, 0, column)
            layout.addWidget(widget, 1, column)
            layout.setColumnStretch(column, 2 if widget in (self.asesor, self.causal) else 1)
        search_label = QLabel("B&uscar (Ctrl+F)")
        search_label.setBuddy(self.search)
        search_label.setObjectName("filterLabel")
        # Beside its field, not above it: on a laptop the row saved is a line of the verdict.
        layout.addWidget(search_label, 2, 0)
        layout.addWidget(self.search, 2, 1, 1, len(fields) - 1)

        self._timer = QTimer(self, singleShot=True, interval=TEXT_PAUSE_MS)
        self._timer.timeout.connect(self._emit)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_search)
        self._loading = False

    def _combo(self, name: str, editable: bool = False) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setMinimumContentsLength(8)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        if editable:
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        combo.currentIndexChanged.connect(lambda _index: self._emit())
        return combo

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def set_choices(
        self,
        base_dates: list[date],
        causales: list[Causal],
        advisors: list[tuple[str, str]],
        supervisors: list[str],
        reviewers: list[UserProfile],
        user: UserProfile,
    ) -> None:
        """Fill the lists, keeping what is selected where it still exists."""
        self._loading = True
        self.user = user
        # Dates travel as ISO text: Qt would turn a date into a QDate on the way back.
        _fill(self.base_date,
              [("Todas", None)] + [(f"{d:%d/%m/%Y}", d.isoformat()) for d in base_dates])
        _fill(self.status, [("Todos", None)] + [(s.label, s.value) for s in CaseStatus])
        _fill(self.procedencia, [("Todas", None)] + [(p.label, p.value) for p in Procedencia])
        _fill(self.causal, [("Todas", None)] + [(f"{c.code} · {c.name}", c.id) for c in causales])
        _fill(self.asesor, [("Todos", None)] + [(f"{n} ({i})", i) for i, n in advisors])
        _fill(self.supervisor, [("Todos", None)] + [(s, s) for s in supervisors])
        _fill(self.assigned, [("Todas", None), ("Mis cuentas", MINE), ("Sin asignar", 0)]
              + [(r.full_name, r.id) for r in reviewers if r.id != user.id])
        self._loading = False

    def show_filters(self, filters: ReviewFilters) -> None:
        """Put the widgets back to ``filters`` without announcing a change."""
        self._loading = True
        self._timer.stop()
        day = filters.base_dates[0].isoformat() if filters.base_dates else None
        assigned = MINE if self.user and filters.assigned_to == self.user.id \
            else filters.assigned_to
        for combo, value in (
            (self.base_date, day),
            (self.status, filters.status.value if filters.status else None),
            (self.procedencia, filters.procedencia.value if filters.procedencia else None),
            (self.causal, filters.causal_id),
            (self.asesor, filters.asesor or None),
            (self.supervisor, filters.supervisor or None),
            (self.assigned, assigned),
        ):
            combo.setCurrentIndex(max(combo.findData(value), 0) if value is not None else 0)
        self.search.blockSignals(True)
        self.search.setText(filters.text)
        self.search.blockSignals(False)
        self._loading = False

    def show_assignment(self, assigned_to: int | None) -> None:
        """Put Asignación on ``assigned_to`` (the person's own id reads «Mis cuentas», None
        «Todas») without announcing it: the page reads the list right after."""
        value = MINE if self.user is not None and assigned_to == self.user.id else assigned_to
        index = self.assigned.findData(value) if value is not None else 0
        self._loading = True
        self.assigned.setCurrentIndex(max(index, 0))
        self._loading = False

    def filters(self) -> ReviewFilters:
        base = self.base_date.currentData()
        status = self.status.currentData()
        procedencia = self.procedencia.currentData()
        assigned = self.assigned.currentData()
        if assigned == MINE:
            assigned = self.user.id if self.user else None
        return ReviewFilters(
            base_dates=(date.fromisoformat(base),) if base else (),
            asesor=_chosen(self.asesor),
            supervisor=_chosen(self.supervisor),
            status=CaseStatus(status) if status else None,
            causal_id=self.causal.currentData(),
            procedencia=Procedencia(procedencia) if procedencia else None,
            assigned_to=assigned,
            text=self.search.text(),
        )

    def _emit(self) -> None:
        if not self._loading:
            self.changed.emit(self.filters())


def _chosen(combo: QComboBox) -> str:
    """An editable combo counts only when its text names an item of the list."""
    index = combo.findText(combo.currentText())
    data = combo.itemData(index) if index >= 0 else None
    return str(data) if data else ""


def _fill(combo: QComboBox, items: list[tuple[str, object]]) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)
