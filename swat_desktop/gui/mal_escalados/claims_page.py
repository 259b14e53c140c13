"""Reclamaciones to Gestión Soporte (step 4): prepare, send, and record each account's answer.

The backoffice talks to Gestión Soporte, so only it writes here; everybody else sees the same
page read-only. Every write goes through services.claims; a refusal (a rule, or somebody else's
change first) is said in Spanish under the buttons and the lists reload to what is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.claims import ClaimItem, ClaimSummary, DeadlineState, Outcome
from swat_desktop.domain.errors import OutputError, ValidationError
from swat_desktop.domain.formatting import BOGOTA, format_datetime
from swat_desktop.domain.identity import Role, UserProfile
from swat_desktop.gui.file_notice import WrittenFiles
from swat_desktop.gui.mal_escalados.claim_dialogs import NewClaimDialog, RejectDialog, SentDialog
from swat_desktop.gui.widgets import error_label, notice
from swat_desktop.gui.worker import Task
from swat_desktop.services import claims
from swat_desktop.services.claims import StaleClaimError
from swat_desktop.services.store import Database

RULE = ("Gestión Soporte reevalúa en 24 horas desde el envío; una reclamación aceptada retira "
        "la cuenta del indicador del asesor.")
READ_ONLY = ("Solo el backoffice prepara, envía y registra las respuestas de las reclamaciones; "
             "usted las ve en modo de consulta.")
CLAIM_HEADERS = ("Número", "Preparada", "Enviada", "Vence", "Plazo", "Cuentas", "Aceptadas",
                 "Rechazadas", "Pendientes")
CLAIM_WIDTHS = (130, 130, 130, 130, 100, 80, 95, 105, 100)
PLAZO = 4
ITEM_HEADERS = ("Cuenta", "Fecha base", "Asesor", "Causales", "Observaciones", "Evidencia",
                "Resultado", "Motivo del rechazo", "Decidió")
ITEM_WIDTHS = (100, 100, 150, 170, 180, 160, 90, 190, 210)
RESULT = 6
# (text, background): red for overdue, amber for due soon, as the brief of the page asks.
DEADLINE_COLOURS = {DeadlineState.VENCIDA: ("#b3261e", "#fdecea"),
                    DeadlineState.POR_VENCER: ("#8a5300", "#fff3d6")}
OUTCOME_COLOURS = {Outcome.ACEPTADA: "#1b6e34", Outcome.RECHAZADA: "#b3261e",
                   Outcome.PENDIENTE: "#616e7c"}
NUMERIC = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
URGENT_FIRST = (DeadlineState.VENCIDA, DeadlineState.POR_VENCER, DeadlineState.EN_PLAZO,
                DeadlineState.SIN_ENVIAR, DeadlineState.RESUELTA)

def _cell(text: str, align: Qt.AlignmentFlag | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if align is not None:
        item.setTextAlignment(align)
    if text:
        item.setToolTip(text)
    return item


def _paint(item: QTableWidgetItem, colour: str, background: str | None = None) -> None:
    item.setForeground(QBrush(QColor(colour)))
    if background is not None:
        item.setBackground(QBrush(QColor(background)))
    font = QFont(item.font())
    font.setBold(True)
    item.setFont(font)


def _when(moment: datetime | None) -> str:
    return format_datetime(moment, BOGOTA) if moment is not None else "—"


def _table(headers: Sequence[str], widths: Sequence[int]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(24)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft
                                                 | Qt.AlignmentFlag.AlignVCenter)
    for column, width in enumerate(widths):
        table.setColumnWidth(column, width)
    return table


def _empty_state() -> tuple[QFrame, QLabel, QLabel]:
    """A white card where the table would be: a title and a line saying what to do."""
    card = QFrame()
    card.setObjectName("card")
    heading = QLabel()
    heading.setObjectName("cardTitle")
    hint = notice()
    layout = QVBoxLayout(card)
    layout.addStretch(1)
    for label in (heading, hint):
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(label)
    layout.addStretch(1)
    return card, heading, hint


class ClaimsPage(QWidget):
    """Claims on top, the chosen claim's accounts below; every action is a button whose
    enabled state follows the claim (preparada, enviada, resuelta) and the user's role."""

    changed = Signal()  # a claim was created, sent, answered, trimmed or discarded
    status_message = Signal(str)
    file_written = Signal(object)  # a WrittenFiles for the window's notice

    def __init__(self, db: Database, user: UserProfile, parent: QWidget | None = None,
                 exports_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_reclamaciones")
        self.db = db
        self.user = user
        self.exports_dir = exports_dir or Path.home()
        self.claims: list[ClaimSummary] = []
        self.items: list[ClaimItem] = []
        self.export_task: Task | None = None
        self._reloading = False

        title = QLabel("Reclamaciones")
        title.setObjectName("workspaceTitle")
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.new_button = self._button("Nueva reclamación…", self.open_new_claim, "Ctrl+N",
                                       "Reunir cuentas «no procede» en una reclamación")
        self.sent_button = self._button("Marcar como enviada…", self.mark_sent_selected, None,
                                        "Registrar cuándo salió hacia Gestión Soporte")
        self.export_button = self._button("Exportar libro…", self.choose_export, "Ctrl+E",
                                          "El libro que acompaña al formulario de reclamación")
        self.discard_button = self._button("Descartar…", self.discard_selected, None,
                                           "Eliminar una reclamación que no se ha enviado; "
                                           "sus cuentas quedan libres")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        for button in (self.discard_button, self.export_button, self.sent_button,
                       self.new_button):
            header.addWidget(button)

        rule = QLabel(RULE)
        rule.setObjectName("workspaceSubtitle")
        rule.setWordWrap(True)
        self.read_only = notice(READ_ONLY)
        self.error = error_label()

        self.claim_table = _table(CLAIM_HEADERS, CLAIM_WIDTHS)
        self.claim_table.setObjectName("claimTable")
        self.claim_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.claim_table.itemSelectionChanged.connect(self._claim_changed)
        self.claim_table.horizontalHeader().setStretchLastSection(False)
        for column in range(PLAZO + 1, len(CLAIM_HEADERS)):
            self.claim_table.horizontalHeaderItem(column).setTextAlignment(NUMERIC)
        self.no_claims, no_claims_title, self.no_claims_hint = _empty_state()
        no_claims_title.setText("No hay reclamaciones todavía")
        self.claim_stack = QStackedWidget()
        self.claim_stack.addWidget(self.claim_table)
        self.claim_stack.addWidget(self.no_claims)

        self.detail = QLabel()
        self.detail.setObjectName("cardTitle")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.accept_button = self._button("Aceptada", self.accept_selected, "A",
                                          "Gestión Soporte aceptó las cuentas elegidas")
        self.reject_button = self._button("Rechazada…", self.reject_selected, "R",
                                          "Gestión Soporte rechazó las cuentas elegidas; "
                                          "se pide el motivo")
        self.remove_button = self._button("Quitar cuenta…", self.remove_selected, "Delete",
                                          "Sacar las cuentas elegidas de una reclamación "
                                          "sin enviar")
        item_bar = QHBoxLayout()
        item_bar.addWidget(self.detail, 1)
        item_bar.addWidget(self.accept_button)
        item_bar.addWidget(self.reject_button)
        item_bar.addSpacing(16)
        item_bar.addWidget(self.remove_button)
        self.item_table = _table(ITEM_HEADERS, ITEM_WIDTHS)
        self.item_table.setObjectName("claimItemTable")
        self.item_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.item_table.itemSelectionChanged.connect(self._update_actions)
        self.no_items, _, self.no_items_hint = _empty_state()
        self.item_stack = QStackedWidget()
        self.item_stack.addWidget(self.item_table)
        self.item_stack.addWidget(self.no_items)
        self.lower = lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 8, 0, 0)
        lower_layout.addLayout(item_bar)
        lower_layout.addWidget(self.item_stack, 1)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.claim_stack)
        splitter.addWidget(lower)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([300, 360])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(header)
        layout.addWidget(rule)
        layout.addWidget(self.read_only)
        layout.addWidget(self.error)
        layout.addSpacing(4)
        layout.addWidget(self.count_label)
        layout.addWidget(splitter, 1)

        shortcut = QAction(self)
        shortcut.setShortcut(QKeySequence("F5"))
        shortcut.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.triggered.connect(self.refresh)
        self.addAction(shortcut)
        # The plazo moves with the clock: repaint it every minute without asking the store.
        self._clock = QTimer(self)
        self._clock.setInterval(60_000)
        self._clock.timeout.connect(self._show_deadlines)
        self._clock.start()

        self._apply_role()
        self.refresh()

    def _button(self, text: str, slot: Callable[[], object], key: str | None,
                tip: str) -> QPushButton:
        """A button whose shortcut works while the keyboard is anywhere in this page (and only
        there, so the review page keeps its letters)."""
        button = QPushButton(text)
        button.clicked.connect(lambda: slot())
        if key is not None:
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(button.click)  # a disabled button ignores it
            self.addAction(action)
            tip = f"{tip} ({QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)})"
        button.setToolTip(tip)
        return button

    # -- who is looking ----------------------------------------------------------------------
    @property
    def can_write(self) -> bool:
        return self.user.role is Role.BACKOFFICE

    def set_user(self, user: UserProfile) -> None:
        self.user = user
        self._apply_role()

    def _apply_role(self) -> None:
        self.read_only.setVisible(not self.can_write)
        self.no_claims_hint.setText(
            "Use «Nueva reclamación…» para reunir las cuentas revisadas como «no procede»."
            if self.can_write else "El backoffice las prepara con las cuentas revisadas como "
            "«no procede».")
        self._update_actions()

    # -- lists -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload from the store, keeping the chosen claim and accounts chosen."""
        keep = self.selected_claim()
        keep_cases = set(self.selected_case_ids())
        self.claims = claims.list_claims(self.db)
        self._reloading = True
        self.claim_table.setRowCount(len(self.claims))
        for row, claim in enumerate(self.claims):
            values = (claim.number, _when(claim.created_at), _when(claim.sent_at),
                      _when(claim.deadline), "", str(claim.items), str(claim.accepted),
                      str(claim.rejected), str(claim.pending))
            for column, value in enumerate(values):
                self.claim_table.setItem(row, column, _cell(value, NUMERIC if column > PLAZO
                                                            else None))
            self.claim_table.item(row, 0).setToolTip(
                f"{claim.number}, preparada por {claim.created_by}")
        self._show_deadlines()
        self.claim_stack.setCurrentWidget(self.claim_table if self.claims else self.no_claims)
        self.lower.setVisible(bool(self.claims))
        row = next((i for i, c in enumerate(self.claims) if keep and c.id == keep.id), 0)
        self.claim_table.clearSelection()
        if self.claims:
            self.claim_table.selectRow(row)
        self._reloading = False
        self._load_items(keep_cases)

    def _show_deadlines(self) -> None:
        now = self.db.clock.now()  # the store's, as the workspace's banner
        states = [c.deadline_state(now) for c in self.claims]
        for row, state in enumerate(states):
            item = _cell(state.label)
            if state in DEADLINE_COLOURS:
                _paint(item, *DEADLINE_COLOURS[state])
            self.claim_table.setItem(row, PLAZO, item)
        total = len(self.claims)
        parts = [f"{states.count(s)} {s.label.lower()}" for s in URGENT_FIRST
                 if states.count(s)]
        self.count_label.setText(
            f"{total} {'reclamación' if total == 1 else 'reclamaciones'}: " + ", ".join(parts)
            if total else "")

    def selected_claim(self) -> ClaimSummary | None:
        rows = self.claim_table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.claims):
            return None
        return self.claims[rows[0].row()]

    def select_claim(self, number: str) -> None:
        self.claim_table.selectRow(next(i for i, c in enumerate(self.claims)
                                        if c.number == number))

    def selected_items(self) -> list[ClaimItem]:
        rows = sorted(i.row() for i in self.item_table.selectionModel().selectedRows())
        return [self.items[r] for r in rows if r < len(self.items)]

    def selected_case_ids(self) -> list[int]:
        return [i.case_id for i in self.selected_items()]

    def select_accounts(self, *cuentas: str) -> None:
        """Choose accounts by number, as a click and Ctrl+click would."""
        self._select_items([r for r, i in enumerate(self.items) if i.cuenta in cuentas])

    def _select_items(self, rows: Sequence[int]) -> None:
        model = self.item_table.selectionModel()
        model.clearSelection()
        for row in rows:
            index = self.item_table.model().index(row, 0)
            model.select(index, QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
        if rows:
            model.setCurrentIndex(self.item_table.model().index(rows[0], 0),
                                  QItemSelectionModel.SelectionFlag.NoUpdate)

    def _claim_changed(self) -> None:
        if self._reloading:
            return
        self._show_error("")
        self._load_items(set())

    def _load_items(self, keep: set[int]) -> None:
        claim = self.selected_claim()
        self.items = []
        if claim is not None:
            try:
                self.items = list(claims.document(self.db, claim.id).items)
            except ValidationError as exc:  # discarded by somebody else a moment ago
                self._show_error(" ".join(exc.errors.values()))
        self.item_table.clearSelection()
        self.item_table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            decided = (f"{item.decided_by} · {_when(item.decided_at)}"
                       if item.decided_by else "")
            values = (item.cuenta, f"{item.base_date:%d/%m/%Y}", item.asesor_nombre,
                      item.causales, item.observaciones, item.evidence, item.outcome.label,
                      item.reason, decided)
            for column, value in enumerate(values):
                self.item_table.setItem(row, column, _cell(value))
            _paint(self.item_table.item(row, RESULT), OUTCOME_COLOURS[item.outcome])
        self._select_items([r for r, i in enumerate(self.items) if i.case_id in keep])
        self._describe(claim)
        self._update_actions()

    def _describe(self, claim: ClaimSummary | None) -> None:
        if claim is None:
            self.detail.setText("Cuentas")
            self.no_items_hint.setText("Elija una reclamación para ver sus cuentas.")
        else:
            note = f" — {claim.note}" if claim.note else ""
            self.detail.setText(f"{claim.number} · {claim.state.label} · preparada por "
                                f"{claim.created_by}{note}")
            self.no_items_hint.setText("Esta reclamación ya no tiene cuentas: descártela.")
        self.item_stack.setCurrentWidget(self.item_table if self.items else self.no_items)

    def _update_actions(self) -> None:
        claim = self.selected_claim()
        chosen = bool(self.selected_items())
        write = self.can_write
        unsent = claim is not None and claim.sent_at is None
        sent = claim is not None and claim.sent_at is not None
        self.new_button.setEnabled(write)
        self.sent_button.setEnabled(write and unsent and bool(self.items))
        self.discard_button.setEnabled(write and unsent)
        # Reading is for everybody; one export at a time.
        self.export_button.setEnabled(bool(self.items) and self.export_task is None)
        self.accept_button.setEnabled(write and sent and chosen)
        self.reject_button.setEnabled(write and sent and chosen)
        self.remove_button.setEnabled(write and unsent and chosen)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    # -- writing -----------------------------------------------------------------------------
    def _attempt(self, write: Callable[[], object], done: str) -> bool:
        """Run one write. A refusal is said in Spanish and the lists show what is stored."""
        try:
            write()
        except ValidationError as exc:
            message = " ".join(exc.errors.values())
        except StaleClaimError as exc:
            message = str(exc)
        else:
            self._show_error("")
            self.refresh()
            self.changed.emit()
            self.status_message.emit(done)
            return True
        self.refresh()
        self._show_error(message)
        self.status_message.emit(message)
        # A write over several accounts may have stored the first ones before the refusal.
        self.changed.emit()
        return False

    def open_new_claim(self) -> QDialog:
        dialog = NewClaimDialog(self.db, self.user, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._created(dialog))
        dialog.open()
        return dialog

    def _created(self, dialog: NewClaimDialog) -> None:
        created = dialog.created
        assert created is not None
        self._show_error("")
        self.refresh()
        self.select_claim(created.number)
        self.changed.emit()
        self.status_message.emit(f"Reclamación {created.number} creada con {created.items} "
                                 f"{'cuenta' if created.items == 1 else 'cuentas'}.")

    def mark_sent_selected(self) -> QDialog | None:
        claim = self.selected_claim()
        if claim is None:
            return None
        dialog = SentDialog(claim, self.db.clock, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._attempt(
            lambda: claims.mark_sent(self.db, self.user, claim.id, claim.version,
                                     dialog.sent_at()),
            f"{claim.number} marcada como enviada; vence en 24 horas."))
        dialog.open()
        return dialog

    def _record(self, outcome: Outcome, reason: str = "") -> None:
        claim, chosen = self.selected_claim(), self.selected_items()
        if claim is None or not chosen:
            return

        def write() -> None:
            claims.record_outcome(self.db, self.user, claim.id, claim.version,
                                  [i.case_id for i in chosen], outcome, reason)

        names = ", ".join(i.cuenta for i in chosen)
        if self._attempt(write, f"{outcome.label}: {names} ({claim.number})."):
            self._select_next_pending(chosen[-1].case_id)

    def _select_next_pending(self, after: int) -> None:
        """Move on to the next account still waiting, so a claim is answered from the keyboard:
        A, A, R… Without one left, the answered accounts stay chosen."""
        start = next((r for r, i in enumerate(self.items) if i.case_id == after), -1) + 1
        following = [r for r in (*range(start, len(self.items)), *range(start))
                     if self.items[r].outcome is Outcome.PENDIENTE]
        if following:
            self._select_items(following[:1])

    def accept_selected(self) -> None:
        self._record(Outcome.ACEPTADA)

    def reject_selected(self) -> QDialog | None:
        claim, chosen = self.selected_claim(), self.selected_items()
        if claim is None or not chosen:
            return None
        dialog = RejectDialog(claim, [i.cuenta for i in chosen], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._record(Outcome.RECHAZADA, dialog.reason_text()))
        dialog.open()
        return dialog

    def _confirm(self, title: str, text: str, yes: str, then: Callable[[], object]
                 ) -> QMessageBox:
        """Ask before an irreversible step, without blocking (the box is opened, not exec'd)."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        confirm = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(box.addButton("Cancelar", QMessageBox.ButtonRole.RejectRole))
        box.finished.connect(lambda _r: then() if box.clickedButton() is confirm else None)
        box.open()
        return box

    def remove_selected(self) -> QMessageBox | None:
        claim, chosen = self.selected_claim(), self.selected_items()
        if claim is None or not chosen:
            return None
        names = ", ".join(i.cuenta for i in chosen)

        def write() -> None:
            claims.remove_cases(self.db, self.user, claim.id, claim.version,
                                [i.case_id for i in chosen])

        return self._confirm(
            "Quitar cuenta", f"¿Quitar {names} de {claim.number}? Las cuentas quedan libres "
            "para otra reclamación.", "Quitar",
            lambda: self._attempt(write, f"Quitadas de {claim.number}: {names}."))

    def discard_selected(self) -> QMessageBox | None:
        claim = self.selected_claim()
        if claim is None:
            return None
        return self._confirm(
            "Descartar reclamación", f"¿Descartar {claim.number}? Sus {claim.items} cuentas "
            "quedan libres para otra reclamación; el número no se vuelve a usar.", "Descartar",
            lambda: self._attempt(
                lambda: claims.discard(self.db, self.user, claim.id, claim.version),
                f"{claim.number} descartada."))

    # -- export ------------------------------------------------------------------------------
    def default_export_path(self, claim: ClaimSummary) -> Path:
        folder = self.exports_dir
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:  # Documents redirected or offline: the home folder always exists
            folder = Path.home()
        return folder / f"{claim.number} reclamación Gestión Soporte.xlsx"

    def ask_export_path(self, default: Path) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Exportar libro de la reclamación",
                                                str(default), "Libro de Excel (*.xlsx)")
        return Path(chosen).with_suffix(".xlsx") if chosen else None

    def choose_export(self) -> Task | None:
        claim = self.selected_claim()
        if claim is None:
            return None
        path = self.ask_export_path(self.default_export_path(claim))
        return self.export_to(path) if path is not None else None

    def export_to(self, path: Path) -> Task | None:
        """Write the claim workbook off the GUI thread: a network folder must not freeze us."""
        claim = self.selected_claim()
        if claim is None:
            return None
        task = Task(lambda _progress, _cancelled: claims.export_claim(self.db, claim.id, path),
                    self)
        task.finished.connect(lambda saved: self._exported(task, saved))
        task.failed.connect(lambda exc: self._export_failed(task, exc))
        self.export_task = task
        self._update_actions()
        task.start()
        return task

    def _exported(self, task: Task, saved: Path) -> None:
        self._export_ended(task)
        self.status_message.emit(f"Libro guardado en {saved}")
        self.file_written.emit(WrittenFiles("Libro de la reclamación guardado.", (saved,)))

    def _export_failed(self, task: Task, exc: Exception) -> None:
        self._export_ended(task)
        hint = " Ciérrelo si está abierto en Excel." if isinstance(exc, PermissionError) else ""
        message = (str(exc) if isinstance(exc, OutputError)  # already says what to do
                   else f"No se pudo guardar el libro: {exc}.{hint}")
        self._show_error(message)
        self.status_message.emit(message)

    def _export_ended(self, task: Task) -> None:
        self.export_task = None
        task.deleteLater()
        self._update_actions()
