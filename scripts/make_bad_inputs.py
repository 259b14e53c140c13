"""Write the corpus of bad inputs to tests/fixtures/bad_inputs (run this script to regenerate).

Every file a person or another office can hand the application, in the ways it goes wrong:
bases (xlsx, xls, csv) that are damaged, renamed, encrypted, empty or oddly laid out; event
packages that were edited, cut or built by hand; report column files an administrator broke.
MANIFEST.json says, for each file, which input path receives it, what is wrong with it and
what the application must answer; tests/bad_inputs/test_corpus.py feeds every file through
the real service and checks that answer.

The bytes are written here, not by a library that stamps the date or its version into them,
and every zip is stored (not deflated, whose bytes vary between zlib builds) with a fixed date:
running the script twice gives the same files, and the test regenerates the corpus into a
temporary folder and fails when the committed one differs (``--check`` does the same).

The one-million-row workbook is not committed: ``write_million_rows`` writes it (about 8 MB) in
under a second when the test needs it.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import io
import json
import struct
import sys
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any
from xml.sax.saxutils import escape, quoteattr

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded by path
import bad_inputs_packages  # the event packages' cases

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "bad_inputs"
MANIFEST = "MANIFEST.json"
STAMP = "generado por scripts/make_bad_inputs.py — no editar"
ZIP_DATE = (2026, 11, 21, 0, 0, 0)
MILLION = 1_000_000
MILLION_FILE = "base_20261121_un_millon_de_filas.xlsx"

HEADERS = ("Cuenta", "Fecha Escalamiento", "Usuario Asesor", "Nombre Asesor", "Supervisor",
           "Ciudad", "Notas")


# Workbooks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Date:
    """A date cell: Excel's serial number under a date format, as Excel itself stores it."""

    moment: datetime


@dataclass(frozen=True)
class Formula:
    """A formula with the value Excel computed and saved beside it."""

    text: str
    cached: object


@dataclass(frozen=True)
class ErrorValue:
    """An error cell such as #N/A, as left by a broken lookup."""

    code: str


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: Sequence[Sequence[object]]
    state: str = "visible"  # or hidden, veryHidden
    merges: Sequence[str] = ()
    declares_size: bool = True  # Excel always writes <dimension>; other producers may not


_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_STYLES = (
    f'{_XML}<styleSheet xmlns="{_NS}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs></styleSheet>'
)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def excel_serial(moment: datetime) -> float:
    return (moment - datetime(1899, 12, 30)).total_seconds() / 86400


def _number(value: float) -> str:
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


def _cell(ref: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Formula):
        formula = f"<f>{escape(value.text)}</f>"
        cached = value.cached
        if isinstance(cached, str):
            return f'<c r="{ref}" t="str">{formula}<v>{escape(cached)}</v></c>'
        if isinstance(cached, Date):
            return f'<c r="{ref}" s="1">{formula}<v>{_number(excel_serial(cached.moment))}</v></c>'
        return f'<c r="{ref}">{formula}<v>{_number(cached)}</v></c>'  # type: ignore[arg-type]
    if isinstance(value, Date):
        return f'<c r="{ref}" s="1"><v>{_number(excel_serial(value.moment))}</v></c>'
    if isinstance(value, ErrorValue):
        return f'<c r="{ref}" t="e"><v>{escape(value.code)}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{_number(value)}</v></c>'
    text = escape(str(value))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _sheet_xml(sheet: Sheet) -> str:
    rows = []
    width = max((len(r) for r in sheet.rows), default=0)
    for number, row in enumerate(sheet.rows, start=1):
        cells = "".join(_cell(f"{column_letter(c)}{number}", v) for c, v in enumerate(row))
        if cells:
            rows.append(f'<row r="{number}">{cells}</row>')
    used = f"A1:{column_letter(max(width, 1) - 1)}{max(len(sheet.rows), 1)}"
    merges = ""
    if sheet.merges:
        merges = (f'<mergeCells count="{len(sheet.merges)}">'
                  + "".join(f'<mergeCell ref="{m}"/>' for m in sheet.merges) + "</mergeCells>")
    dimension = f'<dimension ref="{used}"/>' if sheet.declares_size else ""
    return (f'{_XML}<worksheet xmlns="{_NS}" xmlns:r="{_REL}">{dimension}'
            f'<sheetData>{"".join(rows)}</sheetData>{merges}</worksheet>')


def _workbook_parts(sheet_count: int, states: Sequence[str], names: Sequence[str]
                    ) -> list[tuple[str, str]]:
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, sheet_count + 1))
    content_types = (
        f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{overrides}</Types>")
    root_rels = (
        f'{_XML}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    sheets = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{i}"'
        + (f' state="{state}"' if state != "visible" else "") + f' r:id="rId{i}"/>'
        for i, (name, state) in enumerate(zip(names, states, strict=True), start=1))
    first_visible = next((i for i, s in enumerate(states) if s == "visible"), 0)
    workbook = (f'{_XML}<workbook xmlns="{_NS}" xmlns:r="{_REL}"><bookViews>'
                f'<workbookView activeTab="{first_visible}"/></bookViews>'
                f"<sheets>{sheets}</sheets></workbook>")
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, sheet_count + 1))
    rels += (f'<Relationship Id="rId{sheet_count + 1}" Type="{_REL}/styles" '
             'Target="styles.xml"/>')
    return [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", root_rels),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", f'{_XML}<Relationships xmlns="{_PKG}">{rels}'
                                       "</Relationships>"),
        ("xl/styles.xml", _STYLES),
    ]


def xlsx(*sheets: Sheet) -> bytes:
    """A workbook as Excel writes one, reduced to the parts every reader needs."""
    parts = _workbook_parts(len(sheets), [s.state for s in sheets], [s.name for s in sheets])
    parts += [(f"xl/worksheets/sheet{i}.xml", _sheet_xml(s))
              for i, s in enumerate(sheets, start=1)]
    return stored_zip([(name, text.encode("utf-8")) for name, text in parts])


def stored_zip(entries: Sequence[tuple[str, bytes]]) -> bytes:
    """A zip whose bytes depend only on its entries: fixed date, no compression, Unix host."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def base(rows: Sequence[Sequence[object]], headers: Sequence[str] = HEADERS,
         name: str = "Base") -> bytes:
    return xlsx(Sheet(name, [list(headers), *rows]))


def good_rows(count: int, start: int = 1) -> list[list[object]]:
    return [[f"{1000 + i}", Date(datetime(2026, 11, 21, 8, i)), f"ecm{i:03d}",
             f"Asesor Nº{i}", "Lucía Peña", "Bogotá", f"Cliente reporta falla {i}"]
            for i in range(start, start + count)]


def write_million_rows(path: Path, rows: int = MILLION) -> Path:
    """A base one million accounts long: the header, then one short row per account. Written
    straight to the zip in slices, deflated at the fastest level: 8 MB in under a second."""
    header = "".join(_cell(f"{column_letter(c)}1", h) for c, h in enumerate(HEADERS))
    parts = _workbook_parts(1, ["visible"], ["Base"])
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in parts:
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write((f'{_XML}<worksheet xmlns="{_NS}"><dimension ref="A1:'
                         f'{column_letter(len(HEADERS) - 1)}{rows + 1}"/><sheetData>'
                         f'<row r="1">{header}</row>').encode())
            step = 20_000
            for first in range(2, rows + 2, step):
                sheet.write("".join(
                    f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>46347</v></c></row>'
                    for r in range(first, min(first + step, rows + 2))).encode())
            sheet.write(b"</sheetData></worksheet>")
    return path


# An encrypted Office file: a Compound File Binary container ------------------------------

_FREE, _END, _FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_SECTOR = 512


def _dir_entry(name: str, kind: int, start: int, size: int, left: int = _FREE,
               right: int = _FREE, child: int = _FREE) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", left, right, child) + bytes(16) + bytes(4) + bytes(16)
            + struct.pack("<IQ", start, size))


def encrypted_office_file() -> bytes:
    """What Excel saves for "Proteger libro con contraseña": not a zip but a CFB container
    with the streams EncryptionInfo (agile encryption, version 4.4) and EncryptedPackage
    (the real workbook, encrypted). Both streams are 4 KB or more, so they live in regular
    sectors and the container needs no mini stream."""
    info = (struct.pack("<HHI", 4, 4, 0x40) + (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption xmlns='
        b'"http://schemas.microsoft.com/office/2006/encryption" xmlns:p="http://schemas.'
        b'microsoft.com/office/2006/keyEncryptor/password"><keyData saltSize="16" '
        b'blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining='
        b'"ChainingModeCBC" hashAlgorithm="SHA512" saltValue="c2FsdHNhbHRzYWx0c2FsdA=="/>'
        b'<keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/'
        b'keyEncryptor/password"><p:encryptedKey spinCount="100000" saltSize="16" '
        b'blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining='
        b'"ChainingModeCBC" hashAlgorithm="SHA512" saltValue="c2FsdHNhbHRzYWx0c2FsdA=="/>'
        b'</keyEncryptor></keyEncryptors></encryption>')).ljust(4096, b" ")
    noise = b"".join(hashlib.sha256(i.to_bytes(4, "little")).digest() for i in range(160))
    package = struct.pack("<Q", 5000) + noise[:5112]
    streams = [("EncryptionInfo", info), ("EncryptedPackage", package)]
    sectors: list[bytes] = []
    starts = []
    fat = [_FAT_SECTOR, _END]  # sector 0: the FAT itself; sector 1: the directory
    for _, data in streams:
        count = -(-len(data) // _SECTOR)
        first = 2 + len(sectors)
        starts.append(first)
        fat += [first + i + 1 for i in range(count - 1)] + [_END]
        sectors += [data[i * _SECTOR:(i + 1) * _SECTOR].ljust(_SECTOR, b"\0")
                    for i in range(count)]
    fat_sector = struct.pack(f"<{_SECTOR // 4}I", *fat, *[_FREE] * (_SECTOR // 4 - len(fat)))
    directory = (_dir_entry("Root Entry", 5, _END, 0, child=1)
                 + _dir_entry("EncryptionInfo", 2, starts[0], len(info), right=2)
                 + _dir_entry("EncryptedPackage", 2, starts[1], len(package))
                 + _dir_entry("", 0, _FREE, 0))
    header = (bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16)
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
              + struct.pack("<109I", 0, *[_FREE] * 108))
    return header + fat_sector + directory + b"".join(sectors)


def old_xls(rows: Sequence[Sequence[object]]) -> bytes:
    """A real Excel 97-2003 workbook (BIFF8 in a CFB container), through xlwt."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Base")
    dated = xlwt.easyxf(num_format_str="dd/mm/yyyy hh:mm")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, Date):
                sheet.write(r, c, value.moment, dated)
            else:
                sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(rows: Sequence[Sequence[object]], delimiter: str = ";",
             headers: Sequence[str] = HEADERS) -> str:
    lines = [delimiter.join(headers)]
    lines += [delimiter.join("" if v is None else str(v) for v in row) for row in rows]
    return "\r\n".join(lines) + "\r\n"


def text_rows(count: int, start: int = 1) -> list[list[object]]:
    return [[f"{1000 + i}", f"21/11/2026 08:{i:02d}", f"ecm{i:03d}", f"José Núñez {i}",
             "Lucía Peña", "Bogotá", "ñandú"] for i in range(start, start + count)]


CSV_STORED = [(f"100{i}", f"ecm00{i}", f"José Núñez {i}", "Lucía Peña") for i in (1, 2)]


# Report column files ----------------------------------------------------------------------

_COLUMNS = [{"key": "correlativo", "title": "Correlativo", "width": 24},
            {"key": "punto", "title": "Punto de atención", "width": 22},
            {"key": "inicio", "title": "Inicio", "width": 16},
            {"key": "duracion", "title": "Duración", "width": 11}]


def columns_json(columns: list[dict[str, Any]] = _COLUMNS) -> str:
    return json.dumps(columns, ensure_ascii=False, indent=1) + "\n"


# The corpus -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    file: str
    target: str  # base | paquete | columnas_reporte
    problem: str
    expected: dict[str, Any]
    build: Callable[[], bytes] | None = field(default=None, compare=False)


def refused(*contains: str) -> dict[str, Any]:
    return {"outcome": "rechazado", "message_contains": list(contains)}


def imported(count: int, sheet: str = "Base", header_row: int = 1,
             rejected: Sequence[tuple[str, int, str, str]] = (),
             duplicates: Sequence[tuple[str, int, str, str]] = (),
             stored: Sequence[tuple[str, str, str, str]] = ()) -> dict[str, Any]:
    """A base imported: how many accounts, from which sheet, each row left out with its sheet,
    row, column and a piece of its reason, and (when given) the cuenta, advisor id, advisor
    name and supervisor stored for each account, in the file's order."""
    expected: dict[str, Any] = {
        "outcome": "importado", "imported": count, "sheet": sheet, "header_row": header_row,
        "rejected": [list(r) for r in rejected], "duplicates": [list(d) for d in duplicates]}
    if stored:
        expected["stored"] = [list(s) for s in stored]
    return expected


def _utf8(text: str) -> Callable[[], bytes]:
    return lambda: text.encode("utf-8")


def _cases() -> list[Case]:
    b = "base"
    rows3 = good_rows(3)
    title = [["BASE MAL ESCALADOS — Gestión Soporte"], ["Corte del 21/11/2026"]]
    return [
        # Files that are not a readable workbook at all.
        Case("base_20261121_zip_corrupto.xlsx", b,
             "Empieza como un zip (PK) pero el resto es basura.",
             refused("base_20261121_zip_corrupto.xlsx", "dañado"),
             lambda: b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 2),
        Case("base_20261121_truncado.xlsx", b,
             "Un libro válido cortado a la mitad (descarga interrumpida).",
             refused("base_20261121_truncado.xlsx", "dañado"),
             lambda: base(rows3)[:1500]),
        Case("base_20261121_cero_bytes.xlsx", b, "El archivo tiene 0 bytes.",
             refused("base_20261121_cero_bytes.xlsx", "vacío"), lambda: b""),
        Case("base_20261121_texto_renombrado.xlsx", b,
             "Un CSV de texto al que le cambiaron la extensión a .xlsx.",
             refused("base_20261121_texto_renombrado.xlsx", "no es un libro de Excel",
                     "texto", ".csv"),
             lambda: csv_text(text_rows(2)).encode("utf-8")),
        Case("base_20261121_html.xls", b,
             "Una tabla HTML guardada con extensión .xls (lo que exportan muchos portales).",
             refused("base_20261121_html.xls", "HTML", "Guardar como"),
             _utf8('<html><head><meta charset="utf-8"></head><body><table>'
                   "<tr><th>Cuenta</th><th>Fecha Escalamiento</th></tr>"
                   "<tr><td>1001</td><td>21/11/2026</td></tr></table></body></html>\n")),
        Case("base_20261121_zip_sin_libro.xlsx", b,
             "Un zip válido que no contiene un libro (un documento cualquiera comprimido).",
             refused("base_20261121_zip_sin_libro.xlsx", "no es un libro de Excel"),
             lambda: stored_zip([("LEAME.txt", b"Base del 21/11/2026\n")])),
        Case("base_20261121_ancha.xlsx", b,
             "5 kB, pero con un valor en la celda XFD3000: la hoja declara 16.384 columnas por "
             "3.000 filas, que el lector llevaría a memoria (gigabytes).",
             refused("base_20261121_ancha.xlsx", "16.384 columnas", "máximo 200"),
             lambda: xlsx(Sheet("Base", [list(HEADERS), *good_rows(2),
                                         *([] for _ in range(2996)),
                                         [*([None] * 16383), "x"]]))),
        Case("base_20261121_con_contrasena.xlsx", b,
             "Libro protegido con contraseña: un contenedor OLE (CFB) cifrado, no un zip.",
             refused("base_20261121_con_contrasena.xlsx", "contraseña"),
             encrypted_office_file),
        Case("base_20261121_xls_renombrado.xlsx", b,
             "Un libro Excel 97-2003 (.xls, BIFF8) con extensión .xlsx.",
             imported(3, stored=[(f"100{i}", f"ecm00{i}", f"Asesor Nº{i}", "Lucía Peña")
                                 for i in (1, 2, 3)]),
             lambda: old_xls([list(HEADERS), *rows3])),
        Case("base_20261121_xlsx_renombrado.csv", b,
             "Un libro .xlsx guardado con extensión .csv.",
             imported(3), lambda: base(rows3)),
        # Workbooks that open but hold no base.
        Case("base_20261121_libro_vacio.xlsx", b, "Un libro con una hoja sin ninguna celda.",
             refused("base_20261121_libro_vacio.xlsx", "vacío"),
             lambda: xlsx(Sheet("Hoja1", []))),
        Case("base_20261121_solo_encabezado.xlsx", b,
             "Los encabezados y ninguna fila de datos.",
             refused("base_20261121_solo_encabezado.xlsx", "«Base»", "ninguna fila de datos"),
             lambda: base([])),
        Case("base_20261121_faltan_columnas.xlsx", b,
             "Faltan las columnas de fecha, usuario y nombre del asesor.",
             refused("Faltan columnas por asignar", "Fecha de escalamiento",
                     "hoja «Base» de base_20261121_faltan_columnas.xlsx", "fila 1"),
             lambda: base([["1001", "Bogotá", "n"]], headers=("Cuenta", "Ciudad", "Notas"))),
        # Layouts that must import cleanly.
        Case("base_20261121_celdas_combinadas.xlsx", b,
             "Título combinado en A1:G1; asesor y supervisor combinados verticalmente en "
             "varias cuentas seguidas.",
             imported(4, header_row=2, stored=[
                 ("1001", "ecm001", "Ana Ruiz", "Lucía Peña"),
                 ("1002", "ecm001", "Ana Ruiz", "Lucía Peña"),
                 ("1003", "ecm001", "Ana Ruiz", "Lucía Peña"),
                 ("1004", "ecm002", "Beto Díaz", "Óscar Gil")]),
             lambda: xlsx(Sheet("Base", [
                 ["BASE MAL ESCALADOS — 21/11/2026"], list(HEADERS),
                 ["1001", "21/11/2026 08:00", "ecm001", "Ana Ruiz", "Lucía Peña", "Cali", "a"],
                 ["1002", "21/11/2026 08:05", None, None, None, "Cali", "b"],
                 ["1003", "21/11/2026 08:10", None, None, None, "Cali", "c"],
                 ["1004", "21/11/2026 08:15", "ecm002", "Beto Díaz", "Óscar Gil", "Pasto", "d"],
             ], merges=("A1:G1", "C3:C5", "D3:D5", "E3:E5")))),
        Case("base_20261121_fechas_texto.xlsx", b,
             "Fechas como texto en varios formatos; dos no se entienden (mes/día y mes en "
             "letras).",
             imported(8, rejected=[
                 ("Base", 10, "B (Fecha Escalamiento)", "no existe en el calendario"),
                 ("Base", 11, "B (Fecha Escalamiento)", "no tiene el formato dd/mm/aaaa"),
             ]),
             lambda: base([
                 [str(1000 + i), text, f"ecm{i}", f"Asesor {i}", "", "", ""]
                 for i, text in enumerate([
                     "21/11/2026", "21-11-2026 14:35", "2026-11-21", "21.11.2026 14:35:10",
                     "21/11/26", "21/11/2026 2:35 p.m.", "2026-11-21T14:35:00",
                     Date(datetime(2026, 11, 21, 9, 30)), "11/21/2026", "21 nov 2026"])])),
        Case("base_20261121_formulas.xlsx", b,
             "Cuenta, fecha y nombre calculados con fórmulas (con su valor guardado) y una "
             "nota que parece fórmula escrita como texto.",
             imported(2, stored=[("1001", "ecm1", "Ana Ruiz", ""),
                                 ("1002", "ecm2", "Beto Díaz", "")]),
             lambda: base([
                 [Formula("1000+1", 1001), Formula("DATE(2026,11,21)+TIME(8,30,0)",
                                                   Date(datetime(2026, 11, 21, 8, 30))),
                  "ecm1", Formula('CONCATENATE("Ana"," ","Ruiz")', "Ana Ruiz"), "", "",
                  '=HYPERLINK("http://x","y")'],
                 [Formula("A2+1", 1002), "21/11/2026", Formula('"ecm"&"2"', "ecm2"),
                  "Beto Díaz", "", "", "+1+1"],
             ])),
        Case("base_20261121_datos_en_hoja_oculta.xlsx", b,
             "La hoja visible solo tiene un título; los datos están en una hoja oculta.",
             imported(3),
             lambda: xlsx(Sheet("Resumen", [["Ver hoja Base"]]),
                          Sheet("Base", [list(HEADERS), *rows3], state="hidden"))),
        Case("base_20261121_hoja_oculta_anterior.xlsx", b,
             "La base del día en la hoja visible y la del día anterior, más larga, en una "
             "hoja muy oculta: se importa la visible.",
             imported(2),
             lambda: xlsx(Sheet("Anterior", [list(HEADERS), *good_rows(5, 50)],
                                state="veryHidden"),
                          Sheet("Base", [list(HEADERS), *good_rows(2)]))),
        Case("base_20261121_columnas_extra.xlsx", b,
             "Columnas que la aplicación no conoce entre las conocidas.",
             imported(3),
             lambda: base([[r[0], "x", *r[1:4], 7, *r[4:]] for r in rows3],
                          headers=(HEADERS[0], "Canal", *HEADERS[1:4], "Prioridad",
                                   *HEADERS[4:]))),
        Case("base_20261121_otra_hoja.xlsx", b, "La hoja se llama «Hoja1», no «Base».",
             imported(3, sheet="Hoja1"), lambda: base(rows3, name="Hoja1")),
        Case("base_20261121_encabezados_con_espacios.xlsx", b,
             "Encabezados con espacios al principio, al final y dobles.",
             imported(3),
             lambda: base(rows3, headers=[f"  {h.replace(' ', '  ')} " for h in HEADERS])),
        Case("base_20261121_encabezado_fila_3.xlsx", b,
             "Dos filas de título arriba: los encabezados están en la fila 3.",
             imported(3, header_row=3),
             lambda: xlsx(Sheet("Base", [*title, list(HEADERS), *rows3]))),
        # Rows that must be located, not imported.
        Case("base_20261121_cuentas_duplicadas.xlsx", b,
             "La misma cuenta, fecha y asesor dos veces; una con ceros a la izquierda.",
             imported(3, duplicates=[("Base", 5, "A (Cuenta)", "Repite la fila 2"),
                                     ("Base", 6, "A (Cuenta)", "Repite la fila 3")]),
             lambda: base([*rows3, rows3[0], ["0" + str(rows3[1][0]), *rows3[1][1:]]])),
        Case("base_20261121_tipos_errados.xlsx", b,
             "Cuentas con decimales o símbolos, fechas que son texto, números o verdadero.",
             imported(1, rejected=[
                 ("Base", 3, "A (Cuenta)", "no es un número entero"),
                 ("Base", 4, "A (Cuenta)", "caracteres no válidos"),
                 ("Base", 5, "B (Fecha Escalamiento)", "no tiene el formato dd/mm/aaaa"),
                 ("Base", 6, "B (Fecha Escalamiento)", "no es una fecha"),
                 ("Base", 7, "B (Fecha Escalamiento)", "no tiene el formato dd/mm/aaaa"),
             ]),
             lambda: base([
                 ["1001", "21/11/2026", "e1", "Ana", "", "", ""],
                 [1002.5, "21/11/2026", "e2", "Beto", "", "", ""],
                 ["10#03", "21/11/2026", "e3", "Carla", "", "", ""],
                 ["1004", "mañana", "e4", "Dora", "", "", ""],
                 ["1005", 5, "e5", "Elsa", "", "", ""],
                 ["1006", True, "e6", "Fabio", "", "", ""],
             ])),
        Case("base_20261121_errores_de_excel.xlsx", b,
             "Celdas con errores de Excel (#N/A, #¡DIV/0!) en la cuenta y la fecha; el lector "
             "las entrega vacías, así que la fila se rechaza por el dato que falta.",
             imported(1, rejected=[
                 ("Base", 3, "A (Cuenta)", "Falta la cuenta"),
                 ("Base", 4, "B (Fecha Escalamiento)", "Falta la fecha"),
             ]),
             lambda: base([
                 ["1001", "21/11/2026", "e1", "Ana", "", "", ""],
                 [ErrorValue("#N/A"), "21/11/2026", "e2", "Beto", "", "", ""],
                 ["1003", ErrorValue("#DIV/0!"), "e3", "Carla", "", "", ""],
             ])),
        Case("base_20261121_fecha_futura.xlsx", b,
             "Una fecha de escalamiento en 2099 (año mal digitado).",
             imported(2, rejected=[("Base", 3, "B (Fecha Escalamiento)",
                                    "posterior a la fecha de la base")]),
             lambda: base([
                 ["1001", "21/11/2026", "e1", "Ana", "", "", ""],
                 ["1002", "21/11/2099", "e2", "Beto", "", "", ""],
                 ["1003", "20/11/2026 23:59", "e3", "Carla", "", "", ""],
             ])),
        # CSV bases.
        Case("base_20261121_utf16_tabulado.csv", b,
             "CSV como lo guarda Excel en «Texto Unicode»: UTF-16 con BOM, tabulado.",
             imported(2, sheet="base_20261121_utf16_tabulado"),
             lambda: csv_text(text_rows(2), "\t").encode("utf-16")),
        Case("base_20261121_utf16_sin_bom.csv", b,
             "CSV en UTF-16 little-endian sin BOM, separado por punto y coma.",
             imported(2, sheet="base_20261121_utf16_sin_bom", stored=CSV_STORED),
             lambda: csv_text(text_rows(2)).encode("utf-16-le")),
        Case("base_20261121_latin1.csv", b,
             "CSV en Latin-1 (ISO-8859-1) con tildes y eñes, separado por comas.",
             imported(2, sheet="base_20261121_latin1", stored=CSV_STORED),
             lambda: csv_text(text_rows(2), ",").encode("latin-1")),
        Case("base_20261121_binario.csv", b, "Bytes binarios con extensión .csv.",
             refused("base_20261121_binario.csv", "no es un CSV de texto"),
             lambda: bytes(range(256)) * 4),
        *(Case(name, "paquete", problem, expected, build)
          for name, problem, expected, build in bad_inputs_packages.cases()),
        # Report column files.
        Case("columnas_json_roto.json", "columnas_reporte", "Falta una coma entre columnas.",
             refused("columnas_json_roto.json", "JSON", "línea 7"),
             _utf8(columns_json().replace("},\n", "}\n", 1))),
        Case("columnas_con_bom.json", "columnas_reporte",
             "JSON correcto guardado en UTF-8 con BOM (Bloc de notas de Windows).",
             {"outcome": "importado", "columns": 4},
             lambda: b"\xef\xbb\xbf" + columns_json().encode()),
        Case("columnas_latin1.json", "columnas_reporte",
             "JSON guardado en Latin-1 (ANSI) en lugar de UTF-8.",
             refused("columnas_latin1.json", "UTF-8"),
             lambda: columns_json().encode("latin-1")),
        Case("columnas_vacio.json", "columnas_reporte", "El archivo de columnas tiene 0 bytes.",
             refused("columnas_vacio.json", "vacío"), lambda: b""),
        Case("columnas_clave_desconocida.json", "columnas_reporte",
             "La columna 2 usa una clave que el reporte no conoce.",
             refused("columnas_clave_desconocida.json", "columna 2", "«sucursal»"),
             _utf8(columns_json([_COLUMNS[0], {**_COLUMNS[1], "key": "sucursal"}]))),
        Case("columnas_ancho_texto.json", "columnas_reporte",
             "El ancho de la columna 3 está escrito como texto.",
             refused("columnas_ancho_texto.json", "columna 3", "ancho"),
             _utf8(columns_json([*_COLUMNS[:2], {**_COLUMNS[2], "width": "16"}]))),
        Case("columnas_repetida.json", "columnas_reporte", "La misma clave dos veces.",
             refused("columnas_repetida.json", "«punto»", "dos veces"),
             _utf8(columns_json([*_COLUMNS, _COLUMNS[1]]))),
        Case("columnas_objeto.json", "columnas_reporte",
             "Un objeto en lugar de una lista de columnas.",
             refused("columnas_objeto.json", "lista de columnas"),
             _utf8(json.dumps({"columnas": _COLUMNS}, ensure_ascii=False) + "\n")),
    ]


LAZY = Case(MILLION_FILE, "base",
            "Un millón de cuentas en una hoja (no se guarda en el repositorio: "
            "write_million_rows la escribe al probar).",
            refused(MILLION_FILE, "«Base»", "1.000.001 filas", "máximo"))


def _hostile() -> ModuleType:
    """scripts/bad_inputs_hostile_workbooks.py: the hostile workbooks of issue 13."""
    spec = importlib.util.spec_from_file_location(
        "bad_inputs_hostile_workbooks", Path(__file__).with_name("bad_inputs_hostile_workbooks.py"))
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cases() -> list[Case]:
    return [*_cases(), LAZY, *_hostile().cases(sys.modules[__name__])]


def write_lazy(folder: Path) -> None:
    """Every lazy file of the corpus, into ``folder``."""
    write_million_rows(folder / MILLION_FILE)
    for name, write in _hostile().lazy(sys.modules[__name__]).items():
        write(folder / name)


def manifest() -> dict[str, Any]:
    return {
        "generado": STAMP,
        "targets": {
            "base": "services.base_import.analyze + run_import (Importar Base Mal Escalados)",
            "paquete": "services.exchange.import_package (paquete importar)",
            "columnas_reporte": "services.inoperatividad_report.report_columns",
        },
        "files": [{"file": c.file, "target": c.target, "problem": c.problem,
                   "expected": c.expected, **({"lazy": True} if c.build is None else {})}
                  for c in cases()],
    }


def generate(folder: Path) -> list[Path]:
    """Write every committed file and the manifest to ``folder``; returns what was written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for case in cases():
        if case.build is not None:
            target = folder / case.file
            target.write_bytes(case.build())
            written.append(target)
    target = folder / MANIFEST
    target.write_text(json.dumps(manifest(), ensure_ascii=False, indent=1) + "\n",
                      encoding="utf-8")
    return [*written, target]


def differences(committed: Path, fresh: Path) -> list[str]:
    """Files missing, extra or different between two corpus folders."""
    ours = {p.name for p in committed.iterdir() if p.is_file()} if committed.is_dir() else set()
    theirs = {p.name for p in fresh.iterdir() if p.is_file()}
    found = [f"sobra {n}" for n in sorted(ours - theirs)]
    found += [f"falta {n}" for n in sorted(theirs - ours)]
    found += [f"desactualizado {n}" for n in sorted(ours & theirs)
              if (committed / n).read_bytes() != (fresh / n).read_bytes()]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=CORPUS, help="carpeta de salida")
    parser.add_argument("--check", action="store_true",
                        help="no escribe; termina con 1 si la carpeta no está al día")
    args = parser.parse_args(argv)
    if args.check:
        import tempfile

        with tempfile.TemporaryDirectory() as scratch:
            generate(Path(scratch))
            stale = differences(args.out, Path(scratch))
        for line in stale:
            print(line)
        return 1 if stale else 0
    for stale in {p for p in args.out.glob("*") if p.is_file()} - set(generate(args.out)):
        stale.unlink()
    print(f"{len(cases())} casos en {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
