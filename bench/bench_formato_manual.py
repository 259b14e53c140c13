"""Printing the Formato Manual de Registro de Inoperatividad, against a bare reportlab canvas.

Issue 5 asks for a filled form in at most 50 ms and 1,000 filled forms in one document in at
most 10 s (Control e Información printing a month of events). The yardstick is the least any
writer of the same pages can cost: a bare ``reportlab`` canvas, no platypus, no layout, that
draws on each page exactly as many boxes, lines and strings (the same strings) as the real form
has on that page, counted from the real PDF's content streams, one ``setFont`` per page. So the
ratio is what layout, page breaks, tick boxes and "hoja n de m" cost on top of putting the
same marks on paper.

The records are the tests' samples (tests/io/inoperatividad_samples.py): CAC San Isidro, three
customers, every third record with a critical request. One untimed round first loads fonts and
modules, as in a running application. Every sample writes a new file in a temporary folder.
"""

from __future__ import annotations

import gc
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas

from bench.common import Result, timed
from swat_desktop.domain.inoperatividad import Catalogue, InoperatividadRecord
from swat_desktop.io.formato_manual_pdf import write_filled_forms
from swat_desktop.io.pdf_common import FONT, PORTRAIT
from tests.io.inoperatividad_samples import sample_catalogue, sample_record
from tests.io.report_samples import GENERATED_AT

FORMS = 1_000
TARGET_ONE_S = 0.050
TARGET_MANY_S = 10.0

NOTES = {
    "formato_manual_one": "write_filled_forms of one record (3 customers, one critical) to a "
    f"2-page A4 PDF; target ≤ {TARGET_ONE_S * 1000:.0f} ms",
    "formato_manual_1000": f"write_filled_forms of {FORMS:,} records in one {2 * FORMS:,}-page "
    f"document, each form from a new page with its own 'hoja n de m'; target ≤ "
    f"{TARGET_MANY_S:.0f} s",
}


@dataclass(frozen=True)
class PageCensus:
    """What one page of the real form puts on paper."""

    rects: int
    lines: int
    strings: tuple[str, ...]


def census(path: Path) -> list[PageCensus]:
    """Boxes (``re``), lines (``l``) and shown strings (``Tj``) of every page of ``path``."""
    pages = []
    for page in PdfReader(path).pages:
        operations = page.get_contents().operations
        pages.append(PageCensus(
            rects=sum(op == b"re" for _, op in operations),
            lines=sum(op == b"l" for _, op in operations),
            strings=tuple(str(operands[0]) for operands, op in operations if op == b"Tj"),
        ))
    return pages


def _bare_page(canvas: Canvas, page: PageCensus) -> None:
    """The same marks as ``page`` on a plain grid: the least a writer of that page can do."""
    width, height = PORTRAIT
    canvas.setFont(FONT, 8.5)  # the embedded font the forms carry
    for index in range(page.rects):
        x, y = 40 + (index % 40) * 12, 60 + (index // 40) * 12
        canvas.rect(x, y, 8, 8, stroke=1, fill=0)
    for index in range(page.lines):
        y = 120 + index * 6
        canvas.line(40, y, width - 40, y)
    for index, string in enumerate(page.strings):
        canvas.drawString(40 + (index % 2) * 260, height - 40 - (index // 2) * 9.5, string)
    canvas.showPage()


def write_bare(path: Path, pages: Sequence[PageCensus]) -> Path:
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=PORTRAIT)
    for page in pages:
        _bare_page(canvas, page)
    canvas.save()
    path.write_bytes(buffer.getvalue())
    return path


def _records() -> list[InoperatividadRecord]:
    return [sample_record(n, critical=n % 3 == 0) for n in range(1, FORMS + 1)]


def _censuses(folder: Path, catalogue: Catalogue,
              records: Sequence[InoperatividadRecord]) -> tuple[list[PageCensus],
                                                                list[PageCensus]]:
    """The pages of the one-form document, and of the thousand-form one form by form: a
    record is counted from its own one-form PDF (the same pages it gets in the big one)."""
    by_variant: dict[bool, list[PageCensus]] = {}
    for critical in (False, True):
        record = next(r for r in records if (r.id % 3 == 0) is critical)
        by_variant[critical] = census(write_filled_forms(folder / f"census-{critical}.pdf",
                                                         catalogue, [record], GENERATED_AT))
    many = [page for r in records for page in by_variant[r.id % 3 == 0]]
    one = write_filled_forms(folder / "census-one.pdf", catalogue, records[:1], GENERATED_AT)
    return census(one), many


def _sample(action: Callable[[], Path]) -> float:
    gc.collect()  # one sample's garbage is not paid by the next one
    seconds, _ = timed(action)
    return seconds


def run(repeats: int) -> list[Result]:
    catalogue = sample_catalogue()
    records = _records()
    one_samples: list[float] = []
    one_baseline: list[float] = []
    many_samples: list[float] = []
    many_baseline: list[float] = []
    with tempfile.TemporaryDirectory(prefix="swat-bench-formato-") as tmp:
        folder = Path(tmp)
        one_pages, many_pages = _censuses(folder, catalogue, records)
        # Untimed: warms both writers up, and checks the census counts the pages printed.
        printed = PdfReader(write_filled_forms(folder / "check.pdf", catalogue, records,
                                               GENERATED_AT))
        if len(printed.pages) != len(many_pages):
            raise RuntimeError(f"{FORMS:,} forms printed {len(printed.pages):,} pages, the "
                               f"census counted {len(many_pages):,}")
        write_bare(folder / "warm-up.pdf", one_pages)
        for index in range(repeats):
            one_samples.append(_sample(lambda i=index: write_filled_forms(
                folder / f"one-{i}.pdf", catalogue, records[:1], GENERATED_AT)))
            one_baseline.append(_sample(lambda i=index: write_bare(
                folder / f"bare-one-{i}.pdf", one_pages)))
            many_samples.append(_sample(lambda i=index: write_filled_forms(
                folder / f"many-{i}.pdf", catalogue, records, GENERATED_AT)))
            many_baseline.append(_sample(lambda i=index: write_bare(
                folder / f"bare-many-{i}.pdf", many_pages)))
    return [
        Result.from_samples("formato_manual_one", one_samples, "bare_canvas_2_pages",
                            one_baseline, NOTES["formato_manual_one"]),
        Result.from_samples("formato_manual_1000", many_samples,
                            f"bare_canvas_{len(many_pages)}_pages", many_baseline,
                            NOTES["formato_manual_1000"]),
    ]
