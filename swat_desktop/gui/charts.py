"""Two small charts painted with QPainter: ranked horizontal bars and a daily column trend.

QtCharts would need PySide6-Addons (about 150 MB more in every install) for two chart kinds
that take a page of painting each. Both charts show their numbers on the bars, so nobody has
to guess a value from an axis.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

ACCENT = QColor("#b3261e")
MUTED = QColor("#d9dde3")
TEXT = QColor("#1f2933")
FAINT = QColor("#616e7c")
EMPTY_TEXT = "Sin datos en el periodo"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    caption: str  # what is written at the end of the bar: "3 · 30,00 %"


class BarChart(QWidget):
    """Horizontal bars, largest first, the label on the left and the caption at the end."""

    ROW = 22

    def __init__(self, title: str, limit: int = 10, parent: QWidget | None = None,
                 full: float | None = None) -> None:
        """``full``: the value a whole bar stands for (100 for percentages of a goal); the
        largest bar's by default."""
        super().__init__(parent)
        self.title = title
        self.limit = limit
        self.full = full
        self.bars: list[Bar] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self.bars = list(bars)[: self.limit]
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 34 + self.ROW * max(len(self.bars), 3))

    def minimumSizeHint(self) -> QSize:
        return QSize(240, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        _title(painter, self.title, self.width())
        if not self.bars or max(b.value for b in self.bars) <= 0:
            _empty(painter, self.rect().adjusted(0, 24, 0, 0))
            return
        metrics = QFontMetrics(self.font())
        label_width = min(int(self.width() * 0.38), max(metrics.horizontalAdvance(b.label)
                                                         for b in self.bars) + 8)
        caption_width = max(metrics.horizontalAdvance(b.caption) for b in self.bars) + 10
        track = max(self.width() - label_width - caption_width - 8, 20)
        top = self.full or max(b.value for b in self.bars)
        for row, bar in enumerate(self.bars):
            y = 30 + row * self.ROW
            painter.setPen(TEXT)
            label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_width - 8)
            painter.drawText(QRectF(0, y, label_width - 8, self.ROW - 4),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            length = track * bar.value / top
            painter.fillRect(QRectF(label_width, y + 3, track, self.ROW - 10), QColor("#f1f2f4"))
            painter.fillRect(QRectF(label_width, y + 3, length, self.ROW - 10), ACCENT)
            painter.setPen(FAINT)
            painter.drawText(QRectF(label_width + length + 6, y, caption_width, self.ROW - 4),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             bar.caption)
        painter.end()


@dataclass(frozen=True)
class Column:
    label: str  # "21/11"
    total: int  # records of the day: the pale column
    part: int  # counted mal escalados: the accent column in front


class TrendChart(QWidget):
    """Columns per day: the day's records in grey, its counted mal escalados in red."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.columns: list[Column] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def set_columns(self, columns: Sequence[Column]) -> None:
        self.columns = list(columns)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 200)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 180)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        _title(painter, self.title, self.width())
        _legend(painter, self.width())
        top = max((c.total for c in self.columns), default=0)
        if top <= 0:
            _empty(painter, self.rect().adjusted(0, 24, 0, 0))
            return
        metrics = QFontMetrics(self.font())
        area = QRectF(8, 44, self.width() - 16, self.height() - 44 - metrics.height() - 8)
        slot = area.width() / len(self.columns)
        every = max(1, int((metrics.horizontalAdvance("00/00") + 8) // slot) + 1)
        width = max(min(slot * 0.7, 40), 2)
        for index, column in enumerate(self.columns):
            x = area.left() + index * slot + (slot - width) / 2
            for value, color in ((column.total, MUTED), (column.part, ACCENT)):
                height = area.height() * value / top
                painter.fillRect(QRectF(x, area.bottom() - height, width, height), color)
            if len(self.columns) <= 8 and column.total:
                painter.setPen(TEXT)
                painter.drawText(QRectF(x - 20, area.bottom() - area.height() * column.total / top
                                        - metrics.height() - 2, width + 40, metrics.height()),
                                 Qt.AlignmentFlag.AlignCenter, f"{column.part} / {column.total}")
            if index % every == 0:
                painter.setPen(FAINT)
                painter.drawText(QRectF(x - 20, area.bottom() + 4, width + 40, metrics.height()),
                                 Qt.AlignmentFlag.AlignCenter, column.label)
        painter.end()


def _title(painter: QPainter, text: str, width: int) -> None:
    font = QFont(painter.font())
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(TEXT)
    painter.drawText(QRectF(0, 0, width, 22), Qt.AlignmentFlag.AlignLeft
                     | Qt.AlignmentFlag.AlignVCenter, text)
    font.setBold(False)
    painter.setFont(font)


def _legend(painter: QPainter, width: int) -> None:
    metrics = QFontMetrics(painter.font())
    x = 8
    for text, color in (("Registros de la base", MUTED), ("Mal escaladas contadas", ACCENT)):
        painter.fillRect(QRectF(x, 28, 10, 10), color)
        painter.setPen(FAINT)
        painter.drawText(QRectF(x + 14, 24, width, 18), Qt.AlignmentFlag.AlignLeft
                         | Qt.AlignmentFlag.AlignVCenter, text)
        x += 14 + metrics.horizontalAdvance(text) + 16


def _empty(painter: QPainter, rect: QRect) -> None:
    painter.setPen(FAINT)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, EMPTY_TEXT)
    painter.end()
