"""Page setup every printable PDF shares: A4, Spanish header and footer, one sober palette.

The compromiso and the cuts leave the célula (formación, calidad, management, the advisor's
file), so they must look like one family and say on every page what they are, when they were
generated and how many pages there are: a loose printed page is still identifiable.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any, NamedTuple
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from swat_desktop.domain.formatting import BOGOTA, LIMA, format_datetime
from swat_desktop.io.atomic import atomic_output
from swat_desktop.io.pdf_fonts import FONT, FONT_BOLD, FONT_ITALIC

# Page streams stay zlib-compressed but binary: the ASCII85 layer reportlab adds by default makes
# files a quarter larger and costs about a sixth of the time of a thousand-page print. Every PDF
# reader reads binary streams; only 7-bit mail transports ever needed the ASCII form.
rl_config.useA85 = 0

PORTRAIT = A4
LANDSCAPE = landscape(A4)
MARGIN = 15 * mm
TOP_MARGIN = 22 * mm  # leaves room for the running header
BOTTOM_MARGIN = 18 * mm  # and for the footer

OPERATION = "CLARO SWAT – Backoffice casos mal escalados"
CREATOR = "SWAT Desktop"

ACCENT = colors.HexColor("#1F4E79")
ACCENT_SOFT = colors.HexColor("#DCE6F0")
INK = colors.HexColor("#222222")
GREY = colors.HexColor("#5F6368")
GREY_MID = colors.HexColor("#B7BCC3")
GREY_LIGHT = colors.HexColor("#F1F3F5")
RULE = colors.HexColor("#C8CDD3")

STAMP = colors.HexColor("#C62828")

TABLE_FONT_SIZE = 8.5  # the smallest size anyone must read


def frame_width(pagesize: tuple[float, float]) -> float:
    return pagesize[0] - 2 * MARGIN


def _style(name: str, **options: Any) -> ParagraphStyle:
    base = {"fontName": FONT, "fontSize": 10, "leading": 13, "textColor": INK}
    return ParagraphStyle(name, **{**base, **options})


STYLES: dict[str, ParagraphStyle] = {
    "title": _style("title", fontName=FONT_BOLD, fontSize=17, leading=21, textColor=ACCENT,
                    spaceAfter=2),
    "subtitle": _style("subtitle", fontSize=10.5, leading=14, textColor=GREY, spaceAfter=8),
    "heading": _style("heading", fontName=FONT_BOLD, fontSize=12, leading=15,
                      textColor=ACCENT, spaceBefore=12, spaceAfter=5),
    "body": _style("body", spaceAfter=5),
    "meta": _style("meta", fontSize=9.5, leading=13, textColor=GREY),
    "note": _style("note", fontSize=8.5, leading=11, textColor=GREY),
    "empty": _style("empty", fontName=FONT_ITALIC, fontSize=9.5, textColor=GREY,
                    spaceAfter=5),
    "cell": _style("cell", fontSize=TABLE_FONT_SIZE, leading=10.5),
    "cell_right": _style("cell_right", fontSize=TABLE_FONT_SIZE, leading=10.5, alignment=TA_RIGHT),
    "cell_bold": _style("cell_bold", fontName=FONT_BOLD, fontSize=TABLE_FONT_SIZE, leading=10.5),
    "cell_bold_right": _style("cell_bold_right", fontName=FONT_BOLD, fontSize=TABLE_FONT_SIZE,
                              leading=10.5, alignment=TA_RIGHT),
    "header_cell": _style("header_cell", fontName=FONT_BOLD, fontSize=TABLE_FONT_SIZE,
                          leading=10.5, textColor=colors.white),
    "header_cell_right": _style("header_cell_right", fontName=FONT_BOLD,
                                fontSize=TABLE_FONT_SIZE, leading=10.5, textColor=colors.white,
                                alignment=TA_RIGHT),
    "centered": _style("centered", fontSize=9.5, leading=12, alignment=TA_CENTER),
    "centered_grey": _style("centered_grey", fontSize=8.5, leading=11, textColor=GREY,
                            alignment=TA_CENTER),
}


def text(value: str, style: str = "body") -> Paragraph:
    """A paragraph of user-typed text: markup characters (& < >) stay literal, line breaks stay."""
    return Paragraph(escape(value).replace("\n", "<br/>"), STYLES[style])


def paragraphs(value: str, style: str = "body") -> list[Paragraph]:
    """Long typed text as one paragraph per blank-line-separated block, so it can break pages."""
    blocks = [block.strip() for block in value.replace("\r\n", "\n").split("\n\n")]
    return [text(block, style) for block in blocks if block]


def section(title: str, room: float = 80) -> list[Flowable]:
    """A heading that moves to the next page unless ``room`` points of its content fit under it.

    Cheaper than keepWithNext, which drags a whole long table to the next page and leaves a
    blank half page behind.
    """
    return [CondPageBreak(room), text(title, "heading")]


def fit(value: str, width: float, font_size: float, font: str = FONT) -> str:
    """``value`` cut with an ellipsis to ``width`` points: chart labels cannot wrap."""
    if stringWidth(value, font, font_size) <= width:
        return value
    while value and stringWidth(value + "…", font, font_size) > width:
        value = value[:-1]
    return value.rstrip() + "…"


def date_text(value: datetime) -> str:
    return format_datetime(value, BOGOTA)


@dataclass(frozen=True)
class Letterhead:
    """Whose document it is and whose clock it reads: the two procedures run in two countries,
    so the footer names the operation and "Generado el" says the city of its time zone."""

    operation: str = OPERATION
    zone: ZoneInfo = BOGOTA
    city: str = "Bogotá"
    lang: str = "es-CO"


MAL_ESCALADOS = Letterhead()
INOPERATIVIDAD = Letterhead(operation="Inoperatividad de aplicativos de venta y postventa",
                            zone=LIMA, city="Lima", lang="es-PE")


class Part(Flowable):
    """Zero-size marker that starts one document of a bundle (one form among a thousand).

    From here to the next marker the running header names the part and counts its own sheets
    ("hoja 1 de 2"): a sheet pulled out of a thousand-page print still says which record it
    belongs to and whether a sibling is missing. ``stamp`` (e.g. "ANULADO") is printed across
    every page of the part, so no sheet of an annulled record can pass for a valid one.
    ``mark`` draws on every page of the part too (a pad's QR code in the margin), so a sheet
    pulled out of its pad still says which number it is.
    """

    def __init__(self, label: str, stamp: str = "",
                 mark: Callable[[Canvas, tuple[float, float]], None] | None = None) -> None:
        super().__init__()
        self.label = label
        self.stamp = stamp
        self.mark = mark

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.part = self  # read back per page by _NumberedCanvas


Cell = str | Flowable


def data_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    *,
    numeric: Sequence[int] = (),
    total: Sequence[Cell] | None = None,
) -> Table:
    """A ruled table whose header repeats on every page it runs onto.

    Plain strings become wrapping paragraphs (numbers right-aligned in the ``numeric`` columns),
    and a row may break across pages, so no content can ever overflow the frame.
    """
    numbers = set(numeric)

    def cell(value: Cell, column: int, kind: str) -> Flowable:
        if not isinstance(value, str):
            return value
        return text(value, f"{kind}_right" if column in numbers else kind)

    data = [[cell(h, i, "header_cell") for i, h in enumerate(headers)]]
    data += [[cell(v, i, "cell") for i, v in enumerate(row)] for row in rows]
    if total is not None:
        data.append([cell(v, i, "cell_bold") for i, v in enumerate(total)])
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, GREY_LIGHT]),
    ]
    if total is not None:
        commands += [("BACKGROUND", (0, -1), (-1, -1), ACCENT_SOFT),
                     ("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT)]
    return Table(data, colWidths=list(widths), repeatRows=1, splitInRow=1, hAlign="LEFT",
                 style=TableStyle(commands))


class _Position(NamedTuple):
    """Where a page sits: in the whole document, and in its Part if it has one."""

    page: int
    pages: int
    part: Part | None = None
    part_page: int = 0
    part_pages: int = 0


def _decorate(canvas: Canvas, position: _Position, *, title: str, generated: str,
              pagesize: tuple[float, float], letterhead: Letterhead) -> None:
    """Running header (what, and when or which part) and footer (operation and page N of M)."""
    width, height = pagesize
    part = position.part
    when = f"{generated} (hora de {letterhead.city})"
    canvas.saveState()
    if part is not None and part.stamp:
        _stamp(canvas, part.stamp, pagesize)
    if part is not None and part.mark is not None:
        canvas.saveState()
        part.mark(canvas, pagesize)
        canvas.restoreState()
    canvas.setFont(FONT_BOLD, 8.5)
    canvas.setFillColor(ACCENT)
    top = height - 12 * mm
    canvas.drawString(MARGIN, top, fit(title, width * 0.6, 8.5, FONT_BOLD))
    canvas.setFont(FONT, 8.5)
    canvas.setFillColor(GREY)
    where = (f"Generado el {when}" if part is None
             else f"{part.label} · hoja {position.part_page} de {position.part_pages}")
    canvas.drawRightString(width - MARGIN, top, where)
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(0.8)
    canvas.line(MARGIN, top - 2.5 * mm, width - MARGIN, top - 2.5 * mm)
    bottom = 10 * mm
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, bottom + 4 * mm, width - MARGIN, bottom + 4 * mm)
    footer = f"{CREATOR} · {letterhead.operation}"
    if part is not None:
        footer += f" · generado el {when}"
    page_of = f"Página {position.page} de {position.pages}"
    room = width - 2 * MARGIN - stringWidth(page_of, FONT, 8.5) - 12
    canvas.drawString(MARGIN, bottom, fit(footer, room, 8.5))
    canvas.drawRightString(width - MARGIN, bottom, page_of)
    canvas.restoreState()


def _stamp(canvas: Canvas, word: str, pagesize: tuple[float, float]) -> None:
    """``word`` in large translucent capitals across the page, like a rubber stamp."""
    width, height = pagesize
    canvas.saveState()
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.setFillColor(STAMP)
    canvas.setStrokeColor(STAMP)
    canvas.setFillAlpha(0.16)
    canvas.setStrokeAlpha(0.35)
    size = min(110.0, 0.9 * height / max(stringWidth(word, FONT_BOLD, 1), 1))
    canvas.setFont(FONT_BOLD, size)
    canvas.drawCentredString(0, -size / 3, word)
    canvas.restoreState()


def _positions(parts: Sequence[Part | None]) -> list[_Position]:
    """Page N of M for every page, and sheet n of m within each run of pages of one Part."""
    pages = len(parts)
    positions: list[_Position] = []
    start = 0
    while start < pages:
        end = start
        while end < pages and parts[end] is parts[start]:
            end += 1
        positions += [_Position(index + 1, pages, parts[start], index - start + 1, end - start)
                      for index in range(start, end)]
        start = end
    return positions


class _DocumentDate(NamedTuple):
    """What reportlab reads of its ``TimeStamp`` to write the file's CreationDate/ModDate."""

    t: float
    YMDhms: tuple[int, int, int, int, int, int]  # reportlab's own name
    dhh: int
    dmm: int


def _document_date(moment: datetime, zone: ZoneInfo) -> _DocumentDate:
    """``moment`` as the document's dates, in the letterhead's zone (as the footer says it):
    reportlab would otherwise ask the system clock, and the file's properties would disagree
    with "Generado el" whenever the caller's clock is not the system's."""
    local = moment.astimezone(zone)
    offset = local.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    hours, rest = divmod(abs(minutes), 60)
    sign = -1 if minutes < 0 else 1
    wall = (local.year, local.month, local.day, local.hour, local.minute, local.second)
    return _DocumentDate(moment.timestamp(), wall, sign * hours, rest)


class _NumberedCanvas(Canvas):
    """Holds every page back until the end, because "de M" is only known then."""

    def __init__(self, *args: Any, decorate: Callable[[Canvas, _Position], None],
                 dated: _DocumentDate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._doc._timeStamp = dated  # reportlab's own attribute: it has no setter
        self._held: list[dict[str, Any]] = []
        self._decorate_page = decorate
        self.part: Part | None = None

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        positions = _positions([state["part"] for state in self._held])
        for state, position in zip(self._held, positions, strict=True):
            self.__dict__.update(state)
            self._decorate_page(self, position)
            super().showPage()
        super().save()


def write_pdf(
    path: Path,
    story: list[Flowable],
    *,
    title: str,
    generated_at: datetime,
    author: str,
    pagesize: tuple[float, float] = PORTRAIT,
    letterhead: Letterhead = MAL_ESCALADOS,
) -> Path:
    """Lay ``story`` out and write it; the file only appears once the layout succeeded, and
    whole (io.atomic): a crash while writing leaves the earlier file under that name."""
    buffer = BytesIO()
    document = BaseDocTemplate(
        buffer, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=TOP_MARGIN, bottomMargin=BOTTOM_MARGIN, title=title, author=author,
        creator=CREATOR, subject=letterhead.operation, lang=letterhead.lang,
    )
    # No frame padding: content is exactly frame_width() wide and lines up with the header rule.
    frame = Frame(MARGIN, BOTTOM_MARGIN, frame_width(pagesize),
                  pagesize[1] - TOP_MARGIN - BOTTOM_MARGIN, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    document.addPageTemplates([PageTemplate("page", frames=[frame], pagesize=pagesize)])
    decorate = functools.partial(
        _decorate, title=title, generated=format_datetime(generated_at, letterhead.zone),
        pagesize=pagesize, letterhead=letterhead)
    document.build(story, canvasmaker=functools.partial(
        _NumberedCanvas, decorate=decorate, dated=_document_date(generated_at, letterhead.zone)))
    with atomic_output(path) as out:
        out.write(buffer.getbuffer())
    return path
