"""The detail panel: the row as imported, and the verdict being written for it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.formatting import BOGOTA, format_datetime
from swat_desktop.domain.mal_escalados import (
    CaseDetail,
    CaseStatus,
    Causal,
    ProcedeMotivo,
    Procedencia,
    VerdictInput,
)
from swat_desktop.gui.rows_model import Column, RowsModel
from swat_desktop.gui.widgets import error_label, page_scroll

# Keys that pick causales by position; letters with another meaning here are left out
# (P, N procedencia; E, F motivo; O observaciones).
CAUSAL_KEYS = "1234567890ABCDGHIJKLMQRSTUVWXYZ"
PRIMARY_MARK = "★ "
# The base's own columns of the account, as the file had them: what the verdict is about.
SOURCE_COLUMNS: list[Column[tuple[str, str]]] = [
    Column("Columna de la base", lambda cell: cell[0], tooltip=lambda _c, _t: None),
    Column("Valor", lambda cell: cell[1], tooltip=lambda _c, _t: None),
]


class VerdictEditor(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: CaseDetail | None = None
        self.causales: list[Causal] = []
        self._inactive: list[Causal] = []
        self._chosen: list[int] = []  # causal ids, the primary first
        self._loading = False
        self.dirty = False

        self.title = QLabel("Elija una cuenta de la lista")
        self.title.setObjectName("cardTitle")
        self.subtitle = QLabel()
        self.subtitle.setObjectName("noticeLabel")
        self.subtitle.setWordWrap(True)

        self.source_rows: RowsModel[tuple[str, str]] = RowsModel(SOURCE_COLUMNS, self)
        self.source = QTableView()
        self.source.setModel(self.source_rows)
        self.source.verticalHeader().hide()
        self.source.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.source.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.source.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents)
        self.source.horizontalHeader().setStretchLastSection(True)
        self.source.setWordWrap(True)
        self.source.setMinimumHeight(64)

        self.causal_list = QListWidget()
        self.causal_list.setObjectName("causalList")
        self.causal_list.itemChanged.connect(self._item_toggled)
        self.causal_list.itemDoubleClicked.connect(
            lambda item: self.toggle_causal(self.causal_list.row(item), primary=True))
        self.causal_list.setMinimumHeight(96)

        self.procede = QRadioButton("Procede: error del asesor  (P)")
        self.no_procede = QRadioButton("No procede: error de Gestión Soporte  (N)")
        self.procedencia_group = QButtonGroup(self)
        for button in (self.procede, self.no_procede):
            self.procedencia_group.addButton(button)
            button.toggled.connect(self._procedencia_toggled)
        self.procedimiento = QRadioButton("Error de procedimiento  (E)")
        self.falta_info = QRadioButton("Falta de información  (F)")
        self.motivo_group = QButtonGroup(self)
        for button in (self.procedimiento, self.falta_info):
            self.motivo_group.addButton(button)
            button.toggled.connect(self._changed)

        self.observaciones = QPlainTextEdit()
        self.observaciones.setPlaceholderText("Observaciones (O para escribir; Ctrl+Enter guarda)")
        self.observaciones.setMaximumHeight(90)
        self.observaciones.setMinimumHeight(52)  # two lines: a laptop has the height for no more
        self.observaciones.setTabChangesFocus(True)
        self.observaciones.textChanged.connect(self._changed)

        self.errors = error_label()

        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.title)
        details_layout.addWidget(self.subtitle)
        details_layout.addWidget(self.source, 2)
        verdict = QFrame()
        verdict.setObjectName("card")
        grid = QGridLayout(verdict)
        grid.setContentsMargins(12, 10, 12, 10)
        grid.addWidget(_heading("Causales  (teclas 1–9, 0, A…; ★ principal: la primera "
                                "elegida o doble clic)"), 0, 0, 1, 2)
        grid.addWidget(self.causal_list, 1, 0, 1, 2)
        grid.addWidget(_heading("Procedencia"), 2, 0)
        grid.addWidget(_heading("Motivo (si procede)"), 2, 1)
        grid.addWidget(self.procede, 3, 0)
        grid.addWidget(self.procedimiento, 3, 1)
        grid.addWidget(self.no_procede, 4, 0)
        grid.addWidget(self.falta_info, 4, 1)
        grid.addWidget(self.observaciones, 5, 0, 1, 2)
        grid.addWidget(self.errors, 6, 0, 1, 2)
        details_layout.addWidget(verdict, 3)
        # On a laptop at 125 % the row and the verdict need more height than the page has:
        # they scroll, and the buttons under them stay in sight.
        self.scroll = page_scroll(details, sideways=False)
        self.scroll.setObjectName("verdictScroll")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll, 1)
        self.buttons = QHBoxLayout()
        layout.addLayout(self.buttons)
        self.setEnabled(False)

    # -- filling ------------------------------------------------------------------------
    def set_causales(self, causales: list[Causal]) -> None:
        self.causales = causales
        self._render_causales()

    def load(self, detail: CaseDetail | None) -> None:
        self._loading = True
        self.detail = detail
        self.setEnabled(detail is not None)
        self._chosen = list(detail.causal_ids) if detail else []
        self._render_causales()
        self.causal_list.scrollToTop()  # a new account starts at the first causal
        for group in (self.procedencia_group, self.motivo_group):
            group.setExclusive(False)
            for button in group.buttons():
                button.setChecked(False)
            group.setExclusive(True)
        if detail is not None:
            row = detail.row
            self.title.setText(f"Cuenta {row.cuenta} · {row.asesor_nombre} ({row.asesor_id})")
            state = (f"Revisada por {detail.reviewed_by} el "
                     f"{format_datetime(detail.reviewed_at, BOGOTA)}"
                     if row.status is CaseStatus.REVISADA and detail.reviewed_at else "Pendiente")
            self.subtitle.setText(
                f"Base del {row.base_date:%d/%m/%Y} · fila {detail.source_row} de «{detail.sheet}» "
                f"en {detail.file_name} · {state}")
            if row.procedencia is Procedencia.PROCEDE:
                self.procede.setChecked(True)
            elif row.procedencia is Procedencia.NO_PROCEDE:
                self.no_procede.setChecked(True)
            if detail.motivo is ProcedeMotivo.PROCEDIMIENTO:
                self.procedimiento.setChecked(True)
            elif detail.motivo is ProcedeMotivo.FALTA_INFORMACION:
                self.falta_info.setChecked(True)
            self.observaciones.setPlainText(detail.observaciones)
            self._fill_source(detail.source)
        else:
            self.title.setText("Elija una cuenta de la lista")
            self.subtitle.clear()
            self.observaciones.clear()
            self.source_rows.set_rows([])
        self._update_motivo()
        self.show_errors({})
        self.dirty = False
        self._loading = False

    def _fill_source(self, source: dict[str, str]) -> None:
        self.source_rows.set_rows(list(source.items()))
        self.source.resizeRowsToContents()

    def _render_causales(self) -> None:
        """Rebuilt whole (the ★ and the keys move), at the same scroll position: a list that
        jumped back to the top on each toggle would hide the causal just marked."""
        scrolled = self.causal_list.verticalScrollBar().value()
        shown = list(self.causales)
        known = {c.id for c in shown}
        # A causal deactivated since stays visible on the verdicts that used it.
        shown += [c for c in self._inactive if c.id in self._chosen and c.id not in known]
        self.causal_list.blockSignals(True)
        self.causal_list.clear()
        for position, causal in enumerate(shown):
            key = CAUSAL_KEYS[position] if position < len(CAUSAL_KEYS) else " "
            mark = PRIMARY_MARK if self._chosen[:1] == [causal.id] else ""
            suffix = "" if causal.active else "  (inactiva)"
            item = QListWidgetItem(f"{key}   {mark}{causal.name}{suffix}")
            item.setData(Qt.ItemDataRole.UserRole, causal.id)
            item.setToolTip(causal.description)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if causal.id in self._chosen
                               else Qt.CheckState.Unchecked)
            self.causal_list.addItem(item)
        self.causal_list.verticalScrollBar().setValue(scrolled)
        self.causal_list.blockSignals(False)

    def set_inactive_causales(self, causales: list[Causal]) -> None:
        self._inactive = causales

    # -- editing ------------------------------------------------------------------------
    def toggle_causal(self, position: int, primary: bool = False) -> None:
        if not self.isEnabled() or not 0 <= position < self.causal_list.count():
            return
        causal_id = self.causal_list.item(position).data(Qt.ItemDataRole.UserRole)
        if primary:
            if causal_id in self._chosen:
                self._chosen.remove(causal_id)
            self._chosen.insert(0, causal_id)
        elif causal_id in self._chosen:
            self._chosen.remove(causal_id)
        else:
            self._chosen.append(causal_id)
        self._render_causales()
        # The key pressed may name a causal below the list's fold ("C" is the 13th).
        self.causal_list.scrollToItem(self.causal_list.item(position))
        self._changed()

    def _item_toggled(self, item: QListWidgetItem) -> None:
        causal_id = item.data(Qt.ItemDataRole.UserRole)
        checked = item.checkState() == Qt.CheckState.Checked
        if checked and causal_id not in self._chosen:
            self._chosen.append(causal_id)
        elif not checked and causal_id in self._chosen:
            self._chosen.remove(causal_id)
        self._render_causales()
        self._changed()

    def set_procedencia(self, procedencia: Procedencia) -> None:
        if self.isEnabled():
            (self.procede if procedencia is Procedencia.PROCEDE else self.no_procede).setChecked(
                True)

    def set_motivo(self, motivo: ProcedeMotivo) -> None:
        if self.isEnabled() and self.procede.isChecked():
            button = self.procedimiento if motivo is ProcedeMotivo.PROCEDIMIENTO \
                else self.falta_info
            button.setChecked(True)

    def _procedencia_toggled(self) -> None:
        self._update_motivo()
        self._changed()

    def _update_motivo(self) -> None:
        enabled = self.procede.isChecked()
        self.procedimiento.setEnabled(enabled)
        self.falta_info.setEnabled(enabled)

    def _changed(self) -> None:
        if not self._loading:
            self.dirty = True
            self.edited.emit()

    def verdict(self) -> VerdictInput:
        procedencia = (Procedencia.PROCEDE if self.procede.isChecked()
                       else Procedencia.NO_PROCEDE if self.no_procede.isChecked() else None)
        motivo = (ProcedeMotivo.PROCEDIMIENTO if self.procedimiento.isChecked()
                  else ProcedeMotivo.FALTA_INFORMACION if self.falta_info.isChecked() else None)
        return VerdictInput(tuple(self._chosen), procedencia, motivo,
                            self.observaciones.toPlainText())

    def show_errors(self, errors: dict[str, str]) -> None:
        self.errors.setText("\n".join(errors.values()))
        self.errors.setVisible(bool(errors))


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("filterLabel")
    return label
