"""The paper Formato Manual as a pen meets it: measured on the PDF's own drawing operations.

A supervisor fills the printed form by hand when the PC is off (scenario 2 of the procedure),
so its squares and digit boxes must take a written X or digit (at least 5 mm a side), the
free texts need lines to write on, and the closure, the annulment and the customers beyond the
first eight need a place on paper too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from pypdf import PageObject, PdfReader
from pypdf.generic import ContentStream
from reportlab.lib.units import mm

from swat_desktop.domain.inoperatividad import Catalogue
from swat_desktop.io.formato_manual_pdf import (
    CLOSURE_SECTION,
    CONTINUATION_SECTION,
    write_blank_form,
)
from swat_desktop.io.formato_manual_sections import (
    ATTENTION_LINES,
    BLANK_CUSTOMER_ROWS,
    CONTINUATION_ROWS,
    DETAIL_LINES,
    SUSTENTO_LINES,
)
from tests.io.inoperatividad_samples import sample_catalogue

GENERATED_AT = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
PEN = 5 * mm


@dataclass(frozen=True)
class Drawing:
    squares: list[tuple[float, float]]  # (width, height) of every small box
    rules: list[tuple[float, float]]  # (y, length) of every horizontal line
    texts: dict[str, float]  # the y of each text drawn


def _drawing(reader: PdfReader, page: PageObject) -> Drawing:
    """What the page draws, in page coordinates (reportlab only translates: ``cm`` with
    a = d = 1)."""
    squares: list[tuple[float, float]] = []
    rules: list[tuple[float, float]] = []
    stack, (dx, dy) = [], (0.0, 0.0)
    start: tuple[float, float] | None = None
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"q":
            stack.append((dx, dy))
        elif operator == b"Q":
            dx, dy = stack.pop()
        elif operator == b"cm":
            dx, dy = dx + float(operands[4]), dy + float(operands[5])
        elif operator == b"re":
            width, height = abs(float(operands[2])), abs(float(operands[3]))
            if width < 20 and height < 20:
                squares.append((width, height))
        elif operator == b"m":
            start = (float(operands[0]) + dx, float(operands[1]) + dy)
        elif operator == b"l" and start is not None:
            end = (float(operands[0]) + dx, float(operands[1]) + dy)
            if abs(end[1] - start[1]) < 0.01:
                rules.append((start[1], abs(end[0] - start[0])))
    texts: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            texts.setdefault(text.strip(), cm[5] + tm[5])

    page.extract_text(visitor_text=visit)
    return Drawing(squares, rules, texts)


def _y(drawing: Drawing, start: str) -> float:
    return next(y for text, y in drawing.texts.items() if text.startswith(start))


def _lines_between(drawing: Drawing, top: float, bottom: float) -> int:
    """Writing lines: long horizontal rules between two texts of a page."""
    return sum(1 for y, length in drawing.rules if bottom < y < top and length > 300)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return sample_catalogue()


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory, catalogue: Catalogue
          ) -> tuple[PdfReader, list[Drawing]]:
    path = write_blank_form(tmp_path_factory.mktemp("paper") / "blank.pdf", catalogue,
                            GENERATED_AT)
    reader = PdfReader(path)
    return reader, [_drawing(reader, page) for page in reader.pages]


def test_every_square_and_digit_box_takes_a_pen(blank: tuple[PdfReader, list[Drawing]],
                                                catalogue: Catalogue) -> None:
    _reader, pages = blank
    squares = [s for page in pages for s in page.squares]
    # Every option of the catalogue is a square, each date 12 digit boxes, each customer row a
    # square for «crítico»: a few hundred in all.
    options = (len(catalogue.applications) + len(catalogue.consultas)
               + len(catalogue.closure_motives) + BLANK_CUSTOMER_ROWS + CONTINUATION_ROWS)
    assert len(squares) > options
    too_small = [s for s in squares if min(s) < PEN]
    assert too_small == []


def test_the_free_texts_have_lines_to_write_on(blank: tuple[PdfReader, list[Drawing]]) -> None:
    _reader, pages = blank
    detail = next(p for p in pages if "8. Detalle del evento" in p.texts)
    assert _lines_between(detail, _y(detail, "8. Detalle del evento"),
                          _y(detail, "9. Alerta al buzón")) >= DETAIL_LINES >= 6
    critical = next(p for p in pages if "12. Trámites críticos" in p.texts)
    assert _lines_between(critical, _y(critical, "Cómo se atendió"),
                          _y(critical, "13. Firmas")) >= ATTENTION_LINES >= 4


def test_the_closure_has_its_motives_grounds_and_who_closed(
        blank: tuple[PdfReader, list[Drawing]], catalogue: Catalogue) -> None:
    reader, pages = blank
    closure = next(p for p in pages if CLOSURE_SECTION in p.texts)
    text = " ".join(reader.pages[pages.index(closure)].extract_text().split())
    closure_text = text[text.index(CLOSURE_SECTION):]
    for expected in ("Fecha y hora de cierre", "Cerró (nombres y apellidos)", "Motivo de cierre",
                     "Sustento del cierre", *(o.label for o in catalogue.closure_motives)):
        assert expected in closure_text, expected
    assert _lines_between(closure, _y(closure, "Sustento del cierre"), 0) >= SUSTENTO_LINES


def test_the_annulment_is_beside_the_state(blank: tuple[PdfReader, list[Drawing]]) -> None:
    reader, _pages = blank
    first = " ".join(reader.pages[0].extract_text().split())
    registro = first[first.index("1. Registro"):first.index("2. Punto de atención")]
    for expected in ("Anulado", "Motivo de anulación (solo si se anula)",
                     "Anuló (nombres y apellidos)", "Fecha y hora de anulación"):
        assert expected in registro, expected


def test_customers_beyond_eight_continue_on_their_own_sheet(
        blank: tuple[PdfReader, list[Drawing]]) -> None:
    reader, pages = blank
    last = " ".join(reader.pages[-1].extract_text().split())
    assert CONTINUATION_SECTION in last
    assert "Correlativo del formato que continúa" in last
    first, final = BLANK_CUSTOMER_ROWS + 1, BLANK_CUSTOMER_ROWS + CONTINUATION_ROWS
    assert f" {first} {first + 1} " in last
    assert f" {final - 1} {final} " in last
    assert len(pages[-1].squares) == CONTINUATION_ROWS  # one «crítico» square a row
