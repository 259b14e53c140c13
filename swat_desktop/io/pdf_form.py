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

from collections.abc import Sequence

from reportlab.platypus import Flowable

from swat_desktop.io.pdf_common import (
    ACCENT,
    ACCENT_SOFT,
    FONT,
    FONT_BOLD,
    GREY,
    GREY_LIGHT,
    GREY_MID,
)
from swat_desktop.io.pdf_pen import (
    BAND,
    FRAME_HEIGHT,
    GAP,
    NOTE,
    PAD,
    PEN_BLUE,
    SECTION_GAP,
    TITLE,
    Font,
    Pen,
    wrap,
)
from swat_desktop.io.pdf_pieces import Piece, draw_stack, stack_height


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
