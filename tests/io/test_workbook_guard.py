"""The checks that run before python-calamine: they must see the cells the reader will see.

The scanner of a sheet's XML is compared with the reader itself on sheets written every way a
producer may write them (cells and rows without references, attributes in another order or
quoting, namespace prefixes, a <dimension> that lies), and fed in slices cut at every offset:
its answer may be larger than the reader's (a refusal to spare), never smaller (an abort).
The files that make the reader abort are only ever opened in a child process with a memory
limit, so a regression fails a test instead of killing the test run.
"""

from __future__ import annotations

import struct
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import python_calamine
import xlwt

from swat_desktop.io import tables, xls_guard, xlsx_guard
from swat_desktop.io.workbook_files import FileFormatError
from swat_desktop.io.xlsx_guard import string_sizes
from swat_desktop.io.xlsx_sheet_scan import Limits, scan
from tests.bad_inputs.corpus import generator

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "bad_inputs"
LIMITS = Limits(300_000, 200)
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _sheet(data: str, dimension: str = "", prefix: str = "") -> bytes:
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{NS}"' if prefix else f'xmlns="{NS}"'
    dim = f'<{p}dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {xmlns}>{dim}'
            f"<{p}sheetData>{data}</{p}sheetData></{p}worksheet>").encode()


def _workbook(path: Path, sheet: bytes) -> Path:
    make = generator()
    parts = [(name, text.encode()) for name, text in make._workbook_parts(1, ["visible"],
                                                                           ["Base"])]
    path.write_bytes(make.stored_zip([*parts, ("xl/worksheets/sheet1.xml", sheet)]))
    return path


def _reader_end(path: Path) -> tuple[int, int]:
    """(rows, columns) as calamine fills them, 1-based: only for small, safe sheets."""
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    return (sheet.end[0] + 1, sheet.end[1] + 1) if sheet.end is not None else (0, 0)


SHEETS = {
    "excel": ('<row r="1"><c r="A1"><v>1</v></c><c r="C1"><v>2</v></c></row>'
              '<row r="4"><c r="B4" s="1"><v>3</v></c></row>', "A1:C4", ""),
    "sin dimension": ('<row r="2"><c r="D2"><v>1</v></c></row>', "", ""),
    "dimension que miente": ('<row r="1"><c r="A1"><v>1</v></c></row>'
                             '<row r="9"><c r="H9"><v>1</v></c></row>', "A1:B2", ""),
    "celdas sin r": ('<row r="3"><c><v>1</v></c><c/><c><v>2</v></c></row>'
                     '<row><c><v>3</v></c></row>', "A1", ""),
    "r despues de otros atributos": ('<row r="2"><c s="0" r="E2"><v>1</v></c></row>', "A1:E2",
                                     ""),
    "comillas simples": ("<row r='2'><c r='F7'><v>1</v></c></row>", "A1", ""),
    "saltos de linea": ('<row r="2"><c\nr="G3"\n><v>1</v></c></row>', "A1:G3", ""),
    "prefijo x": ('<x:row r="2"><x:c r="C5"><x:v>1</x:v></x:c></x:row>', "A1:C5", "x"),
    "mayor que dentro de un atributo": ('<row r="1"><c foo=">" r="D6"><v>1</v></c></row>',
                                        "A1", ""),
}


@pytest.mark.parametrize("kind", sorted(SHEETS))
def test_the_scan_finds_at_least_the_cells_the_reader_fills(kind: str, tmp_path: Path) -> None:
    data, dimension, prefix = SHEETS[kind]
    path = _workbook(tmp_path / "base.xlsx", _sheet(data, dimension, prefix))
    rows, columns = _reader_end(path)
    facts = xlsx_guard.inspect(path, LIMITS).sheets["Base"]
    assert facts.last_row >= rows
    assert facts.last_column >= columns


def _slices(data: bytes, size: int) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start:start + size]


@pytest.mark.parametrize("kind", ["celdas sin r", "excel", "prefijo x",
                                  "mayor que dentro de un atributo"])
def test_slices_cut_anywhere_give_the_same_answer(kind: str) -> None:
    data, _, prefix = SHEETS[kind]
    sheet = _sheet(data, "", prefix) + b"<!-- " + b" " * 300 + b" -->"
    whole = scan(lambda: iter([sheet]), "Base", "b.xlsx", LIMITS)
    for size in range(1, 40):
        cut = scan(lambda size=size: _slices(sheet, size), "Base", "b.xlsx", LIMITS)
        assert (cut.last_row, cut.last_column) == (whole.last_row, whole.last_column), size


def test_a_cell_beyond_the_columns_is_named_even_without_its_reference() -> None:
    sheet = _sheet('<row r="7">' + "<c><v>1</v></c>" * 201 + "</row>")
    with pytest.raises(FileFormatError, match=r"celda GS7 \(columna 201\)"):
        scan(lambda: _slices(sheet, 5), "Base", "b.xlsx", LIMITS)


def test_shared_string_sizes_do_not_depend_on_where_the_slices_end() -> None:
    table = (f'<sst xmlns="{NS}"><si><t>uno</t></si><si><r><t>dos </t></r><r><t>partes</t>'
             "</r></si><si><t/></si></sst>").encode()
    whole = list(string_sizes(iter([table]), "b.xlsx", 10, 1000))
    assert len(whole) == 3
    assert all(size >= 10 for size in whole)
    for size in range(1, 30):
        assert list(string_sizes(_slices(table, size), "b.xlsx", 10, 1000)) == whole


def test_a_run_of_spaces_across_slices_is_refused() -> None:
    sheet = _sheet('<row r="1"><c r="A1"><v>1</v></c></row>' + " " * 300_000)
    with pytest.raises(FileFormatError, match="256 KB seguidos de texto o de espacios"):
        scan(lambda: _slices(sheet, 4096), "Base", "b.xlsx", LIMITS)


def _deflated(path: Path, body: bytes) -> Path:
    make = generator()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in make._workbook_parts(1, ["visible"], ["Base"]):
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", body)
    return path


def test_a_part_that_inflates_past_its_declared_size_is_refused(tmp_path: Path) -> None:
    """Python's zipfile stops at the declared size; the reader does not. The guard counts
    what really comes out."""
    path = _deflated(tmp_path / "base.xlsx", _sheet('<row r="1"><c r="A1"><v>1</v></c></row>'
                                                    + " " * 50_000 + "<!-- -->"))
    raw = bytearray(path.read_bytes())
    at = raw.find(b"xl/worksheets/sheet1.xml", raw.find(b"PK\x01\x02"))
    entry = raw.rfind(b"PK\x01\x02", 0, at)
    raw[entry + 24:entry + 28] = struct.pack("<I", 200)
    path.write_bytes(bytes(raw))
    with pytest.raises(FileFormatError, match="dañado"):
        xlsx_guard.inspect(path, LIMITS)


def test_a_part_whose_crc_is_wrong_is_refused(tmp_path: Path) -> None:
    path = _deflated(tmp_path / "base.xlsx", _sheet('<row r="1"><c r="A1"><v>1</v></c></row>'))
    raw = bytearray(path.read_bytes())
    at = raw.find(b"xl/worksheets/sheet1.xml", raw.find(b"PK\x01\x02"))
    entry = raw.rfind(b"PK\x01\x02", 0, at)
    crc = struct.unpack_from("<I", raw, entry + 16)[0]
    raw[entry + 16:entry + 20] = struct.pack("<I", crc ^ 1)
    path.write_bytes(bytes(raw))
    with pytest.raises(FileFormatError, match="dañado"):
        xlsx_guard.inspect(path, LIMITS)


def test_a_deflated_workbook_is_read_whole(tmp_path: Path) -> None:
    body = _sheet("".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>'
                          for r in range(1, 3000)), "A1:A2999")
    path = _deflated(tmp_path / "base.xlsx", body)
    facts = xlsx_guard.inspect(path, LIMITS).sheets["Base"]
    assert (facts.last_row, facts.last_column, facts.values) == (2999, 1, 2999)
    assert [len(t.rows) for t in tables.read_tables(path)] == [2999]


def _xls(path: Path, long_text: bool = False, date1904: bool = False) -> Path:
    book = xlwt.Workbook(encoding="utf-8")
    book.dates_1904 = date1904
    for name in ("Resumen", "Base"):
        sheet = book.add_sheet(name)
        for row in range(40):
            sheet.write(row, 0, f"{name} {row} " + ("ñandú " * 3000 if long_text else ""))
            sheet.write(row, 1, datetime(2026, 11, 21, 8, row % 60),
                        xlwt.easyxf(num_format_str="dd/mm/yyyy hh:mm"))
    book.save(str(path))
    return path


@pytest.mark.parametrize(("long_text", "date1904"), [(False, False), (True, False),
                                                     (False, True)])
def test_real_xls_workbooks_pass_the_checks(tmp_path: Path, long_text: bool,
                                            date1904: bool) -> None:
    """Strings longer than a record go on in CONTINUE records, each with its own flags."""
    path = _xls(tmp_path / "base.xls", long_text, date1904)
    assert xls_guard.inspect(path, LIMITS).date1904 is date1904
    read = tables.read_tables(path)
    assert [t.name for t in read] == ["Resumen", "Base"]
    assert read[1].rows[5][1] == datetime(2026, 11, 21, 8, 5)
    assert read[1].date1904 is date1904


ABORTING = ["base_20261121_celda_XFD1048576.xlsx", "base_20261121_dimension_falsa.xlsx",
            "base_20261121_dimensiones_falsas.xls", "base_20261121_celda_lejana.xls",
            "base_20261121_cadena_circular.xls"]


@pytest.mark.skipif(sys.platform == "win32", reason="límites de memoria de POSIX")
@pytest.mark.parametrize("name", ABORTING)
def test_files_that_abort_the_reader_are_refused_before_it(name: str) -> None:
    """Each of these makes calamine ask for 4 to 640 GB and abort the process. Read in a child
    with 2 GB of address space: the refusal must come back as a message, with exit code 0."""
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))\n"
        "from pathlib import Path\n"
        "from swat_desktop.io import tables\n"
        "try:\n"
        "    tables.read_tables(Path(sys.argv[1]))\n"
        "except tables.FileFormatError as exc:\n"
        "    print(exc)\n")
    done = subprocess.run([sys.executable, "-c", code, str(CORPUS / name)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-500:]
    assert name in done.stdout


def test_a_workbook_of_too_many_parts_is_refused_naming_the_file_as_it_is(
        tmp_path: Path) -> None:
    """The count gets its thousands dot; a comma of the file's own name stays a comma."""
    from swat_desktop.io.zip_guard import MAX_MEMBERS, open_package

    path = tmp_path / "Base, copia.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(MAX_MEMBERS + 1):
            archive.writestr(f"x/{number}", b"")
    with pytest.raises(FileFormatError) as refused:
        open_package(path)
    assert str(refused.value).startswith("El libro Base, copia.xlsx tiene 10.001 partes;")
