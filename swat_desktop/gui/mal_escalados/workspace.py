"""The Mal escalados workspace: review first (the célula's whole day), then reclamaciones,
retroalimentación, indicators and the leaders' management practices, with a banner over all
of them when a reclamación is overdue or about to be. A leader (supervisor, coordinador,
gerente) opens on the practices, the only section that is theirs to write in.

Only the review is built at start-up; the other sections are built the first time they are
opened, so a day of reviewing never pays for the dashboard's queries.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from swat_desktop.domain.claims import DeadlineState
from swat_desktop.domain.permissions import Action, can
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.lazy import LazyPage
from swat_desktop.gui.mal_escalados.review_page import ReviewPage
from swat_desktop.gui.signals import Change
from swat_desktop.services import claims

DEADLINE_CHECK_MS = 5 * 60 * 1000  # a claim turns overdue with the clock, not with an edit


class MalEscaladosWorkspace(QWidget):
    """The sections are built from the one context; each follows the hub by itself."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspace_mal_escalados")
        self.ctx = ctx

        self.review = ReviewPage(ctx)
        self.banner = QLabel()
        self.banner.setObjectName("alertBanner")
        self.banner.setWordWrap(True)
        self.banner.linkActivated.connect(lambda _link: self.show_claims())
        self.banner.hide()

        self.sections = QTabWidget()
        self.sections.setDocumentMode(True)
        self.sections.addTab(self.review, "Revisión")
        self.claims_section = LazyPage(self._build_claims)
        self.feedback_section = LazyPage(self._build_feedback)
        self.indicators_section = LazyPage(self._build_indicators)
        self.practices_section = LazyPage(self._build_practices)
        self.sections.addTab(self.claims_section, "Reclamaciones")
        self.sections.addTab(self.feedback_section, "Retroalimentación")
        self.sections.addTab(self.indicators_section, "Indicadores y cortes")
        self.sections.addTab(self.practices_section, "Prácticas de gestión")
        self.sections.currentChanged.connect(self._section_opened)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.sections, 1)

        ctx.hub.changed.connect(self._announced)
        self.timer = QTimer(self)
        self.timer.setInterval(DEADLINE_CHECK_MS)
        self.timer.timeout.connect(self.update_banner)
        self.timer.start()
        self.update_banner()
        ctx.hub.user_changed.connect(self._open_own_section)
        self._open_own_section()

    def _open_own_section(self, _user: object = None) -> None:
        if can(self.ctx.user, Action.RECORD_PRACTICE):
            self.sections.setCurrentWidget(self.practices_section)

    def _build_claims(self) -> QWidget:
        from swat_desktop.gui.mal_escalados.claims_page import ClaimsPage

        return ClaimsPage(self.ctx)

    def _build_feedback(self) -> QWidget:
        from swat_desktop.gui.mal_escalados.feedback_page import FeedbackPage

        return FeedbackPage(self.ctx)

    def _build_indicators(self) -> QWidget:
        from swat_desktop.gui.mal_escalados.indicators_page import IndicatorsPage

        return IndicatorsPage(self.ctx)

    def _build_practices(self) -> QWidget:
        from swat_desktop.gui.mal_escalados.practices_page import PracticesPage

        return PracticesPage(self.ctx)

    def _section_opened(self, index: int) -> None:
        """A section is built the first time it is opened; from then on it reads again by
        itself when shown (gui/subscriptions.py)."""
        section = self.sections.widget(index)
        if isinstance(section, LazyPage):
            section.ensure()

    def show_claims(self) -> None:
        self.sections.setCurrentWidget(self.claims_section)

    def _announced(self, changes: frozenset[Change]) -> None:
        if changes & {Change.CLAIMS, Change.CASES, Change.BASES}:
            self.update_banner()

    def update_banner(self) -> None:
        waiting = claims.attention_needed(self.ctx.store)  # by the store's clock, as the list
        overdue, soon = waiting[DeadlineState.VENCIDA], waiting[DeadlineState.POR_VENCER]
        if not overdue and not soon:
            self.banner.hide()
            return
        parts = []
        if overdue:
            parts.append(f"<b>{overdue} vencida{'s' if overdue > 1 else ''}</b>")
        if soon:
            parts.append(f"{soon} por vencer")
        self.banner.setText(
            f"Reclamaciones a Gestión Soporte sin respuesta dentro de las 24 horas: "
            f"{' y '.join(parts)}. <a href='claims'>Ver reclamaciones</a>")
        self.banner.show()
