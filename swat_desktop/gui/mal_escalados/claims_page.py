"""Reclamaciones to Gestión Soporte (step 4): prepare, send, and record each account's answer.

The backoffice talks to Gestión Soporte, so only it writes here; everybody else sees the same
page read-only. Every write goes through services.claims; a refusal (a rule, or somebody else's
change first) is said in Spanish under the buttons and the lists reload to what is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.claims import ClaimItem, ClaimSummary, Outcome
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.permissions import Action, can
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.file_notice import WrittenFiles
from swat_desktop.gui.mal_escalados.claim_dialogs import NewClaimDialog, SentDialog, reject_dialog
from swat_desktop.gui.mal_escalados.claims_items import ClaimItemsPane
from swat_desktop.gui.mal_escalados.claims_tables import (
    CLAIM_WIDTHS,
    claim_columns,
    deadline_summary,
    default_workbook_path,
    empty_state,
)
from swat_desktop.gui.operations import Done, Operation, is_running
from swat_desktop.gui.rows_model import RowsModel, rows_view
from swat_desktop.gui.signals import Change
from swat_desktop.gui.subscriptions import follow
from swat_desktop.gui.widgets import (
    confirm,
    error_label,
    notice,
    shortcut_button,
    splitter,
)
from swat_desktop.services import claims
from swat_desktop.services.claims import StaleClaimError

RULE = ("Gestión Soporte reevalúa en 24 horas desde el envío; una reclamación aceptada retira "
        "la cuenta del indicador del asesor.")
READ_ONLY = ("Solo el backoffice prepara, envía y registra las respuestas de las reclamaciones; "
             "usted las ve en modo de consulta.")
# What the list shows: the claims, and the verdicts that make an account a candidate.
SHOWN = (Change.CLAIMS, Change.CASES, Change.BASES)


class ClaimsPage(QWidget):
    """Claims on top, the chosen claim's accounts below; every action is a button whose
    enabled state follows the claim (preparada, enviada, resuelta) and the user's role."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_reclamaciones")
        self.ctx = ctx
        self.exports_dir = ctx.exports_dir or Path.home()
        self.export: Operation | None = None
        self._reloading = False

        title = QLabel("Reclamaciones")
        title.setObjectName("workspaceTitle")
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        button = partial(shortcut_button, self)  # their keys work anywhere in this page
        self.new_button = button("Nueva reclamación…", self.open_new_claim, "Ctrl+N",
                                 "Reunir cuentas «no procede» en una reclamación")
        self.sent_button = button("Marcar como enviada…", self.mark_sent_selected, None,
                                  "Registrar cuándo salió hacia Gestión Soporte")
        self.export_button = button("Exportar libro…", self.choose_export, "Ctrl+E",
                                    "El libro que acompaña al formulario de reclamación")
        self.discard_button = button("Descartar…", self.discard_selected, None,
                                     "Eliminar una reclamación que no se ha enviado; "
                                     "sus cuentas quedan libres")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        for widget in (self.discard_button, self.export_button, self.sent_button,
                       self.new_button):
            header.addWidget(widget)

        rule = QLabel(RULE)
        rule.setObjectName("workspaceSubtitle")
        rule.setWordWrap(True)
        self.read_only = notice(READ_ONLY)
        self.error = error_label()

        # The plazo by the store's clock, as the workspace's banner.
        self.claim_model: RowsModel[ClaimSummary] = RowsModel(
            claim_columns(ctx.clock.now), self, align_headers=True)
        self.claim_table = rows_view(self.claim_model, "claimTable", CLAIM_WIDTHS)
        self.claim_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.claim_table.selectionModel().selectionChanged.connect(self._claim_changed)
        self.claim_table.horizontalHeader().setStretchLastSection(False)
        self.no_claims, no_claims_title, self.no_claims_hint = empty_state()
        no_claims_title.setText("No hay reclamaciones todavía")
        self.claim_stack = QStackedWidget()
        self.claim_stack.addWidget(self.claim_table)
        self.claim_stack.addWidget(self.no_claims)

        self.accept_button = button("Aceptada", self.accept_selected, "A",
                                    "Gestión Soporte aceptó las cuentas elegidas")
        self.reject_button = button("Rechazada…", self.reject_selected, "R",
                                    "Gestión Soporte rechazó las cuentas elegidas; "
                                    "se pide el motivo")
        self.remove_button = button("Quitar cuenta…", self.remove_selected, "Delete",
                                    "Sacar las cuentas elegidas de una reclamación "
                                    "sin enviar")
        self.lower = lower = ClaimItemsPane((self.accept_button, self.reject_button),
                                            self.remove_button)
        lower.item_table.selectionModel().selectionChanged.connect(self._update_actions)

        split = splitter(Qt.Orientation.Vertical, (self.claim_stack, lower), (300, 360))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(header)
        layout.addWidget(rule)
        layout.addWidget(self.read_only)
        layout.addWidget(self.error)
        layout.addSpacing(4)
        layout.addWidget(self.count_label)
        layout.addWidget(split, 1)

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

        follow(self, ctx.hub, SHOWN, self.refresh, every_show=True)
        ctx.hub.user_changed.connect(self._apply_role)
        self._apply_role()
        self.refresh()

    # -- who is looking ----------------------------------------------------------------------
    @property
    def user(self) -> UserProfile:
        return self.ctx.user

    @property
    def claims(self) -> list[ClaimSummary]:
        return self.claim_model.rows

    @property
    def items(self) -> list[ClaimItem]:
        return self.lower.items

    @property
    def can_write(self) -> bool:
        return can(self.user, Action.MANAGE_CLAIMS)

    def _apply_role(self, _user: object = None) -> None:
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
        self._reloading = True
        self.claim_model.set_rows(claims.list_claims(self.ctx.store))
        self._count_deadlines()
        self.claim_stack.setCurrentWidget(self.claim_table if self.claims else self.no_claims)
        self.lower.setVisible(bool(self.claims))
        row = next((i for i, c in enumerate(self.claims) if keep and c.id == keep.id), 0)
        self.claim_table.clearSelection()
        if self.claims:
            self.claim_table.selectRow(row)
        self._reloading = False
        self._load_items(keep_cases)

    def _show_deadlines(self) -> None:
        self.claim_model.recompute()
        self._count_deadlines()

    def _count_deadlines(self) -> None:
        self.count_label.setText(deadline_summary(self.claims, self.ctx.clock.now()))

    def selected_claim(self) -> ClaimSummary | None:
        rows = self.claim_table.selectionModel().selectedRows()
        if not rows or not 0 <= rows[0].row() < len(self.claims):
            return None
        return self.claims[rows[0].row()]

    def select_claim(self, number: str) -> None:
        self.claim_table.selectRow(next(i for i, c in enumerate(self.claims)
                                        if c.number == number))

    def selected_items(self) -> list[ClaimItem]:
        return self.lower.selected_items()

    def selected_case_ids(self) -> list[int]:
        return [i.case_id for i in self.selected_items()]

    def select_accounts(self, *cuentas: str) -> None:
        """Choose accounts by number, as a click and Ctrl+click would."""
        self.lower.select_rows([r for r, i in enumerate(self.items) if i.cuenta in cuentas])

    def _claim_changed(self) -> None:
        if self._reloading:
            return
        self._show_error("")
        self._load_items(set())

    def _load_items(self, keep: set[int]) -> None:
        claim = self.selected_claim()
        items: list[ClaimItem] = []
        if claim is not None:
            try:
                items = list(claims.document(self.ctx.store, claim.id).items)
            except ValidationError as exc:  # discarded by somebody else a moment ago
                self._show_error(" ".join(exc.errors.values()))
        self.lower.show_items(claim, items, keep)
        self._update_actions()

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
        self.export_button.setEnabled(bool(self.items) and not is_running(self.export))
        self.accept_button.setEnabled(write and sent and chosen)
        self.reject_button.setEnabled(write and sent and chosen)
        self.remove_button.setEnabled(write and unsent and chosen)

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    # -- writing -----------------------------------------------------------------------------
    def _attempt(self, write: Callable[[], object], done: str) -> bool:
        """Run one write. A refusal is said in Spanish and the lists show what is stored: the
        page follows CLAIMS, so the announcement reads them again (either way: a write over
        several accounts may have stored the first ones before the refusal)."""
        try:
            write()
        except ValidationError as exc:
            message = " ".join(exc.errors.values())
        except StaleClaimError as exc:
            message = str(exc)
        else:
            self._show_error("")
            self.ctx.hub.announce(Change.CLAIMS)
            self.ctx.hub.say(done)
            return True
        self.ctx.hub.announce(Change.CLAIMS)
        self._show_error(message)
        self.ctx.hub.say(message)
        return False

    def open_new_claim(self) -> QDialog:
        dialog = NewClaimDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._created(dialog))
        dialog.open()
        return dialog

    def _created(self, dialog: NewClaimDialog) -> None:
        created = dialog.created
        assert created is not None
        self._show_error("")
        self.ctx.hub.announce(Change.CLAIMS)
        self.select_claim(created.number)
        self.ctx.hub.say(f"Reclamación {created.number} creada con {created.items} "
                         f"{'cuenta' if created.items == 1 else 'cuentas'}.")

    def mark_sent_selected(self) -> QDialog | None:
        claim = self.selected_claim()
        if claim is None:
            return None
        dialog = SentDialog(claim, self.ctx.clock, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._attempt(
            lambda: claims.mark_sent(self.ctx.store, self.user, claim.id, claim.version,
                                     dialog.sent_at()),
            f"{claim.number} marcada como enviada; vence en 24 horas."))
        dialog.open()
        return dialog

    def _record(self, outcome: Outcome, reason: str = "") -> None:
        claim, chosen = self.selected_claim(), self.selected_items()
        if claim is None or not chosen:
            return

        def write() -> None:
            claims.record_outcome(self.ctx.store, self.user, claim.id, claim.version,
                                  [i.case_id for i in chosen], outcome, reason)

        names = ", ".join(i.cuenta for i in chosen)
        if self._attempt(write, f"{outcome.label}: {names} ({claim.number})."):
            self.lower.select_next_pending(chosen[-1].case_id)

    def accept_selected(self) -> None:
        self._record(Outcome.ACEPTADA)

    def reject_selected(self) -> QDialog | None:
        claim, chosen = self.selected_claim(), self.selected_items()
        if claim is None or not chosen:
            return None
        dialog = reject_dialog(claim, [i.cuenta for i in chosen], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._record(Outcome.RECHAZADA, dialog.reason_text()))
        dialog.open()
        return dialog

    def remove_selected(self) -> QMessageBox | None:
        claim, chosen = self.selected_claim(), self.selected_items()
        if claim is None or not chosen:
            return None
        names = ", ".join(i.cuenta for i in chosen)

        def write() -> None:
            claims.remove_cases(self.ctx.store, self.user, claim.id, claim.version,
                                [i.case_id for i in chosen])

        return confirm(
            self, "Quitar cuenta", f"¿Quitar {names} de {claim.number}? Las cuentas quedan "
            "libres para otra reclamación.", "Quitar",
            lambda: self._attempt(write, f"Quitadas de {claim.number}: {names}."))

    def discard_selected(self) -> QMessageBox | None:
        claim = self.selected_claim()
        if claim is None:
            return None
        return confirm(
            self, "Descartar reclamación", f"¿Descartar {claim.number}? Sus {claim.items} "
            "cuentas quedan libres para otra reclamación; el número no se vuelve a usar.",
            "Descartar",
            lambda: self._attempt(
                lambda: claims.discard(self.ctx.store, self.user, claim.id, claim.version),
                f"{claim.number} descartada."))

    # -- export ------------------------------------------------------------------------------
    def ask_export_path(self, default: Path) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Exportar libro de la reclamación",
                                                str(default), "Libro de Excel (*.xlsx)")
        return Path(chosen).with_suffix(".xlsx") if chosen else None

    def choose_export(self) -> Operation | None:
        claim = self.selected_claim()
        if claim is None:
            return None
        path = self.ask_export_path(default_workbook_path(self.exports_dir, claim))
        return self.export_to(path) if path is not None else None

    def export_to(self, path: Path) -> Operation | None:
        """Write the claim workbook off the GUI thread: a network folder must not freeze us."""
        claim = self.selected_claim()
        if claim is None or is_running(self.export):
            return None
        store = self.ctx.store
        self.export = Operation(
            self.ctx.hub, lambda _p, _c: claims.export_claim(store, claim.id, path),
            describe=lambda saved: Done(f"Libro guardado en {saved}", WrittenFiles(
                "Libro de la reclamación guardado.", (saved,))),
            failure="No se pudo guardar el libro", parent=self)
        self.export.ended.connect(self._export_ended)
        self.export.failed.connect(self._show_error)
        self._update_actions()
        return self.export.start()

    def _export_ended(self) -> None:
        self.export = None
        self._update_actions()
