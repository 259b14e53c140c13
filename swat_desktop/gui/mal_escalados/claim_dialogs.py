"""Dialogs of the reclamaciones page: gather accounts into a new claim, say when it was sent,
and write down why Gestión Soporte rejected an account."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, Qt, QTimeZone
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.claims import (
    MAX_REASON,
    ClaimItem,
    ClaimSummary,
    Outcome,
    validate_outcome,
    validate_sent_at,
)
from swat_desktop.domain.clock import Clock, local_today
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import BOGOTA
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.qt_dates import date_edit, pydate
from swat_desktop.gui.reason_dialog import ReasonDialog, ReasonRequest
from swat_desktop.gui.widgets import error_label, notice, ok_cancel, open_at
from swat_desktop.services import claims
from swat_desktop.services.claims import CandidateFilter

BOGOTA_ZONE = QTimeZone(b"America/Bogota")
CANDIDATE_HEADERS = ("Cuenta", "Fecha base", "Asesor", "Causales", "Observaciones",
                     "Evidencia (editable)")
CANDIDATE_WIDTHS = (140, 100, 160, 210, 220)
EVIDENCE = len(CANDIDATE_HEADERS) - 1


def _cell(text: str, editable: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    item.setFlags(flags | Qt.ItemFlag.ItemIsEditable if editable else flags)
    item.setToolTip(text)
    return item


class NewClaimDialog(QDialog):
    """The backoffice picks the reviewed *no procede* accounts to dispute in one reclamación.

    Every candidate starts checked: the usual claim takes them all. What the person unchecks
    or writes as evidence survives a change of the date range.
    """

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.created: ClaimSummary | None = None
        self.candidates: list[ClaimItem] = []
        self._unchecked: set[int] = set()
        self._evidence: dict[int, str] = {}
        self.setWindowTitle("Nueva reclamación")
        open_at(self, 1040, 560)

        days = [c.base_date for c in claims.candidates(self.ctx.store, CandidateFilter())]
        today = local_today(self.ctx.store.clock, BOGOTA)
        self.start = date_edit(min(days, default=today))
        self.end = date_edit(max(days, default=today))
        self.start.dateChanged.connect(self.reload)
        self.end.dateChanged.connect(self.reload)
        dates = QHBoxLayout()
        dates.addWidget(QLabel("Bases del"))
        dates.addWidget(self.start)
        dates.addWidget(QLabel("al"))
        dates.addWidget(self.end)
        dates.addSpacing(16)
        every = QPushButton("Marcar todas")
        every.clicked.connect(lambda: self._check_all(True))
        none = QPushButton("Desmarcar todas")
        none.clicked.connect(lambda: self._check_all(False))
        dates.addStretch(1)
        dates.addWidget(every)
        dates.addWidget(none)

        self.table = QTableWidget(0, len(CANDIDATE_HEADERS))
        self.table.setHorizontalHeaderLabels(CANDIDATE_HEADERS)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft
                                                          | Qt.AlignmentFlag.AlignVCenter)
        for column, width in enumerate(CANDIDATE_WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.itemChanged.connect(self._edited)
        self.empty = notice()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty)

        self.count = notice()
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Lo que Gestión Soporte debe saber de todas las cuentas "
                                     "(opcional)")
        self.note.setFixedHeight(56)
        self.error = error_label()
        self.buttons = ok_cancel(self, "Crear reclamación")

        note_form = QFormLayout()
        note_form.addRow("Nota general", self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(notice("Cuentas revisadas como «no procede» que todavía no están en "
                                "ninguna reclamación. Desmarque las que no quiera reclamar y "
                                "escriba en «Evidencia» el soporte de cada una (doble clic o "
                                "F2 para editar)."))
        layout.addLayout(dates)
        layout.addWidget(self.list_stack, 1)
        layout.addWidget(self.count)
        layout.addLayout(note_form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.reload()
        self.table.setFocus()  # the keyboard starts on the accounts, not on a date

    def reload(self) -> None:
        self.candidates = claims.candidates(self.ctx.store, CandidateFilter(
            start=pydate(self.start.date()), end=pydate(self.end.date())))
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.candidates))
        for row, item in enumerate(self.candidates):
            account = _cell(item.cuenta)
            account.setFlags(account.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            account.setCheckState(Qt.CheckState.Unchecked if item.case_id in self._unchecked
                                  else Qt.CheckState.Checked)
            self.table.setItem(row, 0, account)
            values = (f"{item.base_date:%d/%m/%Y}", item.asesor_nombre, item.causales,
                      item.observaciones)
            for column, value in enumerate(values, 1):
                self.table.setItem(row, column, _cell(value))
            self.table.setItem(row, EVIDENCE,
                               _cell(self._evidence.get(item.case_id, ""), editable=True))
        self.table.blockSignals(False)
        if not self.candidates:
            elsewhere = claims.candidates(self.ctx.store, CandidateFilter())
            self.empty.setText(
                "No hay cuentas «no procede» sin reclamar en las bases de estas fechas."
                if elsewhere else "No hay cuentas «no procede» pendientes de reclamar: las "
                "revisadas ya están en alguna reclamación.")
        self.list_stack.setCurrentWidget(self.table if self.candidates else self.empty)
        self._update_count()

    def _edited(self, cell: QTableWidgetItem) -> None:
        case_id = self.candidates[cell.row()].case_id
        if cell.column() == 0:
            if cell.checkState() == Qt.CheckState.Checked:
                self._unchecked.discard(case_id)
            else:
                self._unchecked.add(case_id)
            self._update_count()
        elif cell.column() == EVIDENCE:
            self._evidence[case_id] = cell.text()
            cell.setToolTip(cell.text())

    def _check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for row in range(self.table.rowCount()):
            self.table.item(row, 0).setCheckState(state)

    def chosen(self) -> list[int]:
        return [c.case_id for c in self.candidates if c.case_id not in self._unchecked]

    def _update_count(self) -> None:
        total = len(self.candidates)
        self.count.setText(f"{len(self.chosen())} de {total} cuentas elegidas."
                           if total else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.chosen()))

    def set_evidence(self, cuenta: str, text: str) -> None:
        """Write the evidence of one account as if typed in its cell (tests, scripts)."""
        row = next(i for i, c in enumerate(self.candidates) if c.cuenta == cuenta)
        self.table.item(row, EVIDENCE).setText(text)

    def accept(self) -> None:
        chosen = self.chosen()
        evidence = {i: self._evidence[i] for i in chosen if self._evidence.get(i, "").strip()}
        try:
            self.created = claims.create_claim(self.ctx.store, self.ctx.user, chosen,
                                               self.note.toPlainText(), evidence)
        except ValidationError as exc:
            self.error.setText(" ".join(exc.errors.values()))
            self.error.show()
            return
        super().accept()


class SentDialog(QDialog):
    """When the claim really left: the 24 hours count from that moment, not from the click."""

    def __init__(self, claim: ClaimSummary, clock: Clock, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.claim = claim
        self.clock = clock
        self.setWindowTitle(f"Marcar {claim.number} como enviada")
        self.when = QDateTimeEdit()
        self.when.setTimeZone(BOGOTA_ZONE)
        self.when.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.when.setCalendarPopup(True)
        self.set_sent_at(clock.now())
        self.error = error_label()
        form = QFormLayout()
        form.addRow("Enviada el (hora de Bogotá)", self.when)
        layout = QVBoxLayout(self)
        layout.addWidget(notice(f"Fecha y hora en que {claim.number} salió hacia Gestión "
                                "Soporte con el formulario. El plazo de 24 horas de "
                                "reevaluación cuenta desde ese momento."))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel(self, "Marcar como enviada"))
        open_at(self, 460)

    def set_sent_at(self, moment: datetime) -> None:
        self.when.setDateTime(QDateTime.fromSecsSinceEpoch(int(moment.timestamp()),
                                                           BOGOTA_ZONE))

    def sent_at(self) -> datetime:
        return datetime.fromtimestamp(self.when.dateTime().toSecsSinceEpoch(), UTC)

    def accept(self) -> None:
        errors = validate_sent_at(self.sent_at(), self.claim.created_at, self.clock.now())
        if errors:
            self.error.setText(" ".join(errors.values()))
            self.error.show()
            return
        super().accept()


def reject_dialog(claim: ClaimSummary, cuentas: Sequence[str],
                  parent: QWidget | None = None) -> ReasonDialog:
    """Gestión Soporte's reason travels with the rejection: the advisor's feedback quotes it.
    The dialog only checks the reason; the page records it on ``accepted``."""
    which = (f"la cuenta {cuentas[0]}" if len(cuentas) == 1
             else f"las cuentas {', '.join(cuentas[:-1])} y {cuentas[-1]}")

    def check(reason: str, _choice: object) -> str:
        errors = validate_outcome(Outcome.RECHAZADA, reason)
        if errors:
            raise ValidationError(errors)
        return reason.strip()

    return ReasonDialog(ReasonRequest(
        title="Rechazada por Gestión Soporte",
        explanation=f"Gestión Soporte rechazó {which} de {claim.number}: siguen contando como "
                    "mal escaladas del asesor.",
        ok_text="Registrar rechazo", placeholder="Motivo que dio Gestión Soporte (obligatorio)",
        limit=MAX_REASON), check, parent)
