"""The one dialog that asks why: rejecting a claim's accounts, annulling a record, undoing a
regularization. Each step that cannot be taken back silently keeps its reason in the audit,
and the three dialogs that asked for it were near copies of each other.

The caller gives the texts, the limit of the reason, optionally a choice (a combo box), and
``submit(reason, choice)``: the write itself, run when the person confirms. A refusal stays in
the dialog: a ``ValidationError`` shows its messages, ``Refused`` its text (``final`` when
trying again cannot help, e.g. somebody else changed the record meanwhile).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.errors import ValidationError
from swat_desktop.gui.widgets import error_label, notice, ok_cancel, open_at

REASON_LINES_HEIGHT = 90


class Refused(Exception):
    """A write refused for a reason the person can read; ``final``: the OK button goes."""

    def __init__(self, message: str, final: bool = False) -> None:
        super().__init__(message)
        self.final = final


@dataclass(frozen=True)
class ReasonRequest:
    """What the dialog says. ``limit`` is the reason's length the domain accepts (said in the
    explanation, checked before ``submit``); ``choices`` are (text, value) pairs for an
    optional combo box."""

    title: str
    explanation: str
    ok_text: str
    label: str = "&Motivo"
    placeholder: str = ""
    limit: int | None = None
    choice_label: str = ""
    choices: Sequence[tuple[str, Any]] = ()
    width: int = 480
    accessible_name: str = ""  # what a screen reader says of the box; the label by default


Submit = Callable[[str, Any], Any]


class ReasonDialog(QDialog):
    """Asks a reason (and a choice, when given); ``result_value`` holds what ``submit``
    returned once accepted."""

    def __init__(self, request: ReasonRequest, submit: Submit | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.request = request
        self.submit = submit
        self.result_value: Any = None
        self.setWindowTitle(request.title)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName(request.accessible_name or request.label.replace("&", ""))
        self.reason.setPlaceholderText(request.placeholder)
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(REASON_LINES_HEIGHT)
        self.choice = QComboBox()
        for text, value in request.choices:
            self.choice.addItem(text, value)
        self.error = error_label()
        self.buttons = ok_cancel(self, request.ok_text)
        label = QLabel(request.label)
        label.setBuddy(self.reason)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        limit = f" Hasta {request.limit} caracteres." if request.limit is not None else ""
        layout.addWidget(notice(request.explanation + limit))
        if request.choices:
            choice_label = QLabel(request.choice_label)
            choice_label.setBuddy(self.choice)
            layout.addWidget(choice_label)
            layout.addWidget(self.choice)
        layout.addWidget(label)
        layout.addWidget(self.reason)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.reason.setFocus()
        open_at(self, request.width)

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def chosen(self) -> Any:
        return self.choice.currentData() if self.request.choices else None

    def show_error(self, text: str, final: bool = False) -> None:
        self.error.setText(text)
        self.error.show()
        if final:
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        else:
            self.reason.setFocus()

    def accept(self) -> None:
        reason = self.reason.toPlainText()
        if self.request.limit is not None and len(reason) > self.request.limit:
            self.show_error(f"El motivo admite hasta {self.request.limit} caracteres.")
            return
        if self.submit is not None:
            try:
                self.result_value = self.submit(reason, self.chosen())
            except ValidationError as exc:
                self.show_error("\n".join(exc.errors.values()))
                return
            except Refused as exc:
                self.show_error(str(exc), exc.final)
                return
        super().accept()
