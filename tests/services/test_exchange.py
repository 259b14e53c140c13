"""Event packages between two real stores: a point and Control e Información."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.inoperatividad import RecordStatus
from swat_desktop.domain.inoperatividad_flow import ClosureInput
from swat_desktop.services import exchange, inoperatividad
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services.exchange import PackageError
from swat_desktop.services.store import Database
from tests.backends import snapshot
from tests.fixtures.inoperatividad import cac_supervisor, good_input


def _dump(db: Database, tables: tuple[str, ...] = ("inoperatividad_records", "users",
                                                  "attention_points", "audit_log")
          ) -> dict[str, list[tuple[object, ...]]]:
    return {table: rows for table, rows in snapshot(db).items() if table in tables}


def test_a_round_trip_then_a_reimport_that_changes_nothing(
        db: Database, central: Database, analyst: UserProfile, tmp_path: Path,
        send: Callable[[Path], Path]) -> None:
    supervisor = cac_supervisor(db)
    record = inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    package = send(tmp_path / "CAC-SAN-ISIDRO.swatpkg")
    first = exchange.import_package(central, analyst, package)
    assert (first.added, first.updated, first.unchanged, first.conflicts) == (1, 0, 0, ())
    [copy] = inoperatividad.list_records(central)
    assert (copy.uuid, copy.number, copy.data) == (record.uuid, record.number, record.data)
    assert copy.created_by == "Jorge Quispe Huamán"
    data_tables = ("inoperatividad_records", "users", "attention_points")
    before = _dump(central, data_tables)
    again = exchange.import_package(central, analyst, package)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)
    assert _dump(central, data_tables) == before  # only the import's audit row is new


def test_an_update_from_the_point_is_applied(
        db: Database, central: Database, analyst: UserProfile, tmp_path: Path,
        send: Callable[[Path], Path]) -> None:
    supervisor = cac_supervisor(db)
    record = inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    exchange.import_package(central, analyst, send(tmp_path / "1.pkg"))
    assert record.data.started_at is not None
    flow.close(db, supervisor, record.id, record.version, ClosureInput(
        record.data.started_at + timedelta(minutes=45), "CONECTIVIDAD", "Enlace repuesto"))
    result = exchange.import_package(central, analyst,
                                     send(tmp_path / "2.pkg"))
    assert (result.added, result.updated, result.conflicts) == (0, 1, ())
    [copy] = flow.flow_records(central)
    assert copy.record.status is RecordStatus.CERRADO
    assert copy.flow.closure_motive == "CONECTIVIDAD"


def test_the_same_record_with_other_content_is_a_conflict_left_untouched(
        db: Database, central: Database, analyst: UserProfile, tmp_path: Path,
        send: Callable[[Path], Path]) -> None:
    supervisor = cac_supervisor(db)
    record = inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    package = send(tmp_path / "p.pkg")
    exchange.import_package(central, analyst, package)
    [copy] = inoperatividad.list_records(central)
    inoperatividad.annul(central, analyst, copy.id, copy.version, "Anulado aquí por error")
    result = exchange.import_package(central, analyst, package)
    [conflict] = result.conflicts
    assert conflict.number == "CAC-SAN-ISIDRO-000001"
    assert conflict.differences["status"] == ("anulado", "abierto")
    assert "1 en conflicto (no se tocaron)" in result.message
    assert inoperatividad.list_records(central)[0].status is RecordStatus.ANULADO
    exchange.take_theirs(central, analyst, package, record.uuid)
    assert inoperatividad.list_records(central)[0].status is RecordStatus.ABIERTO


def test_a_tampered_or_damaged_package_is_refused_and_nothing_written(
        db: Database, central: Database, analyst: UserProfile, tmp_path: Path,
        send: Callable[[Path], Path]) -> None:
    supervisor = cac_supervisor(db)
    inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    package = send(tmp_path / "p.pkg")
    with zipfile.ZipFile(package) as archive:
        manifest, body = archive.read("manifest.json"), archive.read("records.json")
        signature = archive.read("signature.json")
    tampered = tmp_path / "tampered.pkg"
    with zipfile.ZipFile(tampered, "w") as archive:
        archive.writestr("manifest.json", manifest)
        archive.writestr("records.json", body.replace(b"SIAC_UNICO", b"SISACT_PREP"))
        archive.writestr("signature.json", signature)
    damaged = tmp_path / "damaged.pkg"
    damaged.write_bytes(package.read_bytes()[:200])
    before = _dump(central)
    with pytest.raises(PackageError, match="suma de verificación"):
        exchange.import_package(central, analyst, tampered)
    with pytest.raises(PackageError, match="dañado"):
        exchange.import_package(central, analyst, damaged)
    assert _dump(central) == before
