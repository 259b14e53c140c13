"""How the imported cells of a base are kept: blocks of rows, JSON, compressed.

The cells are read back only when someone opens one account, so they are stored for size: a
block of ``CHUNK_ROWS`` sheet rows compresses about four times, where one account's cells alone
would barely shrink. JSON keeps any character a workbook may hold, separators included.
zlib level 1: a base of 100,000 rows compresses in about half a second; higher levels save a
fifth more space for twice the time, paid on every import.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator, Sequence

CHUNK_ROWS = 256
LEVEL = 1

Cells = Sequence[str]


def chunk_of(source_row: int) -> int:
    return source_row // CHUNK_ROWS


def encode(rows: Iterable[tuple[int, Cells]]) -> Iterator[tuple[int, bytes]]:
    """(chunk, block) for rows given as (sheet row, cells) in ascending sheet-row order."""
    chunk: int | None = None
    block: list[tuple[int, Cells]] = []
    for source_row, cells in rows:
        number = chunk_of(source_row)
        if number != chunk and block:
            yield chunk, _pack(block)  # type: ignore[misc]
            block = []
        chunk = number
        block.append((source_row, cells))
    if block:
        yield chunk, _pack(block)  # type: ignore[misc]


def _pack(block: list[tuple[int, Cells]]) -> bytes:
    text = json.dumps(block, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode("utf-8"), LEVEL)


def decode(data: bytes, source_row: int) -> list[str] | None:
    """The cells of one sheet row of a block, or None when the block does not hold it."""
    for row, cells in json.loads(zlib.decompress(data).decode("utf-8")):
        if row == source_row:
            return [str(c) for c in cells]
    return None
