"""Annulling a saved record: it is never deleted, its number stays used, the reason goes to
the audit."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.inoperatividad import InoperatividadRecord
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.signals import Change
from swat_desktop.gui.widgets import error_label, notice, ok_cancel, open_at
from swat_desktop.services import inoperatividad
from swat_desktop.services.inoperatividad import StaleRecordError


class AnnulDialog(QDialog):
    """A record is never deleted: it is annulled with a reason and its number stays used."""

    def __init__(self, ctx: AppContext, record: InoperatividadRecord,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record = record
        self.annulled: InoperatividadRecord | None = None
        self.setWindowTitle(f"Anular el registro {record.number}")
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Motivo de la anulación")
        self.reason.setPlaceholderText("Por qué se anula: registrado por error, duplicado…")
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(90)
        self.error = error_label()
        self.buttons = ok_cancel(self, "Anular registro")
        label = QLabel("&Motivo de la anulación")
        label.setBuddy(self.reason)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.addWidget(notice("El registro no se borra: queda anulado con este motivo, en la "
                                "auditoría, y su correlativo no se vuelve a usar."))
        layout.addWidget(label)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.reason.setFocus()
        open_at(self, 480)

    def accept(self) -> None:
        try:
            self.annulled = inoperatividad.annul(self.ctx.store, self.ctx.user, self.record.id,
                                                 self.record.version,
                                                 self.reason.toPlainText())
        except ValidationError as exc:
            self.error.setText("\n".join(exc.errors.values()))
            self.error.show()
            return
        except StaleRecordError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.ctx.hub.announce(Change.RECORDS, Change.FLOW)  # it leaves the ATC queue too
        super().accept()
