"""Each attack on event packages found by the hostile hunt (issue 13), built for real — zips
with the attack, signed with real keys — and fed through the real import between two real
stores. Every refusal is Spanish, names what is wrong, and leaves Control e Información's store
exactly as it was (every table, every row)."""

from __future__ import annotations

import hashlib
import json
import warnings
import zipfile
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import UserProfile
from swat_desktop.io import package_keys as key_files
from swat_desktop.io.exchange_package import write_package
from swat_desktop.services import exchange, inoperatividad
from swat_desktop.services.exchange import PackageError
from swat_desktop.services.store import Database
from tests.backends import snapshot
from tests.conftest import TEST_NOW
from tests.fixtures.inoperatividad import cac_supervisor, good_input
from tests.fixtures.packages import SAMPLE_POINT, export_point, trust

PLAZA_NORTE = "CAC-PLAZA-NORTE"
MADE = TEST_NOW.isoformat()  # the stores' clock: after the sample record was saved


@pytest.fixture
def sent(db: Database, central: Database, analyst: UserProfile, tmp_path: Path) -> Path:
    """San Isidro's real package, its key registered and the package imported at Control."""
    supervisor = cac_supervisor(db)
    inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    package = export_point(db, tmp_path / "san-isidro.swatpkg", tmp_path / "claves-san-isidro")
    trust(central, analyst, package)
    exchange.import_package(central, analyst, package)
    return package


@pytest.fixture
def plaza_norte(central: Database, analyst: UserProfile, tmp_path: Path) -> Ed25519PrivateKey:
    """Another point's real key, registered at Control from an (empty) package it signed."""
    key = key_files.point_key(tmp_path / "claves-plaza-norte", PLAZA_NORTE)
    trust(central, analyst, write_package(tmp_path / "plaza.swatpkg", [], PLAZA_NORTE, MADE,
                                          key))
    return key


def _records(package: Path) -> list[dict[str, Any]]:
    with zipfile.ZipFile(package) as archive:
        return json.loads(archive.read("records.json"))


def _as(point: str, item: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A record claimed by ``point``, its author one of that point's supervisors."""
    return {**item, "point": {**item["point"], "code": point},
            "created_by": {**item["created_by"], "login": "pnorte", "point_code": point},
            "fields": {**item["fields"], **fields}}


def _refused(central: Database, analyst: UserProfile, package: Path, *pieces: str) -> str:
    before = snapshot(central)
    with pytest.raises((PackageError, ValidationError)) as refused:
        exchange.import_package(central, analyst, package)
    text = str(refused.value)
    for piece in pieces:
        assert piece in text, text
    assert snapshot(central) == before
    return text


def test_a_recomputed_checksum_does_not_pass_for_the_points_signature(
        central: Database, analyst: UserProfile, sent: Path, tmp_path: Path) -> None:
    """The checksum anyone recomputes: the record annulled, the sha256 made to fit."""
    [item] = _records(sent)
    edited = json.dumps([{**item, "fields": {**item["fields"], "status": "anulado"}}],
                        ensure_ascii=False, sort_keys=True, indent=1).encode()
    forged = tmp_path / "resumado.swatpkg"
    with zipfile.ZipFile(sent) as original, zipfile.ZipFile(forged, "w") as out:
        manifest = json.loads(original.read("manifest.json"))
        manifest["sha256"] = hashlib.sha256(edited).hexdigest()
        out.writestr("manifest.json", json.dumps(manifest, indent=1))
        out.writestr("records.json", edited)
        out.writestr("signature.json", original.read("signature.json"))
    _refused(central, analyst, forged, "La firma de resumado.swatpkg no corresponde")


def test_a_point_cannot_annul_another_points_record(
        central: Database, analyst: UserProfile, sent: Path, plaza_norte: Ed25519PrivateKey,
        tmp_path: Path) -> None:
    """Plaza Norte signs, with its own registered key, San Isidro's record annulled."""
    [item] = _records(sent)
    annulled = {"status": "anulado", "annul_reason": "Anulado por otro punto",
                "annulled_at": MADE}
    honest = write_package(tmp_path / "a.swatpkg", [{**item, "fields": {
        **item["fields"], **annulled}}], PLAZA_NORTE, MADE, plaza_norte)
    _refused(central, analyst, honest, "es del punto «CAC-SAN-ISIDRO»",
             "el paquete lo firmó CAC-PLAZA-NORTE")
    disguised = write_package(tmp_path / "b.swatpkg", [_as(PLAZA_NORTE, item, **annulled)],
                              PLAZA_NORTE, MADE, plaza_norte)
    _refused(central, analyst, disguised, "CAC-SAN-ISIDRO-000001 de otro punto",
             "CAC-PLAZA-NORTE solo cambia sus propios registros")
    [record] = inoperatividad.list_records(central)
    assert record.status.value == "abierto"


def test_a_package_never_creates_a_point_nor_signs_with_a_local_user(
        central: Database, analyst: UserProfile, sent: Path, plaza_norte: Ed25519PrivateKey,
        tmp_path: Path) -> None:
    [item] = _records(sent)
    fresh = {"uuid": "0b7a1c52-0000-4000-8000-000000000001", "fields": {
        **item["fields"], "correlativo": 1}}
    invented_key = Ed25519PrivateKey.generate()
    invented = write_package(tmp_path / "nuevo.swatpkg", [_as("CAC-NUEVO", {**item, **fresh})],
                             "CAC-NUEVO", MADE, invented_key)
    _refused(central, analyst, invented, "«CAC-NUEVO», que no existe en este equipo",
             "no crea puntos")
    with pytest.raises(PackageError, match="no crea puntos"):
        trust(central, analyst, invented)
    control = {"login": analyst.login, "full_name": analyst.full_name,
               "role": "control_informacion", "point_code": PLAZA_NORTE}
    as_control = write_package(tmp_path / "c.swatpkg", [
        {**_as(PLAZA_NORTE, {**item, **fresh}), "created_by": control}], PLAZA_NORTE, MADE,
        plaza_norte)
    _refused(central, analyst, as_control, "«created_by»", "perfil de Control e Información")
    disguised = {**control, "role": "supervisor_cac"}
    with_local_login = write_package(tmp_path / "d.swatpkg", [
        {**_as(PLAZA_NORTE, {**item, **fresh}), "created_by": disguised}], PLAZA_NORTE, MADE,
        plaza_norte)
    _refused(central, analyst, with_local_login, f"«{analyst.login}»",
             "un paquete no firma con los usuarios de este equipo")


def test_two_records_members_are_refused_whatever_each_reader_would_show(
        central: Database, analyst: UserProfile, sent: Path, tmp_path: Path) -> None:
    [item] = _records(sent)
    hidden = write_package(tmp_path / "oculto.swatpkg", [
        {**item, "version": 2, "fields": {**item["fields"], "status": "anulado",
                                          "annul_reason": "x", "annulled_at": MADE}}],
        SAMPLE_POINT, MADE, key_files.point_key(tmp_path / "claves-san-isidro", SAMPLE_POINT))
    forged = tmp_path / "doble.swatpkg"
    with zipfile.ZipFile(hidden) as source, zipfile.ZipFile(forged, "w") as out, \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the repeated name: the attack
        out.writestr("manifest.json", source.read("manifest.json"))
        out.writestr("records.json", zipfile.ZipFile(sent).read("records.json"))  # unzip's
        out.writestr("records.json", source.read("records.json"))  # the last one's
        out.writestr("signature.json", source.read("signature.json"))
    _refused(central, analyst, forged, "trae dos veces «records.json»")


@pytest.mark.parametrize(("fields", "pieces"), [
    ({"customers": [{"at": "99:99", "document": "1", "line": "", "request": "Migración",
                     "critical": False}]}, ("«customers[1].at»", "«99:99»")),
    ({"detail": "x" * 1_000_000}, ("«detail»", "hasta 2000 caracteres")),
    # Every free text has the form's limit here too (domain.inoperatividad_texts).
    ({"critical_attention": "x" * 1_000_000}, ("«critical_attention»", "admite hasta 2000")),
    ({"responsible_name": "x" * 1_000_000}, ("«responsible_name»", "admite hasta 200")),
    ({"alert_reference": "x" * 1_000_000}, ("«alert_reference»", "admite hasta 200")),
    ({"customers": [{"at": "10:00", "document": "1" * 1_000_000, "line": "",
                     "request": "Migración", "critical": False}]},
     ("Cliente 1", "el documento admite hasta 200")),
    ({"correlativo": 2**63}, ("«correlativo»", "fuera del rango de 1 a 999999")),
    ({"started_at": "0001-01-01T00:00:00+05:00"}, ("«started_at»", "entre los años 2000")),
    ({"started_at": "0001-01-02T00:00:00+00:00"}, ("«started_at»", "anterior a 2000")),
    ({"applications": ["SISACT_PREPAGO", "INVENTADO"]}, ("«applications»", "catálogo")),
    ({"closed_at": MADE}, ("«closed_at»", "abierto")),
])
def test_fields_the_form_would_refuse_are_refused_naming_record_and_field(
        central: Database, analyst: UserProfile, sent: Path, tmp_path: Path,
        fields: dict[str, Any], pieces: tuple[str, ...]) -> None:
    [item] = _records(sent)
    package = write_package(tmp_path / "campos.swatpkg", [
        {**item, "version": 2, "fields": {**item["fields"], **fields}}], SAMPLE_POINT, MADE,
        key_files.point_key(tmp_path / "claves-san-isidro", SAMPLE_POINT))
    _refused(central, analyst, package, "El registro 1 de campos.swatpkg", *pieces)


def test_a_second_open_record_of_one_type_is_named_before_anything_is_written(
        central: Database, analyst: UserProfile, sent: Path, tmp_path: Path) -> None:
    """Against the record already imported here, and inside the package itself."""
    [item] = _records(sent)
    key = key_files.point_key(tmp_path / "claves-san-isidro", SAMPLE_POINT)
    second = {**item, "uuid": "0b7a1c52-0000-4000-8000-000000000002",
              "fields": {**item["fields"], "correlativo": 2}}
    against_store = write_package(tmp_path / "otro.swatpkg", [second], SAMPLE_POINT, MADE, key)
    _refused(central, analyst, against_store, "El registro 1 de otro.swatpkg "
             "(CAC-SAN-ISIDRO-000002) sería el segundo registro abierto de «Consultas»",
             "CAC-SAN-ISIDRO-000001 (un registro de este equipo)")
    inside = write_package(tmp_path / "ambos.swatpkg", [item, second], SAMPLE_POINT, MADE, key)
    _refused(central, analyst, inside, "El registro 2 de ambos.swatpkg",
             "(otro registro del paquete)")
    reused = {**second, "fields": {**second["fields"], "correlativo": 1,
                                   "request_type": "altas", "request_code": "",
                                   "customers": [{**c, "request": "Portabilidad"} for c in
                                                 second["fields"]["customers"]]}}
    numbered = write_package(tmp_path / "numero.swatpkg", [reused], SAMPLE_POINT, MADE, key)
    _refused(central, analyst, numbered, "repite el correlativo de un registro de este equipo")


def test_a_package_signed_by_another_key_for_a_registered_point_is_refused(
        central: Database, analyst: UserProfile, sent: Path, tmp_path: Path) -> None:
    forged = write_package(tmp_path / "ajena.swatpkg", _records(sent), SAMPLE_POINT, MADE,
                           Ed25519PrivateKey.generate())
    _refused(central, analyst, forged, "no es la registrada para CAC-SAN-ISIDRO")


def test_the_first_package_of_a_point_waits_for_its_key(
        db: Database, central: Database, analyst: UserProfile, tmp_path: Path) -> None:
    supervisor = cac_supervisor(db)
    inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    package = export_point(db, tmp_path / "primero.swatpkg", tmp_path / "claves")
    fingerprint = key_files.fingerprint(key_files.public_bytes(
        key_files.point_key(tmp_path / "claves", SAMPLE_POINT)))
    text = _refused(central, analyst, package, "no está registrada para CAC-SAN-ISIDRO")
    assert f'--huella "{fingerprint}"' in text
    assert trust(central, analyst, package).fingerprint == fingerprint
    assert exchange.import_package(central, analyst, package).added == 1


def test_an_export_onto_a_folder_is_refused_and_leaves_nothing(
        db: Database, tmp_path: Path) -> None:
    supervisor = cac_supervisor(db)
    inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    folder = tmp_path / "paquetes"
    folder.mkdir()
    with pytest.raises(PackageError, match="es una carpeta: indique el nombre del archivo"):
        export_point(db, folder, tmp_path / "claves")
    assert list(folder.iterdir()) == []
    earlier = folder / "CAC.swatpkg"
    earlier.write_bytes(b"el paquete de ayer")
    export_point(db, earlier, tmp_path / "claves")  # replaced whole, through a temporary name
    assert zipfile.is_zipfile(earlier)
    assert sorted(p.name for p in folder.iterdir()) == ["CAC.swatpkg"]
