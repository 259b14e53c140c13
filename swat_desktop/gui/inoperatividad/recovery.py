"""The offer to take back a form that was never saved (a crash, a power cut, a closed window).

It says exactly what is waiting — where, which request, when it was started and last changed —
because a recovery that happens silently, or asks a vague question, is the complaint the issue
quotes about ODK Collect. It is a banner, not a modal question: the person may have a customer
at the counter and answer it when they can.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.services.inoperatividad import Draft


def recovery_text(draft: Draft, zone: ZoneInfo = LIMA) -> str:
    """What is waiting, where, and since when, in the words the banner uses (plain text):
    «Hay un formulario sin guardar: CAC San Isidro · Consultas, iniciado 12/03/2026 09:14,
    último cambio 12/03/2026 09:21.»"""
    return (f"Hay un formulario sin guardar: {draft.title}, iniciado "
            f"{format_datetime(draft.created_at, zone)}, último cambio "
            f"{format_datetime(draft.updated_at, zone)}.")


def confirm_discard(parent: QWidget, title: str, question: str,
                    discard: Callable[[], object]) -> QMessageBox:
    """Asks before what is typed is lost for good; «Conservar» is the default answer."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, question,
                      QMessageBox.StandardButton.NoButton, parent)
    discard_button = box.addButton("Descartar", QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton("Conservar", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    discard_button.clicked.connect(lambda: discard())
    box.open()
    return box


class RecoveryBanner(QFrame):
    """Offers the newest unsaved form; after an answer the workspace offers the next one."""

    recover_requested = Signal(object)  # Draft
    discard_confirmed = Signal(object)  # Draft

    def __init__(self, zone: ZoneInfo = LIMA, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryBanner")
        self.zone = zone
        self.draft: Draft | None = None
        self.confirm: QMessageBox | None = None
        self.text = QLabel()
        self.text.setObjectName("alertBanner")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.recover_button = QPushButton("&Recuperar")
        self.recover_button.setToolTip("Abrir el formulario tal como quedó, para seguir "
                                       "llenándolo")
        self.recover_button.setAutoDefault(False)
        self.recover_button.clicked.connect(self._recover)
        self.discard_button = QPushButton("Desc&artar…")
        self.discard_button.setToolTip("Borrar ese formulario sin guardar (se pide confirmar)")
        self.discard_button.setAutoDefault(False)
        self.discard_button.clicked.connect(self.ask_discard)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.recover_button)
        layout.addWidget(self.discard_button)
        self.hide()

    def offer(self, drafts: list[Draft]) -> None:
        """Show the newest of ``drafts`` (and how many more wait), or hide when none."""
        self.draft = drafts[0] if drafts else None
        if self.draft is None:
            self.hide()
            return
        plain = recovery_text(self.draft, self.zone)
        title = escape(self.draft.title)
        rich = escape(plain).replace(title, f"<b>{title}</b>", 1)
        more = len(drafts) - 1
        if more:
            rich += (f" Después de este hay {more} formulario{'s' if more > 1 else ''} más "
                     "sin guardar.")
        self.text.setText(rich)
        self.text.setToolTip(plain)
        self.show()

    def message(self) -> str:
        """What the banner says, as plain text."""
        return recovery_text(self.draft, self.zone) if self.draft is not None else ""

    def _recover(self) -> None:
        if self.draft is not None:
            self.recover_requested.emit(self.draft)

    def ask_discard(self) -> QMessageBox | None:
        """Asks first: discarding loses what was typed for good."""
        draft = self.draft
        if draft is None:
            return None
        box = confirm_discard(self, "Descartar formulario sin guardar",
                              f"¿Descartar el formulario «{draft.title}»?\n\nLo que se escribió "
                              "en él se pierde y no se podrá recuperar.",
                              lambda: self.discard_confirmed.emit(draft))
        box.finished.connect(lambda _r: setattr(self, "confirm", None))
        self.confirm = box
        return box
