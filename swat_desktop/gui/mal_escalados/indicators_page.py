"""Indicators and cuts: the two indicators of the procedure for a period, drawn and tabulated,
and the exports (cut as xlsx + PDF, CONSOLIDADO as xlsx) that go to formación, calidad and
the operation's management.

Computing a month is a few grouped SQL queries, fast enough to run on the GUI thread when a
filter changes; the exports write 100,000-row workbooks and run in the background.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.cut_distribution import NO_RECIPIENTS
from swat_desktop.domain.formatting import format_count
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.indicators import (
    ADVISOR_FORMULA,
    CAUSAL_FORMULA,
    COUNTING_RULE,
    DENOMINATOR_NOTE,
    Indicators,
    format_percent,
    sent_and_valid,
)
from swat_desktop.domain.periods import Period, PeriodKind, period_for
from swat_desktop.gui.charts import Bar, BarChart, Column, TrendChart
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.file_notice import WrittenFiles
from swat_desktop.gui.mal_escalados.cut_recipients_dialog import RecipientsDialog
from swat_desktop.gui.mal_escalados.indicator_tables import (
    ADVISOR_CELLS,
    CAUSAL_CELLS,
    DAY_CELLS,
    Tile,
    figures_table,
    fill_table,
    titled,
)
from swat_desktop.gui.operations import Done, Operation, Work, is_running
from swat_desktop.gui.qt_dates import date_edit, pydate, qdate
from swat_desktop.gui.signals import Change
from swat_desktop.gui.subscriptions import follow
from swat_desktop.gui.widgets import notice
from swat_desktop.services import cut_distribution, indicators, reports, review
from swat_desktop.services.indicators import Scope

ALL_SUPERVISORS = "Todos los supervisores"
# What the figures count: verdicts, claims accepted, sessions (recurrences) and bases.
SHOWN = (Change.CASES, Change.CLAIMS, Change.FEEDBACK, Change.BASES)
MAIL_WRITTEN = ("Correo del corte guardado con el xlsx y el PDF adjuntos: «Abrir» en la fila "
                "del .eml lo abre en el programa de correo para revisarlo y enviarlo.")


class IndicatorsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.exports_dir = ctx.exports_dir or Path.home()
        self.result: Indicators | None = None
        self.export: Operation | None = None

        self.kinds = list(PeriodKind)  # by index: Qt hands enum item data back as plain str
        self.kind = QComboBox()
        self.kind.addItems([k.label for k in self.kinds])
        self.kind.setCurrentIndex(self.kinds.index(PeriodKind.MENSUAL))
        self.day = date_edit()
        self.until = date_edit()
        self.until_label = QLabel("hasta")
        self.supervisor = QComboBox()
        self.supervisor.setMinimumContentsLength(18)
        self.corte_button = QPushButton("Exportar corte…")
        self.corte_button.setToolTip("Corte del periodo en xlsx y PDF, con los gráficos")
        self.consolidado_button = QPushButton("Exportar CONSOLIDADO…")
        self.consolidado_button.setToolTip("Todas las cuentas revisadas del periodo, por asesor "
                                           "y por causal (xlsx)")
        self.corte_button.clicked.connect(lambda: self._ask_folder(self.export_corte))
        self.mail_button = QPushButton("Correo del corte…")
        self.mail_button.setToolTip("El corte en xlsx y PDF y un correo .eml con los dos "
                                    "adjuntos para los destinatarios de los cortes")
        self.mail_button.clicked.connect(self.ask_mail)
        self.recipients_button = QPushButton("Destinatarios…")
        self.recipients_button.setToolTip("A quién se envían los cortes: formación y calidad, "
                                          "administración")
        self.recipients_button.clicked.connect(self.open_recipients)
        self.consolidado_button.clicked.connect(
            lambda: self._ask_folder(self.export_consolidado))

        controls = QHBoxLayout()
        for widget in (QLabel("Periodo"), self.kind, self.day, self.until_label, self.until,
                       QLabel("Supervisor"), self.supervisor):
            controls.addWidget(widget)
        controls.addStretch(1)
        controls.addWidget(self.corte_button)
        controls.addWidget(self.mail_button)

        self.heading = QLabel()
        self.heading.setObjectName("cardTitle")
        self.export_note = notice()
        self.export_note.setTextFormat(Qt.TextFormat.PlainText)
        self.tiles = {
            "records": Tile("Enviados (denominador)"),
            "reviewed": Tile("Revisadas"),
            "counted": Tile("Mal escaladas contadas"),
            "procede": Tile("Procede · error del asesor"),
            "no_procede": Tile("No procede · error de soporte"),
            "claims": Tile("Reclamaciones: aceptadas / rechazadas / pendientes"),
            "recurrences": Tile("Recurrencias tras compromiso"),
        }
        tiles = QHBoxLayout()
        for tile in self.tiles.values():
            tiles.addWidget(tile, 1)
        notes = notice(f"{DENOMINATOR_NOTE} {ADVISOR_FORMULA}. {CAUSAL_FORMULA}. {COUNTING_RULE}")

        self.ranking = BarChart("% cuentas mal escaladas por asesor (10 más altos)")
        self.causales_chart = BarChart("% recurrencia por tipo de error", limit=13)
        self.trend = TrendChart("Tendencia diaria")
        self.advisors_table = figures_table(ADVISOR_CELLS, 0, self)
        self.causales_table = figures_table(CAUSAL_CELLS, 1, self)
        self.days_table = figures_table(DAY_CELLS, 0, self)

        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.addWidget(self.ranking, 0, 0)
        grid.addWidget(self.causales_chart, 0, 1)
        grid.addWidget(self.trend, 1, 0, 1, 2)
        self.empty_note = QLabel("No hay registros en el periodo: no se importó ninguna base "
                                 "con esas fechas.")
        self.empty_note.setObjectName("cardTitle")
        self.empty_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(self.empty_note, 2, 0, 1, 2)
        grid.addWidget(titled("Asesores", self.advisors_table), 3, 0, 1, 2)
        top = Qt.AlignmentFlag.AlignTop
        grid.addWidget(titled("Causales", self.causales_table), 4, 0, alignment=top)
        grid.addWidget(titled("Días con base", self.days_table), 4, 1, alignment=top)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)

        content = QWidget()
        body = QVBoxLayout(content)
        body.addWidget(self.heading)
        body.addLayout(tiles)
        body.addWidget(notes)
        body.addLayout(grid)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)

        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        # A second row: one row with every button does not fit a laptop's 1280 px at 125 %.
        notes_row = QHBoxLayout()
        notes_row.addWidget(self.export_note, 1)
        for button in (self.recipients_button, self.consolidado_button):
            notes_row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(notes_row)
        layout.addWidget(scroll, 1)

        self._reload_supervisors()
        default = indicators.default_period(ctx.store)  # the same as Retroalimentación
        self.set_period(default.kind, default.start)
        # A date typed digit by digit changes several times: recompute once it settles.
        self.settle = QTimer(self)
        self.settle.setSingleShot(True)
        self.settle.setInterval(300)
        self.settle.timeout.connect(self.refresh)
        self.kind.currentIndexChanged.connect(self.refresh)
        self.day.dateChanged.connect(self.settle.start)
        self.until.dateChanged.connect(self.settle.start)
        self.supervisor.currentIndexChanged.connect(self.refresh)
        follow(self, ctx.hub, SHOWN, self.refresh, every_show=True)

    @property
    def user(self) -> UserProfile:
        return self.ctx.user

    def _reload_supervisors(self) -> None:
        current = self.supervisor.currentText()
        self.supervisor.blockSignals(True)
        self.supervisor.clear()
        self.supervisor.addItem(ALL_SUPERVISORS, "")
        for name in review.supervisors(self.ctx.store):
            self.supervisor.addItem(name, name)
        index = self.supervisor.findText(current)
        self.supervisor.setCurrentIndex(max(index, 0))
        self.supervisor.blockSignals(False)

    def set_period(self, kind: PeriodKind, day: date, until: date | None = None) -> None:
        for widget in (self.kind, self.day, self.until):
            widget.blockSignals(True)
        self.kind.setCurrentIndex(self.kinds.index(kind))
        self.day.setDate(qdate(day))
        self.until.setDate(qdate(until or day))
        for widget in (self.kind, self.day, self.until):
            widget.blockSignals(False)
        self.refresh()

    def period(self) -> Period:
        kind = self.current_kind()
        start = pydate(self.day.date())
        if kind is PeriodKind.RANGO:
            end = pydate(self.until.date())
            return Period(min(start, end), max(start, end))
        return period_for(kind, start)

    def current_kind(self) -> PeriodKind:
        return self.kinds[self.kind.currentIndex()]

    def scope(self) -> Scope:
        return Scope(supervisor=self.supervisor.currentData() or "")

    def refresh(self) -> None:
        ranged = self.current_kind() is PeriodKind.RANGO
        self.until.setVisible(ranged)
        self.until_label.setVisible(ranged)
        self._reload_supervisors()
        self.show_result(indicators.compute(self.ctx.store, self.period(), self.scope()))

    def show_result(self, result: Indicators) -> None:
        self.result = result
        self.empty_note.setVisible(result.is_empty)
        for table in (self.advisors_table, self.causales_table, self.days_table):
            table.parentWidget().setVisible(not result.is_empty)
        self.heading.setText(f"Periodo: {result.period.label} · {result.scope} · "
                             f"{sent_and_valid(result.records, result.valid)}")
        self.tiles["records"].set(format_count(result.records), "Enviados (denominador) · "
                                  f"{format_count(result.valid)} válidos")
        self.tiles["reviewed"].set(f"{result.reviewed}", f"Revisadas · {result.pending} "
                                                         "sin revisar")
        self.tiles["counted"].set(f"{result.counted} · {format_percent(result.percent)}")
        self.tiles["procede"].set(str(result.procede))
        self.tiles["no_procede"].set(str(result.no_procede))
        self.tiles["claims"].set(f"{result.claims_accepted} / {result.claims_rejected} / "
                                 f"{result.claims_pending}")
        self.tiles["recurrences"].set(str(result.recurrences))
        self.ranking.set_bars([
            Bar(a.asesor_nombre, a.percent, f"{a.counted} · {format_percent(a.percent)}")
            for a in result.advisors if a.counted])
        self.causales_chart.set_bars([
            Bar(f"{c.code} {c.name}", c.percent, f"{c.accounts} · {format_percent(c.percent)}")
            for c in result.causales])
        self.trend.set_columns([Column(f"{d.day:%d/%m}", d.records, d.counted)
                                for d in result.days])
        fill_table(self.advisors_table, result.advisors)
        fill_table(self.causales_table, result.causales)
        fill_table(self.days_table, [d for d in result.days if d.records])

    # Exports run in the background: a month's CONSOLIDADO is 100,000 rows.

    def _ask_folder(self, export: Callable[[Path], None]) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Carpeta donde guardar el informe",
                                                  str(self.exports_dir))
        if chosen:
            self.exports_dir = Path(chosen)
            export(self.exports_dir)

    def export_corte(self, folder: Path) -> None:
        period, user, scope, store = self.period(), self.user, self.scope(), self.ctx.store
        self._run(lambda _p, _c: reports.export_corte(store, user, period, folder, scope),
                  lambda files: [files.xlsx, files.pdf])

    def ask_mail(self) -> None:
        """Without recipients nothing is written: the note says where to configure them."""
        if not cut_distribution.recipients(self.ctx.store):
            self.export_note.setText(NO_RECIPIENTS)
            return
        self._ask_folder(self.mail_corte)

    def mail_corte(self, folder: Path) -> None:
        period, user, scope, store = self.period(), self.user, self.scope(), self.ctx.store
        self._run(lambda _p, _c: cut_distribution.mail_corte(store, user, period, folder, scope),
                  lambda mail: [mail.eml, mail.files.xlsx, mail.files.pdf], MAIL_WRITTEN)

    def open_recipients(self) -> RecipientsDialog:
        dialog = RecipientsDialog(self.ctx, self)
        dialog.open()
        return dialog

    def export_consolidado(self, folder: Path) -> None:
        period, user, store = self.period(), self.user, self.ctx.store
        self._run(lambda _p, _c: reports.export_consolidado(store, user, period, folder),
                  lambda path: [path])

    def _run(self, work: Work, paths_of: Callable[[Any], list[Path]],
             written: str = "Informe guardado.") -> None:
        if is_running(self.export):
            return
        self._enable_exports(False)
        self.export_note.setText("Generando el informe…")
        self.export = Operation(
            self.ctx.hub, work, describe=lambda result: self._done(paths_of(result), written),
            failure="No se pudo generar el informe", parent=self)
        self.export.ended.connect(self._exports_done)
        self.export.failed.connect(self.export_note.setText)
        self.export.start()

    def _done(self, paths: list[Path], written: str) -> Done:
        folder = paths[0].parent
        self.export_note.setText(f"Guardado en {folder}: {' · '.join(p.name for p in paths)}")
        return Done(f"Informe guardado en {folder}", WrittenFiles(written, tuple(paths)))

    def _enable_exports(self, enabled: bool) -> None:
        for button in (self.corte_button, self.mail_button, self.consolidado_button):
            button.setEnabled(enabled)

    def _exports_done(self) -> None:
        self.export = None
        self._enable_exports(True)
