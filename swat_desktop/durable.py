"""Making a written file and a rename survive a power cut: shared by the store's copies
(storage) and the files people get (io), which may not import each other."""

from __future__ import annotations

import os
from pathlib import Path


def flush_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def flush_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows cannot open a folder and needs no such step."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
