"""Read-only view of the audit trail: who changed what, when, before and after."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.audit import AuditEntry, action_label, describe_change, entity_label
from swat_desktop.domain.formatting import format_datetime
from swat_desktop.gui.signals import Change
from swat_desktop.gui.widgets import close_only, open_at
from swat_desktop.services import audit
from swat_desktop.services.store import Database

COLUMNS = ("Fecha y hora", "Usuario", "Qué", "Referencia", "Acción", "Cambios")
SHOWN_ENTRIES = 1000


class AuditTableModel(QAbstractTableModel):
    def __init__(self, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self._rows: list[tuple[str | None, ...]] = []

    def set_entries(self, entries: Sequence[AuditEntry]) -> None:
        """Cells are formatted once here, not on every paint."""
        self.beginResetModel()
        self._rows = [
            (
                format_datetime(e.at, self.zone),
                f"{e.user_name} ({e.user_login})",
                entity_label(e.entity),
                e.entity_id,
                action_label(e.action),
                describe_change(e.before, e.after) or None,
            )
            for e in entries
        ]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) and index.isValid():
            return self._rows[index.row()][index.column()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None


class AuditDialog(QDialog):
    def __init__(self, db: Database, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Registro de auditoría")
        open_at(self, 980, 520)
        self.model = AuditTableModel(zone, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setObjectName("noticeLabel")
        buttons = close_only(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.db = db
        self.reload()

    def changes_announced(self, changes: frozenset[Change]) -> None:
        if Change.AUDIT in changes:
            self.reload()

    def reload(self) -> None:
        entries = audit.recent_entries(self.db, SHOWN_ENTRIES)
        self.model.set_entries(entries)
        self.table.resizeColumnsToContents()
        shown = len(entries)
        self.summary.setText(
            f"Últimos {shown} cambios registrados, el más reciente primero. "
            "El registro no se puede modificar ni borrar."
            if shown else "Todavía no hay cambios registrados."
        )
