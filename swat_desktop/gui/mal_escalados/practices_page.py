"""Prácticas de gestión: the leaders record the practices of the modelo de gestión operativa
they held, and see each week's goal against what they held, with the compliance over the last
weeks.

A leader sees their own week; the backoffice and the gerente choose any leader. The week's
figures are a few grouped queries, fast on the GUI thread; the week's registry (xlsx and PDF)
is written in the background like every other document.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.clock import local_today
from swat_desktop.domain.formatting import BOGOTA
from swat_desktop.domain.indicators import format_percent
from swat_desktop.domain.permissions import Action, can, refusal
from swat_desktop.domain.practice_compliance import (
    COMPLIANCE_RULE,
    LeaderWeek,
    PracticeLine,
    week_of,
)
from swat_desktop.domain.practices import CatalogueError, PracticeRecord
from swat_desktop.gui.charts import Bar, BarChart
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.file_notice import WrittenFiles
from swat_desktop.gui.mal_escalados.feedback_tables import heading
from swat_desktop.gui.mal_escalados.practice_entry import PracticeEntry
from swat_desktop.gui.operations import Done, Operation, is_running
from swat_desktop.gui.qt_dates import date_edit, pydate
from swat_desktop.gui.reason_dialog import ReasonDialog, ReasonRequest, Refused
from swat_desktop.gui.rows_model import Column, RowsModel, rows_view
from swat_desktop.gui.signals import Change
from swat_desktop.gui.subscriptions import follow
from swat_desktop.gui.widgets import error_label, notice, splitter
from swat_desktop.services import practices

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LOOK_ONLY = "Consulta: cada líder registra sus propias prácticas."
SERIES_WEEKS = 8
WEEKDAYS = ("Lun", "Mar", "Mié", "Jue", "Vie", "Sáb", "Dom")
RULE_IN_SHORT = ("Cumplimiento: realizadas ÷ meta, hasta 100 % por práctica; una meta "
                 "quincenal o semestral suma en la semana en que cierra.")

LINE_COLUMNS: tuple[Column[PracticeLine], ...] = (
    Column("Práctica", lambda line: line.practice.name),
    Column("Meta", lambda line: line.goal.label, tooltip=lambda line, _t: line.goal_text),
    Column("Realizadas", lambda line: f"{line.held} de {line.target}", align=RIGHT,
           sort=lambda line: line.held),
    Column("%", lambda line: format_percent(line.percent), align=RIGHT,
           sort=lambda line: line.percent),
    Column("Estado", lambda line: line.state.label,
           tooltip=lambda line, text: text if line.closes else (
               f"{text}: suma al total en la semana en que cierra su periodo, el "
               f"{line.window.end:%d/%m/%Y}")),
)
RECORD_COLUMNS: tuple[Column[PracticeRecord], ...] = (
    Column("Fecha", lambda r: f"{WEEKDAYS[r.held_on.weekday()]} {r.held_on:%d/%m}",
           sort=lambda r: r.held_on),
    Column("Hora", lambda r: f"{r.start_time:%H:%M}"),
    Column("Práctica", lambda r: r.practice_name),
    Column("Con quién", lambda r: r.participants),
    Column("Min", lambda r: str(r.duration_minutes), align=RIGHT),
    Column("Seguimiento", lambda r: r.follow_up + (f" (vence el {r.follow_up_due:%d/%m})"
                                                    if r.follow_up_due else "")),
)


def _fit_columns(table: QTableView, widths: dict[int, int]) -> None:
    """The text columns at ``widths`` (cut where they must, whole on hover), the others as
    wide as their values, the last one taking the rest: the numbers always show whole."""
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    for column in range(header.count() - 1):
        if column in widths:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            table.setColumnWidth(column, widths[column])
        else:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


class PracticesPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practices_page")
        self.ctx = ctx
        self.exports_dir = ctx.exports_dir or Path.home()
        self.export: Operation | None = None
        self.shown: LeaderWeek | None = None

        self.week_day = date_edit(local_today(ctx.clock, BOGOTA), name="Semana")
        week_label = QLabel("Se&mana del")
        week_label.setBuddy(self.week_day)
        self.week_label = QLabel()
        self.leader = QComboBox()
        self.leader.setAccessibleName("Líder")
        # As wide as the room allows, not as the longest name: the header fits a laptop.
        self.leader.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.leader.setMinimumContentsLength(14)
        self.leader_label = QLabel("&Líder")
        self.leader_label.setBuddy(self.leader)
        self.export_button = QPushButton("E&xportar semana…")
        self.export_button.setToolTip("El registro de la semana en xlsx y PDF")
        header = QHBoxLayout()
        header.addWidget(heading("Prácticas de gestión"))
        header.addSpacing(18)
        for widget in (week_label, self.week_day, self.week_label):
            header.addWidget(widget)
        header.addSpacing(12)
        header.addWidget(self.leader_label)
        header.addWidget(self.leader, 1)
        header.addStretch(1)
        header.addWidget(self.export_button)
        self.role_note = notice(LOOK_ONLY)
        self.export_note = error_label()

        try:
            catalogue = practices.catalogue()
        except CatalogueError as exc:  # the page says why instead of failing to open
            self.entry = None
            self.broken = notice(str(exc))
        else:
            self.entry = PracticeEntry(ctx, catalogue)
            self.broken = None

        self.lines: RowsModel[PracticeLine] = RowsModel(LINE_COLUMNS, self, align_headers=True)
        self.line_table = rows_view(self.lines, "practiceLines")
        _fit_columns(self.line_table, {0: 170})
        self.total = heading("")
        self.total.setWordWrap(True)
        self.rule = notice(RULE_IN_SHORT)
        self.rule.setToolTip(COMPLIANCE_RULE)
        self.chart = BarChart("Cumplimiento por semana", limit=SERIES_WEEKS, full=100.0)
        week_box = QWidget()
        week_layout = QVBoxLayout(week_box)
        week_layout.setContentsMargins(0, 4, 0, 0)
        week_layout.addWidget(self.total)
        week_layout.addWidget(self.line_table, 1)
        week_layout.addWidget(self.rule)
        # The goals of the week take the column's height; the weeks before are one tab away.
        self.week_tabs = QTabWidget()
        self.week_tabs.setDocumentMode(True)
        self.week_tabs.addTab(week_box, "Metas de la semana")
        self.week_tabs.addTab(self.chart, f"Últimas {SERIES_WEEKS} semanas")

        self.records: RowsModel[PracticeRecord] = RowsModel(RECORD_COLUMNS, self)
        self.record_table = rows_view(self.records, "practiceRecords")
        _fit_columns(self.record_table, {2: 160, 3: 130})
        self.record_table.doubleClicked.connect(lambda _i: self.correct_chosen())
        self.record_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.correct_button = QPushButton("&Corregir")
        self.correct_button.clicked.connect(self.correct_chosen)
        self.delete_button = QPushButton("&Eliminar…")
        self.delete_button.clicked.connect(self.delete_chosen)
        record_buttons = QHBoxLayout()
        record_buttons.addWidget(QLabel("Prácticas de la semana"))
        record_buttons.addStretch(1)
        record_buttons.addWidget(self.correct_button)
        record_buttons.addWidget(self.delete_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        if self.entry is not None:
            left_layout.addWidget(self.entry)
        left_layout.addLayout(record_buttons)
        left_layout.addWidget(self.record_table, 1)

        self.content = splitter(Qt.Orientation.Horizontal, (left, self.week_tabs), (500, 580),
                                (1, 1))
        self.refused = notice()
        self.refused.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.content)
        self.stack.addWidget(self.refused)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(header)
        if self.broken is not None:
            layout.addWidget(self.broken)
        layout.addWidget(self.role_note)
        layout.addWidget(self.export_note)
        layout.addWidget(self.stack, 1)

        self.week_day.dateChanged.connect(lambda _d: self.refresh())
        self.leader.currentIndexChanged.connect(lambda _i: self.refresh())
        self.export_button.clicked.connect(self.choose_folder)
        follow(self, ctx.hub, (Change.PRACTICES,), self.refresh, every_show=True)
        ctx.hub.user_changed.connect(self._apply_role)
        self._apply_role()

    # -- who is looking ---------------------------------------------------------------
    def _apply_role(self, _user: object = None) -> None:
        user = self.ctx.user
        said = refusal(user, Action.VIEW_PRACTICES)
        self.stack.setCurrentIndex(1 if said else 0)
        self.refused.setText(said or "")
        records = can(user, Action.RECORD_PRACTICE)
        if self.entry is not None:
            self.entry.setVisible(records)
            if records:
                self.entry.new()
        self.role_note.setVisible(said is None and not records)
        self.correct_button.setVisible(records)
        self.delete_button.setVisible(records)
        self.export_button.setEnabled(said is None)
        everybody = said is None and can(user, Action.VIEW_ALL_PRACTICES)
        self.leader.setVisible(everybody)
        self.leader_label.setVisible(everybody)
        self.leader.blockSignals(True)
        self.leader.clear()
        if everybody:
            for leader in practices.leaders(self.ctx.store, user):
                self.leader.addItem(f"{leader.name} · {leader.role.label}", leader.id)
            own = self.leader.findData(user.id)
            self.leader.setCurrentIndex(max(own, 0))
        self.leader.blockSignals(False)
        self.refresh()

    def chosen_leader(self) -> int | None:
        if self.leader.isHidden() and not can(self.ctx.user, Action.VIEW_ALL_PRACTICES):
            return self.ctx.user.id
        value = self.leader.currentData()
        return int(value) if value is not None else None

    # -- the week -----------------------------------------------------------------------
    def refresh(self) -> None:
        user, store = self.ctx.user, self.ctx.store
        day = pydate(self.week_day.date())
        week = week_of(day)
        self.week_label.setText(f"{week.start:%d/%m} al {week.end:%d/%m/%Y}")
        leader_id = self.chosen_leader()
        if (refusal(user, Action.VIEW_PRACTICES) or self.broken is not None
                or leader_id is None):
            self._show(None, [], [])
            return
        series = practices.weeks_series(store, user, leader_id, day, SERIES_WEEKS)
        held = practices.registry(store, user, week, leader_id)
        self._show(series[-1], series, held)

    def _show(self, shown: LeaderWeek | None, series: list[LeaderWeek],
              held: list[PracticeRecord]) -> None:
        self.shown = shown
        self.lines.set_rows(list(shown.lines) if shown else [])
        self.records.set_rows(held)
        if shown is None:
            self.total.setText("Sin líder que mostrar" if self.broken is None else "")
        else:
            self.total.setText(
                f"{shown.leader.name}: cumplimiento {format_percent(shown.percent)} "
                f"({shown.met} de {shown.target} metas que cierran en la semana)")
        self.chart.set_bars([Bar(f"Semana {w.week.start:%d/%m}", w.percent,
                                 format_percent(w.percent)) for w in series])
        self._update_buttons()

    def chosen_record(self) -> PracticeRecord | None:
        rows = self.record_table.selectionModel().selectedRows()
        return self.records.row(rows[0]) if rows else None

    def _update_buttons(self) -> None:
        record = self.chosen_record()
        own = record is not None and record.leader_id == self.ctx.user.id
        self.correct_button.setEnabled(own and self.entry is not None)
        self.delete_button.setEnabled(own)
        self.export_button.setEnabled(not is_running(self.export)
                                      and can(self.ctx.user, Action.VIEW_PRACTICES))

    # -- correcting and deleting ---------------------------------------------------------
    def correct_chosen(self) -> None:
        record = self.chosen_record()
        if record is not None and self.entry is not None and self.correct_button.isEnabled():
            self.entry.correct(record)

    def delete_chosen(self) -> ReasonDialog | None:
        record = self.chosen_record()
        if record is None or not self.delete_button.isEnabled():
            return None
        store, user = self.ctx.store, self.ctx.user

        def submit(reason: str, _choice: object) -> None:
            try:
                practices.delete_practice(store, user, record.id, record.version, reason)
            except practices.StalePracticeError as exc:
                raise Refused(str(exc), final=True) from exc

        dialog = ReasonDialog(ReasonRequest(
            title="Eliminar práctica",
            explanation=(f"{record.practice_name} del {record.held_on:%d/%m/%Y} a las "
                         f"{record.start_time:%H:%M} deja de contar para el cumplimiento; "
                         "queda en la auditoría con el motivo."),
            ok_text="Eliminar", placeholder="Registrada por error, repetida…"),
            submit, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._deleted(record))
        dialog.open()
        return dialog

    def _deleted(self, record: PracticeRecord) -> None:
        self.ctx.hub.announce(Change.PRACTICES)
        self.ctx.hub.say(f"{record.practice_name} del {record.held_on:%d/%m/%Y} eliminada.")

    # -- the week's registry --------------------------------------------------------------
    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Carpeta para el registro de prácticas", str(self.exports_dir))
        if folder:
            self.exports_dir = Path(folder)
            self.export_to(Path(folder))

    def export_to(self, folder: Path) -> Operation | None:
        if is_running(self.export):
            return None
        store, user, day = self.ctx.store, self.ctx.user, pydate(self.week_day.date())
        self.export = Operation(
            self.ctx.hub, lambda _p, _c: practices.export_week(store, user, day, folder),
            describe=lambda files: Done(f"Registro de prácticas guardado en {folder}",
                                        WrittenFiles("Registro de prácticas de gestión "
                                                     "guardado.", (files.xlsx, files.pdf))),
            failure="No se pudo generar el registro de prácticas", parent=self)
        self.export.ended.connect(self._export_ended)
        self.export.failed.connect(self._export_failed)
        self.export_note.hide()
        self.export.start()
        self._update_buttons()
        return self.export

    def _export_ended(self) -> None:
        self.export = None
        self._update_buttons()

    def _export_failed(self, text: str) -> None:
        self.export_note.setText(text)
        self.export_note.show()
