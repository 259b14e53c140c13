"""The event packages of the bad-input corpus (scripts/make_bad_inputs.py registers them).

Packages as an attention point's computer writes them — three members, signed — and as people
break or forge them: edited after signing, signed with another point's key or none, speaking
for another point or for a point that does not exist, naming this office's users, with two
``records.json``, with fields the form would never let through.

Signed with keys derived from fixed seeds: Ed25519 signatures are deterministic (RFC 8032), so
the same run of the script writes the same bytes. ``CORPUS_POINT``'s key is the one the
corpus test registers in its store; ``OTHER_KEY`` is a real key that nobody registered.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import struct
import zipfile
from collections.abc import Callable, Sequence
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

FORMAT = "swat-inoperatividad/2"
ZIP_DATE = (2026, 11, 21, 0, 0, 0)
CORPUS_POINT = {"code": "CAC-PLAZA-NORTE", "kind": "cac", "name": "CAC Plaza Norte"}
POINT_CODE = CORPUS_POINT["code"]
SAN_ISIDRO = {"code": "CAC-SAN-ISIDRO", "kind": "cac", "name": "CAC San Isidro"}
CREATED_AT = "2026-11-22T16:00:00+00:00"
CORPUS_KEY = Ed25519PrivateKey.from_private_bytes(
    hashlib.sha256(b"swat-desktop: clave del corpus, CAC-PLAZA-NORTE").digest())
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(
    hashlib.sha256(b"swat-desktop: una clave que nadie registro").digest())

# (file, problem, expected, build): make_bad_inputs.py wraps each into its Case.
Entry = tuple[str, str, dict[str, Any], Callable[[], bytes]]


def stored_zip(entries: Sequence[tuple[str, bytes]]) -> bytes:
    """A zip whose bytes depend only on its entries (the same as make_bad_inputs.py's); the
    same name twice is written as given, as a hand-made zip may."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            # zipfile warns on a repeated name; the repeat is the point of some cases.
            archive.NameToInfo.pop(name, None)
            archive.writestr(info, data)
    return out.getvalue()


def person(login: str = "lramos", full_name: str = "Luz Ramos Flores",
           role: str = "supervisor_cac", point_code: str = POINT_CODE) -> dict[str, Any]:
    return {"full_name": full_name, "login": login, "point_code": point_code, "role": role}


def package_record(number: int = 1, **changes: Any) -> dict[str, Any]:
    """One event as an attention point exports it (see services/exchange.py)."""
    fields: dict[str, Any] = {
        "alert_at": "2026-11-22T15:20:00+00:00", "alert_reference": "INC-0042",
        "alert_sent": True, "annul_reason": "", "annulled_at": None,
        "applications": ["SIAC_UNICO", "SGA"], "atc_number": None, "channel": "presencial",
        "closed_at": None, "closure_motive": "", "closure_sustento": "",
        "correlativo": number, "critical_attention": "",
        "customers": [{"at": "10:12", "critical": False, "document": "45871236",
                       "line": "987654321", "request": "Migración de plan"}],
        "detail": "SIAC no carga en ninguna PC.", "ended_at": None,
        "motivo": "FALLA_MASIVA_APLICATIVO", "not_intermittent": True,
        "regularization": "pendiente", "regularized_at": None,
        "request_code": "MIGRACION_PLAN", "request_type": "consultas",
        "responsible_name": "Luz Ramos Flores", "responsible_role": "supervisor",
        "scenario": "falla_masiva", "sicar_payment": False,
        "started_at": f"2026-11-22T15:{number:02d}:00+00:00", "status": "abierto",
        "whole_point_down": True,
    }
    fields.update(changes)
    return {
        "created_at": "2026-11-22T15:31:00+00:00",
        "created_by": person(),
        "fields": fields,
        "people": {"annulled_by": None, "closed_by": None, "regularized_by": None},
        "point": dict(CORPUS_POINT),
        "uuid": f"5f0c7d2e-0000-4000-8000-{number:012d}",
        "version": 1,
    }


def records_body(items: list[dict[str, Any]]) -> bytes:
    return json.dumps(items, ensure_ascii=False, sort_keys=True, indent=1).encode()


def _public(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw,
                                        serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def manifest_bytes(body: bytes, count: int, key: Ed25519PrivateKey = CORPUS_KEY,
                   **changes: Any) -> bytes:
    manifest = {"format": FORMAT, "point": POINT_CODE, "created_at": CREATED_AT,
                "records": count, "sha256": hashlib.sha256(body).hexdigest(),
                "public_key": _public(key)}
    manifest.update(changes)
    return json.dumps(manifest, ensure_ascii=False, indent=1).encode()


def signature_bytes(manifest: bytes, key: Ed25519PrivateKey = CORPUS_KEY) -> bytes:
    value = key.sign(f"{FORMAT}\n".encode() + manifest)
    return json.dumps({"algorithm": "Ed25519",
                       "signature": base64.b64encode(value).decode()}, indent=1).encode()


def package(items: list[dict[str, Any]] | None = None, body: bytes | None = None,
            key: Ed25519PrivateKey = CORPUS_KEY, extra: Sequence[tuple[str, bytes]] = (),
            **manifest_changes: Any) -> bytes:
    """A package as services/exchange.py writes it, signed by ``key``; ``manifest_changes``
    overrides keys of its manifest before signing, ``extra`` adds members."""
    items = items if items is not None else [package_record()]
    body = body if body is not None else records_body(items)
    manifest = manifest_bytes(body, len(items), key, **manifest_changes)
    return stored_zip([("manifest.json", manifest), ("records.json", body),
                       ("signature.json", signature_bytes(manifest, key)), *extra])


def tampered_package() -> bytes:
    """A record edited after export, the signed manifest left as it was."""
    original = records_body([package_record()])
    manifest = manifest_bytes(original, 1)
    edited = original.replace(b"SIAC no carga", b"SGA no carga")
    return stored_zip([("manifest.json", manifest), ("records.json", edited),
                       ("signature.json", signature_bytes(manifest))])


def resummed_package() -> bytes:
    """A record annulled by hand and the manifest's checksum computed again: the checksum
    fits, the point's signature of the old manifest does not."""
    original = records_body([package_record()])
    signature = signature_bytes(manifest_bytes(original, 1))
    edited = records_body([package_record(status="anulado", annul_reason="Anulado a mano",
                                          annulled_at="2026-11-22T15:40:00+00:00")])
    return stored_zip([("manifest.json", manifest_bytes(edited, 1)), ("records.json", edited),
                       ("signature.json", signature)])


def unsigned_package() -> bytes:
    body = records_body([package_record()])
    return stored_zip([("manifest.json", manifest_bytes(body, 1)), ("records.json", body)])


def old_unsigned_package() -> bytes:
    """As version 1 of the format wrote it: a checksum and no key."""
    body = records_body([package_record()])
    manifest = json.dumps({"format": "swat-inoperatividad/1", "origin": POINT_CODE,
                           "created_at": CREATED_AT, "records": 1,
                           "sha256": hashlib.sha256(body).hexdigest()}, indent=1).encode()
    return stored_zip([("manifest.json", manifest), ("records.json", body)])


def two_records_members() -> bytes:
    """``unzip`` shows the first records.json (an innocent event), a reader that takes the
    last one would import the second (the same event, annulled)."""
    shown = records_body([package_record()])
    hidden = records_body([package_record(status="anulado", annul_reason="Anulado a mano",
                                          annulled_at="2026-11-22T15:40:00+00:00")])
    manifest = manifest_bytes(hidden, 1)
    return stored_zip([("manifest.json", manifest), ("records.json", shown),
                       ("records.json", hidden), ("signature.json", signature_bytes(manifest))])


def encrypted_zip_package() -> bytes:
    """Zipped again by hand with a password: the entries carry the "encrypted" flag."""
    raw = bytearray(package())
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = raw.find(signature)
        while at != -1:
            raw[at + flag_offset] |= 1
            at = raw.find(signature, at + 4)
    return bytes(raw)


def huge_package() -> bytes:
    """records.json declares 3 GB in the zip's directory: a zip bomb, refused before reading."""
    raw = bytearray(package())
    directory = raw.find(b"PK\x01\x02")
    entry = raw.rfind(b"PK\x01\x02", 0, raw.find(b"records.json", directory))
    raw[entry + 24:entry + 28] = struct.pack("<I", 3_000_000_000)  # uncompressed size
    return bytes(raw)


def repeated_key_package() -> bytes:
    """The same key twice in one record: one JSON reader keeps the first, another the last."""
    body = records_body([package_record()]).replace(
        b'"status": "abierto"', b'"status": "abierto",\n  "status": "anulado"')
    return package(body=body)


def _without(record: dict[str, Any], name: str) -> dict[str, Any]:
    fields = dict(record["fields"])
    del fields[name]
    return {**record, "fields": fields}


def _refused(*contains: str) -> dict[str, Any]:
    return {"outcome": "rechazado", "message_contains": list(contains)}


def cases() -> list[Entry]:
    """Every package case of the corpus, in the order of the manifest."""
    first, second = package_record(1), package_record(2)
    return [
        ("paquete_valido.swatpkg", "Un paquete correcto y firmado por su punto (control).",
         {"outcome": "importado", "added": 1}, lambda: package()),
        ("paquete_alterado.swatpkg",
         "Un registro editado después de exportar: la suma de verificación no coincide.",
         _refused("paquete_alterado.swatpkg", "suma de verificación"), tampered_package),
        ("paquete_truncado.swatpkg", "El paquete cortado a la mitad.",
         _refused("paquete_truncado.swatpkg", "dañado"), lambda: package()[:600]),
        ("paquete_cero_bytes.swatpkg", "El paquete tiene 0 bytes.",
         _refused("paquete_cero_bytes.swatpkg", "vacío"), lambda: b""),
        ("paquete_formato_desconocido.swatpkg",
         "El manifiesto declara un formato de una versión futura.",
         _refused("paquete_formato_desconocido.swatpkg", "formato", "swat-inoperatividad/9"),
         lambda: package(format="swat-inoperatividad/9")),
        ("paquete_sin_manifiesto.swatpkg", "Falta manifest.json.",
         _refused("paquete_sin_manifiesto.swatpkg", "manifest.json"),
         lambda: stored_zip([("records.json", b"[]")])),
        ("paquete_manifiesto_roto.swatpkg", "manifest.json no es JSON.",
         _refused("paquete_manifiesto_roto.swatpkg", "manifest.json", "JSON"),
         lambda: stored_zip([("manifest.json", b'{"format": "swat-inoperatividad/2",'),
                             ("records.json", b"[]")])),
        ("paquete_cuenta_distinta.swatpkg",
         "El manifiesto anuncia 3 registros y el paquete trae 1.",
         _refused("paquete_cuenta_distinta.swatpkg", "incompleto", "3", "1"),
         lambda: package(records=3)),
        ("paquete_registros_no_json.swatpkg",
         "records.json no es JSON, aunque su suma de verificación y la firma coinciden.",
         _refused("paquete_registros_no_json.swatpkg", "records.json", "JSON"),
         lambda: package(body=b"[{\"uuid\": ")),
        ("paquete_campo_faltante.swatpkg", "Un registro sin el campo «detail».",
         _refused("paquete_campo_faltante.swatpkg", "registro 1", "«detail»"),
         lambda: package([_without(package_record(), "detail")])),
        ("paquete_tipos_errados.swatpkg", "El correlativo del segundo registro es texto.",
         _refused("paquete_tipos_errados.swatpkg", "registro 2", "«correlativo»"),
         lambda: package([first, package_record(2, correlativo="dos")])),
        ("paquete_fecha_invalida.swatpkg", "La hora de inicio no es una fecha ISO con zona.",
         _refused("paquete_fecha_invalida.swatpkg", "registro 1", "«started_at»"),
         lambda: package([package_record(started_at="22/11/2026 10:00")])),
        ("paquete_estado_desconocido.swatpkg", "Un estado que la aplicación no conoce.",
         _refused("paquete_estado_desconocido.swatpkg", "registro 1", "«status»", "borrado"),
         lambda: package([package_record(status="borrado")])),
        ("paquete_uuid_repetido.swatpkg", "Dos registros con el mismo identificador.",
         _refused("paquete_uuid_repetido.swatpkg", "registro 2", "registro 1"),
         lambda: package([first, {**package_record(
             2, request_type="altas", request_code="", customers=[
                 {"at": "10:40", "critical": False, "document": "70011223", "line": "",
                  "request": "Portabilidad"}]), "uuid": first["uuid"]}])),
        ("paquete_zip_cifrado.swatpkg",
         "Comprimido de nuevo con contraseña: las entradas del zip están cifradas.",
         _refused("paquete_zip_cifrado.swatpkg", "contraseña"), encrypted_zip_package),
        ("paquete_bomba.swatpkg", "records.json declara 3 GB descomprimido (bomba zip).",
         _refused("paquete_bomba.swatpkg", "demasiado grande"), huge_package),
        # Signatures and who speaks for whom.
        ("paquete_sin_firma.swatpkg", "Un paquete sin signature.json.",
         _refused("paquete_sin_firma.swatpkg", "no está firmado"), unsigned_package),
        ("paquete_version_1_sin_firma.swatpkg",
         "Un paquete del formato anterior: solo una suma de verificación, sin clave ni firma.",
         _refused("paquete_version_1_sin_firma.swatpkg", "no está firmado",
                  "versión anterior"), old_unsigned_package),
        ("paquete_resumado.swatpkg",
         "Un registro anulado a mano y la suma de verificación calculada otra vez: la firma "
         "del punto ya no corresponde.",
         _refused("paquete_resumado.swatpkg", "La firma", "no corresponde"),
         resummed_package),
        ("paquete_clave_ajena.swatpkg",
         "Bien firmado, pero con una clave que no es la registrada para su punto.",
         _refused("paquete_clave_ajena.swatpkg", "no es la registrada", POINT_CODE),
         lambda: package(key=OTHER_KEY)),
        ("paquete_clave_no_registrada.swatpkg",
         "De un punto que existe pero cuya clave nunca se registró aquí.",
         _refused("paquete_clave_no_registrada.swatpkg", "no está registrada",
                  "CAC-SAN-ISIDRO", "huella"),
         lambda: package([{**first, "point": SAN_ISIDRO}], key=OTHER_KEY,
                         point="CAC-SAN-ISIDRO")),
        ("paquete_punto_inventado.swatpkg", "Dice venir de un punto que no existe aquí.",
         _refused("paquete_punto_inventado.swatpkg", "CAC-INVENTADO", "no crea puntos"),
         lambda: package(point="CAC-INVENTADO")),
        ("paquete_registro_de_otro_punto.swatpkg",
         "Firmado por su punto, trae un registro que dice ser de otro punto.",
         _refused("paquete_registro_de_otro_punto.swatpkg", "registro 1", "CAC-SAN-ISIDRO",
                  "sus propios registros"),
         lambda: package([{**first, "point": SAN_ISIDRO}])),
        ("paquete_autor_control.swatpkg",
         "El autor del registro es un perfil de Control e Información.",
         _refused("paquete_autor_control.swatpkg", "«created_by»", "Control e Información"),
         lambda: package([{**first, "created_by": person("cinfo", "Carla Info",
                                                         "control_informacion")}])),
        ("paquete_login_de_este_equipo.swatpkg",
         "Dice que el autor es un supervisor del punto, con el login de un usuario de Control "
         "e Información de este equipo.",
         _refused("paquete_login_de_este_equipo.swatpkg", "«cinfo»", "usuarios de este equipo"),
         lambda: package([{**first, "created_by": person("cinfo", "Carla Info")}])),
        ("paquete_records_dos_veces.swatpkg",
         "Dos miembros «records.json»: unzip muestra uno y otro lector tomaría el otro.",
         _refused("paquete_records_dos_veces.swatpkg", "dos veces", "«records.json»"),
         two_records_members),
        ("paquete_miembro_extra.swatpkg", "Un archivo de más dentro del zip.",
         _refused("paquete_miembro_extra.swatpkg", "«leame.txt»"),
         lambda: package(extra=[("leame.txt", b"hola")])),
        ("paquete_clave_json_repetida.swatpkg",
         "El mismo campo dos veces en un registro (abierto y anulado).",
         _refused("paquete_clave_json_repetida.swatpkg", "repite la clave «status»"),
         repeated_key_package),
        # Fields the form would never let through.
        ("paquete_hora_cliente_invalida.swatpkg", "Un cliente con la hora «99:99».",
         _refused("paquete_hora_cliente_invalida.swatpkg", "registro 1",
                  "«customers[1].at»", "99:99"),
         lambda: package([package_record(customers=[
             {**package_record()["fields"]["customers"][0], "at": "99:99"}])])),
        ("paquete_detalle_largo.swatpkg", "Un detalle de 2.001 caracteres (el formulario "
         "admite 2.000).",
         _refused("paquete_detalle_largo.swatpkg", "registro 1", "«detail»", "2000"),
         lambda: package([package_record(detail="x" * 2001)])),
        ("paquete_correlativo_enorme.swatpkg", "Un correlativo de 13 cifras.",
         _refused("paquete_correlativo_enorme.swatpkg", "«correlativo»", "fuera del rango"),
         lambda: package([package_record(correlativo=10**12)])),
        ("paquete_anio_1.swatpkg", "Un evento que empezó el 1 de enero del año 1.",
         _refused("paquete_anio_1.swatpkg", "«started_at»", "anterior a 2000"),
         lambda: package([package_record(started_at="0001-01-01T00:00:00+00:00")])),
        ("paquete_dos_abiertos.swatpkg",
         "Dos registros abiertos de Consultas del mismo punto.",
         _refused("paquete_dos_abiertos.swatpkg", "registro 2", "segundo registro abierto",
                  "Consultas", f"{POINT_CODE}-000001"),
         lambda: package([first, second])),
        ("paquete_cierre_sin_sustento.swatpkg",
         "Un registro cerrado sin sustento de cierre.",
         _refused("paquete_cierre_sin_sustento.swatpkg", "«closure_sustento»", "sustento"),
         lambda: package([package_record(status="cerrado", ended_at="2026-11-22T15:45:00+00:00",
                                         closed_at="2026-11-22T15:50:00+00:00",
                                         closure_motive="CONECTIVIDAD")])),
    ]
