"""What a file handed over as a base really is, and how big its sheets are, before reading it.

Bases arrive renamed (an old .xls saved as .xlsx, a workbook saved as .csv), cut short by a
download, protected with a password, or as a web page a portal called ".xls". The extension
says little; the first bytes say which reader can open the file, and Spanish messages can then
say what is wrong instead of a reader's error. For xlsx, the size each sheet declares is read
from the first bytes of its XML, so a sheet of a million rows is refused before it is loaded.
"""

from __future__ import annotations

import re
import struct
import zipfile
from enum import Enum
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree

OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
# The streams Office puts in place of the workbook when it is saved with a password.
ENCRYPTED_STREAMS = frozenset({"EncryptionInfo", "EncryptedPackage"})
_LAST_SECTOR = 0xFFFFFFFA  # sector numbers from here on are markers, not sectors


class FileFormatError(Exception):
    """The file cannot be read as a table; the message says why, in Spanish."""


class Kind(Enum):
    EMPTY = "vacío"
    ZIP = "zip"  # xlsx, xlsm, xlsb, ods
    OLE = "ole"  # xls (Excel 97-2003)
    ENCRYPTED = "cifrado"  # any Office file saved with a password
    MARKUP = "html"  # a web page or Excel 2003 XML saved with a workbook's extension
    TEXT = "texto"
    BINARY = "binario"


def sniff(path: Path) -> Kind:
    """What the file is, from its first 4 KB (and, for an OLE container, its directory)."""
    with path.open("rb") as handle:
        head = handle.read(4096)
        if not head:
            return Kind.EMPTY
        if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            return Kind.ZIP
        if head.startswith(OLE_SIGNATURE):
            return Kind.ENCRYPTED if ole_names(handle) >= ENCRYPTED_STREAMS else Kind.OLE
    text = _as_text(head)
    if text is None:
        return Kind.BINARY
    start = text.lstrip("\ufeff \t\r\n").lower()
    if start.startswith(("<html", "<!doctype html", "<table", "<?xml")) or "<html" in start:
        return Kind.MARKUP
    return Kind.TEXT


def _as_text(head: bytes) -> str | None:
    """The start of the file as text if it reads as UTF-16, UTF-8 or a Windows code page."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_without_bom(head):
        return head.decode("utf-16-le" if head[1:2] == b"\0" else "utf-16", "replace")
    text = head.decode("cp1252", "replace")
    printable = sum(c.isprintable() or c in "\t\r\n" for c in text)
    return text if "\0" not in text and printable >= 0.95 * len(text) else None


def utf16_without_bom(head: bytes) -> bool:
    """Text in UTF-16 little-endian without its mark: a zero after almost every other byte."""
    sample = head[:2048]
    pairs = len(sample) // 2
    return pairs >= 4 and sum(sample[i] == 0 for i in range(1, 2 * pairs, 2)) >= 0.9 * pairs


def ole_names(handle: BinaryIO) -> set[str]:
    """The entry names in the directory of a Compound File (the container of .xls files and of
    password-protected Office files); an empty set when the container is damaged."""
    try:
        handle.seek(0)
        header = handle.read(512)
        size = 1 << struct.unpack_from("<H", header, 0x1E)[0]
        fat_count, first_dir = struct.unpack_from("<II", header, 0x2C)
        next_difat, difat_count = struct.unpack_from("<II", header, 0x44)
        per_sector = size // 4

        def sector(number: int) -> tuple[int, ...]:
            handle.seek((number + 1) * size)
            data = handle.read(size)
            if len(data) != size:
                raise ValueError("sector fuera del archivo")
            return struct.unpack(f"<{per_sector}I", data)

        in_file = handle.seek(0, 2) // size
        if fat_count > in_file or difat_count > in_file:  # a header that lies: damaged
            return set()
        fat_sectors = list(struct.unpack_from("<109I", header, 0x4C))
        visited: set[int] = set()
        for _ in range(difat_count):
            if next_difat >= _LAST_SECTOR or next_difat in visited:
                break
            visited.add(next_difat)
            entries = sector(next_difat)
            fat_sectors += entries[:-1]
            next_difat = entries[-1]
        fat = [n for s in fat_sectors[:fat_count] for n in sector(s)]
        names: set[str] = set()
        number, seen = first_dir, set()
        while number < min(len(fat), _LAST_SECTOR) and number not in seen:
            seen.add(number)
            handle.seek((number + 1) * size)
            data = handle.read(size)
            for offset in range(0, len(data) - 127, 128):
                length = struct.unpack_from("<H", data, offset + 64)[0]
                if 2 <= length <= 64:
                    names.add(data[offset:offset + length - 2].decode("utf-16-le", "replace"))
            number = fat[number]
        return names
    except (OSError, ValueError, struct.error):
        return set()


_MAIN_XML = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")
_MAIN_XML_LIMIT = 16 << 20
_DIMENSION = re.compile(
    rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?\"")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def declared_size(path: Path) -> dict[str, tuple[int, int]]:
    """(last row, last column) each sheet of an xlsx declares in its <dimension> (Excel
    always writes it; other producers may not), read from the first bytes of each sheet:
    the reader builds the whole rectangle in memory, so a 5 kB file with one cell at XFD3000
    would cost gigabytes. Sheets that declare nothing are left out; so is everything when the
    package is damaged, which the reader reports."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = []
            for part in _MAIN_XML:  # read bounded: a bomb here is refused by xlsx_guard
                with archive.open(part) as stream:
                    data = stream.read(_MAIN_XML_LIMIT + 1)
                if len(data) > _MAIN_XML_LIMIT or b"<!DOCTYPE" in data:
                    return {}
                parts.append(data)
            workbook, rels = (ElementTree.fromstring(data) for data in parts)
            targets = {r.get("Id"): r.get("Target", "") for r in rels}
            found = {}
            for sheet in workbook.iter():
                if not sheet.tag.endswith("}sheet"):
                    continue
                rel = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
                target = targets.get(rel, "")
                member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                with archive.open(member) as stream:
                    match = _DIMENSION.search(stream.read(4096))
                if match:
                    last_column, last_row = match.group(3) or match.group(1), \
                        match.group(4) or match.group(2)
                    found[sheet.get("name", "")] = (int(last_row), _column_number(last_column))
            return found
    except (OSError, KeyError, ValueError, RuntimeError, NotImplementedError,
            zipfile.BadZipFile, ElementTree.ParseError):  # encrypted or odd entries too
        return {}
