"""The layout pieces of the folder: the titled white box of label / field lines that both the
Formato Manual's sections and the evaluation's cards are made of (so the two tabs of a record
read alike), and the scroll area the panes put a form in."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

Part = QWidget | QHBoxLayout | QVBoxLayout


class Card(QFrame):
    """``line`` puts a label and its field side by side; ``under`` a widget in the field's
    column (a hint, a message); ``span`` one across both columns; ``full`` one below the
    grid."""

    def __init__(self, title: str, label_width: int, label_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.label_name = label_name  # the labels' style: plain, or "filterLabel"
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(16, 10, 16, 12)
        self.box.setSpacing(6)
        self.heading = QLabel(title)
        self.heading.setObjectName("cardTitle")
        self.box.addWidget(self.heading)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnMinimumWidth(0, label_width)
        self.grid.setColumnStretch(1, 1)
        self.box.addLayout(self.grid)

    def line(self, text: str, field: Part, buddy: QWidget | None = None) -> QLabel:
        row = self.grid.rowCount()
        label = QLabel(text)
        if self.label_name:
            label.setObjectName(self.label_name)
        label.setWordWrap(True)
        if buddy is not None:
            label.setBuddy(buddy)
        self.grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
        self._place(field, row, 1, 1)
        return label

    def under(self, widget: QWidget) -> None:
        self.grid.addWidget(widget, self.grid.rowCount(), 1)

    def span(self, part: Part) -> None:
        self._place(part, self.grid.rowCount(), 0, 2)

    def full(self, part: Part) -> None:
        if isinstance(part, QWidget):
            self.box.addWidget(part)
        else:
            self.box.addLayout(part)

    def _place(self, part: Part, row: int, column: int, columns: int) -> None:
        if isinstance(part, QWidget):
            self.grid.addWidget(part, row, column, 1, columns)
        else:
            self.grid.addLayout(part, row, column, 1, columns)


def column(*parts: Part) -> QVBoxLayout:
    """Parts stacked with the cards' small spacing, no margins."""
    stack = QVBoxLayout()
    stack.setSpacing(4)
    stack.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        if isinstance(part, QWidget):
            stack.addWidget(part)
        else:
            stack.addLayout(part)
    return stack


def scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    widget.setAutoFillBackground(False)
    area.viewport().setAutoFillBackground(False)
    return area


Line = tuple[str, Part, QWidget, Sequence[QWidget]]


def dialog_grid(lines: Iterable[Line]) -> QGridLayout:
    """A dialog's fields: each (label, field, the label's buddy, what goes under the field:
    its message, a value computed from it), labels in the first column."""
    grid = QGridLayout()
    grid.setHorizontalSpacing(12)
    grid.setVerticalSpacing(4)
    grid.setColumnStretch(1, 1)
    for text, field, buddy, under in lines:
        row = grid.rowCount()
        label = QLabel(text)
        label.setBuddy(buddy)
        grid.addWidget(label, row, 0)
        if isinstance(field, QWidget):
            grid.addWidget(field, row, 1)
        else:
            grid.addLayout(field, row, 1)
        for offset, widget in enumerate(under, start=1):
            grid.addWidget(widget, row + offset, 1)
    return grid
