"""Event packages exchanged between attention points and Control e Información: a zip with
the records as JSON and a manifest holding their SHA-256, so a damaged or edited package is
refused before anything is written."""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from pathlib import Path
from typing import Any

FORMAT = "swat-inoperatividad/1"
RECORDS = "records.json"
MANIFEST = "manifest.json"
# A record is about 2 KB of JSON: a whole store's events fit many times over. Anything bigger
# is refused from the size the zip declares, before it is inflated into memory.
MAX_MEMBER_BYTES = 256 * 2**20


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


def read_package(path: Path) -> tuple[dict[str, Any], list[Any]]:
    """The manifest and the records, after checking the format and the checksum. The records'
    own fields are the importing service's to check."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            raw_manifest = _member(archive, MANIFEST, name)
            body = _member(archive, RECORDS, name)
    except FileNotFoundError:
        raise PackageError(f"No se encuentra el paquete {name}.") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        empty = path.is_file() and path.stat().st_size == 0
        raise PackageError(f"{name} está vacío (0 bytes): no se importó nada." if empty else
                           f"{name} no es un paquete de eventos de SWAT Desktop o está "
                           "dañado: no se importó nada.") from None
    manifest = _json(raw_manifest, MANIFEST, name)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise PackageError(f"{name} tiene un formato que esta versión no conoce "
                           f"(«{found}»; se esperaba «{FORMAT}»): no se importó nada.")
    if hashlib.sha256(body).hexdigest() != manifest.get("sha256"):
        raise PackageError(f"El contenido de {name} no coincide con su suma de verificación: "
                           "el paquete fue alterado o se dañó al copiarlo. No se importó "
                           "nada; pida que lo exporten de nuevo.")
    records = _json(body, RECORDS, name)
    if not isinstance(records, list):
        raise PackageError(f"«{RECORDS}» de {name} no es una lista de registros: no se "
                           "importó nada.")
    if len(records) != manifest.get("records"):
        raise PackageError(f"{name} está incompleto: el manifiesto anuncia "
                           f"{manifest.get('records')} registros y el paquete trae "
                           f"{len(records)}. No se importó nada.")
    return manifest, records


def _member(archive: zipfile.ZipFile, member: str, name: str) -> bytes:
    """One file of the package, refused before reading when it could not be ours."""
    try:
        info = archive.getinfo(member)
    except KeyError:
        raise PackageError(f"{name} no es un paquete de eventos de SWAT Desktop: le falta "
                           f"«{member}». No se importó nada.") from None
    if info.flag_bits & 0x1:
        raise PackageError(f"{name} fue comprimido de nuevo con contraseña: expórtelo otra vez "
                           "desde SWAT Desktop y envíelo sin cambios. No se importó nada.")
    if info.file_size > MAX_MEMBER_BYTES:
        raise PackageError(f"«{member}» de {name} es demasiado grande "
                           f"({info.file_size // 2**20} MB descomprimido) para ser un paquete "
                           "de eventos: no se importó nada.")
    try:
        return archive.read(info)
    except (NotImplementedError, RuntimeError):  # a compression method Python lacks
        raise PackageError(f"{name} fue comprimido de nuevo con un método que la aplicación "
                           "no conoce: expórtelo otra vez desde SWAT Desktop. No se importó "
                           "nada.") from None


def _json(raw: bytes, member: str, name: str) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        where = " (no está en UTF-8)"
    except json.JSONDecodeError as exc:
        where = f" (línea {exc.lineno}, columna {exc.colno})"
    raise PackageError(f"«{member}» de {name} no es JSON válido{where}: el paquete está "
                       "dañado. No se importó nada.")
