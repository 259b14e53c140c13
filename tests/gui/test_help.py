"""F1 opens the README's section about the screen in front of the person; Ctrl+I is the menu's
shortcut and the menu shows it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QTextDocument
from PySide6.QtWidgets import QApplication, QFileDialog, QTabWidget
from pytestqt.qtbot import QtBot

from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.gui.help_dialog import MISSING, PAGE_TOPICS, HelpDialog, Topic, topic_for
from swat_desktop.gui.main_window import MainWindow
from swat_desktop.help_text import HelpText, readme_text, sections
from swat_desktop.paths import AppPaths
from swat_desktop.services import identity
from swat_desktop.services.store import Database
from tests.gui.conftest import show_active


@pytest.fixture
def backoffice(db: Database) -> UserProfile:
    return identity.save_profile(db, ProfileInput("aruiz", "Ana Ruiz", Role.BACKOFFICE,
                                                  "Célula Soporte Bogotá"))


@pytest.fixture
def window(qtbot: QtBot, db: Database, backoffice: UserProfile, paths: AppPaths) -> MainWindow:
    main = MainWindow(db, backoffice, paths.local_settings_file, paths.log_file)
    show_active(qtbot, main)
    return main


def _press_f1(qtbot: QtBot, window: MainWindow) -> HelpDialog:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "help_dialog", None), HelpDialog)
                    and window.help_dialog.isVisible())
    return window.help_dialog


def _opens_at_its_paragraph(dialog: HelpDialog) -> bool:
    """The paragraph with the page's phrase is at the top of the view, or as near it as the
    end of the section lets it be (the view cannot scroll past the last line)."""
    browser = dialog.browser
    top = browser.cursorForPosition(browser.viewport().rect().topLeft()).block()
    bar = browser.verticalScrollBar()
    shown = browser.viewport().rect().contains(browser.cursorRect())
    return shown and (top == browser.textCursor().block() or bar.value() == bar.maximum() > 0)


def test_f1_on_the_review_opens_the_mal_escalados_section_at_the_import(
        qtbot: QtBot, window: MainWindow) -> None:
    assert window.help_topic() == ("Mal escalados", "Revisión")
    dialog = _press_f1(qtbot, window)
    assert dialog.windowTitle() == "Ayuda de SWAT Desktop"
    assert dialog.current_title() == "Mal escalados"
    text = dialog.browser.toPlainText()
    assert text.startswith("Mal escalados\n")
    assert "Revisar cuenta por cuenta con el teclado" in text  # rendered: no ** left
    assert "**" not in text
    assert dialog.browser.textCursor().selectedText() == "Importar la base del día"
    assert _opens_at_its_paragraph(dialog)
    assert dialog.browser.verticalScrollBar().value() > 0
    # The table of keys is a table, not pipes.
    assert dialog.browser.document().toHtml().count("<table") >= 1
    dialog.close()


def test_f1_on_inoperatividad_packages_opens_at_the_signatures(
        qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    workspace = window.inoperatividad
    workspace.sections.setCurrentIndex(3)
    assert window.help_topic() == ("Inoperatividad", "Paquetes")
    dialog = _press_f1(qtbot, window)
    assert dialog.current_title() == "Inoperatividad"
    assert dialog.browser.textCursor().selectedText() == "Firma de los paquetes."
    assert _opens_at_its_paragraph(dialog)

    dialog.section_combo.setCurrentIndex(dialog.section_combo.findText("Línea de comandos"))
    assert dialog.browser.toPlainText().startswith("Línea de comandos\n")
    assert "swat-desktop usuario crear" in dialog.browser.toPlainText()
    assert dialog.browser.verticalScrollBar().value() == 0
    dialog.close()


def test_every_page_of_both_workspaces_has_its_paragraph_in_the_readme(
        window: MainWindow) -> None:
    found = readme_text()
    assert found is not None
    by_title = {section.title: section for section in sections(found.markdown)}
    pages: list[tuple[str, str]] = []
    for index in range(window.tabs.count()):
        workspace = window.tabs.tabText(index)
        window.tabs.setCurrentIndex(index)
        tabs = window.mal_escalados.sections if index == 0 else window.inoperatividad.sections
        assert isinstance(tabs, QTabWidget)
        pages += [(workspace, tabs.tabText(i)) for i in range(tabs.count())]
    assert len(pages) == 9
    for workspace, page in pages:
        topic = topic_for(workspace, page)
        assert topic in PAGE_TOPICS.values(), (workspace, page)
        document = QTextDocument()
        document.setMarkdown(by_title[topic.section].markdown)
        assert topic.phrase is not None
        assert not document.find(topic.phrase).isNull(), (workspace, page, topic.phrase)
    # A page whose title carries a count is still found.
    assert topic_for("Inoperatividad", "Reporte a Regulatorio (2 por atender)").phrase == (
        "El Reporte de Eventos de")


def test_without_a_readme_the_help_says_so(qtbot: QtBot) -> None:
    dialog = HelpDialog(None, Topic("Mal escalados"))
    qtbot.addWidget(dialog)
    assert dialog.browser.toPlainText() == MISSING
    assert not dialog.section_combo.isEnabled()
    own = HelpDialog(HelpText("intro\n\n## Uno\n\nuno\n\n## Dos\n\ndos\n", "prueba"),
                     Topic("Dos", "no está"))
    qtbot.addWidget(own)
    assert own.current_title() == "Dos"
    assert own.browser.toPlainText() == "Dos\ndos"


def test_the_menu_shows_f1_and_ctrl_i(window: MainWindow) -> None:
    assert window.help_action.shortcut() == QKeySequence("F1")
    assert window.help_action.text() == "A&yuda de esta pantalla"
    assert window.about_action.shortcut().isEmpty()
    assert window.import_action.shortcut() == QKeySequence("Ctrl+I")
    archivo = window.menuBar().actions()[0].menu()
    assert window.import_action in archivo.actions()


def test_ctrl_i_from_inoperatividad_imports_into_the_review(
        qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 1
    seen: list[tuple[str, int]] = []

    def close_the_file_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, close_the_file_dialog)
            return
        seen.append((dialog.windowTitle(), window.tabs.currentIndex()))
        dialog.reject()

    QTimer.singleShot(0, close_the_file_dialog)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [("Importar Base Mal Escalados", 0)]
    assert window.mal_escalados.sections.currentWidget() is window.review
