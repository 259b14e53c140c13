"""Small pieces every dialog of the application builds the same way."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
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
    _WholeLastColumn(table)
    return table


class _WholeLastColumn(QObject):
    """The stretched last column never narrower than its content: a stretched section only
    gets what the viewport has left, so in a narrow pane «Estado» read «Estac». It stretches
    while everything fits; otherwise it keeps its content's width and the table scrolls.
    A page that turns the stretch off itself keeps its choice: this stops managing it."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self.stretching = True
        self.watched: object = None  # the model whose changes refit the columns
        self.pending = QTimer(self, singleShot=True, interval=0)
        self.pending.timeout.connect(self.fit)
        table.viewport().installEventFilter(self)
        table.horizontalHeader().sectionResized.connect(lambda *_a: self.pending.start())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.pending.start()
        return False

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        if header.stretchLastSection() != self.stretching or header.count() == 0:
            return
        model = self.table.model()
        if model is not None and model is not self.watched:
            self.watched = model
            for signal in (model.modelReset, model.layoutChanged, model.dataChanged,
                           model.rowsInserted):
                signal.connect(lambda *_a: self.pending.start())
        last = header.count() - 1
        needed = sum(header.sectionSize(i) for i in range(last) if not header.isSectionHidden(i))
        needed += max(header.sectionSizeHint(last), self.table.sizeHintForColumn(last))
        self.stretching = self.table.viewport().width() >= needed
        header.setStretchLastSection(self.stretching)


def hold_widest(button: QAbstractButton, texts: Iterable[str]) -> None:
    """A button whose text changes («Copiar» → «Copiado ✓») is as wide as its widest text
    from the start, so nothing beside it moves or gets cut when it changes."""
    button.ensurePolished()
    shown = button.text()
    widths = []
    for text in (shown, *texts):
        button.setText(text)
        widths.append(button.sizeHint().width())
    button.setText(shown)
    button.setFixedWidth(max(widths))


class ReservedNotice(QLabel):
    """A wrapping notice always in the layout, as tall as the tallest text it may show, so
    choosing an option that fills it does not push the fields below it under the pointer."""

    def __init__(self, texts: Iterable[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeLabel")
        self.setWordWrap(True)
        self.texts = [text for text in texts if text]

    def _reserved(self, width: int) -> int:
        self.ensurePolished()
        margins = self.contentsMargins()
        extra = 2 * self.margin()
        inner = max(width - margins.left() - margins.right() - extra, 1)
        flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
        metrics = self.fontMetrics()
        tallest = max((metrics.boundingRect(QRect(0, 0, inner, 1 << 20), flags, text).height()
                       for text in self.texts), default=metrics.height())
        return tallest + margins.top() + margins.bottom() + extra

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(super().heightForWidth(width), self._reserved(width))

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.heightForWidth(hint.width()))
