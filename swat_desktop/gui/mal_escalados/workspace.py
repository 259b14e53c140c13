"""The Mal escalados workspace: review first (the célula's whole day), then reclamaciones,
retroalimentación and indicators, with a banner over all of them when a reclamación is
overdue or about to be.

Only the review is built at start-up; the other sections are built the first time they are
opened, so a day of reviewing never pays for the dashboard's queries.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from swat_desktop.domain.claims import DeadlineState
from swat_desktop.domain.identity import UserProfile
from swat_desktop.gui.lazy import LazyPage
from swat_desktop.gui.mal_escalados.review_page import ReviewPage
from swat_desktop.services import claims
from swat_desktop.services.store import Database

DEADLINE_CHECK_MS = 5 * 60 * 1000  # a claim turns overdue with the clock, not with an edit


class MalEscaladosWorkspace(QWidget):
    status_message = Signal(str)
    changed = Signal()  # anything was written: verdicts, claims, sessions
    file_written = Signal(object)  # a WrittenFiles for the window's notice

    def __init__(self, db: Database, user: UserProfile, exports_dir: Path | None = None,
                 parent: QWidget | None = None, settings_file: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspace_mal_escalados")
        self.db = db
        self.user = user
        self.exports_dir = exports_dir

        self.review = ReviewPage(db, user, settings_file)
        self.review.status_message.connect(self.status_message)
        self.review.changed.connect(self.changed)
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
        self.sections.addTab(self.claims_section, "Reclamaciones")
        self.sections.addTab(self.feedback_section, "Retroalimentación")
        self.sections.addTab(self.indicators_section, "Indicadores y cortes")
        self.sections.currentChanged.connect(self._section_opened)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.sections, 1)

        self.changed.connect(self.update_banner)
        self.timer = QTimer(self)
        self.timer.setInterval(DEADLINE_CHECK_MS)
        self.timer.timeout.connect(self.update_banner)
        self.timer.start()
        self.update_banner()

    def _connect(self, page: QWidget) -> QWidget:
        page.status_message.connect(self.status_message)  # type: ignore[attr-defined]
        if hasattr(page, "changed"):
            page.changed.connect(self.changed)
        page.file_written.connect(self.file_written)  # type: ignore[attr-defined]
        return page

    def _build_claims(self) -> QWidget:
        from swat_desktop.gui.mal_escalados.claims_page import ClaimsPage

        return self._connect(ClaimsPage(self.db, self.user, exports_dir=self.exports_dir))

    def _build_feedback(self) -> QWidget:
        from swat_desktop.gui.mal_escalados.feedback_page import FeedbackPage

        return self._connect(FeedbackPage(self.db, self.user, exports_dir=self.exports_dir))

    def _build_indicators(self) -> QWidget:
        from swat_desktop.gui.mal_escalados.indicators_page import IndicatorsPage

        return self._connect(IndicatorsPage(self.db, self.user, exports_dir=self.exports_dir))

    def _sections(self) -> list[LazyPage]:
        return [self.claims_section, self.feedback_section, self.indicators_section]

    def _section_opened(self, index: int) -> None:
        section = self.sections.widget(index)
        if isinstance(section, LazyPage):
            built = section.page is not None
            page = section.ensure()
            if built:  # a page built just now already read fresh data
                page.refresh()  # type: ignore[attr-defined]

    def show_claims(self) -> None:
        self.sections.setCurrentWidget(self.claims_section)

    def set_user(self, user: UserProfile) -> None:
        self.user = user
        self.review.set_user(user)
        for section in self._sections():
            if section.page is not None:
                section.page.set_user(user)  # type: ignore[attr-defined]

    def update_banner(self) -> None:
        waiting = claims.attention_needed(self.db)  # by the store's clock, as the list
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
