"""What the review says in place of an empty list, and the way out of it.

A new agent opens on «Mis cuentas» before the backoffice has assigned anything: an empty
table and «Revisadas 0 de 0» read as "there is nothing to do" while the day's base waits in
«Todas». The notice says which of the three cases it is (nothing imported, nothing under this
assignment, nothing under these filters) and offers «Ver todas» when that list has accounts.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.mal_escalados import ReviewFilters
from swat_desktop.gui.widgets import notice
from swat_desktop.services import review_pages
from swat_desktop.services.store import StoreHandle

NO_ACCOUNTS = ("Todavía no hay cuentas para revisar. Importe la Base Mal Escalados del día "
               "con «Importar base…» (Ctrl+I).")
NO_MATCH = "Ninguna cuenta cumple estos filtros. Cambie o quite alguno para ver más cuentas."


def _accounts(count: int) -> str:
    return f"{count} cuenta{'s' if count != 1 else ''}"


def empty_text(db: StoreHandle, filters: ReviewFilters, user: UserProfile) -> tuple[str, bool]:
    """(what to say, whether «Ver todas» would show something) for a list with no rows."""
    if review_pages.counts(db, ReviewFilters()).total == 0:
        return NO_ACCOUNTS, False
    if filters.assigned_to is None:
        return NO_MATCH, False
    everyone = review_pages.counts(db, replace(filters, assigned_to=None))
    if everyone.total == 0:
        return NO_MATCH, False
    waiting = f"En «Todas» hay {_accounts(everyone.total)}, {everyone.pending} pendientes"
    if filters.assigned_to == user.id:
        return (f"No tiene cuentas asignadas en esta lista. {waiting}: el backoffice las "
                "reparte con «Asignar…»; mientras tanto puede revisarlas desde «Todas».", True)
    return f"Ninguna cuenta con esta asignación. {waiting}.", True


class ReviewEmptyState(QWidget):
    """One text and at most one button, shown by the review page instead of the table."""

    show_all = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewEmptyState")
        self.text = notice()
        self.show_all_button = QPushButton("Ver todas")
        self.show_all_button.setAutoDefault(False)
        self.show_all_button.setToolTip("Asignación: Todas (las cuentas de todos los agentes "
                                        "y las sin asignar)")
        self.show_all_button.clicked.connect(self.show_all)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.show_all_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 12, 4, 4)
        layout.addWidget(self.text)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def show_for(self, db: StoreHandle, filters: ReviewFilters, user: UserProfile) -> None:
        text, offer = empty_text(db, filters, user)
        self.text.setText(text)
        self.show_all_button.setVisible(offer)
