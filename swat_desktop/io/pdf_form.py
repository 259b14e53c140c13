"""Paper forms on A4: numbered sections of boxes, tick squares, ruled lines and small tables.

A paper form is filled with a pen, so its pieces are drawn shapes (a tick square is a square,
not a font glyph) with room to write, and the same pieces print a saved record's values in
place of the blanks, in the blue of a pen. Each section is one flowable drawn with canvas
primitives rather than Paragraphs and Tables: it is far cheaper when a thousand forms go out
in one document, and a section moves whole to the next page instead of being cut. Only what
is taller than a page (a long text, a long table) runs on, with its title and table header
repeated.

A piece knows its height for a width and draws itself from a top edge downwards.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from swat_desktop.domain.formatting import format_datetime
from swat_desktop.io.pdf_common import (
    ACCENT,
    ACCENT_SOFT,
    BOTTOM_MARGIN,
    FONT,
    FONT_BOLD,
    GREY,
    GREY_LIGHT,
    GREY_MID,
    INK,
    PORTRAIT,
    RULE,
    TOP_MARGIN,
)

FRAME_HEIGHT = PORTRAIT[1] - TOP_MARGIN - BOTTOM_MARGIN  # what one page holds
PEN_BLUE = HexColor("#0D3C8C")  # typed values, apart from the printed form
BAND = 14  # height of a section's title band
PAD = 5  # inside a section
GAP = 4  # between the pieces of a section
SECTION_GAP = 5  # between sections
BOX = 8  # side of a tick square
DIGIT = 9  # width of a digit box of a blank date


@dataclass(frozen=True)
class Font:
    name: str
    size: float
    leading: float
    color: Color


CAPTION = Font(FONT, 7, 8.5, GREY)
NOTE = Font(FONT, 7.5, 9, GREY)
LABEL = Font(FONT, 8.5, 10, INK)
LABEL_BOLD = Font(FONT_BOLD, 8.5, 10, INK)
VALUE = Font(FONT, 9.5, 12, PEN_BLUE)
CELL = Font(FONT, 8.5, 10.5, PEN_BLUE)
NUMBER = Font(FONT, 8.5, 10.5, GREY)
HEADER = Font(FONT_BOLD, 8, 10, white)
TITLE = Font(FONT_BOLD, 9.5, 12, ACCENT)
MARK = Font(FONT_BOLD, 8.5, 10, PEN_BLUE)


@functools.lru_cache(maxsize=8192)
def wrap(value: str, width: float, font: str, size: float) -> tuple[str, ...]:
    """``value`` as lines no wider than ``width``; typed line breaks and blank lines are kept,
    and a word longer than a line (a long reference, a URL) is cut rather than overflowing.

    Linear in the text: a word is cut by adding up its characters' widths once, never by
    measuring ever shorter prefixes of it again (that took 80 s for 10,000 characters).
    Cached: a thousand forms wrap the same catalogue labels a thousand times.
    """
    lines: list[str] = []
    for paragraph in value.replace("\r\n", "\n").split("\n"):
        for line in simpleSplit(paragraph, font, size, width) or [""]:
            if len(line) > 1 and stringWidth(line, font, size) > width:
                lines += cut_word(line, width, font, size)
            else:
                lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return tuple(lines)


def cut_word(word: str, width: float, font: str, size: float) -> list[str]:
    """``word`` in pieces no wider than ``width`` (at least one character each), in one pass
    over its characters."""
    advance = _advances(font, size)
    pieces: list[str] = []
    start, used = 0, 0.0
    for index, char in enumerate(word):
        step = advance.get(char)
        if step is None:
            step = advance[char] = stringWidth(char, font, size)
        if used + step > width and index > start:
            pieces.append(word[start:index])
            start, used = index, 0.0
        used += step
    pieces.append(word[start:])
    return pieces


@functools.lru_cache(maxsize=64)
def _advances(font: str, size: float) -> dict[str, float]:
    """Width of each character met so far, per font and size (the standard fonts have no
    kerning: a line is as wide as the sum of its characters)."""
    return {}


class Pen:
    """The canvas and the ink it holds: font, colours and line width change only when needed.

    A form page is a few hundred short strings, squares and rules; setting the same font and
    colour again before each of them would double what is written to the page and its cost.
    """

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self._font: tuple[str, float, float] | None = None
        self._fill: Color | None = None
        self._stroke: tuple[Color, float] | None = None

    def ink(self, font: Font) -> None:
        if self._font != (font.name, font.size, font.leading):
            self.canvas.setFont(font.name, font.size, font.leading)
            self._font = (font.name, font.size, font.leading)
        self.fill(font.color)

    def fill(self, color: Color) -> None:
        if self._fill is not color:
            self.canvas.setFillColor(color)
            self._fill = color

    def stroke(self, color: Color, width: float) -> None:
        if self._stroke != (color, width):
            self.canvas.setStrokeColor(color)
            self.canvas.setLineWidth(width)
            self._stroke = (color, width)

    def text(self, lines: Sequence[str], x: float, top: float, font: Font,
             centered_in: float = 0) -> None:
        """``lines`` from ``top`` down; centred in a box ``centered_in`` wide when given."""
        if not lines:
            return
        self.ink(font)
        baseline = top - 0.8 * font.size
        if centered_in:
            for line in lines:
                self.canvas.drawCentredString(x + centered_in / 2, baseline, line)
                baseline -= font.leading
        elif len(lines) == 1:
            self.canvas.drawString(x, baseline, lines[0])
        else:
            block = self.canvas.beginText(x, baseline)
            for line in lines:
                block.textLine(line)
            self.canvas.drawText(block)

    def tick(self, x: float, top: float, checked: bool) -> None:
        """A drawn square aligned with a label's first line; an X when ticked, written as text
        so the PDF's text says which option was marked."""
        self.stroke(INK, 0.7)
        self.canvas.rect(x, top - BOX - 0.5, BOX, BOX, stroke=1, fill=0)
        if checked:
            self.ink(MARK)
            self.canvas.drawCentredString(x + BOX / 2, top - BOX + 0.45, "X")


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

    def __init__(self, items: Sequence[Tick], columns: int = 1, indent: float = 0) -> None:
        self.items, self.columns, self.indent = items, columns, indent

    def _column_width(self, width: float) -> float:
        return (width - self.indent) / self.columns

    def _lines(self, item: Tick, width: float) -> tuple[tuple[str, ...], tuple[str, ...]]:
        room = self._column_width(width) - BOX - self.LABEL_GAP - 6
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
            height = len(label) * LABEL.leading + len(detail) * NOTE.leading + self.ITEM_GAP
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
            pen.tick(left, item_top, item.checked)
            text_x = left + BOX + self.LABEL_GAP
            pen.text(label, text_x, item_top, LABEL_BOLD if item.bold else LABEL)
            pen.text(detail, text_x, item_top - len(label) * LABEL.leading, NOTE)


class InlineTicks(Piece):
    """Short options side by side (wrapping only if they must): Sí / No, the roles."""

    SPACING = 14
    LINE = LABEL.leading + 2

    def __init__(self, items: Sequence[Tick]) -> None:
        self.items = items

    def _placed(self, width: float) -> list[tuple[Tick, float, int]]:
        placed, x, line = [], 0.0, 0
        for item in self.items:
            item_width = BOX + 4 + stringWidth(item.label, LABEL.name, LABEL.size)
            if x and x + item_width > width:
                x, line = 0.0, line + 1
            placed.append((item, x, line))
            x += item_width + self.SPACING
        return placed

    def measure(self, width: float) -> float:
        return (self._placed(width)[-1][2] + 1) * self.LINE if self.items else 0

    def draw(self, pen: Pen, x: float, top: float, width: float) -> None:
        for item, left, line in self._placed(width):
            item_top = top - line * self.LINE
            pen.tick(x + left, item_top, item.checked)
            pen.text((item.label,), x + left + BOX + 4, item_top, LABEL)


class DateTimeSlot(Piece):
    """A date and time in ``zone``, or the digit boxes __/__/____ __:__ to write one by hand."""

    HEIGHT = 12
    PATTERN = "dd/mm/aaaa hh:mm"

    def __init__(self, moment: datetime | None, zone: ZoneInfo) -> None:
        self.moment, self.zone = moment, zone

    def measure(self, width: float) -> float:
        return self.HEIGHT

    def draw(self, pen: Pen, x: float, top: float, width: float) -> None:
        if self.moment is not None:
            pen.text((format_datetime(self.moment, self.zone),), x, top, VALUE)
            return
        pen.stroke(GREY_MID, 0.6)
        pen.ink(Font(FONT, 9, 11, GREY))
        left = x
        for char in self.PATTERN:
            if char == " ":
                left += 7
            elif char in "/:":
                pen.canvas.drawCentredString(left + 2.5, top - 9.5, char)
                left += 5
            else:
                pen.canvas.rect(left, top - self.HEIGHT + 0.5, DIGIT, self.HEIGHT - 1, stroke=1,
                                fill=0)
                left += DIGIT


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
    BLANK_ROW = 17

    def __init__(self, columns: Sequence[Column], rows: Sequence[Sequence[str | bool]],
                 blank: bool = False) -> None:
        self.columns, self.rows, self.blank = columns, rows, blank

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
        return max(lines * CELL.leading + 2 * self.INSET + 1, self.BLANK_ROW if self.blank else 0)

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
                pen.tick(left + (cell_width - BOX) / 2, top - self.INSET - 1, cell)
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
        return (Grid(self.columns, self.rows[:fit], self.blank),
                Grid(self.columns, self.rows[fit:], self.blank))


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


class Section(Flowable):
    """A numbered section: a boxed title band over its pieces, drawn as one unit.

    It moves whole to the next page when it does not fit; only a section taller than a page is
    cut, between pieces or inside a long text or table, and its title then says
    "(continuación)". ``hint`` is said on the right of the band, where it costs no line.
    """

    def __init__(self, title: str, pieces: Sequence[Piece], hint: str = "",
                 continued: bool = False) -> None:
        super().__init__()
        self.title, self.pieces, self.hint, self.continued = title, pieces, hint, continued
        self.spaceAfter = SECTION_GAP

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = BAND + 2 * PAD + stack_height(self.pieces, availWidth - 2 * PAD)
        return self.width, self.height

    def draw(self) -> None:
        pen, width, height = Pen(self.canv), self.width, self.height
        pen.fill(ACCENT_SOFT)
        pen.canvas.rect(0, height - BAND, width, BAND, stroke=0, fill=1)
        pen.stroke(GREY_MID, 0.7)
        pen.canvas.rect(0, 0, width, height, stroke=1, fill=0)
        title = f"{self.title} (continuación)" if self.continued else self.title
        pen.text((title,), PAD, height - 3, TITLE)
        if self.hint:
            pen.ink(NOTE)
            pen.canvas.drawRightString(width - PAD, height - BAND + 4.5, self.hint)
        draw_stack(pen, self.pieces, PAD, height - BAND - PAD, width - 2 * PAD)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if self.wrap(availWidth, availHeight)[1] <= FRAME_HEIGHT:
            return []  # it fits on a page of its own: move it there whole
        inner = availWidth - 2 * PAD
        room = availHeight - BAND - 2 * PAD
        head: list[Piece] = []
        for index, piece in enumerate(self.pieces):
            height = piece.height(inner)
            if height <= room:
                head.append(piece)
                room -= height + GAP
                continue
            parts = piece.split(inner, room)
            if parts is not None:
                head.append(parts[0])
            if not head:
                return []
            rest = self.pieces[index + 1:] if parts is not None else self.pieces[index:]
            tail = [parts[1], *rest] if parts is not None else list(rest)
            return [Section(self.title, head, self.hint, self.continued),
                    Section(self.title, tail, self.hint, continued=True)]
        return []


class Masthead(Flowable):
    """Title and subtitle beside a boxed reference (the correlativo), instructions under both."""

    BOX_WIDTH = 150
    BOX_HEIGHT = 38
    TOP = 40  # the title and subtitle, as tall as the box

    def __init__(self, title: str, subtitle: str, instructions: str, box_caption: str,
                 box_value: str) -> None:
        super().__init__()
        self.title, self.subtitle, self.instructions = title, subtitle, instructions
        self.box_caption, self.box_value = box_caption, box_value
        self.spaceAfter = SECTION_GAP + 2

    def _note(self) -> tuple[str, ...]:
        return wrap(self.instructions, self.width, NOTE.name, NOTE.size)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = self.TOP + 4 + len(self._note()) * NOTE.leading
        return self.width, self.height

    def draw(self) -> None:
        pen, top = Pen(self.canv), self.height
        pen.text((self.title,), 0, top, Font(FONT_BOLD, 16, 21, ACCENT))
        pen.text((self.subtitle,), 0, top - 21, Font(FONT, 10, 15, GREY))
        pen.text(self._note(), 0, top - self.TOP - 4, NOTE)
        left = self.width - self.BOX_WIDTH
        pen.fill(GREY_LIGHT)
        pen.stroke(ACCENT, 1.2)
        pen.canvas.rect(left, top - self.BOX_HEIGHT, self.BOX_WIDTH, self.BOX_HEIGHT, stroke=1,
                        fill=1)
        pen.text((self.box_caption,), left + 5, top - 4, Font(FONT_BOLD, 8, 10, ACCENT))
        if self.box_value:
            pen.text((self.box_value,), left, top - 20, Font(FONT_BOLD, 10.5, 13, PEN_BLUE),
                     centered_in=self.BOX_WIDTH)
