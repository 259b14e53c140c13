"""zstd-compressed copies of a store file: written in chunks that can be stopped, read back
with a bound on what they may expand to.

A SQLite store compresses about 5:1 (a 1 GB year store makes a ~200 MB copy in a few seconds
at level 3). Each frame carries its content size and a checksum, so a truncated or altered
copy is refused on the way back instead of restored half.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import zstandard

SUFFIX = ".zst"
CHUNK = 1 << 20
LEVEL = 3
# Room left free on the disk after a decompression: the store must still be able to grow.
MARGIN = 64 << 20

Progress = Callable[[int, int], None]  # bytes done, bytes in all
Stop = Callable[[], bool]


class Stopped(Exception):
    """The work was asked to stop (the window is closing); what it wrote is removed."""


class BadArchive(Exception):
    """The compressed copy cannot be read back whole; the message says why, in Spanish."""


def compress(source: Path, target: Path, progress: Progress, stop: Stop) -> None:
    """Write ``source`` compressed to ``target`` (flushed to disk). The caller renames it."""
    total = source.stat().st_size
    done = 0
    compressor = zstandard.ZstdCompressor(level=LEVEL, write_checksum=True)
    with open(source, "rb") as raw, open(target, "wb") as out:
        # Not a with-block: leaving one early would end the frame, which zstd refuses
        # short of the size declared; a stopped copy is simply deleted.
        writer = compressor.stream_writer(out, size=total, closefd=False)
        while chunk := raw.read(CHUNK):
            if stop():
                raise Stopped
            writer.write(chunk)
            done += len(chunk)
            progress(done, total)
        writer.close()
        out.flush()
        os.fsync(out.fileno())


def expand(source: Path, target: Path, stop: Stop | None = None) -> None:
    """Decompress ``source`` into ``target``, refusing before the disk fills: a frame that
    does not declare its size, declares more than the free space, or grows past what it
    declared is not a copy this application wrote (a forged or damaged file, a bomb)."""
    name = source.name
    free = shutil.disk_usage(target.parent).free - MARGIN
    with open(source, "rb") as raw:
        header = raw.read(18)
        raw.seek(0)
        try:
            declared = zstandard.frame_content_size(header)
        except zstandard.ZstdError as exc:
            raise BadArchive(f"{name} no es un respaldo comprimido válido ({exc}).") from exc
        if declared < 0:  # every copy this application writes says how big it is
            raise BadArchive(f"{name} no es un respaldo comprimido de SWAT Desktop: no dice "
                             "cuánto ocupa expandido.")
        if declared > free:
            raise BadArchive(
                f"{name} se expande a {declared / 1e9:.1f} GB y el disco no tiene lugar "
                f"para ello (quedan {max(free, 0) / 1e9:.1f} GB libres).")
        written = 0
        reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=False)
        try:
            with open(target, "wb") as out:
                while chunk := reader.read(CHUNK):
                    written += len(chunk)
                    if written > declared:
                        raise BadArchive(
                            f"{name} se expande a más de lo que declara o de lo que cabe en el "
                            "disco; no es un respaldo de SWAT Desktop.")
                    if stop is not None and stop():
                        raise Stopped
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
        except zstandard.ZstdError as exc:
            raise BadArchive(f"El respaldo {name} está dañado o incompleto ({exc}).") from exc
    if declared != written:
        raise BadArchive(f"El respaldo {name} está incompleto: faltan "
                         f"{declared - written} bytes de los {declared} que declara.")
