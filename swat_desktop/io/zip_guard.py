"""The zip of an xlsx read with every size bounded before anything believes it.

An xlsx is a zip, and a zip says in its directory how large each part is once uncompressed; a
hostile file lies there, or compresses gigabytes of spaces into a few kilobytes. The reader the
application uses (python-calamine) decompresses a part as far as the data goes and keeps what it
reads, so a part must be measured before the reader sees it: here each part is decompressed by
zlib in bounded slices, counting the bytes that really come out, and refused as soon as it
passes what it declared or what a base can need. A part that reads differently here than its
directory says (size, CRC) is refused as damaged, so this count and the reader's cannot differ.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from swat_desktop.domain.formatting import format_count
from swat_desktop.io.workbook_files import FileFormatError

MIB = 1 << 20
MAX_MEMBERS = 10_000
# A 100,000-row base of 15 columns is a 56 MB sheet; the largest the importer accepts (300,000
# rows) stays under this. Everything is counted uncompressed, as the reader holds it.
MAX_MEMBER_BYTES = 512 * MIB
MAX_TOTAL_BYTES = 1024 * MIB
# Sheets compress about 6 to 15 times; runs of identical bytes, about 1,000 times. A large part
# that shrank more than this is a compression bomb, refused before it is decompressed.
MAX_RATIO = 100
RATIO_FROM = 8 * MIB
_READ = MIB  # compressed bytes read at a time
SLICE = 4 * MIB  # most uncompressed bytes handed over at a time
_LOCAL_HEADER = struct.Struct("<4s22xHH")


def megabytes(size: int) -> str:
    """A size as a Spanish reader writes it: 1.536 MB."""
    return f"{format_count(-(-size // MIB))} MB"


def damaged(name: str, incomplete: bool = False) -> FileFormatError:
    hint = " Parece incompleto: ¿se cortó la descarga o la copia?" if incomplete else ""
    return FileFormatError(
        f"No se pudo leer {name}: el archivo está dañado o no es un libro de Excel válido.{hint}")


def _bomb(name: str, label: str, size: int, why: str) -> FileFormatError:
    return FileFormatError(
        f"El libro {name} no se importa: {label} ocupa {megabytes(size)} sin comprimir{why}. "
        "Una base real ocupa mucho menos; el archivo parece armado para llenar la memoria "
        "(«bomba de compresión»). Pida la base de nuevo o guárdela otra vez desde Excel.")


@dataclass(frozen=True)
class Package:
    """The directory of a workbook's zip, checked: parts found by name as the reader finds
    them (without regard to case), none twice, none encrypted, a bounded total."""

    path: Path
    name: str  # the file's name, for messages
    parts: dict[str, zipfile.ZipInfo]  # casefolded part name -> its entry

    def find(self, part: str) -> zipfile.ZipInfo | None:
        return self.parts.get(part.casefold())


def open_package(path: Path) -> Package:
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError, RuntimeError):
        raise damaged(name, incomplete=True) from None
    if len(entries) > MAX_MEMBERS:
        raise FileFormatError(f"El libro {name} tiene {format_count(len(entries))} partes; un "
                              "libro de Excel tiene unas decenas. No parece un libro de Excel.")
    parts: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for entry in entries:
        key = entry.filename.casefold()
        if key in parts:
            raise FileFormatError(
                f"El libro {name} contiene dos veces la parte «{entry.filename}»: cada programa "
                "leería una distinta. Guárdelo de nuevo desde Excel.")
        if entry.flag_bits & 0x1:
            raise FileFormatError(f"El libro {name} está protegido con contraseña: ábralo en "
                                  "Excel, quite la contraseña y guárdelo de nuevo.")
        parts[key] = entry
        total += entry.file_size
    if total > MAX_TOTAL_BYTES:
        raise _bomb(name, "el libro completo", total, f" (máximo {megabytes(MAX_TOTAL_BYTES)})")
    return Package(path, name, parts)


def stream(package: Package, entry: zipfile.ZipInfo, label: str,
           limit: int = MAX_MEMBER_BYTES) -> Iterator[bytes]:
    """The uncompressed bytes of one part, in slices of at most ``SLICE`` bytes.

    ``label`` names the part in messages («la hoja «Base»»). Refused before reading when the
    part declares more than ``limit`` or a bomb's ratio; refused while reading when it yields
    more than it declared; refused as damaged when its end, its size or its CRC is wrong.
    """
    name = package.name
    declared = entry.file_size
    if declared > limit:
        raise _bomb(name, label, declared, f" (máximo {megabytes(limit)})")
    if declared > RATIO_FROM and declared > MAX_RATIO * max(entry.compress_size, 1):
        ratio = format_count(declared // max(entry.compress_size, 1))
        raise _bomb(name, label, declared, f", {ratio} veces lo que ocupa comprimida")
    if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise damaged(name)
    produced = 0
    crc = 0
    try:
        for piece in _raw_pieces(package.path, entry):
            produced += len(piece)
            if produced > declared:
                raise damaged(name)  # more than the directory says: one reader would stop
            crc = zlib.crc32(piece, crc)
            yield piece
    except (OSError, zlib.error, struct.error):
        raise damaged(name) from None
    if produced != declared or crc != entry.CRC:
        raise damaged(name)


def _raw_pieces(path: Path, entry: zipfile.ZipInfo) -> Iterator[bytes]:
    """The part's data as stored after its local header, inflated when deflated."""
    with path.open("rb") as handle:
        handle.seek(entry.header_offset)
        signature, name_length, extra_length = _LOCAL_HEADER.unpack(
            handle.read(_LOCAL_HEADER.size))
        if signature != b"PK\x03\x04":
            raise zlib.error("cabecera local")
        handle.seek(name_length + extra_length, 1)
        left = entry.compress_size
        inflate = zlib.decompressobj(-15) if entry.compress_type == zipfile.ZIP_DEFLATED else None
        pending = b""
        while True:
            if not pending and left:
                pending = handle.read(min(_READ, left))
                if not pending:
                    raise zlib.error("datos cortados")
                left -= len(pending)
            if inflate is None:
                if pending:
                    yield pending
                    pending = b""
                if not left:
                    return
                continue
            out = inflate.decompress(pending, SLICE)
            pending = inflate.unconsumed_tail
            if out:
                yield out
            if inflate.eof:
                return
            if not pending and not left and not out:
                raise zlib.error("datos cortados")
