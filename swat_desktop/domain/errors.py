"""Errors that carry Spanish messages meant for the person at the screen.

The operating system's reasons for a failed write (a full disk, a folder that is missing or is
a file, no permission) are worded here once: the writers of files for people (io.atomic) and
the store's known errors (storage.errors) both say them the same way.
"""

from __future__ import annotations

import errno
from pathlib import Path


class ValidationError(Exception):
    """Invalid input, with one message per field so a form can show each next to its field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class OutputError(OSError):
    """A file for people (xlsx, PDF, e-mail) could not be written; the message is one Spanish
    line that says what to do. An OSError, so callers that catch the system's errors while
    writing catch this one too; the old file under that name, if any, is untouched."""

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message


# errno → what happened and what to do; the rest are said by the system's own words.
_OS_REASONS = {
    errno.ENOSPC: "el disco está lleno: libere espacio (o elija otro disco) y vuelva a intentar",
    errno.EDQUOT: "se agotó su cuota de espacio en el disco: libere espacio y vuelva a intentar",
    errno.EFBIG: "el archivo supera el tamaño que admite el disco o el sistema: elija otro "
                 "disco",
    errno.EROFS: "el disco o la unidad es de solo lectura: elija otra carpeta",
    errno.EACCES: "no tiene permiso para escribir ahí, o el archivo está abierto en otro "
                  "programa: ciérrelo o elija otra carpeta",
    errno.EPERM: "no tiene permiso para escribir ahí: elija otra carpeta",
    errno.ENOENT: "la carpeta no existe: créela o elija otra",
    errno.ENOTDIR: "una parte de la ruta es un archivo, no una carpeta: elija otra carpeta",
    errno.EISDIR: "ya hay una carpeta con ese nombre: elija otro nombre de archivo",
    errno.EIO: "error de lectura o escritura en el disco: revise el disco o la unidad de red y "
               "vuelva a intentar",
}


def os_reason(exc: OSError) -> str:
    """Why the system refused, in Spanish and with the way out; lower case, no final stop."""
    known = _OS_REASONS.get(exc.errno or -1)
    if known is not None:
        return known
    return (exc.strerror or str(exc) or type(exc).__name__).rstrip(".")


def output_error(path: Path, exc: OSError) -> OutputError:
    """``exc``, raised while writing ``path`` for people, as one Spanish line."""
    return OutputError(f"No se pudo guardar {path}: {os_reason(exc)}.", exc.errno)
