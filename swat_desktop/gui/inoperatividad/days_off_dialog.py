"""The calendar the report's deadline counts with: Peru's national holidays (read-only, from
the ``holidays`` package) and the days Control e Información adds — a regional holiday, a
company closure — or removes when added by mistake. Everyone may look; only Control e
Información changes it (the service refuses anyone else too)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.clock import local_today
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import LIMA
from swat_desktop.domain.inoperatividad_flow import DayOff
from swat_desktop.domain.permissions import Action, can, refusal
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.qt_dates import date_edit, pydate
from swat_desktop.gui.rows_model import Column, RowsModel
from swat_desktop.gui.signals import Change
from swat_desktop.gui.widgets import close_only, error_label, notice, open_at, read_only_table, say
from swat_desktop.services import inoperatividad_flow as flow

WEEKDAYS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
NATIONAL = QColor("#52606d")


class DaysOffDialog(QDialog):
    """A day added or removed is announced (Change.SETTINGS): every deadline on screen moves."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        today = local_today(ctx.clock, LIMA)  # Peru's calendar: the deadlines are counted there
        self.ctx = ctx
        self.admin = can(ctx.user, Action.MANAGE_DAYS_OFF)
        self.setWindowTitle("Días no laborables")
        open_at(self, 620, 560)

        self.year = QSpinBox()
        self.year.setRange(2020, 2100)
        self.year.setValue(today.year)
        self.year.setAccessibleName("Año")
        self.year.valueChanged.connect(lambda _y: self.reload())
        year_row = QHBoxLayout()
        year_label = QLabel("&Año")
        year_label.setBuddy(self.year)
        year_row.addWidget(year_label)
        year_row.addWidget(self.year)
        year_row.addStretch(1)

        self.table = read_only_table(QTableView(), "daysOffTable")

        def ink(day: DayOff) -> QColor | None:
            return NATIONAL if day.national else None

        self.model: RowsModel[DayOff] = RowsModel([
            Column("Fecha", lambda d: f"{WEEKDAYS[d.day.weekday()]} {d.day:%d/%m/%Y}", ink=ink),
            Column("Descripción", lambda d: d.description, ink=ink),
            Column("Origen", lambda d: "Feriado nacional" if d.national
                   else f"Agregado por {d.added_by}", ink=ink)], self.table)
        self.table.setModel(self.model)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_remove())

        self.remove_button = QPushButton("&Quitar día agregado")
        self.remove_button.setAutoDefault(False)
        self.remove_button.setToolTip("Quitar un día que se agregó por error; los feriados "
                                      "nacionales no se quitan")
        self.remove_button.clicked.connect(self.remove_selected)

        self.day = date_edit(today)
        self.day.setAccessibleName("Día no laborable")
        self.description = QLineEdit()
        self.description.setMaxLength(200)
        self.description.setPlaceholderText("Feriado regional, cierre de la empresa…")
        self.description.setAccessibleName("Por qué no se trabaja")
        self.description.returnPressed.connect(self.add_day)
        self.add_button = QPushButton("A&gregar")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_day)
        add_form = QFormLayout()
        add_form.addRow("&Día", self.day)
        add_form.addRow("&Motivo", self.description)
        add_row = QHBoxLayout()
        add_row.addLayout(add_form, 1)
        add_row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.error = error_label()
        self.message = notice()
        self.message.hide()

        close = close_only(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.addWidget(notice(
            "El plazo del reporte a Regulatorio cuenta 3 días hábiles en Perú: de lunes a "
            "viernes, sin los feriados nacionales ni los días que agregue Control e "
            "Información."))
        layout.addLayout(year_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.add_box = QWidget()  # only Control e Información changes the calendar
        add_layout = QVBoxLayout(self.add_box)
        add_layout.setContentsMargins(0, 6, 0, 0)
        title = QLabel("Agregar un día no laborable")
        title.setObjectName("cardTitle")
        add_layout.addWidget(title)
        add_layout.addLayout(add_row)
        layout.addWidget(self.add_box)
        self.add_box.setVisible(self.admin)
        why = refusal(ctx.user, Action.MANAGE_DAYS_OFF)
        if why is not None:
            layout.addWidget(notice(why))
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(flow.days_off(self.ctx.store, self.year.value()))
        self._update_remove()

    def selected(self) -> DayOff | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0]) if rows else None

    def _update_remove(self) -> None:
        chosen = self.selected()
        self.remove_button.setVisible(self.admin)
        self.remove_button.setEnabled(chosen is not None and not chosen.national)

    def _say(self, text: str, error: bool = False) -> None:
        say(self.message, self.error, text, error)

    def add_day(self) -> None:
        picked = pydate(self.day.date())
        try:
            flow.add_non_working_day(self.ctx.store, self.ctx.user, picked,
                                    self.description.text())
        except ValidationError as exc:
            self._say("\n".join(exc.errors.values()), error=True)
            return
        self.description.clear()
        self.year.setValue(picked.year)
        self.reload()
        self._say(f"El {picked:%d/%m/%Y} se agregó como no laborable; los plazos se "
                  "recalcularon.")
        self.ctx.hub.announce(Change.SETTINGS)

    def remove_selected(self) -> None:
        chosen = self.selected()
        if chosen is None or chosen.national:
            return
        try:
            flow.remove_non_working_day(self.ctx.store, self.ctx.user, chosen.day)
        except ValidationError as exc:
            self._say("\n".join(exc.errors.values()), error=True)
            return
        self.reload()
        self._say(f"El {chosen.day:%d/%m/%Y} volvió a ser laborable; los plazos se "
                  "recalcularon.")
        self.ctx.hub.announce(Change.SETTINGS)
