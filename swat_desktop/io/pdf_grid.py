"""Tables and columns of a paper form: a ruled table whose header repeats when its rows run
onto the next page, and stacks of pieces side by side."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from swat_desktop.io.pdf_common import (
    ACCENT,
    GREY_MID,
    RULE,
)
from swat_desktop.io.pdf_pen import (
    CELL,
    HANDWRITTEN,
    HEADER,
    NUMBER,
    Marks,
    Pen,
    wrap,
)
from swat_desktop.io.pdf_pieces import Piece, draw_stack, stack_height


@dataclass(frozen=True)
class Column:
    title: str
    weight: float
    centered: bool = False
    printed: bool = False  # part of the form (row numbers), not a typed value


class Grid(Piece):
    """A ruled table with a shaded header that repeats when the rows run onto the next page.

    A cell is typed text, or a bool drawn as a tick box; ``blank`` rows are tall enough to
    write in.
    """

    INSET = 3
    BLANK_ROW = 22  # 7.8 mm: a line of handwriting, and a tick square with room around it

    def __init__(self, columns: Sequence[Column], rows: Sequence[Sequence[str | bool]],
                 blank: bool = False, marks: Marks = HANDWRITTEN) -> None:
        self.columns, self.rows, self.blank, self.marks = columns, rows, blank, marks

    def _widths(self, width: float) -> list[float]:
        total = sum(c.weight for c in self.columns)
        return [width * c.weight / total for c in self.columns]

    def _lines(self, cell: str | bool, width: float) -> tuple[str, ...]:
        if isinstance(cell, bool):
            return ()
        return wrap(cell, width - 2 * self.INSET, CELL.name, CELL.size)

    def _header_height(self, width: float) -> float:
        return max(len(wrap(c.title, w - 2 * self.INSET, HEADER.name, HEADER.size))
                   for c, w in zip(self.columns, self._widths(width), strict=True)
                   ) * HEADER.leading + 2 * self.INSET

    def _row_height(self, row: Sequence[str | bool], widths: Sequence[float]) -> float:
        lines = max(len(self._lines(cell, w)) for cell, w in zip(row, widths, strict=True))
        ticks = any(isinstance(cell, bool) for cell in row)
        return max(lines * CELL.leading + 2 * self.INSET + 1,
                   self.marks.box + 2 * self.INSET + 2 if ticks else 0,
                   self.BLANK_ROW if self.blank else 0)

    def measure(self, width: float) -> float:
        widths = self._widths(width)
        return self._header_height(width) + sum(self._row_height(r, widths) for r in self.rows)

    def draw(self, pen: Pen, x: float, top: float, width: float) -> None:
        widths = self._widths(width)
        header = self._header_height(width)
        pen.fill(ACCENT)
        pen.canvas.rect(x, top - header, width, header, stroke=0, fill=1)
        left = x
        for column, cell_width in zip(self.columns, widths, strict=True):
            lines = wrap(column.title, cell_width - 2 * self.INSET, HEADER.name, HEADER.size)
            pen.text(lines, left + self.INSET, top - self.INSET, HEADER,
                     centered_in=cell_width - 2 * self.INSET if column.centered else 0)
            left += cell_width
        row_top = top - header
        for row in self.rows:
            row_top = self._draw_row(pen, row, x, row_top, widths)
        pen.stroke(GREY_MID, 0.5)
        left = x
        for cell_width in widths[:-1]:  # the column rules, under the header
            left += cell_width
            pen.canvas.line(left, top - header, left, row_top)
        pen.canvas.rect(x, row_top, width, top - row_top, stroke=1, fill=0)

    def _draw_row(self, pen: Pen, row: Sequence[str | bool], x: float, top: float,
                  widths: Sequence[float]) -> float:
        height = self._row_height(row, widths)
        left = x
        for column, cell, cell_width in zip(self.columns, row, widths, strict=True):
            if isinstance(cell, bool):
                pen.tick(left + (cell_width - self.marks.box) / 2, top - self.INSET - 0.5, cell,
                         self.marks)
            else:
                pen.text(self._lines(cell, cell_width), left + self.INSET, top - self.INSET - 1,
                         NUMBER if column.printed else CELL,
                         centered_in=cell_width - 2 * self.INSET if column.centered else 0)
            left += cell_width
        pen.stroke(RULE, 0.5)
        pen.canvas.line(x, top - height, x + sum(widths), top - height)
        return top - height

    def split(self, width: float, room: float) -> tuple[Piece, Piece] | None:
        widths = self._widths(width)
        room -= self._header_height(width)
        fit = 0
        for row in self.rows:
            room -= self._row_height(row, widths)
            if room < 0:
                break
            fit += 1
        if fit < 2 or fit >= len(self.rows):
            return None
        return (Grid(self.columns, self.rows[:fit], self.blank, self.marks),
                Grid(self.columns, self.rows[fit:], self.blank, self.marks))


class Columns(Piece):
    """Stacks of pieces side by side (sales | after-sales, the three scenarios)."""

    def __init__(self, stacks: Sequence[Sequence[Piece]], gap: float = 14,
                 weights: Sequence[float] = ()) -> None:
        self.stacks, self.gap = stacks, gap
        self.weights = weights or [1.0] * len(stacks)

    def _widths(self, width: float) -> list[float]:
        room = width - self.gap * (len(self.stacks) - 1)
        return [room * w / sum(self.weights) for w in self.weights]

    def measure(self, width: float) -> float:
        return max(stack_height(s, w)
                   for s, w in zip(self.stacks, self._widths(width), strict=True))

    def draw(self, pen: Pen, x: float, top: float, width: float) -> None:
        for stack, column_width in zip(self.stacks, self._widths(width), strict=True):
            draw_stack(pen, stack, x, top, column_width)
            x += column_width + self.gap


