"""The practices' catalogue file (resources/catalogues/practicas.json): read and checked.

It ships with the application, but whoever maintains the operation edits it by hand when a
goal changes, so a file that is not JSON, too large, or wrong in a field is refused with the
Spanish reason (domain.practices.CatalogueError) rather than a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

from swat_desktop.domain.practices import CatalogueError, PracticeCatalogue, parse_catalogue

MAX_BYTES = 1_000_000  # the shipped file is 6 kB; a file this size is not a catalogue


def read_practices(path: Path) -> PracticeCatalogue:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise CatalogueError(f"El catálogo de prácticas de gestión ({path.name}) pesa más "
                                 f"de {MAX_BYTES // 1_000_000} MB: no es el archivo esperado.")
        raw = path.read_bytes()
    except OSError as exc:
        raise CatalogueError(f"No se puede leer el catálogo de prácticas de gestión "
                             f"({path}): {exc.strerror or exc}.") from exc
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = (f" (línea {exc.lineno}, columna {exc.colno})"
                 if isinstance(exc, json.JSONDecodeError) else "")
        raise CatalogueError(f"El catálogo de prácticas de gestión ({path.name}) no es un JSON "
                             f"válido en UTF-8{where}.") from exc
    return parse_catalogue(data)
