"""Printing a PDF the application wrote, inside the application: Qt's print dialog with a
preview of the pages, so a point without a PDF viewer can still print the Formato Manual.

The pages are rasterized with pypdfium2 and painted on the QPrinter: the PDFs are 1–5 pages,
so it is done on the GUI thread: measured on a shared 2-core machine at 300 dpi, 0.5 s for
the 2-page Formato Manual, 1.2 s for a 5-page corte (a 13-page regulator's report, 4–5 s).
The resolution is the printer's, up to MAX_DPI: a 1200 dpi
printer would get 400 MB bitmaps per A4 page for no visible gain on paper.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from swat_desktop.domain.errors import OutputError
from swat_desktop.gui.widgets import open_at

MAX_DPI = 300
POINTS_PER_INCH = 72


def pages_to_print(printer: QPrinter, count: int) -> list[int]:
    """The 0-based pages the print dialog asked for, in the order and number Qt gives: a
    page range, the copies the printer cannot make itself, collated or not, last page first."""
    pages = list(range(count))
    ranges = printer.pageRanges()
    if printer.printRange() is QPrinter.PrintRange.PageRange and not ranges.isEmpty():
        pages = [p for p in pages if ranges.contains(p + 1)]
    if printer.pageOrder() is QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    if printer.collateCopies():
        return pages * copies
    return [p for p in pages for _ in range(copies)]


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except (OSError, pdfium.PdfiumError) as exc:
        raise OutputError(f"No se pudo leer «{path}» para imprimirlo: {exc}.") from exc


def first_page_orientation(path: Path) -> QPageLayout.Orientation:
    """The cortes are landscape, the forms portrait: the printer starts as the document."""
    document = _open(path)
    try:
        width, height = document[0].get_size() if len(document) else (0, 1)
    finally:
        document.close()
    return (QPageLayout.Orientation.Landscape if width > height
            else QPageLayout.Orientation.Portrait)


def _page_image(page: pdfium.PdfPage, dpi: int) -> QImage:
    bitmap = page.render(scale=min(dpi, MAX_DPI) / POINTS_PER_INCH, rev_byteorder=True)
    image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                   QImage.Format.Format_RGB888)
    return image.copy()  # the bitmap's buffer is freed with it


def print_pdf(path: Path, printer: QPrinter) -> int:
    """Paint the PDF's pages on ``printer`` (a real printer, the preview's or a PDF file),
    each fitted to the printable area (the whole sheet for a full-page printer), centred.
    Returns how many pages were painted."""
    document = _open(path)
    painter = QPainter()
    try:
        wanted = pages_to_print(printer, len(document))
        for done, index in enumerate(wanted):
            if done == 0:
                if not painter.begin(printer):
                    raise OutputError("No se pudo empezar a imprimir: la impresora no "
                                      "respondió.")
            elif not printer.newPage():
                raise OutputError("La impresora dejó de responder a mitad del documento.")
            image = _page_image(document[index], printer.resolution())
            layout, dpi = printer.pageLayout(), printer.resolution()
            paint = (layout.fullRectPixels(dpi) if printer.fullPage()
                     else layout.paintRectPixels(dpi))
            area = QRectF(0, 0, paint.width(), paint.height())  # the painter's origin
            scale = min(area.width() / image.width(), area.height() / image.height())
            target = QRectF(0, 0, image.width() * scale, image.height() * scale)
            target.moveCenter(area.center())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, image)
        return len(wanted)
    finally:
        if painter.isActive():
            painter.end()
        document.close()


class PdfPrintPreview(QPrintPreviewDialog):
    """Qt's print preview of one PDF: the toolbar's printer button opens the print dialog
    (printer, pages, copies) and prints what the preview shows."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        # The printer must outlive the dialog's use of it: it is the dialog's own attribute.
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setDocName(path.stem)
        self.printer.setPageOrientation(first_page_orientation(path))
        # The PDFs have their own margins: on A4 the form prints at its real size, not
        # shrunk inside the printer's margins too.
        self.printer.setFullPage(True)
        super().__init__(self.printer, parent)
        self.path = path
        self.error: OutputError | None = None
        self.setWindowTitle(f"Imprimir «{path.name}»")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.paintRequested.connect(self._paint)

    def _paint(self, printer: QPrinter) -> None:
        try:
            print_pdf(self.path, printer)
        except OutputError as exc:  # a slot must not raise: the caller shows it
            self.error = exc


def preview_pdf(path: Path, parent: QWidget | None = None) -> PdfPrintPreview:
    """Open the print preview of ``path`` without blocking (window-modal over ``parent``)."""
    dialog = PdfPrintPreview(path, parent)
    open_at(dialog, 1000, 720)
    dialog.open()
    return dialog
