"""The card of Criterios de Evaluación 3 and 4 (seed 004) in «Seguimiento y evaluación»: the
tipificaciones of the event's trámite against the same weekday of the 4 weeks before (with a
small chart), the day's Reclamos and LDR in all channels against the 7 days before, and
Atención Online's report. It shows a RecordCriteria (services.inoperatividad_criteria); the
EvaluationPanel wires its buttons and writes."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QLineEdit, QSizePolicy, QSpinBox, QWidget

from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.inoperatividad_criteria import (
    MAX_ONLINE_NOTE,
    MAX_POSTS,
    NO_DATA,
    Comparison,
    Measure,
    RecordCriteria,
)
from swat_desktop.domain.permissions import Action
from swat_desktop.gui.charts import ACCENT, FAINT, MUTED, TEXT
from swat_desktop.gui.inoperatividad.buttons import push_button
from swat_desktop.gui.inoperatividad.cards import Card, column
from swat_desktop.gui.inoperatividad.evaluation_cards import (
    LABEL_WIDTH,
    allow,
    row,
    value_label,
    when,
)
from swat_desktop.gui.widgets import error_label, notice

NO_IMPORT = ("Sin datos: no se importaron las tipificaciones de esos días («Importar "
             "tipificaciones…»).")


class ComparisonChart(QWidget):
    """The previous weeks in grey, oldest first, and the event in red at the right; a week the
    export does not cover says «sin datos» instead of a column of 0."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.measures: list[tuple[Measure, bool]] = []  # (measure, is the event)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(120)

    def set_comparison(self, comparison: Comparison | None) -> None:
        self.measures = [] if comparison is None else [
            *((m, False) for m in reversed(comparison.previous)), (comparison.current, True)]
        self.setVisible(comparison is not None)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 120)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.measures:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        top = max((m.value or 0 for m, _ in self.measures), default=0) or 1
        area = QRectF(4, line + 4, self.width() - 8, self.height() - 2 * line - 12)
        slot = area.width() / len(self.measures)
        width = max(min(slot * 0.6, 48), 4)
        centre = Qt.AlignmentFlag.AlignCenter
        for index, (measure, current) in enumerate(self.measures):
            x = area.left() + index * slot + (slot - width) / 2
            label = QRectF(x - 20, area.bottom() + 4, width + 40, line)
            painter.setPen(TEXT if current else FAINT)
            painter.drawText(label, centre, measure.label)
            if measure.value is None:
                painter.setPen(FAINT)
                painter.drawText(QRectF(x - 20, area.bottom() - line, width + 40, line), centre,
                                 NO_DATA)
                continue
            height = area.height() * measure.value / top
            painter.fillRect(QRectF(x, area.bottom() - height, width, height),
                             ACCENT if current else MUTED)
            painter.setPen(TEXT)
            painter.drawText(QRectF(x - 20, area.bottom() - height - line - 2, width + 40, line),
                             centre, str(measure.value))
        painter.end()


def _days(previous: Sequence[Measure]) -> str:
    return " · ".join(f"{m.label}: {m.text}" for m in previous)


class MeasuresCard(Card):
    def __init__(self) -> None:
        super().__init__("Criterios 3 y 4: tipificaciones, reclamos y Atención Online",
                         LABEL_WIDTH, "filterLabel")
        self.tipificaciones = value_label()
        self.chart = ComparisonChart()
        self.import_button = push_button("Importar &tipificaciones…",
                                         "El reporte de tipificaciones por día, canal y trámite "
                                         "(xlsx, xls o csv)")
        self.import_state = notice()
        self.import_state.hide()
        self.reclamos = value_label()
        self.line("3. Tipificaciones del trámite", column(self.tipificaciones, self.chart))
        self.line("4. Reclamos y LDR del día", self.reclamos)
        self.line("Tipificaciones", column(row(self.import_button), self.import_state))
        self.online_state = value_label()
        self.public = _count_box("Publicaciones públicas")
        self.inbox = _count_box("Mensajes por inbox")
        self.note = QLineEdit()
        self.note.setAccessibleName("Nota de Atención Online")
        self.note.setPlaceholderText("Nota (opcional): qué dicen, en qué red")
        self.note.setMaxLength(MAX_ONLINE_NOTE)
        self.online_button = push_button("Registrar &informe",
                                         "Guardar el informe de Atención Online (queda en la "
                                         "auditoría)")
        self.online_error = error_label()
        self.inputs = [self.public, self.inbox, self.note, self.online_button]
        self.line("3a. Atención Online (redes sociales)", column(
            self.online_state, row(self.public, self.inbox),
            row(self.note, self.online_button, stretch_first=True), self.online_error))

    def say_import(self, text: str) -> None:
        """How the last import went (or is going), under its button."""
        self.import_state.setText(text)
        self.import_state.setVisible(bool(text))

    def show_criteria(self, found: RecordCriteria, user: UserProfile) -> None:
        measured = found.criteria
        tip = measured.tipificaciones if measured is not None else None
        if measured is None:
            self.tipificaciones.setText("El registro no tiene inicio: no hay rango que medir.")
        elif not measured.has_data:
            self.tipificaciones.setText(NO_IMPORT)
        elif tip is None:
            self.tipificaciones.setText("El registro no tiene tipo de trámite.")
        else:
            tramite = measured.tramite.label if measured.tramite else ""
            self.tipificaciones.setText(
                f"{tramite} en {measured.scope_label}, {measured.range_label}: {tip.summary}\n"
                f"Mismo día de las 4 semanas previas: {_days(tip.previous)}")
        self.chart.set_comparison(tip if tip is not None and measured is not None
                                  and measured.has_data else None)
        if measured is None or not measured.has_data:
            self.reclamos.setText(NO_DATA.capitalize() + ".")
        else:
            self.reclamos.setText(
                f"Reclamos en todos los canales: {measured.reclamos.summary}\n"
                f"LDR en todos los canales: {measured.ldr.summary}\n"
                f"Días previos (reclamos): {_days(measured.reclamos.previous)}")
        allow(self.import_button, user, Action.IMPORT_TIPIFICACIONES,
              "El reporte de tipificaciones por día, canal y trámite (xlsx, xls o csv)")
        online = found.online
        self.online_state.setText(
            "Sin informe todavía." if online is None else
            f"{online.summary}, registrado por {online.recorded_by}, {when(online.recorded_at)}"
            + (f" · {online.note}" if online.note else ""))
        for widget in self.inputs:
            allow(widget, user, Action.RECORD_ATENCION_ONLINE)
        self.public.setValue(online.public_posts if online else 0)
        self.inbox.setValue(online.inbox_messages if online else 0)
        self.note.setText(online.note if online else "")
        self.online_button.setText("Corregir &informe" if online else "Registrar &informe")


def _count_box(name: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, MAX_POSTS)
    box.setAccessibleName(name)
    box.setPrefix(f"{name}: ")
    return box
