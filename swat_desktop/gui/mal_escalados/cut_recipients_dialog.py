"""Who the cuts go to (step 8): formación y calidad and the operation's administration, a name
and an address each, the same list for everybody on the store. Everyone may look (the
agent who wonders where the cut went); only the backoffice changes it, and the service
refuses anyone else too."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.cut_distribution import (
    ADDRESS_LIMIT,
    NAME_LIMIT,
    Recipient,
    RecipientGroup,
)
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.permissions import Action, can, refusal
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.rows_model import Column, RowsModel
from swat_desktop.gui.signals import Change
from swat_desktop.gui.widgets import close_only, error_label, notice, open_at, read_only_table, say
from swat_desktop.services import cut_distribution


class RecipientsDialog(QDialog):
    """A change is announced (Change.SETTINGS): the indicators page reads the list again
    before its next «Correo del corte…»."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.admin = can(ctx.user, Action.MANAGE_CUT_RECIPIENTS)
        self.setWindowTitle("Destinatarios de los cortes")
        open_at(self, 680, 520)

        self.table = read_only_table(QTableView(), "recipientsTable")
        self.model: RowsModel[Recipient] = RowsModel([
            Column("Grupo", lambda r: r.group.label), Column("Nombre", lambda r: r.name),
            Column("Correo", lambda r: r.address)], self.table)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_remove())
        self.remove_button = QPushButton("&Quitar destinatario")
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove_selected)

        self.groups = list(RecipientGroup)
        self.group = QComboBox()
        self.group.addItems([g.label for g in self.groups])
        self.group.setAccessibleName("Grupo")
        self.name = QLineEdit()
        self.name.setMaxLength(NAME_LIMIT)
        self.name.setPlaceholderText("Ana Ruiz")
        self.name.setAccessibleName("Nombre del destinatario")
        self.address = QLineEdit()
        self.address.setMaxLength(ADDRESS_LIMIT)
        self.address.setPlaceholderText("nombre@claro.com.co")
        self.address.setAccessibleName("Correo del destinatario")
        self.address.returnPressed.connect(self.add)
        self.add_button = QPushButton("A&gregar")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add)
        form = QFormLayout()
        form.addRow("G&rupo", self.group)
        form.addRow("&Nombre", self.name)
        form.addRow("C&orreo", self.address)
        add_row = QHBoxLayout()
        add_row.addLayout(form, 1)
        add_row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.add_box = QWidget()
        add_layout = QVBoxLayout(self.add_box)
        add_layout.setContentsMargins(0, 6, 0, 0)
        title = QLabel("Agregar un destinatario")
        title.setObjectName("cardTitle")
        add_layout.addWidget(title)
        add_layout.addLayout(add_row)
        self.add_box.setVisible(self.admin)
        self.error = error_label()
        self.message = notice()
        self.message.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.addWidget(notice(
            "«Correo del corte…» escribe un correo con el corte en xlsx y PDF adjuntos, "
            "dirigido a todos estos destinatarios; se abre en el programa de correo para "
            "revisarlo y enviarlo."))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.add_box)
        why = refusal(ctx.user, Action.MANAGE_CUT_RECIPIENTS)
        if why is not None:
            layout.addWidget(notice(why))
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        layout.addWidget(close_only(self))
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(list(cut_distribution.recipients(self.ctx.store)))
        self._update_remove()

    def selected(self) -> Recipient | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0]) if rows else None

    def _update_remove(self) -> None:
        self.remove_button.setVisible(self.admin)
        self.remove_button.setEnabled(self.selected() is not None)

    def _say(self, text: str, error: bool = False) -> None:
        say(self.message, self.error, text, error)

    def add(self) -> None:
        group = self.groups[self.group.currentIndex()]
        try:
            cut_distribution.add_recipient(self.ctx.store, self.ctx.user, group,
                                           self.name.text(), self.address.text())
        except ValidationError as exc:
            self._say("\n".join(exc.errors.values()), error=True)
            return
        added = self.address.text().strip()
        self.name.clear()
        self.address.clear()
        self.reload()
        self._say(f"{added} recibirá los cortes ({group.label}).")
        self.ctx.hub.announce(Change.SETTINGS)

    def remove_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        try:
            cut_distribution.remove_recipient(self.ctx.store, self.ctx.user, chosen.group,
                                              chosen.address)
        except ValidationError as exc:
            self._say("\n".join(exc.errors.values()), error=True)
            return
        self.reload()
        self._say(f"{chosen.address} ya no recibe los cortes ({chosen.group.label}).")
        self.ctx.hub.announce(Change.SETTINGS)
