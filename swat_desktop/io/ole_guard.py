"""The Compound File (the container of an .xls) checked as its reader will walk it.

python-calamine's reader of this container reserves memory from the numbers in the header and
in the directory (how many FAT sectors, how long each stream is) and follows sector chains until
their end marker. A header that claims four billion sectors, a stream "4 GB long" in a 20 kB
file, or a chain that loops back on itself would make it reserve, or append, without end. So
every number it trusts is compared here with the file's real size, every chain it follows is
walked once with a bound and a record of the sectors seen, and the workbook stream is handed
back to be checked record by record (xls_guard).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from swat_desktop.io.workbook_files import FileFormatError
from swat_desktop.io.zip_guard import MIB, damaged, megabytes

# An .xls holds at most 65,536 rows; a full base of 15 columns is some 20 MB.
MAX_XLS_BYTES = 128 * MIB
END_OF_CHAIN = 0xFFFFFFFE
FREE = 0xFFFFFFFF
_MINI_CUTOFF = 4096
_MINI_SECTOR = 64


@dataclass(frozen=True)
class _Header:
    sector: int
    version: int
    dir_sectors: int
    fat_sectors: int
    dir_start: int
    mini_fat_start: int
    mini_fat_sectors: int
    difat_start: int
    difat_sectors: int
    difat: tuple[int, ...]


class _Container:
    def __init__(self, handle: BinaryIO, size: int, name: str) -> None:
        self.handle, self.size, self.name = handle, size, name
        self.header = self._header()
        self.sectors = max(0, size // self.header.sector - 1)
        self.fat = self._fat()

    def _broken(self) -> FileFormatError:
        return damaged(self.name)

    def _header(self) -> _Header:
        self.handle.seek(0)
        raw = self.handle.read(512)
        if len(raw) < 512:
            raise damaged(self.name, incomplete=True)
        shift, mini_shift = struct.unpack_from("<HH", raw, 0x1E)
        if shift not in (9, 12) or mini_shift != 6:
            raise self._broken()
        values = struct.unpack_from("<IIIIIIIII", raw, 0x28)
        dir_sectors, fat_sectors, dir_start, _, _, mini_start, mini_count, difat_start, \
            difat_count = values
        header = _Header(1 << shift, struct.unpack_from("<H", raw, 0x1A)[0], dir_sectors,
                         fat_sectors, dir_start, mini_start, mini_count, difat_start,
                         difat_count, struct.unpack_from("<109I", raw, 0x4C))
        # The reader reserves room from each count times the sector size.
        for count in (dir_sectors, fat_sectors, mini_count, difat_count):
            if count * header.sector > self.size:
                raise self._broken()
        return header

    def read_sector(self, number: int) -> bytes:
        if number >= self.sectors:
            raise self._broken()
        size = self.header.sector
        self.handle.seek((number + 1) * size)
        data = self.handle.read(size)
        if len(data) != size:
            raise damaged(self.name, incomplete=True)
        return data

    def _fat(self) -> list[int]:
        """The FAT, from the header's DIFAT entries and the DIFAT chain (walked once)."""
        header = self.header
        per_sector = header.sector // 4
        entries = list(header.difat)
        number, seen = header.difat_start, set()
        while number not in (FREE, END_OF_CHAIN):
            if number in seen:
                raise self._broken()
            seen.add(number)
            values = struct.unpack(f"<{per_sector}I", self.read_sector(number))
            entries += values[:-1]
            number = values[-1]
        fat: list[int] = []
        for sector in entries:
            if sector != FREE:  # every other entry is read as a sector of the FAT
                fat += struct.unpack(f"<{per_sector}I", self.read_sector(sector))
        return fat

    def chain(self, start: int, table: list[int], limit: int) -> list[int]:
        """The sectors of a chain, in order; refused if it loops, leaves the table or grows
        past ``limit`` sectors."""
        found: list[int] = []
        seen: set[int] = set()
        number = start
        while number != END_OF_CHAIN:
            if number in seen or number >= len(table) or len(found) >= limit:
                raise self._broken()
            seen.add(number)
            found.append(number)
            number = table[number]
        return found

    def read_chain(self, start: int, length: int | None = None) -> bytes:
        """A chain's bytes, cut to ``length`` (which the chain must reach)."""
        numbers = self.chain(start, self.fat, self.sectors)
        data = b"".join(self.read_sector(n) for n in numbers)
        if length is None:
            return data
        if len(data) < length:
            raise self._broken()
        return data[:length]


def workbook_stream(path: Path) -> bytes:
    """The bytes of the workbook stream ("Workbook", or "Book" in Excel 5 files), once every
    number the reader will trust has been checked against the file."""
    name = path.name
    size = path.stat().st_size
    if size > MAX_XLS_BYTES:
        raise FileFormatError(f"El libro {name} ocupa {megabytes(size)}; un libro de Excel "
                              f"97-2003 de una base ocupa mucho menos (máximo "
                              f"{megabytes(MAX_XLS_BYTES)}).")
    try:
        with path.open("rb") as handle:
            box = _Container(handle, size, name)
            header = box.header
            entries = _entries(box.read_chain(header.dir_start), header, size, box)
            root = entries.get("Root Entry") or next(iter(entries.values()), None)
            if root is None:
                raise box._broken()
            mini_fat_raw = box.read_chain(header.mini_fat_start,
                                          header.mini_fat_sectors * header.sector) \
                if header.mini_fat_sectors else b""
            mini_fat = list(struct.unpack(f"<{len(mini_fat_raw) // 4}I", mini_fat_raw))
            mini_stream = box.read_chain(root[0], root[1]) if root[1] else b""
            found = entries.get("Workbook") or entries.get("Book")
            if found is None:
                raise box._broken()
            start, length = found
            if length >= _MINI_CUTOFF:
                return box.read_chain(start, length)
            numbers = box.chain(start, mini_fat, len(mini_stream) // _MINI_SECTOR)
            data = b"".join(mini_stream[n * _MINI_SECTOR:(n + 1) * _MINI_SECTOR]
                            for n in numbers)
            if len(data) < length:
                raise box._broken()
            return data[:length]
    except (OSError, struct.error):
        raise damaged(name) from None


def _entries(directory: bytes, header: _Header, size: int, box: _Container
             ) -> dict[str, tuple[int, int]]:
    """Stream name -> (first sector, length), refusing a length the file cannot hold: the
    reader reserves that many bytes before reading."""
    entries: dict[str, tuple[int, int]] = {}
    for offset in range(0, len(directory) - 127, 128):
        record = directory[offset:offset + 128]
        name_length = struct.unpack_from("<H", record, 64)[0]
        if not 2 <= name_length <= 64:
            continue
        name = record[:name_length - 2].decode("utf-16-le", "replace")
        start = struct.unpack_from("<I", record, 116)[0]
        length = struct.unpack_from("<Q" if header.sector == 4096 else "<I", record, 120)[0]
        if length > size:
            raise box._broken()
        entries.setdefault(name, (start, length))
    return entries
