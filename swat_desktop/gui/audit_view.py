"""Read-only view of the audit trail: who changed what, when, before and after."""

from __future__ import annotations

from zoneinfo import ZoneInfo

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
from swat_desktop.gui.rows_model import Column, RowsModel
from swat_desktop.gui.signals import Change
from swat_desktop.gui.widgets import close_only, open_at
from swat_desktop.services import audit
from swat_desktop.services.store import StoreHandle

SHOWN_ENTRIES = 1000


def audit_columns(zone: ZoneInfo) -> list[Column[AuditEntry]]:
    """The trail's columns; the time in the zone of whoever reads it."""
    return [
        Column("Fecha y hora", lambda e: format_datetime(e.at, zone)),
        Column("Usuario", lambda e: f"{e.user_name} ({e.user_login})"),
        Column("Qué", lambda e: entity_label(e.entity)),
        Column("Referencia", lambda e: e.entity_id),
        Column("Acción", lambda e: action_label(e.action)),
        Column("Cambios", lambda e: describe_change(e.before, e.after)),
    ]


class AuditDialog(QDialog):
    def __init__(self, db: StoreHandle, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Registro de auditoría")
        open_at(self, 980, 520)
        self.model = RowsModel(audit_columns(zone), self)
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
        self.model.set_rows(entries)
        self.table.resizeColumnsToContents()
        shown = len(entries)
        self.summary.setText(
            f"Últimos {shown} cambios registrados, el más reciente primero. "
            "El registro no se puede modificar ni borrar."
            if shown else "Todavía no hay cambios registrados."
        )
