"""Event packages exchanged between attention points and Control e Información: a zip with
the records as JSON and a manifest holding their SHA-256, so a damaged or edited package is
refused before anything is written."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

FORMAT = "swat-inoperatividad/1"
RECORDS = "records.json"
MANIFEST = "manifest.json"


class PackageError(ValueError):
    """The file is not a usable package; the message is Spanish and says why."""


def write_package(path: Path, records: list[dict[str, Any]], origin: str,
                  created_at: str) -> Path:
    body = json.dumps(records, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    manifest = {"format": FORMAT, "origin": origin, "created_at": created_at,
                "records": len(records), "sha256": hashlib.sha256(body).hexdigest()}
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        archive.writestr(RECORDS, body)
    partial.replace(path)  # a package is either complete or absent
    return path


def read_package(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The manifest and the records, after checking the format and the checksum."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            manifest = json.loads(archive.read(MANIFEST))
            body = archive.read(RECORDS)
    except FileNotFoundError:
        raise PackageError(f"No se encuentra el paquete {name}.") from None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise PackageError(f"{name} no es un paquete de eventos de SWAT Desktop o está "
                           "dañado: no se importó nada.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackageError(f"{name} tiene un formato que esta versión no conoce: no se "
                           "importó nada.")
    if hashlib.sha256(body).hexdigest() != manifest.get("sha256"):
        raise PackageError(f"El contenido de {name} no coincide con su suma de verificación: "
                           "el paquete fue alterado o se dañó al copiarlo. No se importó "
                           "nada; pida que lo exporten de nuevo.")
    records = json.loads(body)
    if not isinstance(records, list) or len(records) != manifest.get("records"):
        raise PackageError(f"{name} está incompleto: no se importó nada.")
    return manifest, records
