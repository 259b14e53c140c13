"""The window's notice of a file just written: where it is, and the buttons to open it, open
its folder, print it or copy its path — because on a computer without a PDF viewer or mail
client, «Imprimir…» or «Correo de contingencia» used to leave only a log line behind.

Every action that writes a file (exports, PDFs, cortes, packages, backups, the contingency
e-mail) hands a WrittenFiles to the one notice at the bottom of the main window. It is not a
dialog: work goes on while it is shown, and it stays until the next file or «Cerrar».
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.gui.widgets import error_label, selectable

TEXT_LINES = 6  # the e-mail's text box: enough to see it is the message, then it scrolls


@dataclass(frozen=True)
class WrittenFiles:
    """What an action wrote. ``text`` is what the supervisor may need to paste somewhere when
    nothing on the computer opens the file (the contingency e-mail's recipients and body)."""

    message: str
    paths: tuple[Path, ...]
    text: str = ""


def open_in_system(path: Path) -> bool:
    """Hand a file or folder to the system; False when it has no program for it (Qt's own
    answer: QDesktopServices.openUrl)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def cannot_open_text(path: Path) -> str:
    what = "la carpeta" if path.is_dir() else "el archivo"
    return (f"No se pudo abrir {what}: este equipo no tiene un programa para abrirlo. "
            f"Está en {path} (puede copiar la ruta con «Copiar ruta»).")


class FileNotice(QFrame):
    """A bar that says where the last files went. Print buttons appear for PDFs when a
    ``printer`` is given (gui/printing.py's preview; passed in so this file stays free of
    the PDF renderer)."""

    def __init__(self, printer: Callable[[Path], object] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fileNotice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.printer = printer
        self.written: WrittenFiles | None = None
        self.message = QLabel()
        self.message.setObjectName("cardTitle")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.close_button = QPushButton("Cerrar")
        self.close_button.setToolTip("Ocultar este aviso; el archivo sigue donde está")
        self.close_button.clicked.connect(self.hide)
        self.rows = QGridLayout()
        self.rows.setColumnStretch(0, 1)
        self.error = error_label()
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Texto para copiar")
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * TEXT_LINES)
        self.copy_text_button = QPushButton("Copiar texto")
        self.copy_text_button.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.text.toPlainText()))
        self.folder_button = QPushButton("Abrir carpeta")
        self.folder_button.clicked.connect(self.open_folder)
        self.copy_button = QPushButton("Copiar ruta")
        self.copy_button.setToolTip("La ruta completa, para pegarla en el explorador de "
                                    "archivos o en un correo")
        self.copy_button.clicked.connect(self.copy_paths)
        top = QHBoxLayout()
        top.addWidget(self.message, 1)
        for button in (self.folder_button, self.copy_button, self.close_button):
            top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        copyable = QHBoxLayout()
        copyable.addWidget(self.text, 1)
        copyable.addWidget(self.copy_text_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(self.rows)
        layout.addWidget(self.error)
        layout.addLayout(copyable)
        self.path_labels: list[QLabel] = []
        self.open_buttons: list[QPushButton] = []
        self.print_buttons: list[QPushButton] = []
        self.hide()

    def show_files(self, written: WrittenFiles) -> None:
        self.written = written
        self.message.setText(written.message)
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:  # gone from the screen now, from memory when Qt can
                widget.hide()
                widget.deleteLater()
        self.path_labels, self.open_buttons, self.print_buttons = [], [], []
        for row, path in enumerate(written.paths):
            label = selectable(str(path))
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setToolTip(str(path))
            self.rows.addWidget(label, row, 0)
            self.path_labels.append(label)
            button = QPushButton("Abrir")
            button.setToolTip(f"Abrir {path.name} con el programa del sistema")
            button.clicked.connect(lambda _c=False, p=path: self.open_path(p))
            self.rows.addWidget(button, row, 1)
            self.open_buttons.append(button)
            if self.printer is not None and path.suffix.lower() == ".pdf":
                printing = QPushButton("Imprimir…")
                printing.setToolTip(f"Vista previa e impresión de {path.name}")
                printing.clicked.connect(lambda _c=False, p=path: self.print_path(p))
                self.rows.addWidget(printing, row, 2)
                self.print_buttons.append(printing)
        self.error.hide()
        self.folder_button.setVisible(bool(written.paths))
        self.copy_button.setVisible(bool(written.paths))
        self.text.setPlainText(written.text)
        self.text.setVisible(bool(written.text))
        self.copy_text_button.setVisible(bool(written.text))
        self.show()

    def folder(self) -> Path | None:
        return self.written.paths[0].parent if self.written and self.written.paths else None

    def open_path(self, path: Path) -> bool:
        if not path.exists():
            self.show_error(f"{path} ya no existe: se movió o se borró después de guardarlo.")
            return False
        if not open_in_system(path):
            self.show_error(cannot_open_text(path))
            return False
        self.error.hide()
        return True

    def open_folder(self) -> bool:
        folder = self.folder()
        return folder is not None and self.open_path(folder)

    def print_path(self, path: Path) -> object:
        assert self.printer is not None  # the button exists only with a printer
        return self.printer(path)

    def copy_paths(self) -> str:
        text = "\n".join(str(p) for p in self.written.paths) if self.written else ""
        QGuiApplication.clipboard().setText(text)
        return text

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
