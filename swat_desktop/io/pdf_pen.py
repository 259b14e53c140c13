"""The pen of the paper forms: their fonts and sizes, line wrapping that cuts long words,
and a canvas wrapper that sets font and colour only when they change."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from swat_desktop.io.pdf_common import (
    ACCENT,
    BOTTOM_MARGIN,
    FONT,
    FONT_BOLD,
    GREY,
    INK,
    PORTRAIT,
    TOP_MARGIN,
)

FRAME_HEIGHT = PORTRAIT[1] - TOP_MARGIN - BOTTOM_MARGIN  # what one page holds
PEN_BLUE = HexColor("#0D3C8C")  # typed values, apart from the printed form
BAND = 14  # height of a section's title band
PAD = 5  # inside a section
GAP = 4  # between the pieces of a section
SECTION_GAP = 5  # between sections


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


@dataclass(frozen=True)
class Marks:
    """The size of what a form is marked in: tick squares, digit boxes, the X."""

    box: float  # side of a tick square
    digit: float  # side of a digit box of a blank date
    mark: Font  # the X of a ticked square

    @property
    def label_drop(self) -> float:
        """How far a label beside a square goes down, to centre its first line on it."""
        return max((self.box - LABEL.leading) / 2, 0)


# A pen needs 5 mm to write a digit or an X that reads back: on the paper form the squares and
# digit boxes are a little over that. A form printed from a saved record is marked by the
# program and only signed by hand, so it keeps the compact marks and its two sheets.
HANDWRITTEN = Marks(14.5, 14.5, Font(FONT_BOLD, 11, 12, PEN_BLUE))  # 5.1 mm
TYPED = Marks(8, 9, Font(FONT_BOLD, 8.5, 10, PEN_BLUE))


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

    def tick(self, x: float, top: float, checked: bool, marks: Marks) -> None:
        """A drawn square aligned with a label's first line; an X when ticked, written as text
        so the PDF's text says which option was marked."""
        box = marks.box
        self.stroke(INK, 0.7)
        self.canvas.rect(x, top - box - 0.5, box, box, stroke=1, fill=0)
        if checked:
            self.ink(marks.mark)
            self.canvas.drawCentredString(x + box / 2, top - 0.5 - box / 2 - 0.36 * marks.mark.size,
                                          "X")


