"""The pieces a paper form section is made of: text, tick squares, date slots, labelled
fields, ruled lines, signatures. A piece knows its height for a width and draws itself from
a top edge downwards; a long text can be cut between pages."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from reportlab.pdfbase.pdfmetrics import stringWidth

from swat_desktop.domain.formatting import format_datetime
from swat_desktop.io.pdf_common import (
    FONT,
    GREY,
    GREY_MID,
    INK,
    RULE,
)
from swat_desktop.io.pdf_pen import (
    CAPTION,
    GAP,
    HANDWRITTEN,
    LABEL,
    LABEL_BOLD,
    NOTE,
    VALUE,
    Font,
    Marks,
    Pen,
    wrap,
)


class Piece:
    """A block inside a section. Most are never cut; a long text or a table can be."""

    _measured: tuple[float, float] | None = None  # (width, height) of the last measure

    def height(self, width: float) -> float:
        if self._measured is None or self._measured[0] != width:
            self._measured = (width, self.measure(width))
        return self._measured[1]

    def measure(self, width: float) -> float:
        raise NotImplementedError

    def draw(self, pen: Pen, x: float, top: float, width: float) -> None:
        raise NotImplementedError

    def split(self, width: float, room: float) -> tuple[Piece, Piece] | None:
        """The part that fits in ``room`` and the rest, or None to move it whole."""
        return None


class Text(Piece):
    """Wrapped text; ``min_lines`` leaves room to write by hand when the value is empty."""

    def __init__(self, value: str, font: Font, min_lines: int = 0) -> None:
        self.value, self.font, self.min_lines = value, font, min_lines

    def _lines(self, width: float) -> tuple[str, ...]:
        return wrap(self.value, width, self.font.name, self.font.size)

    def measure(self, width: float) -> float:
        return max(len(self._lines(width)), self.min_lines) * self.font.leading

    def draw(self, pen: Pen, x: float, top: float, width: float) -> None:
        pen.text(self._lines(width), x, top, self.font)


def value(typed: str) -> Text:
    """A typed value, or one line of room to write it."""
    return Text(typed, VALUE, min_lines=1)


@dataclass(frozen=True)
class Tick:
    label: str
    checked: bool = False
    detail: str = ""  # a short explanation under the label
    bold: bool = False


class Ticks(Piece):
    """Tick boxes in ``columns`` columns, filled down each column as a reader scans a list."""

    ITEM_GAP = 3
    LABEL_GAP = 4

    def __init__(self, items: Sequence[Tick], columns: int = 1, indent: float = 0,
                 marks: Marks = HANDWRITTEN) -> None:
        self.items, self.columns, self.indent, self.marks = items, columns, indent, marks

    def _column_width(self, width: float) -> float:
        return (width - self.indent) / self.columns

    def _lines(self, item: Tick, width: float) -> tuple[tuple[str, ...], tuple[str, ...]]:
        room = self._column_width(width) - self.marks.box - self.LABEL_GAP - 6
        font = LABEL_BOLD if item.bold else LABEL
        return wrap(item.label, room, font.name, font.size), wrap(item.detail, room, NOTE.name,
                                                                   NOTE.size)

    def _rows(self) -> int:
        return math.ceil(len(self.items) / self.columns)

    def _row_tops(self, width: float) -> list[float]:
        """Offset of each row from the top, and the total height last: a row is as tall as its
        tallest item, so the columns stay aligned."""
        rows = self._rows()
        heights = [0.0] * rows
        for index, item in enumerate(self.items):
            label, detail = self._lines(item, width)
            text = self.marks.label_drop + len(label) * LABEL.leading + len(detail) * NOTE.leading
            height = max(text, self.marks.box + 1) + self.ITEM_GAP
            heights[index % rows] = max(heights[index % rows], height)
        tops = [0.0]
        for height in heights:
            tops.append(tops[-1] + height)
        return tops

    def measure(self, width: float) -> float:
        return self._row_tops(width)[-1] - self.ITEM_GAP if self.items else 0

    def draw(self, pen: Pen, x: float, top: float, width: float) -> None:
        rows, tops = self._rows(), self._row_tops(width)
        column_width = self._column_width(width)
        for index, item in enumerate(self.items):
            column, row = divmod(index, rows)
            left = x + self.indent + column * column_width
            item_top = top - tops[row]
            label, detail = self._lines(item, width)
            pen.tick(left, item_top, item.checked, self.marks)
            text_x = left + self.marks.box + self.LABEL_GAP
            text_top = item_top - self.marks.label_drop
            pen.text(label, text_x, text_top, LABEL_BOLD if item.bold else LABEL)
            pen.text(detail, text_x, text_top - len(label) * LABEL.leading, NOTE)


class InlineTicks(Piece):
    """Short options side by side (wrapping only if they must): Sí / No, the roles."""

    SPACING = 14

    def __init__(self, items: Sequence[Tick], marks: Marks = HANDWRITTEN) -> None:
        self.items, self.marks = items, marks
        self.line = max(marks.box, LABEL.leading) + 3

    def _placed(self, width: float) -> list[tuple[Tick, float, int]]:
        placed, x, line = [], 0.0, 0
        for item in self.items:
            item_width = self.marks.box + 4 + stringWidth(item.label, LABEL.name, LABEL.size)
            if x and x + item_width > width:
                x, line = 0.0, line + 1
            placed.append((item, x, line))
            x += item_width + self.SPACING
        return placed

    def measure(self, width: float) -> float:
        return (self._placed(width)[-1][2] + 1) * self.line if self.items else 0

    def draw(self, pen: Pen, x: float, top: float, width: float) -> None:
        for item, left, line in self._placed(width):
            item_top = top - line * self.line
            pen.tick(x + left, item_top, item.checked, self.marks)
            pen.text((item.label,), x + left + self.marks.box + 4,
                     item_top - self.marks.label_drop, LABEL)


class DateTimeSlot(Piece):
    """A date and time in ``zone``, or the digit boxes __/__/____ __:__ to write one by hand;
    in a cell too narrow for both, the time's boxes go under the date's."""

    DATE, TIME = "dd/mm/aaaa", "hh:mm"
    SPACE = 7  # between the date's boxes and the time's
    SEPARATOR = 6  # the width a / or : takes between boxes

    def __init__(self, moment: datetime | None, zone: ZoneInfo,
                 marks: Marks = HANDWRITTEN) -> None:
        self.moment, self.zone, self.marks = moment, zone, marks
        self.box_height = marks.digit + 1

    def _width(self, pattern: str) -> float:
        return sum(self.SEPARATOR if char in "/:" else self.marks.digit for char in pattern)

    def _one_line(self, width: float) -> bool:
        return self._width(self.DATE) + self.SPACE + self._width(self.TIME) <= width

    def measure(self, width: float) -> float:
        if self.moment is not None:
            return VALUE.leading
        if self._one_line(width):
            return self.box_height
        return 2 * self.box_height + 2

    def draw(self, pen: Pen, x: float, top: float, width: float) -> None:
        if self.moment is not None:
            pen.text((format_datetime(self.moment, self.zone),), x, top, VALUE)
            return
        pen.stroke(GREY_MID, 0.6)
        pen.ink(Font(FONT, 10, 12, GREY))
        after_date = self._boxes(pen, self.DATE, x, top)
        if self._one_line(width):
            self._boxes(pen, self.TIME, after_date + self.SPACE, top)
        else:
            self._boxes(pen, self.TIME, x, top - self.box_height - 2)

    def _boxes(self, pen: Pen, pattern: str, left: float, top: float) -> float:
        for char in pattern:
            if char in "/:":
                pen.canvas.drawCentredString(left + self.SEPARATOR / 2,
                                             top - self.box_height / 2 - 3.5, char)
                left += self.SEPARATOR
            else:
                pen.canvas.rect(left, top - self.box_height + 0.5, self.marks.digit,
                                self.box_height - 1, stroke=1, fill=0)
                left += self.marks.digit
        return left


@dataclass(frozen=True)
class Field:
    caption: str
    content: Piece
    weight: float = 1.0


class Fields(Piece):
    """A row of ruled cells, each a small caption over its value or the room to write it."""

    INSET = 3

    def __init__(self, fields: Sequence[Field]) -> None:
        self.fields = fields

    def _widths(self, width: float) -> list[float]:
        total = sum(f.weight for f in self.fields)
        return [width * f.weight / total for f in self.fields]

    def measure(self, width: float) -> float:
        inner = max(f.content.height(w - 2 * self.INSET)
                    for f, w in zip(self.fields, self._widths(width), strict=True))
        return self.INSET + CAPTION.leading + 2 + inner + self.INSET

    def draw(self, pen: Pen, x: float, top: float, width: float) -> None:
        height = self.height(width)
        left = x
        for field, cell_width in zip(self.fields, self._widths(width), strict=True):
            pen.stroke(RULE, 0.6)
            pen.canvas.rect(left, top - height, cell_width, height, stroke=1, fill=0)
            pen.text((field.caption,), left + self.INSET, top - self.INSET, CAPTION)
            field.content.draw(pen, left + self.INSET, top - self.INSET - CAPTION.leading - 2,
                               cell_width - 2 * self.INSET)
            left += cell_width


class Ruled(Piece):
    """Ruled lines to write on, with the typed text on them; runs on to the next page."""

    STEP = 14.5

    def __init__(self, typed: str, min_lines: int) -> None:
        self.typed, self.min_lines = typed, min_lines
        self._given: tuple[str, ...] | None = None  # lines already wrapped, for a split part

    @classmethod
    def _of(cls, lines: tuple[str, ...]) -> Ruled:
        piece = cls("", 0)
        piece._given = lines
        return piece

    def _lines(self, width: float) -> tuple[str, ...]:
        if self._given is not None:
            return self._given
        return wrap(self.typed, width - 4, VALUE.name, VALUE.size)

    def measure(self, width: float) -> float:
        return max(len(self._lines(width)), self.min_lines) * self.STEP

    def draw(self, pen: Pen, x: float, top: float, width: float) -> None:
        lines = self._lines(width)
        pen.stroke(GREY_MID, 0.5)
        for row in range(max(len(lines), self.min_lines)):
            bottom = top - (row + 1) * self.STEP + 1
            pen.canvas.line(x, bottom, x + width, bottom)
        pen.text(lines, x + 2, top - self.STEP + 4 + 0.8 * VALUE.size,
                 Font(VALUE.name, VALUE.size, self.STEP, VALUE.color))

    def split(self, width: float, room: float) -> tuple[Piece, Piece] | None:
        lines = self._lines(width)
        fit = int(room // self.STEP)
        if fit < 2 or fit >= len(lines):
            return None
        return self._of(lines[:fit]), self._of(lines[fit:])



class Signature(Piece):
    """Room to sign, the line, and who signs under it."""

    ROOM = 28

    def __init__(self, caption: str) -> None:
        self.caption = caption

    def measure(self, width: float) -> float:
        return self.ROOM + LABEL.leading + 2

    def draw(self, pen: Pen, x: float, top: float, width: float) -> None:
        pen.stroke(INK, 0.8)
        pen.canvas.line(x, top - self.ROOM, x + width, top - self.ROOM)
        pen.text((self.caption,), x, top - self.ROOM - 3, LABEL_BOLD, centered_in=width)


def stack_height(pieces: Sequence[Piece], width: float) -> float:
    heights = [h for h in (p.height(width) for p in pieces) if h]
    return sum(heights) + GAP * max(len(heights) - 1, 0)


def draw_stack(pen: Pen, pieces: Sequence[Piece], x: float, top: float, width: float) -> None:
    for piece in pieces:
        height = piece.height(width)
        if height:
            piece.draw(pen, x, top, width)
            top -= height + GAP


