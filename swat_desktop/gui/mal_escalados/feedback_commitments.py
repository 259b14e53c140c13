"""The commitments of a feedback session: a short list of rows, each what the advisor commits
to and, optionally, by when. Out of the session dialog, which is long enough with the rest."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.feedback import Commitment
from swat_desktop.gui.qt_dates import date_edit, pydate
from swat_desktop.gui.widgets import notice

DUE_AFTER = timedelta(days=15)  # a new commitment's first due date: half a month to show it


class CommitmentRow(QWidget):
    """What the advisor commits to and, optionally, by when."""

    def __init__(self, text: str, due: date | None, default_due: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLineEdit(text)
        self.text.setPlaceholderText("Qué hará el asesor")
        self.text.setAccessibleName("Compromiso")
        self.has_due = QCheckBox("Vence el")
        self.has_due.setChecked(due is not None)
        self.due = date_edit(due or default_due)
        self.due.setAccessibleName("Fecha límite del compromiso")
        self.due.setEnabled(due is not None)
        self.has_due.toggled.connect(self.due.setEnabled)
        self.remove_button = QPushButton("Quitar")
        self.remove_button.setToolTip("Quitar este compromiso")
        self.remove_button.setAutoDefault(False)
        self.number = QLabel()  # "2." — the validation messages name commitments by number
        self.number.setObjectName("filterLabel")
        # Two lines: a commitment is a sentence and needs the whole width to be read.
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(4)
        layout.setColumnStretch(3, 1)
        layout.addWidget(self.number, 0, 0)
        layout.addWidget(self.text, 0, 1, 1, 4)
        layout.addWidget(self.has_due, 1, 1)
        layout.addWidget(self.due, 1, 2)
        layout.addWidget(self.remove_button, 1, 4)
        if text:
            self.text.setCursorPosition(0)  # the start of the sentence, not its end

    def value(self) -> Commitment:
        return Commitment(self.text.text(), pydate(self.due.date())
                          if self.has_due.isChecked() else None)

    def focus_chain(self) -> list[QWidget]:
        return [self.text, self.has_due, self.due, self.remove_button]

    def set_read_only(self) -> None:
        self.text.setReadOnly(True)
        self.due.setReadOnly(True)
        self.has_due.setEnabled(False)
        self.remove_button.hide()


class CommitmentsEditor(QWidget):
    """A short list of commitment rows; Tab walks through every field of every row."""

    rows_changed = Signal()

    def __init__(self, default_due: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.default_due = default_due
        self.rows: list[CommitmentRow] = []
        self.read_only = False
        self.empty = notice("Sin compromisos todavía. Una sesión realizada necesita al menos uno.")
        self.add_button = QPushButton("&Agregar compromiso")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add(focus=True))

        self._rows_box = QWidget()
        self._rows_layout = QVBoxLayout(self._rows_box)
        self._rows_layout.setContentsMargins(0, 0, 8, 0)
        self._rows_layout.setSpacing(12)
        self._rows_layout.addWidget(self.empty)
        self._rows_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the rows, not the frame
        scroll.setWidget(self._rows_box)
        scroll.setMinimumHeight(150)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The dialog's own background, not a grey box that looks disabled.
        self._rows_box.setAutoFillBackground(False)
        scroll.viewport().setAutoFillBackground(False)

        bottom = QHBoxLayout()
        bottom.addWidget(self.add_button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

    def add(self, text: str = "", due: date | None = None, focus: bool = False,
            dated: bool = True) -> CommitmentRow:
        """A new row; without a date given it starts dated ``default_due`` (``dated``)."""
        row = CommitmentRow(text, due if due is not None or not dated else self.default_due,
                            self.default_due, self._rows_box)
        row.remove_button.clicked.connect(lambda: self.remove(row))
        if self.read_only:
            row.set_read_only()
        self._rows_layout.insertWidget(len(self.rows) + 1, row)
        row.show()  # now, not after the next event: it takes the focus right away
        self.rows.append(row)
        self._rows_changed()
        if focus:
            row.text.setFocus()
        return row

    def remove(self, row: CommitmentRow) -> None:
        position = self.rows.index(row)
        self.rows.remove(row)
        row.hide()
        row.deleteLater()
        self._rows_changed()
        following = self.rows[min(position, len(self.rows) - 1)] if self.rows else None
        (following.text if following else self.add_button).setFocus()

    def _rows_changed(self) -> None:
        self.empty.setVisible(not self.rows)
        for number, row in enumerate(self.rows, start=1):
            row.number.setText(f"{number}.")
        self.rows_changed.emit()

    def values(self) -> tuple[Commitment, ...]:
        return tuple(row.value() for row in self.rows)

    def focus_chain(self) -> list[QWidget]:
        return [w for row in self.rows for w in row.focus_chain()] + [self.add_button]

    def set_read_only(self) -> None:
        self.read_only = True
        self.add_button.hide()
        self.empty.setText("Sin compromisos.")
        for row in self.rows:
            row.set_read_only()
