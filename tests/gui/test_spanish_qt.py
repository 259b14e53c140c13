"""Qt's own texts are Spanish too: the application loads Qt's translation at start-up."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot


def test_the_right_click_menu_of_a_text_field_is_spanish(qtbot: QtBot) -> None:
    field = QLineEdit()
    qtbot.addWidget(field)
    menu = field.createStandardContextMenu()
    texts = [action.text().split("\t")[0].replace("&", "") for action in menu.actions()
             if action.text()]
    assert texts == ["Deshacer", "Rehacer", "Cortar", "Copiar", "Pegar", "Borrar",
                     "Seleccionar todo"]
    menu.deleteLater()


def test_standard_buttons_and_file_dialogs_are_spanish(qtbot: QtBot) -> None:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                               | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert sorted(b.text() for b in buttons.buttons()) == ["Cancelar", "Guardar"]
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "Ver en:"
