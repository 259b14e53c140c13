"""«Imprimir…» prints inside the application: the preview's print path sends the PDF's pages to
a QPrinter (here a PDF file: no printer, no dialog), and what comes out is read back with
pypdfium2 — as many pages as asked for, and ink on them."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtGui import QPageLayout, QPageRanges
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from pytestqt.qtbot import QtBot

from swat_desktop.domain.errors import OutputError
from swat_desktop.gui.printing import PdfPrintPreview, pages_to_print, print_pdf
from swat_desktop.io.corte_pdf import write_corte_pdf
from swat_desktop.services import inoperatividad_documents
from swat_desktop.services.store import Database
from tests.io.report_samples import sample_corte

DARK = 160  # a grey level below this is printed text or lines (anti-aliased), not paper


@pytest.fixture
def blank_form(db: Database, tmp_path: Path) -> Path:
    return inoperatividad_documents.write_blank_form(db, tmp_path / "en blanco.pdf")


@pytest.fixture
def corte(tmp_path: Path) -> Path:
    return write_corte_pdf(tmp_path / "corte.pdf", sample_corte())


def _to_file(printer: QPrinter, target: Path) -> QPrinter:
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    return printer


def _pages(path: Path) -> int:
    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def _dark_share(path: Path, index: int) -> float:
    """The share of a printed page's pixels that are ink, rendered at 50 dpi in grey (one
    byte a pixel, rows ``stride`` bytes apart)."""
    document = pdfium.PdfDocument(str(path))
    try:
        bitmap = document[index].render(scale=50 / 72, grayscale=True)
        pixels = bytes(bitmap.buffer)
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    finally:
        document.close()
    rows = [pixels[y * stride:y * stride + width] for y in range(height)]
    return sum(1 for row in rows for grey in row if grey < DARK) / (width * height)


def _preview_print(qtbot: QtBot, pdf: Path, target: Path) -> PdfPrintPreview:
    """The preview dialog as the user opens it, then its own print, the one its printer
    button runs after the print dialog, onto a PDF file."""
    dialog = PdfPrintPreview(pdf)
    qtbot.addWidget(dialog)
    _to_file(dialog.printer, target)
    dialog.findChild(QPrintPreviewWidget).print()
    return dialog


def test_the_blank_formato_manual_prints_every_page_with_ink(
        qtbot: QtBot, blank_form: Path, tmp_path: Path) -> None:
    printed = tmp_path / "impreso.pdf"
    dialog = _preview_print(qtbot, blank_form, printed)
    assert dialog.error is None
    assert _pages(printed) == _pages(blank_form) == 4  # three sheets and the continuation
    for index in range(4):  # the form's frames and labels, as much ink as on the original
        assert _dark_share(printed, index) > 0.5 * _dark_share(blank_form, index) > 0
    assert dialog.windowTitle() == "Imprimir «en blanco.pdf»"


def test_a_landscape_corte_prints_landscape_with_the_pages_and_copies_asked_for(
        qtbot: QtBot, corte: Path, tmp_path: Path) -> None:
    count = _pages(corte)
    assert count >= 3
    printed = tmp_path / "paginas.pdf"
    dialog = PdfPrintPreview(corte)
    qtbot.addWidget(dialog)
    assert dialog.printer.pageLayout().orientation() is QPageLayout.Orientation.Landscape
    _to_file(dialog.printer, printed)
    dialog.printer.setPrintRange(QPrinter.PrintRange.PageRange)
    ranges = QPageRanges()
    ranges.addRange(2, 3)
    dialog.printer.setPageRanges(ranges)
    dialog.printer.setCopyCount(2)  # a PDF file cannot make copies: they are printed
    dialog.findChild(QPrintPreviewWidget).print()
    assert _pages(printed) == 4
    document = pdfium.PdfDocument(str(printed))
    width, height = document[0].get_size()
    document.close()
    assert width > height
    for printed_page, page in enumerate([1, 2, 1, 2]):  # pages 2-3, twice
        assert _dark_share(printed, printed_page) > 0.5 * _dark_share(corte, page) > 0


def test_the_order_of_pages_follows_the_print_dialog(qtbot: QtBot) -> None:
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    assert pages_to_print(printer, 3) == [0, 1, 2]
    printer.setCopyCount(2)
    printer.setCollateCopies(False)
    printer.setPageOrder(QPrinter.PageOrder.LastPageFirst)
    assert pages_to_print(printer, 3) == [2, 2, 1, 1, 0, 0]
    printer.setCollateCopies(True)
    assert pages_to_print(printer, 3) == [2, 1, 0, 2, 1, 0]


def test_a_file_that_is_not_a_pdf_is_refused_in_spanish(qtbot: QtBot, tmp_path: Path) -> None:
    broken = tmp_path / "roto.pdf"
    broken.write_bytes(b"no es un PDF")
    printer = _to_file(QPrinter(), tmp_path / "salida.pdf")
    with pytest.raises(OutputError, match=r"No se pudo leer «.*roto\.pdf» para imprimirlo"):
        print_pdf(broken, printer)
