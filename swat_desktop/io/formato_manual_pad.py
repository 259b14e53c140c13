"""A pad (talonario) of numbered blank Formatos Manuales: one blank form per reserved
correlativo, for a point to keep printed and fill by hand when the systems are down.

Each form is formato_manual_pdf's blank form with its number in the Correlativo box, a band
under the masthead with the number as a QR code (point, number and form version, read back by
domain.inoperatividad_pads.parse_qr_payload when the paper is typed in) and who reserved it
when; every sheet also carries the QR and the number in its left margin, so a sheet separated
from its form still says which number it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak

from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.inoperatividad import Catalogue
from swat_desktop.domain.inoperatividad_pads import Reservation
from swat_desktop.io.formato_manual_pdf import TITLE, Reserved, blank_form
from swat_desktop.io.pdf_common import (
    ACCENT,
    FONT,
    FONT_BOLD,
    GREY_LIGHT,
    INOPERATIVIDAD,
    write_pdf,
)
from swat_desktop.io.pdf_pen import NOTE, PEN_BLUE, Font, Pen, wrap

BAND_QR = 26 * mm  # big enough for a phone's camera or a desk scanner
MARGIN_QR = 11 * mm  # fits the 15 mm left margin, clear of a printer's unprintable edge


def reserved_line(reservation: Reservation) -> str:
    """«Reservado el dd/mm/aaaa hh:mm por NOMBRE», in Lima time like the rest of the form."""
    return (f"Reservado el {format_datetime(reservation.reserved_at, LIMA)} por "
            f"{reservation.reserved_by}")


def _draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    widget = QrCodeWidget(payload, barBorder=0)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0,
                                             size / (top - bottom), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


class PadBand(Flowable):
    """Under the masthead: the reserved number as a QR code, and who reserved it when."""

    def __init__(self, reservation: Reservation) -> None:
        super().__init__()
        self.reservation = reservation
        self.spaceAfter = 6

    def _notes(self) -> tuple[str, ...]:
        return wrap("Este formato es solo para este correlativo. Si se daña o se pierde, "
                    "anúlelo en SWAT Desktop con el motivo: el número no se vuelve a usar. "
                    "Al transcribirlo, escriba o escanee el código QR.",
                    self.width - BAND_QR - 18, NOTE.name, NOTE.size)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = BAND_QR + 8
        return self.width, self.height

    def draw(self) -> None:
        pen, r = Pen(self.canv), self.reservation
        pen.fill(GREY_LIGHT)
        pen.stroke(ACCENT, 0.8)
        self.canv.rect(0, 0, self.width, self.height, stroke=1, fill=1)
        self.canv.setFillColorRGB(1, 1, 1)
        self.canv.rect(4, 4, BAND_QR, BAND_QR, stroke=0, fill=1)
        _draw_qr(self.canv, r.qr_payload, 4, 4, BAND_QR)
        left, top = BAND_QR + 14, self.height - 6
        pen.text((f"Correlativo reservado: {r.code}",), left, top,
                 Font(FONT_BOLD, 12, 15, PEN_BLUE))
        pen.text((f"{reserved_line(r)} (hora de Lima)",
                  f"{r.point_name} · formato {r.form_version}"), left, top - 17,
                 Font(FONT, 8.5, 11, ACCENT))
        pen.text(self._notes(), left, top - 42, NOTE)


def _margin_mark(reservation: Reservation) -> Callable[[Canvas, tuple[float, float]], None]:
    """Every sheet's QR and number, in the left margin below the running header."""
    def mark(canvas: Canvas, pagesize: tuple[float, float]) -> None:
        top = pagesize[1] - 24 * mm
        _draw_qr(canvas, reservation.qr_payload, 2.5 * mm, top - MARGIN_QR, MARGIN_QR)
        canvas.setFont(FONT_BOLD, 7)
        canvas.setFillColor(ACCENT)
        canvas.translate(8 * mm, top - MARGIN_QR - 3 * mm)
        canvas.rotate(90)
        canvas.drawRightString(0, -1 * mm, reservation.code)
    return mark


def pad_story(catalogue: Catalogue, reservations: Sequence[Reservation]) -> list[Flowable]:
    story: list[Flowable] = []
    for reservation in reservations:
        if story:
            story.append(PageBreak())
        story += blank_form(catalogue, Reserved(reservation.code, PadBand(reservation),
                                                _margin_mark(reservation)))
    return story


def write_pad(path: Path, catalogue: Catalogue, reservations: Sequence[Reservation],
              generated_at: datetime) -> Path:
    """One blank form per reservation, in number order, in one document to print at once."""
    if not reservations:
        raise ValueError("No hay correlativos reservados que imprimir.")
    return write_pdf(path, pad_story(catalogue, sorted(reservations, key=lambda r: r.number)),
                     title=f"{TITLE} — talonario", generated_at=generated_at,
                     author="SWAT Desktop", letterhead=INOPERATIVIDAD)
