"""The Mal escalados workspace: the review table, its filters and the verdict editor.

Keyboard first: number and letter keys pick causales, P/N the procedencia, E/F the motivo,
Enter saves and moves to the next pending account. Text fields keep their keys; after a save
(Ctrl+Enter from the observaciones too) the keyboard is back on the list, so the next "9"
marks a causal instead of landing in the next account's observaciones.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.permissions import Action, can
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.mal_escalados.assignment_dialog import AssignmentDialog
from swat_desktop.gui.mal_escalados.bases_dialog import BasesDialog
from swat_desktop.gui.mal_escalados.case_model import COLUMNS, CaseTableModel, case_table
from swat_desktop.gui.mal_escalados.causales_dialog import CausalesDialog
from swat_desktop.gui.mal_escalados.filter_bar import FilterBar
from swat_desktop.gui.mal_escalados.review_empty import ReviewEmptyState
from swat_desktop.gui.mal_escalados.review_keys import ReviewKeys
from swat_desktop.gui.mal_escalados.verdict_editor import VerdictEditor
from swat_desktop.gui.signals import Change
from swat_desktop.gui.widgets import splitter
from swat_desktop.services import catalogue, review, review_settings
from swat_desktop.services.review import ConcurrencyError

IMPORT_FILTER = "Bases (*.xlsx *.xlsm *.xls *.csv);;Todos los archivos (*)"


class ReviewPage(QWidget):
    """Its writes are announced on the hub (cases, bases); it reads again after its own."""

    pending_changed = Signal(int)  # the pending accounts of the list on screen

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        """``ctx.settings_file``: where the person's Asignación choice is remembered (None:
        the role's default at each start)."""
        super().__init__(parent)
        self.setObjectName("mal_escalados_review")
        self.ctx = ctx
        self.db = ctx.store
        self.settings_file = ctx.settings_file
        self._shown_user = ctx.user
        self.current_row: int | None = None

        title = QLabel("Mal escalados")
        title.setObjectName("workspaceTitle")
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.import_button = QPushButton("Importar base…")
        self.import_button.setToolTip("Importar la Base Mal Escalados del día (Ctrl+I)")
        self.import_button.clicked.connect(self.choose_import)
        self.assign_button = QPushButton("Asignar…")
        self.assign_button.setToolTip("Repartir una base entre los agentes de la célula")
        self.assign_button.clicked.connect(self.open_assignment)
        self.bases_button = QPushButton("Bases…")
        self.bases_button.setToolTip("Ver las bases importadas o anular una importación")
        self.bases_button.clicked.connect(self.open_bases)
        self.causales_button = QPushButton("Causales…")
        self.causales_button.setToolTip("Agregar o desactivar causales del catálogo")
        self.causales_button.clicked.connect(self.open_causales)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(16)
        header.addWidget(self.count_label)
        header.addStretch(1)
        header.addWidget(self.bases_button)
        header.addWidget(self.causales_button)
        header.addWidget(self.assign_button)
        header.addWidget(self.import_button)

        self.filter_bar = FilterBar()
        self.filter_bar.changed.connect(self._filters_changed)

        self.model = CaseTableModel(ctx.store, self)
        self.table = case_table(self.model)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_changed)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.empty = ReviewEmptyState()
        self.empty.show_all.connect(self.show_all_accounts)
        self.empty.hide()
        listing = QWidget()
        listing_layout = QVBoxLayout(listing)
        listing_layout.setContentsMargins(0, 0, 0, 0)
        listing_layout.addWidget(self.empty, 1)
        listing_layout.addWidget(self.table, 1)

        self.editor = VerdictEditor()
        self.previous_button = QPushButton("◀ Anterior")
        self.previous_button.setToolTip("Cuenta anterior (Alt+↑)")
        self.save_button = QPushButton("Guardar y siguiente pendiente")
        self.save_button.setToolTip("Guarda el veredicto y pasa a la siguiente pendiente (Enter)")
        self.save_button.setDefault(True)
        self.next_button = QPushButton("Siguiente ▶")
        self.next_button.setToolTip("Cuenta siguiente (Alt+↓)")
        self.previous_button.clicked.connect(lambda: self.move(-1))
        self.next_button.clicked.connect(lambda: self.move(1))
        self.save_button.clicked.connect(self.save_and_next)
        for button in (self.previous_button, self.save_button, self.next_button):
            self.editor.buttons.addWidget(button)

        split = splitter(Qt.Orientation.Horizontal, (listing, self.editor), (780, 520), (3, 2))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addLayout(header)
        layout.addWidget(self.filter_bar)
        layout.addWidget(split, 1)

        self.keys = ReviewKeys(self, self.editor, self.table, self.save_and_next, self.move,
                               self.discard_changes)
        ctx.hub.user_changed.connect(self._user_changed)
        self._apply_role()
        self.reload_choices()
        self.filter_bar.show_assignment(self._remembered_assignment())
        self._filters_changed(self.filter_bar.filters())

    @property
    def user(self) -> UserProfile:
        return self.ctx.user

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        if not self.leave_current():  # put the arrow back where the table really is
            shown = next(i for i, c in enumerate(COLUMNS) if c.key is self.model.sort_order.key)
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(shown, Qt.SortOrder.DescendingOrder
                                    if self.model.sort_order.descending
                                    else Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)
            return
        # A new order starts at its top: where the account on screen falls in it would cost a
        # count of every row above it (a year's worth, sorting the oldest first to the end).
        self._show_list(self.model.sort(column, order))

    def _apply_role(self) -> None:
        """Assigning and the catalogue belong to the backoffice; the buttons say so by absence."""
        self.assign_button.setVisible(can(self.user, Action.ASSIGN_BASES))
        self.bases_button.setVisible(can(self.user, Action.ANNUL_BASE))
        self.causales_button.setVisible(can(self.user, Action.MANAGE_CAUSALES))

    def _user_changed(self, user: UserProfile) -> None:
        """The window saves first (leave_current) so an edit is never signed by the next
        user."""
        if user == self._shown_user:
            return
        self._shown_user = user
        self._apply_role()
        self.reload_choices()
        self.filter_bar.show_assignment(self._remembered_assignment())
        self._filters_changed(self.filter_bar.filters())

    def _remembered_assignment(self) -> int | None:
        if self.settings_file is None:
            return review_settings.default_assignment(self.user)
        return review_settings.review_assignment(self.settings_file, self.user)

    # -- lists --------------------------------------------------------------------------
    def reload_choices(self) -> None:
        causales = catalogue.list_causales(self.db, include_inactive=True)
        self.editor.set_causales([c for c in causales if c.active])
        self.editor.set_inactive_causales([c for c in causales if not c.active])
        self.filter_bar.set_choices(
            review.base_dates(self.db), causales,
            review.advisors(self.db), review.supervisors(self.db), review.reviewers(self.db),
            self.user)

    def _filters_changed(self, filters: object) -> None:
        if not self.leave_current():  # the bar shows again what the table really shows
            self.filter_bar.show_filters(self.model.filters)
            return
        self._show_list(self.model.set_filters(self.filter_bar.filters(),
                                               keep=self._shown_id()))
        if self.settings_file is not None:
            try:
                review_settings.remember_review_assignment(
                    self.settings_file, self.user, self.model.filters.assigned_to)
            except OSError as exc:  # a preference: the list itself is already shown
                self.ctx.hub.say(
                    f"No se pudo recordar el filtro Asignación en {self.settings_file}: {exc}")

    def show_all_accounts(self) -> None:
        """The empty state's «Ver todas»: Asignación on «Todas», the other filters kept."""
        self.filter_bar.assigned.setCurrentIndex(0)

    def _shown_id(self) -> int | None:
        detail = self.editor.detail
        return detail.row.id if detail is not None else None

    def _show_list(self, kept_row: int | None) -> None:
        """After the list was read again: the account on screen stays selected where it now
        sits, if it is still listed; otherwise the first row is opened."""
        self._update_count()
        if kept_row is not None:
            self.current_row = kept_row  # _row_changed then sees nothing to load
            self.select_row(kept_row)
            return
        self.current_row = None
        self.editor.load(None)
        if self.model.rowCount():
            self.select_row(0)

    def _update_count(self) -> None:
        counts = self.model.counts
        self.count_label.setText(f"{counts.text} en esta lista")
        empty = counts.total == 0
        if empty:
            self.empty.show_for(self.db, self.model.filters, self.user)
        self.empty.setVisible(empty)
        self.table.setVisible(not empty)
        self.pending_changed.emit(counts.pending)

    @property
    def pending(self) -> int:
        """What the agent can act on: the pending accounts of the filters on screen."""
        return self.model.counts.pending

    def refresh_after_import(self) -> None:
        self._written(Change.BASES, Change.CASES)

    def _written(self, *changes: Change) -> None:
        """After a write of this page's dialogs: say it on the hub, and read the lists again."""
        self.ctx.hub.announce(*changes)
        self.reload_choices()
        self._filters_changed(self.filter_bar.filters())

    # -- moving between accounts ----------------------------------------------------------
    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)

    def _row_changed(self, current: object, previous: object) -> None:
        row = self.table.currentIndex().row()
        if row == self.current_row:
            return
        if not self.leave_current():
            self.table.selectionModel().blockSignals(True)
            if self.current_row is not None:
                self.select_row(self.current_row)
            self.table.selectionModel().blockSignals(False)
            return
        self.current_row = row if row >= 0 else None
        item = self.model.case_at(row) if row >= 0 else None
        self.editor.load(review.detail(self.db, item.id) if item else None)

    def leave_current(self) -> bool:
        """Unsaved edits are saved before moving on; if they cannot be, we stay."""
        if not self.editor.dirty:
            return True
        return self.save_current()

    def move(self, step: int) -> None:
        if self.current_row is None:
            return
        target = self.current_row + step
        if 0 <= target < self.model.rowCount():
            self.select_row(target)

    def discard_changes(self) -> None:
        detail = self.editor.detail
        if detail is not None and self.editor.dirty:
            self.editor.load(review.detail(self.db, detail.row.id))
            self.ctx.hub.say("Cambios descartados.")

    # -- saving ---------------------------------------------------------------------------
    def save_current(self) -> bool:
        detail = self.editor.detail
        if detail is None:
            return True
        try:
            saved = review.save_verdict(self.db, self.user, detail.row.id, self.editor.verdict(),
                                        detail.version)
        except ValidationError as exc:
            self.editor.show_errors(exc.errors)
            self.ctx.hub.say("Falta completar el veredicto de la cuenta "
                                     f"{detail.row.cuenta}.")
            return False
        except ConcurrencyError:
            # Keep what this person wrote; show what the other saved; a second save replaces
            # it knowingly (the editor now holds the latest version number).
            latest = review.detail(self.db, detail.row.id)
            self.editor.detail = latest
            theirs = (f"{latest.row.procedencia.label}, {latest.row.primary_causal}"
                      if latest.row.procedencia else "sin veredicto")
            self.editor.show_errors({"version": (
                f"{latest.reviewed_by or 'Otra persona'} guardó esta cuenta mientras usted la "
                f"revisaba ({theirs}). Sus cambios siguen aquí: guarde de nuevo para "
                "reemplazar ese veredicto, o Esc para ver el guardado.")})
            return False
        self.editor.load(saved)
        self.model.note_reviewed(saved.row.id, detail.row.status is not saved.row.status)
        self.model.refresh(saved.row.id)
        self.ctx.hub.announce(Change.CASES)
        self._update_count()
        self.ctx.hub.say(f"Cuenta {saved.row.cuenta} guardada.")
        return True

    def save_and_next(self) -> None:
        if self.current_row is None:
            return
        if (self.editor.dirty or (self.editor.detail is not None
                and self.editor.detail.row.status.value == "pendiente")) \
                and not self.save_current():
            return
        following = self.model.next_pending(self.current_row)
        self.table.setFocus()  # from the observaciones too: the next key is a causal's
        if following is None:
            self.ctx.hub.say("No quedan cuentas pendientes en esta lista.")
            return
        self.select_row(following)

    # -- backoffice -----------------------------------------------------------------------
    def open_assignment(self) -> QDialog:
        dialog = AssignmentDialog(self.ctx, self)
        dialog.accepted.connect(lambda: self._assigned(dialog.result_text))
        dialog.open()
        return dialog

    def _assigned(self, text: str) -> None:
        self._written(Change.CASES)
        self.ctx.hub.say(text)

    def open_bases(self) -> QDialog:
        dialog = BasesDialog(self.ctx, self)
        dialog.finished.connect(lambda _r: self.refresh_after_import() if dialog.changed else None)
        dialog.open()
        return dialog

    def open_causales(self) -> QDialog:
        dialog = CausalesDialog(self.ctx, self)
        dialog.finished.connect(lambda _result: self._causales_closed(dialog))
        dialog.open()
        return dialog

    def _causales_closed(self, dialog: CausalesDialog) -> None:
        if dialog.changed:
            self.ctx.hub.announce(Change.BASES)
            self.reload_choices()
            if self.editor.detail is not None and not self.editor.dirty:
                self.editor.load(review.detail(self.db, self.editor.detail.row.id))

    # -- import -----------------------------------------------------------------------------
    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Importar Base Mal Escalados", str(Path.home()), IMPORT_FILTER)
        if path:
            self.start_import(Path(path))

    def start_import(self, path: Path) -> object:
        from swat_desktop.gui.mal_escalados.import_dialog import ImportDialog

        dialog = ImportDialog(self.ctx, path, self)
        dialog.imported.connect(self.refresh_after_import)
        dialog.open()
        dialog.start()
        return dialog
