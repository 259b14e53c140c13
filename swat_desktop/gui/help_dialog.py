"""F1: the README's section about the screen in front of the person, in the window.

The help is the README itself (help_text.py), rendered from its Markdown; a list of its
sections lets the person read any other. Each page of the two workspaces opens at its own
section and, inside it, at the paragraph that describes that page.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QShowEvent, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from swat_desktop import APP_NAME
from swat_desktop.gui.widgets import close_only, open_at
from swat_desktop.help_text import HelpText, Section, sections

MISSING = ("No se encontró la ayuda (README.md) en esta instalación. Está también en la carpeta "
           "del código de SWAT Desktop.")


@dataclass(frozen=True)
class Topic:
    section: str  # a "## " title of the README
    phrase: str | None = None  # where the page's paragraph starts, as the text reads on screen


# (workspace tab, page tab) → where the README speaks of it. A page tab that adds a count to
# its title («Reporte a Regulatorio (2 por atender)») is matched by how it starts.
WORKSPACE_TOPICS: dict[str, Topic] = {
    "Mal escalados": Topic("Mal escalados"),
    "Inoperatividad": Topic("Inoperatividad"),
}
PAGE_TOPICS: dict[tuple[str, str], Topic] = {
    ("Mal escalados", "Revisión"): Topic("Mal escalados", "Importar la base del día"),
    ("Mal escalados", "Reclamaciones"): Topic("Mal escalados", "Reclamaciones (pestaña"),
    ("Mal escalados", "Retroalimentación"): Topic("Mal escalados", "Retroalimentación: por"),
    ("Mal escalados", "Indicadores y cortes"): Topic("Mal escalados",
                                                     "Indicadores y cortes: los dos"),
    ("Mal escalados", "Prácticas de gestión"): Topic("Mal escalados",
                                                     "El modelo de gestión operativa"),
    ("Inoperatividad", "Registros"): Topic("Inoperatividad", "Para el supervisor del CAC"),
    ("Inoperatividad", "Por regularizar en ATC"): Topic("Inoperatividad",
                                                        "Después del formulario."),
    ("Inoperatividad", "Reporte a Regulatorio"): Topic("Inoperatividad",
                                                       "El Reporte de Eventos de"),
    ("Inoperatividad", "Paquetes"): Topic("Inoperatividad", "Firma de los paquetes."),
}


def topic_for(workspace: str, page: str | None) -> Topic:
    """The README place for this workspace and page; the workspace's section otherwise."""
    for (space, title), topic in PAGE_TOPICS.items():
        if space == workspace and page is not None and page.startswith(title):
            return topic
    return WORKSPACE_TOPICS.get(workspace, Topic(""))


class HelpDialog(QDialog):
    def __init__(self, help_text: HelpText | None, topic: Topic,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Ayuda de {APP_NAME}")
        self.sections: list[Section] = sections(help_text.markdown) if help_text else []
        self.section_combo = QComboBox()
        self.section_combo.setObjectName("helpSections")
        for section in self.sections:
            self.section_combo.addItem(section.title)
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpBrowser")
        # Links to other files of the repository mean nothing here; web links open outside.
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(_open_external)
        label = QLabel("&Tema:")
        label.setBuddy(self.section_combo)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.section_combo, 1)
        buttons = close_only(self)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        if parent is not None:  # as large as reads well, never larger than the window
            self.resize(min(900, parent.width() - 40), min(640, parent.height() - 40))
        else:
            open_at(self, 900, 640)

        if not self.sections:
            self.section_combo.setEnabled(False)
            self.browser.setPlainText(MISSING)
            return
        titles = [section.title for section in self.sections]
        self.section_combo.setCurrentIndex(titles.index(topic.section)
                                           if topic.section in titles else 0)
        self._show(self.section_combo.currentIndex(), topic.phrase)
        self.section_combo.currentIndexChanged.connect(lambda index: self._show(index, None))
        self.browser.setFocus()

    def _show(self, index: int, phrase: str | None) -> None:
        self.browser.setMarkdown(self.sections[index].markdown)
        cursor = self.browser.document().find(phrase) if phrase else QTextCursor()
        self.browser.setTextCursor(cursor if not cursor.isNull()
                                   else QTextCursor(self.browser.document()))
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        """The paragraph with the phrase at the top of the view (not its bottom, as
        ensureCursorVisible leaves it): the page's text starts where the reader looks."""
        document = self.browser.document()
        block = self.browser.textCursor().block()
        top = document.documentLayout().blockBoundingRect(block).top()
        # Less the document's margin: the section's first line opens the view at 0.
        self.browser.verticalScrollBar().setValue(max(0, int(top - document.documentMargin())))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._scroll_to_cursor()  # the text is laid out at its real width only now

    def current_title(self) -> str:
        return self.section_combo.currentText()


def _open_external(url: QUrl) -> None:
    if url.scheme() in ("http", "https", "mailto"):
        QDesktopServices.openUrl(url)
