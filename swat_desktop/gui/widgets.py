"""Small pieces every dialog of the application builds the same way."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
)

View = TypeVar("View", bound=QTableView)


def error_label() -> QLabel:
    """A red, wrapping line under a form, hidden until there is something to say."""
    label = QLabel()
    label.setProperty("role", "fieldError")
    label.setWordWrap(True)
    label.hide()
    return label


def notice(text: str = "") -> QLabel:
    """The small grey explanation a dialog gives above or below its content."""
    label = QLabel(text)
    label.setObjectName("noticeLabel")
    label.setWordWrap(True)
    return label


def say(message: QLabel, error: QLabel, text: str, is_error: bool = False) -> None:
    """One line of outcome under a page: grey when it went well, red when it did not, never
    both; an empty text hides them."""
    error.setText(text if is_error else "")
    error.setVisible(is_error and bool(text))
    message.setText("" if is_error else text)
    message.setVisible(not is_error and bool(text))


def ok_cancel(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """Spanish OK/Cancel buttons wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Cancelar")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def read_only_table(table: View, name: str, multi: bool = False) -> View:
    """A list of whole rows to pick from (one, or several with Ctrl/Shift), never edited in
    place, compact rows, columns as wide as their content and the last one stretching."""
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                           else QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(24)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table
