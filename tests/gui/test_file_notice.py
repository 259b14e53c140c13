"""The window says where every file went: the notice after «Imprimir formato en blanco…» and
«Correo de contingencia», with the real path, and what it says when the computer has no
program to open it — the offscreen platform is such a computer (QDesktopServices.openUrl
returns False, as on a point without a PDF viewer); a URL handler registered with Qt stands
for one that has it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from pytestqt.qtbot import QtBot

from swat_desktop.domain.identity import UserProfile
from swat_desktop.gui.main_window import MainWindow
from swat_desktop.gui.printing import PdfPrintPreview
from swat_desktop.paths import AppPaths
from swat_desktop.services import inoperatividad
from swat_desktop.services.store import Database
from tests.fixtures.inoperatividad import cac_supervisor, good_input
from tests.gui.conftest import show_active

NO_VIEWER = "does not support QPlatformServices::open"  # the offscreen platform's refusal


class FileOpener(QObject):
    """A system that opens files: Qt hands it the URLs that QDesktopServices.openUrl gets."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def supervisor(db: Database) -> UserProfile:
    return cac_supervisor(db)


@pytest.fixture
def window(qtbot: QtBot, db: Database, supervisor: UserProfile, paths: AppPaths) -> MainWindow:
    window = MainWindow(db, supervisor, paths.local_settings_file, paths.log_file,
                        exports_dir=paths.exports_dir, backups_dir=paths.backups_dir)
    window.resize(1366, 768)
    show_active(qtbot, window)
    window.tabs.setCurrentWidget(window.inoperatividad_tab)
    return window


@pytest.fixture
def opener() -> Iterator[FileOpener]:
    handler = FileOpener()
    QDesktopServices.setUrlHandler("file", handler, "open")
    yield handler
    QDesktopServices.unsetUrlHandler("file")


@pytest.mark.qt_log_ignore(NO_VIEWER)
def test_the_blank_form_is_previewed_and_its_path_stays_on_screen(
        qtbot: QtBot, window: MainWindow, paths: AppPaths) -> None:
    window.inoperatividad.blank_button.click()
    preview = window.inoperatividad.findChild(PdfPrintPreview)
    assert preview is not None
    qtbot.waitExposed(preview)
    preview.close()

    notice = window.file_notice
    path = paths.exports_dir / "Formato manual de inoperatividad (en blanco).pdf"
    assert path.is_file()
    assert notice.isVisible()
    assert notice.message.text() == "Formato manual en blanco guardado."
    assert [label.text() for label in notice.path_labels] == [str(path)]
    assert len(notice.print_buttons) == 1

    [open_button] = notice.open_buttons
    open_button.click()  # no PDF viewer on this computer
    assert notice.error.isVisible()
    assert notice.error.text() == (
        "No se pudo abrir el archivo: este equipo no tiene un programa para abrirlo. Está en "
        f"{path} (puede copiar la ruta con «Copiar ruta»).")
    notice.folder_button.click()
    assert notice.error.text().startswith("No se pudo abrir la carpeta: ")
    assert str(paths.exports_dir) in notice.error.text()
    notice.copy_button.click()
    assert QGuiApplication.clipboard().text() == str(path)


def test_a_computer_that_opens_files_gets_the_path_and_no_complaint(
        window: MainWindow, paths: AppPaths, opener: FileOpener) -> None:
    window.inoperatividad.print_file = lambda _path: None  # type: ignore[method-assign]
    path = window.inoperatividad.print_blank()
    assert path is not None
    notice = window.file_notice
    notice.open_buttons[0].click()
    notice.folder_button.click()
    assert [url.toLocalFile() for url in opener.urls] == [str(path), str(paths.exports_dir)]
    assert not notice.error.isVisible()


def test_a_moved_file_is_not_offered_as_if_it_were_there(
        window: MainWindow, opener: FileOpener) -> None:
    window.inoperatividad.print_file = lambda _path: None  # type: ignore[method-assign]
    path = window.inoperatividad.print_blank()
    assert path is not None
    path.unlink()
    window.file_notice.open_buttons[0].click()
    assert window.file_notice.error.text() == (
        f"{path} ya no existe: se movió o se borró después de guardarlo.")
    assert opener.urls == []


@pytest.mark.qt_log_ignore(NO_VIEWER)
def test_without_a_mail_client_the_contingency_email_is_saved_and_shown_to_copy(
        window: MainWindow, db: Database, supervisor: UserProfile, paths: AppPaths) -> None:
    record = inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    workspace = window.inoperatividad
    workspace.records.reload()
    workspace.select_record(record.id)
    workspace.viewer.email_button.click()  # the mailto: link finds no mail program here

    eml = paths.exports_dir / f"Contingencia {record.number}.eml"
    assert eml.is_file()
    assert record.number in eml.read_text(encoding="utf-8")
    notice = window.file_notice
    assert notice.message.text().startswith("No se abrió ningún programa de correo")
    assert [label.text() for label in notice.path_labels] == [str(eml)]
    assert notice.print_buttons == []
    assert notice.text.isVisible()
    text = notice.text.toPlainText()
    assert text.startswith("Para: fallasatc@claro.com.pe\nCC: analistascontroleinformacion")
    assert record.number in text
    notice.copy_text_button.click()
    assert QGuiApplication.clipboard().text() == text
