"""Event packages exchanged between attention points and Control e Información: a zip with
exactly three members — the records as JSON, a manifest holding their SHA-256 and the point's
public key, and the point's Ed25519 signature of the manifest.

The checksum alone proved nothing (anyone recomputes it after an edit); the signature ties the
records to the key that made them. This module checks that the package is well formed and
that its signature is right for the key it carries; whether that key is the one registered for
the point is services/package_keys.py's decision, and the records' fields are
services/package_check.py's.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from swat_desktop.domain.formatting import format_size
from swat_desktop.io import package_keys
from swat_desktop.io.atomic import atomic_output

FORMAT = "swat-inoperatividad/2"
UNSIGNED_FORMAT = "swat-inoperatividad/1"  # before packages were signed
RECORDS = "records.json"
MANIFEST = "manifest.json"
SIGNATURE = "signature.json"
MEMBERS = (MANIFEST, RECORDS, SIGNATURE)
# A record is about 2 KB of JSON (under 30 KB with every text at the form's limit): years of a
# point's events fit many times over. A member bigger than its bound is refused from the size
# the zip declares, before it is inflated, and again if it inflates to more.
MAX_BYTES = {MANIFEST: 16_000, SIGNATURE: 4_000, RECORDS: 64_000_000}
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what write_package uses, and zip -0
# What is signed: the manifest's exact bytes, behind a label that no other use of the key has.
_SIGNED_PREFIX = f"{FORMAT}\n".encode()


class PackageError(ValueError):
    """The file is not a usable package; the message is Spanish and says why."""


@dataclass(frozen=True)
class Package:
    """A package whose structure, checksum and signature are right for the key it carries."""

    name: str
    point_code: str
    public_key: bytes
    created_at: str
    records: list[Any]

    @property
    def fingerprint(self) -> str:
        return package_keys.fingerprint(self.public_key)


def write_package(path: Path, records: list[dict[str, Any]], point_code: str,
                  created_at: str, key: Ed25519PrivateKey) -> Path:
    """Written through io.atomic like every file people get: a package is complete or absent,
    an earlier one under the same name survives a failed export, and a killed export leaves
    nothing the next start does not clean."""
    if path.is_dir():
        raise PackageError(f"«{path}» es una carpeta: indique el nombre del archivo del paquete "
                           f"(por ejemplo {path / (point_code + '.swatpkg')}). No se guardó "
                           "nada.")
    body = json.dumps(records, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    manifest = json.dumps({
        "format": FORMAT, "point": point_code, "created_at": created_at,
        "records": len(records), "sha256": hashlib.sha256(body).hexdigest(),
        "public_key": _b64(package_keys.public_bytes(key))}, ensure_ascii=False, indent=1
    ).encode("utf-8")
    signature = json.dumps({"algorithm": "Ed25519", "signature": _b64(
        package_keys.sign(key, _SIGNED_PREFIX + manifest))}, indent=1).encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise PackageError(f"No se puede guardar en {path.parent}: no es una carpeta. No se "
                           "guardó nada.") from None
    with (atomic_output(path) as out,
          zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive):
        archive.writestr(MANIFEST, manifest)
        archive.writestr(RECORDS, body)
        archive.writestr(SIGNATURE, signature)
    return path


def read_package(path: Path) -> Package:
    """The package after checking its members, format, signature and checksum."""
    name = path.name
    if path.is_dir():
        raise PackageError(f"«{name}» es una carpeta, no un paquete de eventos: elija el "
                           "archivo .swatpkg. No se importó nada.")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = _members(archive, name)
            raw_manifest = _read(archive, infos[MANIFEST], name)
            manifest = _manifest(raw_manifest, name)
            public_key = _public_key(manifest, name)
            if SIGNATURE not in infos:
                raise PackageError(f"{name} no está firmado: un paquete de SWAT Desktop lleva "
                                   f"la firma del punto («{SIGNATURE}»). No se importó nada; "
                                   "pida al punto que lo exporte de nuevo.")
            _verify(_read(archive, infos[SIGNATURE], name), raw_manifest, public_key, name)
            body = _read(archive, infos[RECORDS], name)
    except FileNotFoundError:
        raise PackageError(f"No se encuentra el paquete {name}.") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        empty = path.is_file() and path.stat().st_size == 0
        raise PackageError(f"{name} está vacío (0 bytes): no se importó nada." if empty else
                           f"{name} no es un paquete de eventos de SWAT Desktop o está "
                           "dañado: no se importó nada.") from None
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
    created = manifest.get("created_at")
    return Package(name, manifest["point"], public_key,
                   created if isinstance(created, str) else "", records)


def _members(archive: zipfile.ZipFile, name: str) -> dict[str, zipfile.ZipInfo]:
    """Exactly the three members, once each: a second «records.json» is what ``unzip`` shows
    while another reader takes the last one."""
    infos = archive.infolist()
    names = [info.filename for info in infos]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise PackageError(f"{name} trae dos veces «{repeated[0]}»: un paquete de SWAT Desktop "
                           "no repite archivos, este fue armado o cambiado a mano. No se "
                           "importó nada.")
    for member in (MANIFEST, RECORDS):
        if member not in names:
            raise PackageError(f"{name} no es un paquete de eventos de SWAT Desktop: le falta "
                               f"«{member}». No se importó nada.")
    extra = [n for n in names if n not in MEMBERS]
    if extra:
        shown = ", ".join(f"«{n[:60]}»" for n in extra[:3])
        raise PackageError(f"{name} trae archivos que un paquete de eventos no lleva ({shown}): "
                           "fue armado o cambiado a mano. No se importó nada.")
    return {info.filename: info for info in infos}


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    """One member, refused before reading when it could not be ours."""
    member, limit = info.filename, MAX_BYTES[info.filename]
    if info.flag_bits & 0x1:
        raise PackageError(f"{name} fue comprimido de nuevo con contraseña: expórtelo otra vez "
                           "desde SWAT Desktop y envíelo sin cambios. No se importó nada.")
    if info.compress_type not in _METHODS:
        raise PackageError(f"{name} fue comprimido de nuevo con un método que la aplicación "
                           "no conoce: expórtelo otra vez desde SWAT Desktop. No se importó "
                           "nada.")
    too_big = PackageError(f"«{member}» de {name} es demasiado grande "
                           f"({format_size(max(info.file_size, limit + 1))} descomprimido; un "
                           f"paquete de eventos lleva a lo más {format_size(limit)}): no se "
                           "importó nada.")
    if info.file_size > limit:
        raise too_big
    with archive.open(info) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise too_big
    return data


def _manifest(raw: bytes, name: str) -> dict[str, Any]:
    manifest = _json(raw, MANIFEST, name)
    found = manifest.get("format") if isinstance(manifest, dict) else None
    if found == UNSIGNED_FORMAT:
        raise PackageError(f"{name} no está firmado: lo exportó una versión anterior de SWAT "
                           "Desktop. Pida al punto que actualice la aplicación y exporte el "
                           "paquete de nuevo. No se importó nada.")
    if not isinstance(manifest, dict) or found != FORMAT:
        raise PackageError(f"{name} tiene un formato que esta versión no conoce "
                           f"(«{found}»; se esperaba «{FORMAT}»): no se importó nada.")
    if not isinstance(manifest.get("point"), str) or not manifest["point"].strip():
        raise PackageError(f"El manifiesto de {name} no dice de qué punto de atención es: no "
                           "se importó nada.")
    return manifest


def _public_key(manifest: dict[str, Any], name: str) -> bytes:
    key = _unb64(manifest.get("public_key"))
    if key is None or len(key) != package_keys.PUBLIC_KEY_BYTES:
        raise PackageError(f"{name} no trae la clave pública del punto que lo firmó: no se "
                           "importó nada; pida que lo exporten de nuevo desde SWAT Desktop.")
    return key


def _verify(raw_signature: bytes, raw_manifest: bytes, public_key: bytes, name: str) -> None:
    signature = _json(raw_signature, SIGNATURE, name)
    value = _unb64(signature.get("signature")) if isinstance(signature, dict) else None
    if value is None or not package_keys.verify(public_key, value,
                                                _SIGNED_PREFIX + raw_manifest):
        raise PackageError(f"La firma de {name} no corresponde a su contenido: el paquete se "
                           "cambió después de exportarlo o no lo hizo SWAT Desktop. No se "
                           "importó nada; pida al punto que lo exporte de nuevo.")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: Any) -> bytes | None:
    if not isinstance(value, str) or len(value) > 200:
        return None
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None


class _RepeatedKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A key written twice in one object: readers disagree on which one counts."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _RepeatedKey(key)
        found[key] = value
    return found


def _json(raw: bytes, member: str, name: str) -> Any:
    try:
        return json.loads(raw.decode("utf-8"), object_pairs_hook=_unique_keys)
    except _RepeatedKey as exc:
        where = f" (repite la clave «{str(exc)[:60]}» en un mismo objeto)"
    except UnicodeDecodeError:
        where = " (no está en UTF-8)"
    except json.JSONDecodeError as exc:
        where = f" (línea {exc.lineno}, columna {exc.colno})"
    except RecursionError:
        where = " (anidado sin fin)"
    raise PackageError(f"«{member}» de {name} no es JSON válido{where}: el paquete está "
                       "dañado. No se importó nada.")
