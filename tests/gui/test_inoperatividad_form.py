"""The Inoperatividad workspace: the Formato Manual filled with the keyboard alone, its rules
shown next to the fields, autosave and recovery, the one-open-record rule, annulment and the
record's papers (PDF, contingency e-mail)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import replace
from datetime import time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.domain.inoperatividad import (
    CustomerRequest,
    RecordInput,
    RecordStatus,
    RequestType,
    ResponsibleRole,
    Scenario,
)
from swat_desktop.gui.inoperatividad.editor_pane import AUTOSAVE_MS, RETRY_MS
from swat_desktop.gui.inoperatividad.form import SECTIONS, RecordForm, to_qdatetime
from swat_desktop.gui.inoperatividad.workspace import InoperatividadWorkspace
from swat_desktop.gui.main_window import MainWindow
from swat_desktop.paths import AppPaths
from swat_desktop.services import identity, inoperatividad
from swat_desktop.services.store import Database, StoreUnavailable, Trouble
from tests.conftest import TEST_NOW
from tests.gui.conftest import cell, context, show_active

NUMBER = "CAC-SAN-ISIDRO-000001"
NOW_IN_LIMA = TEST_NOW.astimezone(LIMA)  # 09:00: what a new form proposes as its start


@pytest.fixture
def supervisor(db: Database) -> UserProfile:
    return identity.save_profile(db, ProfileInput(
        "jquispe", "José Quispe Mamani", Role.SUPERVISOR_CAC, "CAC San Isidro"))


class Opened:
    """What the workspace handed to the print preview and the mail client instead of opening
    them; ``mail_client``: whether a mail program took the link."""

    def __init__(self, mail_client: bool = True) -> None:
        self.files: list[Path] = []
        self.links: list[str] = []
        self.mail_client = mail_client

    def link(self, link: str) -> bool:
        self.links.append(link)
        return self.mail_client


def _workspace(qtbot: QtBot, db: Database, user: UserProfile, tmp_path: Path,
               opened: Opened | None = None) -> InoperatividadWorkspace:
    workspace = InoperatividadWorkspace(context(db, user, tmp_path / "exports", tmp_path))
    sink = opened or Opened()
    workspace.print_file = sink.files.append  # type: ignore[method-assign]
    workspace.open_url = sink.link  # type: ignore[method-assign]
    workspace.resize(1400, 900)
    show_active(qtbot, workspace)
    return workspace


@pytest.fixture
def opened() -> Opened:
    return Opened()


@pytest.fixture
def workspace(qtbot: QtBot, db: Database, supervisor: UserProfile, tmp_path: Path,
              opened: Opened) -> InoperatividadWorkspace:
    return _workspace(qtbot, db, supervisor, tmp_path, opened)


def _point_id(db: Database, user: UserProfile) -> int:
    point = inoperatividad.user_point(db, user)
    assert point is not None
    return point.id


def _valid(point_id: int, **changes: object) -> RecordInput:
    started = NOW_IN_LIMA - timedelta(minutes=40)
    data = RecordInput(
        attention_point_id=point_id, responsible_name="José Quispe Mamani",
        responsible_role=ResponsibleRole.SUPERVISOR, started_at=started,
        applications=("SIAC_UNICO",), request_type=RequestType.CONSULTAS,
        request_code="MIGRACION_PLAN", scenario=Scenario.FALLA_MASIVA,
        motivo="FALLA_MASIVA_APLICATIVO", not_intermittent=True, whole_point_down=True)
    return replace(data, **changes)  # type: ignore[arg-type]


# -- keyboard ---------------------------------------------------------------------------------

def _focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _key(qtbot: QtBot, key: Qt.Key, times: int = 1,
         modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    for _ in range(times):
        qtbot.keyClick(_focus(), key, modifier)


def _tab_to(qtbot: QtBot, target: QWidget, limit: int = 60) -> None:
    """Tab forward until ``target`` has the keyboard: it must be reachable by Tab alone."""
    for _ in range(limit):
        if _focus() is target:
            return
        _key(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.accessibleName() or target}")


def _type(qtbot: QtBot, text: str) -> None:
    """ASCII only: QTest cannot map every accented letter to a key (it aborts)."""
    qtbot.keyClicks(_focus(), text)


@pytest.mark.also_postgresql
def test_a_supervisor_fills_and_saves_the_form_with_the_keyboard_alone(
        qtbot: QtBot, workspace: InoperatividadWorkspace, db: Database,
        supervisor: UserProfile) -> None:
    form = workspace.form
    assert form.number.text() == "Se asigna al guardar"
    assert form.point.currentText() == "CAC San Isidro"
    assert form.channel.text() == "CAC-SAN-ISIDRO · CAC · canal presencial"
    assert form.responsible_name.text() == "José Quispe Mamani"
    assert form.role_buttons[ResponsibleRole.SUPERVISOR].isChecked()
    started = form.value().started_at
    assert started is not None
    assert started == NOW_IN_LIMA  # now, by the store's clock

    form.point.setFocus()
    _tab_to(qtbot, form.app_checks["SIAC_UNICO"])
    _key(qtbot, Qt.Key.Key_Space)
    _tab_to(qtbot, form.request_buttons[RequestType.RECLAMOS])  # the group's first option
    _key(qtbot, Qt.Key.Key_Right, 3)
    assert _focus() is form.request_buttons[RequestType.CONSULTAS]
    _key(qtbot, Qt.Key.Key_Space)
    _key(qtbot, Qt.Key.Key_Tab)
    assert _focus() is form.consulta
    _key(qtbot, Qt.Key.Key_Down, 7)
    assert form.consulta.currentData() == "MIGRACION_PLAN"
    _tab_to(qtbot, form.scenario_buttons[Scenario.FALLA_MASIVA])
    _key(qtbot, Qt.Key.Key_Space)
    _key(qtbot, Qt.Key.Key_Tab)
    assert _focus() is form.motivo
    _key(qtbot, Qt.Key.Key_Down, 3)
    assert form.motivo.currentData() == "FALLA_MASIVA_APLICATIVO"
    _key(qtbot, Qt.Key.Key_Tab)
    assert _focus() is form.detail
    _type(qtbot, "SIAC UNICO no carga en ninguna PC desde las 9:00.")
    _key(qtbot, Qt.Key.Key_Tab)
    assert _focus() is form.alert_sent
    _key(qtbot, Qt.Key.Key_Space)
    _tab_to(qtbot, form.alert_reference)
    _type(qtbot, "Ticket 4471")
    _tab_to(qtbot, form.not_intermittent)
    _key(qtbot, Qt.Key.Key_Space)
    _key(qtbot, Qt.Key.Key_Tab)
    assert _focus() is form.whole_point_down
    _key(qtbot, Qt.Key.Key_Space)
    _tab_to(qtbot, form.customers.add_button)
    _key(qtbot, Qt.Key.Key_Space)
    row = form.customers.rows[0]
    assert _focus() is row.document
    _type(qtbot, "45871236")
    _key(qtbot, Qt.Key.Key_Tab)
    _type(qtbot, "987654321")
    _key(qtbot, Qt.Key.Key_Tab)
    assert _focus() is row.request
    _key(qtbot, Qt.Key.Key_Down)  # the first request of the list: a critical one
    assert row.request.currentText() == "Bloqueo de línea y equipo por robo o pérdida"
    assert row.critical.isChecked()  # ticked by itself
    assert form.critical_notice.isVisible()
    assert "Trámite crítico: debe atenderse igual" in form.critical_notice.text()
    _tab_to(qtbot, form.critical_attention)
    _type(qtbot, "Bloqueo por el 123 con el cliente en el punto.")
    _key(qtbot, Qt.Key.Key_S, modifier=Qt.KeyboardModifier.ControlModifier)

    records = inoperatividad.list_records(db)
    assert [r.number for r in records] == [NUMBER]
    data = records[0].data
    assert data.attention_point_id == _point_id(db, supervisor)
    assert data.responsible_name == "José Quispe Mamani"
    assert data.responsible_role is ResponsibleRole.SUPERVISOR
    assert data.started_at == started
    assert data.ended_at is None
    assert data.applications == ("SIAC_UNICO",)
    assert (data.request_type, data.request_code) == (RequestType.CONSULTAS, "MIGRACION_PLAN")
    assert (data.scenario, data.motivo) == (Scenario.FALLA_MASIVA, "FALLA_MASIVA_APLICATIVO")
    assert data.detail == "SIAC UNICO no carga en ninguna PC desde las 9:00."
    assert data.alert_sent
    assert data.alert_at is not None
    assert data.alert_reference == "Ticket 4471"
    assert data.not_intermittent
    assert data.whole_point_down
    assert len(data.customers) == 1
    customer = data.customers[0]
    assert (customer.document, customer.line, customer.critical) == (
        "45871236", "987654321", True)
    assert customer.request == "Bloqueo de línea y equipo por robo o pérdida"
    assert data.critical_attention == "Bloqueo por el 123 con el cliente en el punto."

    # The saved record is shown with its number; the form is new again; no draft is left.
    assert workspace.pages.currentIndex() == 1
    assert workspace.viewer.form.number.text() == NUMBER
    state = workspace.viewer.form.record_state.text()
    assert "Abierto · registrado por José Quispe Mamani" in state
    assert cell(workspace.records.table, 0, 0) == "000001"  # the list is this point's
    assert workspace.editor.draft_id is None
    assert inoperatividad.pending_drafts(db, supervisor, workspace.place.catalogue) == []
    assert workspace.form.value().request_type is None
    assert workspace.form.number.text() == "Se asigna al guardar"


def test_an_invalid_form_shows_each_message_next_to_its_field_and_saves_nothing(
        qtbot: QtBot, workspace: InoperatividadWorkspace, db: Database) -> None:
    form = workspace.form
    form.point.setFocus()
    _key(qtbot, Qt.Key.Key_S, modifier=Qt.KeyboardModifier.ControlModifier)

    assert inoperatividad.list_records(db) == []
    expected = {
        "applications": "Marque al menos un aplicativo afectado.",
        "request_type": "Elija el tipo de trámite regulado.",
        "scenario": "Elija el escenario.",
        "not_intermittent": "Confirme que los sistemas no están solo lentos o intermitentes: "
                            "la intermitencia no es inoperatividad.",
        "whole_point_down": "Confirme que no se puede registrar en ninguna PC del punto: si "
                            "alguna funciona, se atiende en ella.",
    }
    for key, message in expected.items():
        assert form.errors[key].isVisible(), key
        assert form.errors[key].text() == message
    assert not form.errors["responsible_name"].isVisible()  # filled by default
    assert workspace.save_error.isVisible()
    assert _focus() is form.app_checks["SISACT_PREPAGO"]  # the first field to fix

    # Fixing a field clears its message at once.
    _key(qtbot, Qt.Key.Key_Space)
    assert not form.errors["applications"].isVisible()


def test_messages_wait_until_a_field_is_touched(workspace: InoperatividadWorkspace) -> None:
    form = workspace.form
    assert not any(label.isVisible() for label in form.errors.values())
    form.responsible_name.clear()
    assert form.errors["responsible_name"].text() == (
        "Escriba el nombre del responsable del punto.")
    assert form.errors["responsible_name"].isVisible()
    assert not form.errors["applications"].isVisible()  # not touched yet


def test_sicar_alone_is_refused_and_accepted_with_sisact_and_a_payment(
        workspace: InoperatividadWorkspace, db: Database, supervisor: UserProfile) -> None:
    form = workspace.form
    form.load(_valid(_point_id(db, supervisor), applications=()))
    assert not form.sicar_payment.isEnabled()
    form.app_checks["SICAR"].setChecked(True)
    assert form.sicar_payment.isEnabled()
    form.sicar_payment.setChecked(True)
    message = ("SICAR solo se registra junto con SISACT o SISACT Prepago, cuando la transacción "
               "requiere un pago para finalizar.")
    assert form.errors["applications"].text() == message
    assert form.errors["applications"].isVisible()
    assert workspace.save() is None
    assert inoperatividad.list_records(db) == []

    form.app_checks["SISACT"].setChecked(True)
    assert not form.errors["applications"].isVisible()
    record = workspace.save()
    assert record is not None
    assert record.data.applications == ("SISACT", "SICAR")
    assert record.data.sicar_payment


def test_a_non_regulated_request_is_refused_with_its_reason(
        qtbot: QtBot, workspace: InoperatividadWorkspace, db: Database,
        supervisor: UserProfile) -> None:
    form = workspace.form
    form.load(_valid(_point_id(db, supervisor), request_code=""))
    header = form.consulta.findText("No reguladas (no corresponde registrar inoperatividad):")
    assert header > 0
    assert not form.consulta.model().index(header, 0).flags() & Qt.ItemFlag.ItemIsEnabled
    form.consulta.setCurrentIndex(form.consulta.findData("CANCELACION_LINEA"))  # the last
    form.consulta.setFocus()
    _key(qtbot, Qt.Key.Key_Down)  # over the separator and the heading
    assert form.consulta.currentData() == "FALLA_TERMINAL"
    assert form.errors["request_code"].isVisible()
    assert form.errors["request_code"].text() == (
        "No corresponde registrar inoperatividad: Las fallas de los equipos terminales no son "
        "solicitudes reguladas.")
    assert workspace.save() is None
    assert inoperatividad.list_records(db) == []


def test_an_untouched_start_time_follows_the_clock_and_a_typed_one_stays(
        qtbot: QtBot, workspace: InoperatividadWorkspace, db: Database, clock: FixedClock,
        supervisor: UserProfile) -> None:
    later = NOW_IN_LIMA + timedelta(hours=3)
    clock.set(later)
    workspace.editor.follow_clock()
    assert workspace.form.value().started_at == later
    assert not workspace.editor.begun()  # moving the proposal is not writing in the form
    assert inoperatividad.pending_drafts(db, supervisor, workspace.place.catalogue) == []
    typed = later - timedelta(hours=5)
    workspace.form.started_at.setDateTime(to_qdatetime(typed))
    clock.set(later + timedelta(hours=1))
    workspace.editor.follow_clock()
    assert workspace.form.value().started_at == typed


def test_a_reclamos_record_asks_how_the_claims_were_still_taken(
        qtbot: QtBot, workspace: InoperatividadWorkspace, db: Database,
        supervisor: UserProfile) -> None:
    form = workspace.form
    form.load(_valid(_point_id(db, supervisor), customers=()))
    assert form.no_critical.isVisibleTo(form)
    form.request_buttons[RequestType.RECLAMOS].click()
    assert form.critical_notice.isVisibleTo(form)
    assert not form.no_critical.isVisibleTo(form)
    assert workspace.save() is None
    assert form.errors["critical_attention"].text().startswith(
        "Reclamos, apelaciones y quejas son trámites críticos")
    form.critical_attention.setPlainText("Reclamos en formato físico; cargo al cliente.")
    saved = workspace.save()
    assert saved is not None
    assert saved.data.critical_attention == "Reclamos en formato físico; cargo al cliente."


def test_the_customers_list_offers_the_records_type_and_the_save_refuses_another(
        qtbot: QtBot, workspace: InoperatividadWorkspace, db: Database,
        supervisor: UserProfile) -> None:
    form = workspace.form
    form.load(_valid(_point_id(db, supervisor), customers=(CustomerRequest(
        time(9, 50), "45871236", "", "Migración de plan, a prepago o a postpago", False),)))
    [row] = form.customers.rows
    offered = [row.request.itemText(i) for i in range(row.request.count())]
    assert offered[0] == "Bloqueo de línea y equipo por robo o pérdida"  # critical first
    assert "Reposición de chip" in offered
    assert "Reclamo" not in offered
    form.request_buttons[RequestType.RECLAMOS].click()
    form.critical_attention.setPlainText("Reclamos en formato físico.")
    offered = [row.request.itemText(i) for i in range(row.request.count())]
    assert offered == ["Presentación de reclamos, apelaciones y quejas", "Reclamo",
                       "Apelación", "Queja"]
    assert row.request.currentText() == "Migración de plan, a prepago o a postpago"  # kept
    assert workspace.save() is None
    assert form.errors["customers"].text() == (
        "Cliente 1: «Migración de plan, a prepago o a postpago» es un trámite de Consultas y "
        "este registro es de Reclamos: anótelo en un registro de Consultas.")
    row.request.setCurrentIndex(2)
    saved = workspace.save()
    assert saved is not None
    assert [c.request for c in saved.data.customers] == ["Apelación"]


def test_error_o_pruebas_is_refused_for_a_cac_supervisor(
        workspace: InoperatividadWorkspace, db: Database, supervisor: UserProfile) -> None:
    form = workspace.form
    form.load(_valid(_point_id(db, supervisor)))
    form.scenario_buttons[Scenario.ERROR_PRUEBAS].setChecked(True)
    assert form.motivo.currentData() == "ERROR_USUARIO"  # the scenario's only motivo
    assert form.errors["scenario"].isVisible()
    assert form.errors["scenario"].text() == (
        "«Por error o pruebas» solo lo registran las áreas autorizadas (Control e "
        "Información, Procesos).")
    assert workspace.save() is None
    assert inoperatividad.list_records(db) == []


def test_error_o_pruebas_is_accepted_from_control_e_informacion(
        qtbot: QtBot, db: Database, supervisor: UserProfile, tmp_path: Path) -> None:
    control = identity.save_profile(db, ProfileInput(
        "cinfo", "Carla Infantes", Role.CONTROL_INFORMACION, ""))
    workspace = _workspace(qtbot, db, control, tmp_path)
    assert workspace.form.point.currentIndex() == 0  # no point of their own
    workspace.form.load(_valid(_point_id(db, supervisor), scenario=Scenario.ERROR_PRUEBAS,
                               motivo="ERROR_USUARIO"))
    record = workspace.save()
    assert record is not None
    assert record.number == NUMBER


def test_a_second_record_of_the_same_type_opens_the_existing_one(
        workspace: InoperatividadWorkspace, db: Database, supervisor: UserProfile) -> None:
    point = _point_id(db, supervisor)
    existing = inoperatividad.save_record(db, supervisor, _valid(point))
    workspace.records.reload()
    mine = _valid(point, request_code="CAMBIO_NOMBRE", detail="Otro cliente, otra consulta.")
    workspace.form.load(mine)
    workspace.form.detail.setPlainText(mine.detail)  # a change: the form becomes a draft

    assert workspace.save() is None
    assert [r.id for r in inoperatividad.list_records(db)] == [existing.id]
    assert workspace.pages.currentIndex() == 1
    assert workspace.viewer.record is not None
    assert workspace.viewer.record.id == existing.id
    assert workspace.viewer.form.number.text() == NUMBER
    assert workspace.viewer.form.read_only
    assert workspace.viewer.warning.isVisible()
    assert workspace.viewer.warning.text().startswith(
        f"Ya hay un registro abierto de Consultas en CAC San Isidro: el {NUMBER}")
    assert workspace.records.table.currentIndex().row() == 0
    # What was typed is kept as a draft and the editor is one click away.
    drafts = inoperatividad.pending_drafts(db, supervisor, workspace.place.catalogue)
    assert [d.data for d in drafts] == [mine]
    assert workspace.new_button.text() == "&Volver al formulario sin guardar"
    workspace.new_button.click()
    assert workspace.pages.currentIndex() == 0
    assert workspace.form.value() == mine


def test_every_change_is_autosaved_within_a_second(
        qtbot: QtBot, workspace: InoperatividadWorkspace, db: Database,
        supervisor: UserProfile) -> None:
    form = workspace.form
    form.detail.setFocus()
    _type(qtbot, "Caida total")

    def saved() -> None:
        drafts = inoperatividad.pending_drafts(db, supervisor, workspace.place.catalogue)
        assert [d.data.detail for d in drafts] == ["Caida total"]

    qtbot.waitUntil(saved, timeout=1000)
    assert workspace.editor.draft_id is not None
    _type(qtbot, " en el punto")
    qtbot.waitUntil(lambda: inoperatividad.pending_drafts(
        db, supervisor, workspace.place.catalogue)[0].data.detail == "Caida total en el punto",
        timeout=1000)
    assert len(inoperatividad.pending_drafts(db, supervisor, workspace.place.catalogue)) == 1
    assert "Borrador guardado a las" in workspace.editor.draft_state.text()


def test_steady_typing_is_saved_while_it_goes_on(
        qtbot: QtBot, workspace: InoperatividadWorkspace, db: Database,
        supervisor: UserProfile) -> None:
    """A key every 0.3 s never leaves half a second of quiet: the draft must still be written
    while the person keeps typing (a power cut then loses at most the last instant)."""
    workspace.form.detail.setFocus()
    written: list[str] = []
    for letter in "abcdefgh":
        _type(qtbot, letter)
        qtbot.wait(300)
        drafts = inoperatividad.pending_drafts(db, supervisor, workspace.place.catalogue)
        written += [d.data.detail for d in drafts]
    assert written  # saved during the typing, not only after it stopped
    assert written[-1].startswith("abcdef")


def test_a_busy_store_keeps_the_change_and_retries_less_and_less_often(
        qtbot: QtBot, workspace: InoperatividadWorkspace, db: Database,
        supervisor: UserProfile, monkeypatch: pytest.MonkeyPatch) -> None:
    real = inoperatividad.save_draft

    def busy(*_args: object, **_kwargs: object) -> int:
        raise StoreUnavailable("La base de datos prueba.db está ocupada: espere.", Trouble.BUSY)

    monkeypatch.setattr(inoperatividad, "save_draft", busy)
    workspace.form.detail.setFocus()
    _type(qtbot, "Sin sistema")
    editor = workspace.editor
    with qtbot.captureExceptions() as raised:
        editor.flush_draft()
    assert raised == []
    assert editor.pending  # not forgotten
    assert editor.draft_state.text() == ("No se pudo guardar el borrador: La base de datos "
                                         "prueba.db está ocupada: espere. Se vuelve a intentar "
                                         "en 3 s.")
    assert editor.autosave.interval() == RETRY_MS
    editor.flush_draft()
    assert editor.autosave.interval() == 2 * RETRY_MS  # it backs off
    monkeypatch.setattr(inoperatividad, "save_draft", real)
    editor.flush_draft()
    [draft] = inoperatividad.pending_drafts(db, supervisor, workspace.place.catalogue)
    assert draft.data.detail == "Sin sistema"
    assert editor.retry_ms == RETRY_MS
    assert editor.autosave.interval() == AUTOSAVE_MS


def test_a_bug_in_the_autosave_is_not_mistaken_for_a_busy_store(
        qtbot: QtBot, workspace: InoperatividadWorkspace,
        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("a programming error")

    monkeypatch.setattr(inoperatividad, "save_draft", broken)
    workspace.form.detail.setFocus()
    _type(qtbot, "Sin sistema")
    with pytest.raises(RuntimeError):  # to the crash hook, not retried every 3 s forever
        workspace.editor.flush_draft()
    monkeypatch.undo()  # the closing window writes the draft


def _rich(point_id: int) -> RecordInput:
    """A form with every kind of field filled, for the recovery round trip."""
    started = NOW_IN_LIMA - timedelta(hours=2)
    return _valid(
        point_id, responsible_name="Ana Torres", responsible_role=ResponsibleRole.JEFE,
        started_at=started, ended_at=started + timedelta(minutes=95),
        applications=("SISACT", "SICAR", "SGA"), sicar_payment=True,
        request_type=RequestType.CONSULTAS, request_code="REPOSICION_CHIP",
        scenario=Scenario.EVENTO_NO_PREVISTO, motivo="SIN_FLUIDO_ELECTRICO",
        detail="Corte de luz en todo el centro comercial.\nSin grupo electrógeno.",
        alert_sent=True, alert_at=started + timedelta(minutes=5),
        alert_reference="Correo 09:45 a Fallas", not_intermittent=True, whole_point_down=True,
        customers=(
            CustomerRequest(time(9, 50), "45871236", "987654321",
                            "Bloqueo de línea y equipo por robo o pérdida", True),
            CustomerRequest(time(10, 5), "", "014567890", "Reposición de chip", False),
            # ticked by hand: a request the catalogue does not call critical
            CustomerRequest(time(10, 20), "70011223", "", "Facturación detallada", True),
        ),
        critical_attention="Bloqueo por el 123 con el cliente presente.")


def test_a_form_comes_back_exactly_as_it_was_shown(
        qtbot: QtBot, db: Database, supervisor: UserProfile) -> None:
    points = inoperatividad.attention_points(db)
    form = RecordForm(inoperatividad.catalogue(db), points, db.clock)
    qtbot.addWidget(form)
    data = _rich(_point_id(db, supervisor))
    form.load(data)
    assert form.value() == data
    assert form.touched == set()


def test_reopening_offers_the_unsaved_form_and_recovers_every_field(
        qtbot: QtBot, db: Database, supervisor: UserProfile, tmp_path: Path) -> None:
    first = _workspace(qtbot, db, supervisor, tmp_path)
    data = _rich(_point_id(db, supervisor))
    first.form.load(data)
    first.form.detail.setPlainText(data.detail + " ")  # typed...
    first.form.detail.setPlainText(data.detail)  # ...and corrected
    qtbot.waitUntil(lambda: bool(inoperatividad.pending_drafts(
        db, supervisor, first.place.catalogue)), timeout=1000)
    first.close()  # the window goes away; the draft stays

    second = _workspace(qtbot, db, supervisor, tmp_path)
    [draft] = inoperatividad.pending_drafts(db, supervisor, second.place.catalogue)
    assert second.editor.recovery_pending
    assert second.editor.banner.isVisible()
    assert second.editor.banner.message() == (
        "Hay un formulario sin guardar: CAC San Isidro · Consultas, iniciado "
        f"{format_datetime(draft.created_at, LIMA)}, último cambio "
        f"{format_datetime(draft.updated_at, LIMA)}.")
    assert "CAC San Isidro · Consultas" in second.editor.banner.text.text()
    assert second.form.value().request_type is None  # nothing is recovered silently

    second.editor.banner.recover_button.click()
    assert second.form.value() == data
    assert second.editor.draft_id == draft.id
    assert second.form.number.text() == "Se asigna al guardar"  # drafts have no correlativo
    assert not second.editor.banner.isVisible()
    record = second.save()
    assert record is not None
    assert record.data == data
    assert inoperatividad.pending_drafts(db, supervisor, second.place.catalogue) == []


def test_discarding_an_offered_form_asks_first(
        qtbot: QtBot, db: Database, supervisor: UserProfile, tmp_path: Path) -> None:
    inoperatividad.save_draft(db, supervisor, _valid(_point_id(db, supervisor)))
    workspace = _workspace(qtbot, db, supervisor, tmp_path)
    assert workspace.editor.banner.isVisible()
    workspace.editor.banner.discard_button.click()
    box = workspace.editor.banner.confirm
    assert isinstance(box, QMessageBox)
    assert "CAC San Isidro · Consultas" in box.text()
    [keep] = [b for b in box.buttons() if b.text() == "Conservar"]
    keep.click()
    assert len(inoperatividad.pending_drafts(db, supervisor, workspace.place.catalogue)) == 1

    workspace.editor.banner.discard_button.click()
    box = workspace.editor.banner.confirm
    assert box is not None
    [discard] = [b for b in box.buttons() if b.text() == "Descartar"]
    discard.click()
    assert inoperatividad.pending_drafts(db, supervisor, workspace.place.catalogue) == []
    assert not workspace.editor.banner.isVisible()


def test_the_window_opens_on_the_recovery_offer(
        qtbot: QtBot, db: Database, supervisor: UserProfile, paths: AppPaths) -> None:
    inoperatividad.save_draft(db, supervisor, _valid(_point_id(db, supervisor)))
    window = MainWindow(db, supervisor, paths.local_settings_file, paths.log_file,
                        exports_dir=paths.exports_dir)
    show_active(qtbot, window)
    assert window.tabs.currentWidget() is window.inoperatividad_tab
    assert window.inoperatividad.editor.banner.isVisible()


def test_a_record_is_annulled_with_a_reason(
        qtbot: QtBot, workspace: InoperatividadWorkspace, db: Database,
        supervisor: UserProfile) -> None:
    record = inoperatividad.save_record(db, supervisor, _valid(_point_id(db, supervisor)))
    workspace.records.reload()
    workspace.select_record(record.id)
    assert workspace.pages.currentIndex() == 1
    workspace.viewer.annul_button.click()
    dialog = workspace.viewer.annul_dialog
    assert dialog is not None
    assert dialog.isVisible()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.click()  # no reason yet
    assert dialog.error.isVisible()
    assert dialog.error.text() == "Escriba el motivo de la anulación."
    assert inoperatividad.get_record(db, record.id).status is RecordStatus.ABIERTO
    dialog.reason.setPlainText("Registrado por error: el SIAC funcionaba en la PC 3.")
    ok.click()

    annulled = inoperatividad.get_record(db, record.id)
    assert annulled.status is RecordStatus.ANULADO
    assert annulled.annul_reason == "Registrado por error: el SIAC funcionaba en la PC 3."
    assert cell(workspace.records.table, 0, 3) == "Anulado"
    assert "anulado: Registrado por error" in workspace.viewer.form.record_state.text()
    assert not workspace.viewer.annul_button.isEnabled()


def test_a_saved_record_opens_as_pdf_and_as_contingency_email(
        qtbot: QtBot, workspace: InoperatividadWorkspace, db: Database,
        supervisor: UserProfile, opened: Opened, tmp_path: Path) -> None:
    record = inoperatividad.save_record(db, supervisor, _valid(_point_id(db, supervisor)))
    workspace.records.reload()
    workspace.select_record(record.id)
    with qtbot.waitSignal(workspace.ctx.hub.file_written) as written:  # the window's notice
        workspace.viewer.print_button.click()
    assert written.args[0].paths == (tmp_path / "exports" / f"Inoperatividad {NUMBER}.pdf",)
    assert opened.files == [tmp_path / "exports" / f"Inoperatividad {NUMBER}.pdf"]
    assert opened.files[0].read_bytes().startswith(b"%PDF")

    workspace.viewer.email_button.click()
    [link] = opened.links
    assert link.startswith("mailto:fallasatc@claro.com.pe?cc=analistascontroleinformacion")
    eml = workspace.viewer.save_eml(tmp_path / "contingencia.eml")
    assert eml is not None
    assert NUMBER in eml.read_text(encoding="utf-8")

    workspace.blank_button.click()
    assert opened.files[-1].name == "Formato manual de inoperatividad (en blanco).pdf"
    assert opened.files[-1].read_bytes().startswith(b"%PDF")


def test_a_contingency_email_too_long_for_a_link_is_saved_as_eml(
        qtbot: QtBot, workspace: InoperatividadWorkspace, db: Database,
        supervisor: UserProfile, opened: Opened, tmp_path: Path) -> None:
    detail = "SIAC ÚNICO devuelve «Error 503» al cargar la ficha del cliente. " * 10
    record = inoperatividad.save_record(
        db, supervisor, _valid(_point_id(db, supervisor), detail=detail))
    workspace.records.reload()
    workspace.select_record(record.id)
    with qtbot.waitSignal(workspace.ctx.hub.file_written) as written:
        workspace.viewer.email_button.click()
    assert opened.links == []  # no link the mail program would cut
    notice = written.args[0]
    assert notice.paths == (tmp_path / "exports" / f"Contingencia {NUMBER}.eml",)
    assert "demasiado largo" in notice.message
    assert detail.strip() in " ".join(notice.text.split())  # the text to copy, whole


def test_the_screen_follows_the_printed_sections_in_order(
        workspace: InoperatividadWorkspace) -> None:
    from swat_desktop.io.formato_manual_pdf import SECTIONS as PRINTED

    assert SECTIONS == PRINTED
    assert [label.text() for label in workspace.form.section_titles] == list(PRINTED)


def test_a_new_form_over_a_begun_one_keeps_the_begun_one_on_offer(
        qtbot: QtBot, workspace: InoperatividadWorkspace, db: Database,
        supervisor: UserProfile) -> None:
    workspace.form.detail.setFocus()
    _type(qtbot, "Primer evento")
    assert workspace.editor.banner.isHidden()
    _key(qtbot, Qt.Key.Key_N, modifier=Qt.KeyboardModifier.ControlModifier)

    assert workspace.form.detail.toPlainText() == ""
    assert workspace.editor.draft_id is None
    assert workspace.editor.banner.isVisible()  # the first form, offered back
    [draft] = inoperatividad.pending_drafts(db, supervisor, workspace.place.catalogue)
    assert draft.data.detail == "Primer evento"
    workspace.editor.banner.recover_button.click()
    assert workspace.form.detail.toPlainText() == "Primer evento"


def test_switching_user_leaves_the_form_as_the_previous_users_draft(
        qtbot: QtBot, workspace: InoperatividadWorkspace, db: Database,
        supervisor: UserProfile) -> None:
    other = identity.save_profile(db, ProfileInput(
        "lhuaman", "Luis Huamán", Role.SUPERVISOR_CAC, "CAC Plaza Norte"))
    workspace.form.detail.setFocus()
    _type(qtbot, "Lo de Jose")
    workspace.ctx.hub.switch_user(other)  # before the autosave fires: written now, signed by José

    [draft] = inoperatividad.pending_drafts(db, supervisor, workspace.place.catalogue)
    assert draft.data.detail == "Lo de Jose"
    assert inoperatividad.pending_drafts(db, other, workspace.place.catalogue) == []
    assert workspace.form.responsible_name.text() == "Luis Huamán"
    assert workspace.form.point.currentText() == "CAC Plaza Norte"
    assert workspace.editor.banner.isHidden()
    workspace.ctx.hub.switch_user(supervisor)
    assert workspace.editor.banner.isVisible()


CHILD = """
import sys, time
from datetime import datetime
from pathlib import Path
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from swat_desktop.gui.app import configure_application
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.inoperatividad.workspace import InoperatividadWorkspace
from swat_desktop.gui.signals import SignalHub
from swat_desktop.domain.clock import FixedClock
from swat_desktop.services import identity, store

app = QApplication([])
configure_application(app)
clock = FixedClock(datetime.fromisoformat(sys.argv[3]))  # the parent's: one time for both
db, _ = store.open_store(None, Path(sys.argv[1]), Path(sys.argv[2]), clock)
workspace = InoperatividadWorkspace(AppContext(db, SignalHub(identity.find_user(db, "jquispe"))))
workspace.show()
workspace.form.app_checks["SGA"].setChecked(True)
QTest.keyClicks(workspace.form.detail, "Escrito antes del corte de luz")
while workspace.editor.pending:  # the autosave, within a second
    app.processEvents()
    time.sleep(0.01)
print("typed", flush=True)
while True:  # still filling the form when the power goes
    app.processEvents()
    time.sleep(0.01)
"""


def test_a_form_survives_the_process_being_killed(
        qtbot: QtBot, db: Database, supervisor: UserProfile, paths: AppPaths,
        tmp_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(paths.database_file), str(paths.backups_dir),
         db.clock.now().isoformat()],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "typed", child.stderr.read()
    finally:
        child.kill()  # SIGKILL: no close event, no clean-up
        child.communicate(timeout=30)

    with closing(sqlite3.connect(paths.database_file)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    workspace = _workspace(qtbot, db, supervisor, tmp_path)
    assert workspace.editor.banner.isVisible()
    assert workspace.editor.banner.message().startswith(
        "Hay un formulario sin guardar: CAC San Isidro, iniciado ")
    workspace.editor.banner.recover_button.click()
    assert workspace.form.detail.toPlainText() == "Escrito antes del corte de luz"
    assert workspace.form.value().applications == ("SGA",)


def test_a_stored_time_that_is_not_one_shows_as_invalid_and_is_kept(
        qtbot: QtBot, db: Database) -> None:
    from swat_desktop.domain.inoperatividad import INVALID_TIME, CustomerRequest
    from swat_desktop.gui.inoperatividad.customers import CustomerRow

    bad = CustomerRequest(None, "45871236", "", "Migración de plan", False, bad_at="99:99")
    row = CustomerRow(inoperatividad.catalogue(db), [], db.clock, bad)
    qtbot.addWidget(row)
    assert row.at.text() == INVALID_TIME
    assert "99:99" in row.at.toolTip()
    assert row.value() == bad  # shown as found, never turned into 00:00
    row.set_value(CustomerRequest(time(9, 5), "1", "", "x", False))
    assert (row.at.text(), row.value().bad_at) == ("09:05", "")
