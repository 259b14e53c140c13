"""The CONSOLIDADO and the cut print as people expect (issue 17: printed, the CONSOLIDADO made
81 pages for 15 accounts): every sheet A4 landscape, all its columns on the page's width, the
header row repeated on every page, the frozen panes kept. Read back with openpyxl; where
LibreOffice is installed, also printed to PDF and its pages counted."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from swat_desktop.io.consolidado_xlsx import write_consolidado
from swat_desktop.io.corte_xlsx import write_corte_xlsx
from tests.io.report_samples import sample_corte
from tests.io.xlsx_samples import sample_consolidado

A4 = 9


def _check_every_sheet(path: Path) -> list[str]:
    book = load_workbook(path)
    for sheet in book.worksheets:
        where = f"{path.name} · {sheet.title}"
        assert sheet.page_setup.orientation == "landscape", where
        assert int(sheet.page_setup.paperSize) == A4, where
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, where
        # fitToWidth left out is 1, the file format's default (xlsxwriter writes only 0).
        assert sheet.page_setup.fitToWidth in (None, 1), where
        assert int(sheet.page_setup.fitToHeight) == 0, where
        assert sheet.print_title_rows == "$1:$1", where
        margins = sheet.page_margins
        assert (margins.left, margins.right, margins.top, margins.bottom) == \
            (0.4, 0.4, 0.6, 0.6), where
        assert "Página &P de &N" in sheet.oddFooter.right.text, where
    return [s.title for s in book.worksheets]


def test_every_sheet_of_the_consolidado_prints_landscape_at_the_page_width(
        tmp_path: Path) -> None:
    path = write_consolidado(tmp_path / "consolidado.xlsx", sample_consolidado())
    titles = _check_every_sheet(path)
    assert len(titles) > 5  # detail, summary, causales, advisors: all of them
    book = load_workbook(path)
    assert book["Detalle"].freeze_panes == "A2"  # the print setup keeps the frozen header
    assert all(book[t].freeze_panes == "A2" for t in titles if t != "Indicadores")


def test_every_sheet_of_the_cut_prints_landscape_at_the_page_width(tmp_path: Path) -> None:
    path = write_corte_xlsx(tmp_path / "corte.xlsx", sample_corte())
    titles = _check_every_sheet(path)
    assert titles == ["Resumen", "Asesores", "Causales", "Días", "Recurrencias",
                      "Reclamaciones"]
    assert load_workbook(path)["Asesores"].freeze_panes == "A2"


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice no está instalado")
def test_printed_by_libreoffice_each_sheet_takes_one_page_width(tmp_path: Path) -> None:
    """The sample consolidado: 12 accounts on 11 sheets (detail, summary, 3 causales, 6
    advisors). Each sheet's rows fit one page, so its PDF has about one page per sheet, the
    summary two at most; before the print setup each sheet took a page per few columns."""
    data = sample_consolidado()
    path = write_consolidado(tmp_path / "consolidado.xlsx", data)
    sheets = len(load_workbook(path).worksheets)
    assert SOFFICE is not None
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True)
    pages = len(PdfReader(tmp_path / "consolidado.pdf").pages)
    assert sheets <= pages <= sheets + 1, (sheets, pages)
