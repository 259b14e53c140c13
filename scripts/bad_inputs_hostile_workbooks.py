"""Hostile Base Mal Escalados files for the bad-input corpus (issue 13, "Workbooks").

Built by hand, byte by byte, the way an attacker or a broken exporter would write them: a cell
at XFD1048576 in a 2 kB file (python-calamine would ask for 512 GB and abort the process), a
<dimension> that lies, cells without references, shared strings repeated until they weigh
gigabytes, runs of spaces, sizes the zip directory lies about, .xls records that point past
column 65,000 or claim billions of cells, sector chains that loop, control characters, the 1904
date system, month-first dates, formulas saved without their value, broken CSVs.

scripts/make_bad_inputs.py registers these cases (``cases``) and the lazy files (``lazy``):
this module only receives that script as ``make`` and uses its writers, so both stay one
generator with one Case type and one manifest.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

BASE = "base"
FAR = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
SPACES_MB = 640
SPACES_FILE = f"base_20261121_{SPACES_MB}_mb_de_espacios.xlsx"
SQUEEZED_FILE = "base_20261121_espacios_comprimidos.xlsx"


def _sheet(make: ModuleType, rows: list[list[object]], declares_size: bool = True,
           extra: str = "", before_data: str = "", after_data: str = "") -> str:
    """A sheet of the header and ``rows`` as the corpus writes it, with raw XML added: rows
    at the end of sheetData, something before it, something after it."""
    xml = make._sheet_xml(make.Sheet("Base", [list(make.HEADERS), *rows],
                                     declares_size=declares_size))
    xml = xml.replace("</sheetData>", f"{extra}</sheetData>{after_data}")
    return xml.replace("<sheetData>", f"{before_data}<sheetData>")


def _book(make: ModuleType, sheet_xml: str | bytes, workbook_pr: str = "",
          shared: str | None = None, parts: list[tuple[str, bytes]] | None = None) -> bytes:
    """A one-sheet workbook from its sheet XML, optionally with a workbookPr, a sharedStrings
    part and other parts."""
    entries = []
    for part, text in make._workbook_parts(1, ["visible"], ["Base"]):
        if part == "xl/workbook.xml":
            text = text.replace("<bookViews>", f"{workbook_pr}<bookViews>")
        if part == "xl/_rels/workbook.xml.rels" and shared is not None:
            text = text.replace("</Relationships>", (
                '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                "</Relationships>"))
        entries.append((part, text.encode("utf-8")))
    body = sheet_xml if isinstance(sheet_xml, bytes) else sheet_xml.encode("utf-8")
    entries.append(("xl/worksheets/sheet1.xml", body))
    if shared is not None:
        entries.append(("xl/sharedStrings.xml", shared.encode("utf-8")))
    return make.stored_zip([*entries, *(parts or [])])


def _patched_sizes(data: bytes, part: bytes, size: int, local: bool) -> bytes:
    """The zip with the uncompressed size of ``part`` changed in its central directory (and,
    when ``local``, in its local header too), the data left as it is."""
    raw = bytearray(data)
    directory = raw.find(b"PK\x01\x02")
    entry = raw.rfind(b"PK\x01\x02", 0, raw.find(part, directory))
    raw[entry + 24:entry + 28] = struct.pack("<I", size)
    if local:
        header = raw.rfind(b"PK\x03\x04", 0, raw.find(part))
        raw[header + 22:header + 26] = struct.pack("<I", size)
    return bytes(raw)


def _repeated_strings(make: ModuleType) -> bytes:
    """One shared string of 200 KB that 2,700 cells point at: 540 MB once copied into each
    cell, as the reader does, from a file of under 300 kB."""
    shared = (f'{make._XML}<sst xmlns="{make._NS}" count="2701" uniqueCount="1">'
              f'<si><t>{"a" * 200_000}</t></si></sst>')
    cells = "".join(f'<row r="{r}"><c r="G{r}" t="s"><v>0</v></c></row>' for r in range(3, 2703))
    return _book(make, _sheet(make, make.good_rows(1), declares_size=False, extra=cells),
                 shared=shared)


def _xls(make: ModuleType) -> bytearray:
    return bytearray(make.old_xls([list(make.HEADERS), *make.good_rows(3)]))


def _xls_dimensions(make: ModuleType) -> bytes:
    """The sheet's DIMENSIONS record claims 1,000,000 rows by 16,000 columns: the reader
    reserves room for 16 billion cells before reading one."""
    data = _xls(make)
    at = data.find(struct.pack("<HH", 0x0200, 14))
    struct.pack_into("<IIHH", data, at + 4, 0, 1_000_000, 0, 16_000)
    return bytes(data)


def _xls_far_cell(make: ModuleType) -> bytes:
    """The first text cell (LABELSST) moved to row 65,001, column 65,001."""
    data = _xls(make)
    at = data.find(struct.pack("<HH", 0x00FD, 10))
    struct.pack_into("<HH", data, at + 4, 65_000, 65_000)
    return bytes(data)


def _xls_loop(make: ModuleType) -> bytes:
    """The directory's sector chain points back at itself: a reader that follows it without
    remembering where it has been never stops (and keeps appending)."""
    data = _xls(make)
    first_directory = struct.unpack_from("<I", data, 0x30)[0]
    fat_sector = struct.unpack_from("<I", data, 0x4C)[0]
    struct.pack_into("<I", data, (fat_sector + 1) * 512 + 4 * first_directory, first_directory)
    return bytes(data)


def _xls_huge_stream(make: ModuleType) -> bytes:
    """The directory says the Workbook stream is 4 GB long, in a file of a few kB."""
    data = _xls(make)
    at = data.find("Workbook".encode("utf-16-le"))
    struct.pack_into("<I", data, at + 120, 0xFFFFFFF0)
    return bytes(data)


def _controls(make: ModuleType) -> bytes:
    """Control characters as Excel escapes them (_x001F_) in the name, supervisor and notes;
    the reader turns them into the characters themselves."""
    rows = make.good_rows(4)
    rows[1][3] = "Ana_x001F_Ruiz"
    rows[2][4] = "Lucía_x0007_Peña"
    rows[3][6] = "Cliente_x000B_reporta falla"
    return make.xlsx(make.Sheet("Base", [[*make.HEADERS[:6], "Notas_x0001_"], *rows]))


def _dates_1904(make: ModuleType) -> bytes:
    """A workbook in the 1904 date system: one date as a plain number (General format), one
    formatted as a date; both are 2026-11-21 08:30 counted from 1904."""
    serial = (datetime(2026, 11, 21, 8, 30) - datetime(1904, 1, 1)).total_seconds() / 86400
    rows = make.good_rows(2)
    xml = _sheet(make, rows)
    xml = xml.replace('<c r="B2" s="1"><v>', '<c r="B2"><v>')  # General: a bare serial
    for ref in ("B2", "B3"):
        start = xml.index(f'<c r="{ref}"')
        value = xml.index("<v>", start) + 3
        xml = xml[:value] + repr(serial) + xml[xml.index("</v>", value):]
    return _book(make, xml, workbook_pr='<workbookPr date1904="1"/>')


def _uncalculated(make: ModuleType) -> bytes:
    """The account of row 3 is a formula saved without its value, as a program that never
    ran Excel writes it."""
    xml = _sheet(make, make.good_rows(3))
    start = xml.index('<c r="A3"')
    end = xml.index("</c>", start) + 4
    return _book(make, xml[:start] + '<c r="A3"><f>1000+2</f></c>' + xml[end:])


def _overlapping_merges(make: ModuleType) -> bytes:
    merges = "".join('<mergeCell ref="E2:E4"/>' for _ in range(40))
    return _book(make, _sheet(make, make.good_rows(3),
                              after_data=f'<mergeCells count="40">{merges}</mergeCells>'))


def _open_document(make: ModuleType) -> bytes:
    return make.stored_zip([
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", b'<?xml version="1.0"?><office:document-content/>')])


def write_spaces(make: ModuleType, path: Path, megabytes: int) -> Path:
    """A real zip bomb: the header row, then ``megabytes`` of spaces inside sheetData,
    deflated (a few MB on disk). Deflated bytes vary between zlib builds, so it is written
    when the test needs it instead of committed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    header = "".join(make._cell(f"{make.column_letter(c)}1", h)
                     for c, h in enumerate(make.HEADERS))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for part, text in make._workbook_parts(1, ["visible"], ["Base"]):
            archive.writestr(part, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'{make._XML}<worksheet xmlns="{make._NS}"><sheetData>'
                        f'<row r="1">{header}</row>'.encode())
            chunk = b" " * (1 << 20)
            for _ in range(megabytes):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return path


def lazy(make: ModuleType) -> dict[str, Callable[[Path], Path]]:
    """The files too big or too build-dependent to commit, by name, with their writers."""
    return {SPACES_FILE: lambda path: write_spaces(make, path, SPACES_MB),
            SQUEEZED_FILE: lambda path: write_spaces(make, path, 20)}


def cases(make: ModuleType) -> list[Any]:
    Case, refused, imported = make.Case, make.refused, make.imported
    rows = make.good_rows(3)
    with_controls = imported(2, rejected=[
        ("Base", 3, "D (Nombre Asesor)", "U+001F"),
        ("Base", 4, "E (Supervisor)", "U+0007"),
    ], stored=[("1001", "ecm001", "Asesor Nº1", "Lucía Peña"),
               ("1004", "ecm004", "Asesor Nº4", "Lucía Peña")])
    with_controls["cleaned"] = [["Base", 5, "G (Notas)", "U+000B"]]
    in_1904 = imported(2)
    in_1904["dates"] = ["2026-11-21 08:30", "2026-11-21 08:30"]
    return [
        Case("base_20261121_celda_XFD1048576.xlsx", BASE,
             "2 kB, sin <dimension>, con un valor en la celda XFD1048576: el lector armaría "
             "una hoja de 17 mil millones de celdas (512 GB) y el proceso abortaría.",
             refused("«Base»", "XFD1048576", "columna 16.384", "máximo 200 columnas"),
             lambda: _book(make, _sheet(make, rows, declares_size=False, extra=FAR))),
        Case("base_20261121_dimension_falsa.xlsx", BASE,
             "La hoja declara A1:G4 y tiene además un valor en XFD1048576.",
             refused("«Base»", "XFD1048576", "columna 16.384"),
             lambda: _book(make, _sheet(make, rows, extra=FAR))),
        Case("base_20261121_fila_fuera_de_rango.xlsx", BASE,
             "La hoja declara A1:G4 y tiene un valor en A1048576 (más filas de las admitidas).",
             refused("«Base»", "A1048576", "fila 1.048.576", "300.000 filas"),
             lambda: _book(make, _sheet(make, rows, extra=(
                 '<row r="1048576"><c r="A1048576"><v>1</v></c></row>')))),
        Case("base_20261121_celdas_sin_referencia.xlsx", BASE,
             "Una fila de 250 celdas sin atributo r: el lector las pone una tras otra, hasta "
             "la columna IP.",
             refused("«Base»", "GS5", "columna 201"),
             lambda: _book(make, _sheet(make, rows, declares_size=False, extra=(
                 '<row r="5">' + "<c><v>1</v></c>" * 250 + "</row>")))),
        Case("base_20261121_textos_repetidos.xlsx", BASE,
             "Un texto compartido de 200 kB al que apuntan 2.700 celdas: 540 MB en memoria.",
             refused("«Base»", "textos compartidos", "512 MB"),
             lambda: _repeated_strings(make)),
        Case("base_20261121_espacios_en_blanco.xlsx", BASE,
             "300 kB de espacios seguidos entre dos filas de la hoja.",
             refused("«Base»", "espacios en blanco", "256 KB", "después de la celda G4"),
             lambda: _book(make, _sheet(make, rows, extra=" " * 300_000))),
        Case("base_20261121_tamano_declarado_falso.xlsx", BASE,
             "El directorio del zip dice que la hoja ocupa 100 bytes; ocupa más (otro lector "
             "leería otra cosa).",
             refused("base_20261121_tamano_declarado_falso.xlsx", "dañado"),
             lambda: _patched_sizes(_book(make, _sheet(make, rows)),
                                    b"xl/worksheets/sheet1.xml", 100, local=True)),
        Case("base_20261121_declara_3_gb.xlsx", BASE,
             "El directorio del zip dice que la hoja ocupa 3 GB descomprimida (bomba zip).",
             refused("base_20261121_declara_3_gb.xlsx", "bomba de compresión"),
             lambda: _patched_sizes(_book(make, _sheet(make, rows)),
                                    b"xl/worksheets/sheet1.xml", 3_000_000_000, local=False)),
        Case("base_20261121_parte_repetida.xlsx", BASE,
             "Dos hojas «xl/worksheets/sheet1.xml» y «Sheet1.xml»: el lector busca sin "
             "distinguir mayúsculas, otro programa leería la otra.",
             refused("dos veces", "Sheet1.xml"),
             lambda: _book(make, _sheet(make, rows), parts=[
                 ("xl/worksheets/Sheet1.xml", _sheet(make, make.good_rows(3, 50)).encode())])),
        Case("base_20261121_hoja_utf16.xlsx", BASE, "La hoja está escrita en UTF-16.",
             refused("«Base»", "UTF-8"),
             lambda: _book(make, _sheet(make, rows).encode("utf-16"))),
        Case("base_20261121_libro_binario.xlsb", BASE,
             "Un libro binario de Excel (.xlsb), que la aplicación no lee.",
             refused(".xlsb", "Guardar como"),
             lambda: make.stored_zip([("[Content_Types].xml", b"<Types/>"),
                                      ("xl/workbook.bin", b"\0")])),
        Case("base_20261121_libreoffice.ods", BASE,
             "Una hoja de cálculo de LibreOffice (.ods), que la aplicación no lee.",
             refused("OpenDocument", "Guardar como"), lambda: _open_document(make)),
        Case("base_20261121_combinadas_superpuestas.xlsx", BASE,
             "40 rangos combinados iguales sobre las mismas filas (Excel nunca los superpone).",
             refused("«Base»", "se superponen"), lambda: _overlapping_merges(make)),
        Case("base_20261121_dimensiones_falsas.xls", BASE,
             "Un .xls cuyo registro DIMENSIONS declara 1.000.000 de filas por 16.000 columnas: "
             "el lector reservaría 640 GB antes de leer una celda.",
             refused("«Base»", "declara 1.000.000 filas por 16.000 columnas"),
             lambda: _xls_dimensions(make)),
        Case("base_20261121_celda_lejana.xls", BASE,
             "Un .xls con un texto en la fila 65.001, columna 65.001 (135 GB para el lector).",
             refused("«Base»", "columna 65.001", "máximo 200 columnas"),
             lambda: _xls_far_cell(make)),
        Case("base_20261121_cadena_circular.xls", BASE,
             "Un .xls cuya cadena de sectores del directorio apunta a sí misma.",
             refused("base_20261121_cadena_circular.xls", "dañado"), lambda: _xls_loop(make)),
        Case("base_20261121_flujo_de_4_gb.xls", BASE,
             "Un .xls cuyo directorio dice que el libro ocupa 4 GB, en un archivo de pocos kB.",
             refused("base_20261121_flujo_de_4_gb.xls", "dañado"),
             lambda: _xls_huge_stream(make)),
        Case("base_20261121_caracteres_de_control.xlsx", BASE,
             "Caracteres de control invisibles en un nombre, un supervisor, una nota y un "
             "título: se rechaza la fila si están en un dato de la cuenta, se limpian si no.",
             with_controls, lambda: _controls(make)),
        Case("base_20261121_fechas_1904.xlsx", BASE,
             "Un libro con el sistema de fechas 1904: una fecha como número y otra con formato.",
             in_1904, lambda: _dates_1904(make)),
        Case("base_20261121_formula_sin_valor.xlsx", BASE,
             "La cuenta de la fila 3 es una fórmula guardada sin su resultado.",
             imported(2, rejected=[("Base", 3, "A (Cuenta)", "fórmula guardada sin su "
                                                             "resultado")]),
             lambda: _uncalculated(make)),
        Case("base_20261121_mes_primero.csv", BASE,
             "Fechas escritas mes/día/año (11/25/2026): leídas día primero, los días del 1 "
             "al 12 quedarían con día y mes cambiados.",
             refused("mes primero", "fila 3", "11/25/2026", "dd/mm/aaaa"),
             lambda: make.csv_text([
                 ["1001", "11/05/2026 08:00", "e1", "Ana", "", "", ""],
                 ["1002", "11/25/2026 09:00", "e2", "Beto", "", "", ""],
                 ["1003", "11/12/2026 10:00", "e3", "Carla", "", "", ""],
             ]).encode("utf-8")),
        Case("base_20261121_comilla_sin_cerrar.csv", BASE,
             "Una comilla que no se cierra: el resto del archivo (140 kB) sería una sola celda.",
             refused("línea 3", "comilla"),
             lambda: (make.csv_text(make.text_rows(1)) + '1002;"21/11/2026;'
                      + "x" * 140_000 + "\r\n").encode("utf-8")),
        Case("base_20261121_demasiadas_columnas.csv", BASE,
             "Una línea con 301 columnas (el separador repetido).",
             refused("línea 3", "301 columnas", "máximo 200"),
             lambda: (make.csv_text(make.text_rows(1)) + ";" * 300 + "\r\n").encode("utf-8")),
        Case(SPACES_FILE, BASE,
             f"{SPACES_MB} MB de espacios comprimidos en 3 MB (no se guarda en el repositorio: "
             "se escribe al probar).",
             refused("«Base»", "bomba de compresión", "máximo 512 MB")),
        Case(SQUEEZED_FILE, BASE,
             "20 MB de espacios comprimidos en 20 kB (no se guarda en el repositorio).",
             refused("«Base»", "bomba de compresión", "veces lo que ocupa comprimida")),
    ]
