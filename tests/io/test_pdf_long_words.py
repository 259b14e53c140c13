"""An unbroken word on the Formato Manual: cut into lines in one pass, and never longer than the
form admits.

The form's wrapping measured ever shorter prefixes of a long word: 10,000 characters took 80 s
and a megabyte never ended, while ``critical_attention`` had no length limit at all. Work is
judged here by structure (how many lines, what each holds), never by the clock.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from swat_desktop.domain.identity import Role
from swat_desktop.domain.inoperatividad import CustomerRequest, RecordInput, validate_record
from swat_desktop.domain.inoperatividad_texts import MAX_ATTENTION, MAX_DETAIL
from swat_desktop.io.formato_manual_pdf import write_filled_forms
from swat_desktop.io.pdf_pen import VALUE, cut_word, wrap
from tests.io.inoperatividad_samples import sample_catalogue, sample_record

MEGABYTE = 1_000_000
WIDTH = 480.0
NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def _numbered_word(length: int) -> str:
    """No two pieces alike, so a lost, doubled or reordered piece shows in the text."""
    return "".join(f"{n:05d}" for n in range(math.ceil(length / 5)))[:length]


def test_a_megabyte_word_is_cut_into_full_lines_in_one_pass() -> None:
    word = _numbered_word(MEGABYTE)
    lines = wrap(word, WIDTH, VALUE.name, VALUE.size)
    assert "".join(lines) == word  # nothing lost, doubled or reordered
    widths = [stringWidth(line, VALUE.name, VALUE.size) for line in lines]
    assert max(widths) <= WIDTH
    # Every line but the last is full: as many digits as fit, and one more would not.
    per_line = int(WIDTH // stringWidth("0", VALUE.name, VALUE.size))
    assert {len(line) for line in lines[:-1]} == {per_line}
    assert len(lines) == math.ceil(MEGABYTE / per_line)


def test_words_and_long_words_mix_and_typed_line_breaks_stay() -> None:
    long = _numbered_word(700)
    lines = wrap(f"Ticket {long} cerrado\n\nFin", WIDTH, VALUE.name, VALUE.size)
    # The long word takes lines of its own, as reportlab breaks before a word that is too long.
    assert lines[0] == "Ticket"
    assert "".join(lines[1:-3]) == long
    assert lines[-3:] == ("cerrado", "", "Fin")


def test_a_word_narrower_than_one_character_still_moves_forward() -> None:
    assert cut_word("WWW", 1.0, VALUE.name, VALUE.size) == ["W", "W", "W"]


def test_a_form_with_every_long_text_as_one_word_prints_whole_on_few_pages(
        tmp_path: Path) -> None:
    """The detail and «Cómo se atendió» at their limits, each a single word: read back from the
    PDF, each is all there in order, and the form stays a form (a few pages, not hundreds)."""
    detail, attention = _numbered_word(MAX_DETAIL), "A" + _numbered_word(MAX_ATTENTION - 1)
    record = sample_record(critical=True)
    record = replace(record, data=replace(record.data, detail=detail,
                                          critical_attention=attention))
    catalogue = sample_catalogue()
    assert validate_record(record.data, catalogue, Role.SUPERVISOR_CAC, NOW) == {}
    path = write_filled_forms(tmp_path / "largo.pdf", catalogue, [record], NOW)
    pages = PdfReader(path).pages
    assert len(pages) <= 3
    text = "".join("".join(page.extract_text().split()) for page in pages)
    assert detail in text
    assert attention in text


@pytest.mark.parametrize("field", ["responsible_name", "detail", "alert_reference",
                                   "critical_attention"])
def test_a_megabyte_of_free_text_is_refused_before_it_reaches_the_form(field: str) -> None:
    data = replace(sample_record(critical=True).data, **{field: _numbered_word(MEGABYTE)})
    errors = validate_record(data, sample_catalogue(), Role.SUPERVISOR_CAC, NOW)
    assert set(errors) == {field}
    assert "admite hasta" in errors[field]
    assert "caracteres" in errors[field]


@pytest.mark.parametrize(("part", "label"), [("document", "el documento"),
                                             ("line", "la línea o servicio"),
                                             ("request", "la solicitud")])
def test_a_customer_datum_of_a_megabyte_is_refused_naming_the_customer(
        part: str, label: str) -> None:
    data = sample_record().data
    first, *others = data.customers
    huge: CustomerRequest = replace(first, **{part: "9" + _numbered_word(MEGABYTE)})
    errors = validate_record(replace(data, customers=(huge, *others)), sample_catalogue(),
                             Role.SUPERVISOR_CAC, NOW)
    assert errors == {"customers": f"Cliente 1: {label} admite hasta 200 caracteres."}


def test_the_blank_record_is_still_only_asked_what_it_lacks() -> None:
    """The limits add no message to a form that is merely incomplete."""
    errors = validate_record(RecordInput(), sample_catalogue(), Role.SUPERVISOR_CAC, NOW)
    assert not any("admite hasta" in message for message in errors.values())
