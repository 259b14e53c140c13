"""Choosing between the two versions of a record in conflict, as the window offers it: the
differences read as a person compares them, either choice is audited, and only Control e
Información imports or resolves."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.domain.inoperatividad import RecordStatus, Scenario
from swat_desktop.domain.inoperatividad_flow import ClosureInput
from swat_desktop.services import audit, exchange, identity, inoperatividad
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services.store import Database
from tests.fixtures.inoperatividad import cac_supervisor, good_input


@pytest.fixture
def conflict(db: Database, central: Database, analyst: UserProfile,
             tmp_path: Path, send: Callable[[Path], Path]) -> tuple[Path, exchange.Conflict]:
    """The point's record annulled at Control e Información by mistake, then the point's
    package, still open, imported again."""
    supervisor = cac_supervisor(db)
    inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    package = send(tmp_path / "CAC-SAN-ISIDRO.swatpkg")
    exchange.import_package(central, analyst, package)
    [copy] = inoperatividad.list_records(central)
    inoperatividad.annul(central, analyst, copy.id, copy.version, "Anulado aquí por error")
    [found] = exchange.import_package(central, analyst, package).conflicts
    return package, found


def test_a_conflict_reads_as_labelled_values(conflict: tuple[Path, exchange.Conflict]) -> None:
    _, found = conflict
    lines = {label: (mine, theirs) for label, mine, theirs in found.lines()}
    assert lines["Estado"] == ("Anulado", "Abierto")
    assert lines["Motivo de anulación"] == ("Anulado aquí por error", "(vacío)")
    mine, theirs = lines["Anulado el"]
    assert theirs == "(vacío)"
    assert mine[2] == "/"


def test_keeping_this_store_changes_nothing_but_is_audited(
        central: Database, analyst: UserProfile,
        conflict: tuple[Path, exchange.Conflict]) -> None:
    package, found = conflict
    [before] = inoperatividad.list_records(central)
    exchange.keep_ours(central, analyst, package, found.uuid)
    [after] = inoperatividad.list_records(central)
    assert (after.status, after.version) == (RecordStatus.ANULADO, before.version)
    kept = [e for e in audit.recent_entries(central) if e.action == "conservar_conflicto"]
    assert [e.entity_id for e in kept] == [found.uuid]
    assert kept[0].before is not None
    assert kept[0].before["status"] == "abierto"


def test_only_control_e_informacion_imports_or_resolves(
        db: Database, central: Database, conflict: tuple[Path, exchange.Conflict]) -> None:
    package, found = conflict
    point_user = identity.save_profile(central, ProfileInput(
        "jquispe2", "Jorge Quispe", Role.SUPERVISOR_CAC, "CAC San Isidro"))
    for attempt in (lambda: exchange.import_package(central, point_user, package),
                    lambda: exchange.take_theirs(central, point_user, package, found.uuid),
                    lambda: exchange.keep_ours(central, point_user, package, found.uuid)):
        with pytest.raises(ValidationError, match="Solo Control e Información"):
            attempt()
    assert inoperatividad.list_records(central)[0].status is RecordStatus.ANULADO


def test_keeping_this_store_is_not_asked_again_for_the_same_package(
        central: Database, analyst: UserProfile,
        conflict: tuple[Path, exchange.Conflict]) -> None:
    package, found = conflict
    exchange.keep_ours(central, analyst, package, found.uuid)
    again = exchange.import_package(central, analyst, package)
    assert (again.conflicts, again.unchanged) == ((), 1)
    assert inoperatividad.list_records(central)[0].status is RecordStatus.ANULADO


def test_a_newer_version_from_the_point_never_overwrites_a_change_made_here(
        db: Database, central: Database, analyst: UserProfile, tmp_path: Path,
        send: Callable[[Path], Path]) -> None:
    """Control closes the event in its store; the point then regularizes it and sends a newer
    version without the closure: a conflict, not a silent step back to «abierto»."""
    supervisor = cac_supervisor(db)
    record = inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    exchange.import_package(central, analyst, send(tmp_path / "1.pkg"))
    [copy] = flow.flow_records(central)
    assert copy.record.data.started_at is not None
    flow.close(central, analyst, copy.record.id, copy.record.version, ClosureInput(
        copy.record.data.started_at + timedelta(minutes=40), "CONECTIVIDAD", "Visto aquí"))
    flow.regularize(db, supervisor, record.id, record.version, "ATC-77")
    result = exchange.import_package(central, analyst,
                                     send(tmp_path / "2.pkg"))
    assert result.updated == 0
    [found] = result.conflicts
    assert found.differences["status"] == ("cerrado", "abierto")
    assert flow.flow_records(central)[0].record.status is RecordStatus.CERRADO


def test_an_update_untouched_here_is_applied_with_who_did_it_at_the_point(
        db: Database, central: Database, analyst: UserProfile, tmp_path: Path,
        send: Callable[[Path], Path]) -> None:
    supervisor = cac_supervisor(db)
    data = replace(good_input(db, supervisor), scenario=Scenario.EVENTO_NO_PREVISTO,
                   motivo="SIN_FLUIDO_ELECTRICO")
    record = inoperatividad.save_record(db, supervisor, data)
    exchange.import_package(central, analyst, send(tmp_path / "1.pkg"))
    flow.regularize(db, supervisor, record.id, record.version, "ATC-78")
    assert data.started_at is not None
    flow.close(db, supervisor, record.id, record.version + 1, ClosureInput(
        data.started_at + timedelta(minutes=40), "CONECTIVIDAD", "Volvió la luz"))
    result = exchange.import_package(central, analyst,
                                     send(tmp_path / "2.pkg"))
    assert (result.updated, result.conflicts) == (1, ())
    [here] = flow.flow_records(central)
    [there] = flow.flow_records(db)
    assert (here.flow.regularized_by, here.flow.closed_by) == (
        "Jorge Quispe Huamán", "Jorge Quispe Huamán")
    # The point's supervisor registered it: no false finding for the regulator's report.
    assert here.evaluation.problems == there.evaluation.problems
    assert "No lo registró el responsable del punto de atención." not in here.evaluation.problems
