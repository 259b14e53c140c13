"""Small pieces every dialog of the application builds the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHeaderView,
    QLabel,
    QLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
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


def selectable(text: str) -> QLabel:
    """A wrapping text the person may select and copy (a path, an error to quote to
    support)."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
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


def close_only(dialog: QDialog) -> QDialogButtonBox:
    """The one Cerrar button (and Esc) of a dialog that only shows something."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.button(QDialogButtonBox.StandardButton.Close).setText("Cerrar")
    buttons.rejected.connect(dialog.reject)
    return buttons


def row_list(table: View, name: str = "", multi: bool = False,
             row_height: int | None = 24) -> View:
    """A list of whole rows to pick from (one, or several with Ctrl/Shift), never edited in
    place, striped, without row numbers; compact rows unless ``row_height`` is None (rows
    measured from their wrapped text)."""
    if name:
        table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                           else QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    if row_height is not None:
        table.verticalHeader().setDefaultSectionSize(row_height)
    return table


def read_only_table(table: View, name: str, multi: bool = False) -> View:
    """``row_list`` with columns as wide as their content and the last one stretching."""
    row_list(table, name, multi)
    table.setWordWrap(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    _WholeLastColumn(table)
    return table


Item = QWidget | QLayout | tuple[QWidget, int]


def column_layout(owner: QWidget, *items: Item, margins: tuple[int, int, int, int] | None = None,
           spacing: int | None = None) -> QVBoxLayout:
    """The vertical layout of a dialog or pane, its parts in order: widgets, rows (layouts),
    and ``(widget, stretch)`` for the part that takes the spare height (a list)."""
    layout = QVBoxLayout(owner)
    if margins is not None:
        layout.setContentsMargins(*margins)
    if spacing is not None:
        layout.setSpacing(spacing)
    for item in items:
        if isinstance(item, tuple):
            layout.addWidget(*item)
        elif isinstance(item, QLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item)
    return layout


def splitter(orientation: Qt.Orientation, widgets: Sequence[QWidget], sizes: Sequence[int],
             stretch: Sequence[int] = ()) -> QSplitter:
    """Panes side by side or one above the other that the person may resize but never
    collapse to nothing (a collapsed pane looks like lost data)."""
    split = QSplitter(orientation)
    for widget in widgets:
        split.addWidget(widget)
    for index, factor in enumerate(stretch):
        split.setStretchFactor(index, factor)
    split.setSizes(list(sizes))
    split.setChildrenCollapsible(False)
    return split


def page_scroll(page: QWidget, sideways: bool = True) -> QScrollArea:
    """A page that scrolls where the window is smaller than its layout needs (a 1280×720
    laptop at 125 %) instead of drawing its widgets over each other; where there is room it
    fills the window as if there were no scroll area. ``sideways=False``: only the height
    scrolls, and the area is as wide as the page needs, so its columns always show whole."""
    area = QScrollArea()
    area.setObjectName("pageScroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(_AsShortAsItCan(page))
    area.viewport().setAutoFillBackground(False)
    page.setAutoFillBackground(False)
    if not sideways:
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setMinimumWidth(page.minimumSizeHint().width()
                             + area.verticalScrollBar().sizeHint().width())
    return area


class _AsShortAsItCan(QWidget):
    """What a page_scroll scrolls: a scroll area asks wrapping text (a page with a word-wrapped
    label) for its preferred height and scrolls below it; this answers with the least height
    the page can take, so it scrolls only where the page would otherwise be squeezed."""

    def __init__(self, page: QWidget) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(page)
        self.setAutoFillBackground(False)

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        if layout is None or not layout.hasHeightForWidth():
            return super().heightForWidth(width)
        return layout.minimumHeightForWidth(width)


# A Windows title bar and borders, in logical pixels: what a window needs beyond its contents.
FRAME_ROOM = (2, 34)


def open_at(window: QWidget, width: int, height: int | None = None) -> None:
    """The size a window opens at: ``width``×``height`` (its preferred height if None) where
    the screen's work area has room, that area where it has not (a laptop at 125 %). Never a
    fixed minimum; and a dialog grows to show a message that appears (_GrowForMessages)."""
    room = window.screen().availableGeometry()
    height = height if height is not None else window.sizeHint().height()
    window.resize(min(width, room.width() - FRAME_ROOM[0]),
                  min(height, room.height() - FRAME_ROOM[1]))
    if isinstance(window, QDialog):
        window.installEventFilter(_GrowForMessages(window))


class _GrowForMessages(QObject):
    """Qt keeps a window at least as large as its layout's minimum, but a wrapping message
    (an error under a field) needs more height at the window's width than that minimum says:
    without this, the message is drawn over the buttons under it."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.pending = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and not self.pending:
            self.pending = True
            QTimer.singleShot(0, self, self._grow)  # dropped if the window goes first
        return False

    def _grow(self) -> None:
        self.pending = False
        layout = self.window.layout()
        if layout is None or not layout.hasHeightForWidth():
            return
        needed = layout.minimumHeightForWidth(self.window.width())
        room = self.window.screen().availableGeometry().height() - FRAME_ROOM[1]
        if self.window.height() < needed:
            self.window.resize(self.window.width(), min(needed, room))


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


def shortcut_button(owner: QWidget, text: str, slot: Callable[[], object], key: str | None,
                    tip: str, when_visible: bool = False) -> QPushButton:
    """A button whose shortcut works while the keyboard is anywhere in ``owner`` (and only
    there, so another page keeps its letters); the tooltip names the key. A disabled button
    ignores its key; with ``when_visible`` a hidden one does too."""
    button = QPushButton(text)
    button.clicked.connect(lambda: slot())
    if key is not None:
        action = QAction(owner)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda: (button.isVisible() or not when_visible)
                                 and button.click())
        owner.addAction(action)
        tip = f"{tip} ({QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)})"
    button.setToolTip(tip)
    return button


def confirm(parent: QWidget, title: str, text: str, yes: str, then: Callable[[], object],
            details: str = "", icon: QMessageBox.Icon = QMessageBox.Icon.Question,
            role: QMessageBox.ButtonRole = QMessageBox.ButtonRole.DestructiveRole
            ) -> QMessageBox:
    """Ask before an irreversible step, without blocking (the box is opened, not exec'd):
    ``then`` runs only if ``yes`` was clicked; «Cancelar» is the default."""
    box = QMessageBox(icon, title, text, parent=parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if details:
        box.setInformativeText(details)
    accept = box.addButton(yes, role)
    box.setDefaultButton(box.addButton("Cancelar", QMessageBox.ButtonRole.RejectRole))
    box.finished.connect(lambda _r: then() if box.clickedButton() is accept else None)
    box.open()
    return box
