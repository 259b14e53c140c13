"""Render the sample compromiso and cuts to PDF and their first pages to PNG.

For looking at what a change did to the printed documents before calling it done, the way
render_screens.py does for the windows; neither the PDFs nor the images are committed. The data
are the tests' samples (tests/io/report_samples.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from swat_desktop.domain.periods import PeriodKind
from swat_desktop.io.compromiso_pdf import write_compromiso
from swat_desktop.io.corte_pdf import write_corte_pdf
from tests.io.report_samples import (
    GENERATED_AT,
    sample_compromiso,
    sample_corte,
    sample_crowded_corte,
)

MAX_PAGES = 6


def _empty_compromiso(path: Path) -> Path:
    doc = sample_compromiso()
    session = replace(doc.session, commitments=(), discussion="", plan="")
    return write_compromiso(path, replace(doc, session=session, errors=(), total_errors=0))


SAMPLES: dict[str, Callable[[Path], Path]] = {
    "compromiso": lambda p: write_compromiso(p, sample_compromiso()),
    "compromiso_largo": lambda p: write_compromiso(p, sample_compromiso(long=True)),
    "compromiso_vacio": _empty_compromiso,
    "corte_semanal": lambda p: write_corte_pdf(p, sample_corte()),
    "corte_diario": lambda p: write_corte_pdf(p, sample_corte(kind=PeriodKind.DIARIO)),
    "corte_mensual": lambda p: write_corte_pdf(p, sample_corte(kind=PeriodKind.MENSUAL)),
    "corte_vacio": lambda p: write_corte_pdf(p, sample_corte(empty=True)),
    "corte_rango": lambda p: write_corte_pdf(p, sample_crowded_corte()),
}


def render(pdf: Path, out: Path) -> list[Path]:
    """Pages as PNG at 1.5× (108 dpi): enough to judge spacing and read 8 pt text."""
    for old in out.glob(f"{pdf.stem}_p*.png"):  # a shorter document leaves no stale pages
        old.unlink()
    document = pdfium.PdfDocument(pdf)
    images = []
    try:
        for index in range(min(len(document), MAX_PAGES)):
            target = out / f"{pdf.stem}_p{index + 1}.png"
            document[index].render(scale=1.5).to_pil().save(target)
            images.append(target)
    finally:
        document.close()
    return images


def render_formato_manual(out: Path) -> list[Path]:
    """The Formato Manual de Registro de Inoperatividad: blank, filled, filled with long texts
    (the customers table runs on) and annulled, from tests/io/inoperatividad_samples.py."""
    from swat_desktop.domain.inoperatividad import RecordStatus
    from swat_desktop.io.formato_manual_pdf import write_blank_form, write_filled_forms
    from tests.io.inoperatividad_samples import sample_catalogue, sample_record

    catalogue = sample_catalogue()
    annulled = replace(sample_record(), status=RecordStatus.ANULADO,
                       annul_reason="Registrado por error: SIAC ÚNICO sí funcionaba en la PC 3.")
    pdfs = [
        write_blank_form(out / "formato_manual_blanco.pdf", catalogue, GENERATED_AT),
        write_filled_forms(out / "formato_manual_lleno.pdf", catalogue,
                           [sample_record(critical=True)], GENERATED_AT),
        write_filled_forms(out / "formato_manual_largo.pdf", catalogue,
                           [sample_record(critical=True, long=True)], GENERATED_AT),
        write_filled_forms(out / "formato_manual_anulado.pdf", catalogue, [annulled],
                           GENERATED_AT),
    ]
    return [image for pdf in pdfs for image in render(pdf, out)]


def render_inoperatividad_report(out: Path) -> list[Path]:
    """The regulator's report with the shipped columns: a short period, a long one (the table
    runs over pages under its repeated header, long texts) and an empty one, from
    tests/io/inoperatividad_samples.py."""
    from datetime import UTC, datetime

    from swat_desktop.io.inoperatividad_report import write_report_pdf
    from swat_desktop.io.report_columns import read_columns
    from swat_desktop.paths import resource
    from tests.io.inoperatividad_samples import sample_report_rows

    columns = read_columns(resource("reports", "inoperatividad_report.json"))
    generated = datetime(2026, 12, 2, 14, 5, tzinfo=UTC)
    period = "01/12/2026 al 31/12/2026"
    pdfs = [
        write_report_pdf(out / f"reporte_inoperatividad{suffix}.pdf", rows, columns, period,
                         generated, "Carla Info")
        for suffix, rows in (("", sample_report_rows()),
                             ("_largo", sample_report_rows(24, long=True)),
                             ("_vacio", []))
    ]
    return [image for pdf in pdfs for image in render(pdf, out)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"),
                        help="folder for the PDFs and PNGs (default: screenshots/)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, write in SAMPLES.items():
        for image in render(write(args.out / f"{name}.pdf"), args.out):
            print(image)
    print(*render_formato_manual(args.out), sep="\n")
    print(*render_inoperatividad_report(args.out), sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
