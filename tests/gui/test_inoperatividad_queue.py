"""After the form, on screen: the queue of records to regularize in ATC with its copy panel,
undoing a regularization, closing an event, and its evaluation (falla masiva windows, Procesos'
answer, approvals) with the actions each role may take."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.domain.inoperatividad import RecordStatus, RequestType
from swat_desktop.domain.inoperatividad_flow import (
    ClosureInput,
    ProcesosAnswer,
    RegularizationState,
)
from swat_desktop.gui.inoperatividad.closure_dialog import OVER_ONE_HOUR, ClosureDialog
from swat_desktop.gui.inoperatividad.evaluation import STALE as EVALUATION_STALE
from swat_desktop.gui.inoperatividad.evaluation import WindowDialog
from swat_desktop.gui.inoperatividad.qt_dates import to_qdatetime
from swat_desktop.gui.inoperatividad.queue import QueuePage, format_age
from swat_desktop.gui.inoperatividad.regularize_panel import (
    ATC_FIELDS,
    COPIED,
    STALE,
)
from swat_desktop.gui.inoperatividad.workspace import InoperatividadWorkspace
from swat_desktop.gui.reason_dialog import ReasonDialog
from swat_desktop.services import audit, identity, inoperatividad
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services.store import Database
from tests.fixtures.inoperatividad import NOW, cac_supervisor, for_request, good_input
from tests.gui.conftest import context, show_active
from tests.gui.table_rows import row_texts


@pytest.fixture
def clock() -> FixedClock:
    """Two hours after the sample event's morning: records are saved then, and a closure
    proposes it as the end."""
    return FixedClock(NOW + timedelta(hours=2))


@pytest.fixture
def supervisor(db: Database) -> UserProfile:
    return cac_supervisor(db)


@pytest.fixture
def control(db: Database) -> UserProfile:
    return identity.save_profile(db, ProfileInput(
        "cinfo", "Carla Info Ramos", Role.CONTROL_INFORMACION, "Control e Información"))


@pytest.fixture
def record_id(db: Database, supervisor: UserProfile) -> int:
    return inoperatividad.save_record(db, supervisor, good_input(db, supervisor)).id


def _workspace(qtbot: QtBot, db: Database, user: UserProfile, tmp_path: Path
               ) -> InoperatividadWorkspace:
    workspace = InoperatividadWorkspace(context(db, user, tmp_path / "exports", tmp_path))
    workspace.print_file = lambda _path: None  # type: ignore[method-assign]
    workspace.open_url = lambda _link: None  # type: ignore[method-assign]
    workspace.resize(1400, 900)
    show_active(qtbot, workspace)
    return workspace


def _queue(qtbot: QtBot, workspace: InoperatividadWorkspace) -> QueuePage:
    """The queue section, shown: a page built on first opening appears after the event loop
    turns once."""
    page = workspace.show_queue()
    qtbot.waitUntil(page.isVisible)
    return page


def _version(db: Database, record_id: int) -> int:
    return inoperatividad.get_record(db, record_id).version


def _close(db: Database, user: UserProfile, record_id: int, minutes: int = 65,
           motive: str = "FALLA_MASIVA_APLICATIVO") -> None:
    started = inoperatividad.get_record(db, record_id).data.started_at
    assert started is not None
    flow.close(db, user, record_id, _version(db, record_id), ClosureInput(
        started + timedelta(minutes=minutes), motive, "SIAC restablecido por Tecnología"))


def _second_record(db: Database, user: UserProfile) -> int:
    return inoperatividad.save_record(db, user, for_request(
        good_input(db, user), RequestType.ALTAS)).id


# -- the queue --------------------------------------------------------------------------------

def test_ages_read_as_people_say_them() -> None:
    assert format_age(timedelta(seconds=20)) == "hace menos de 1 min"
    assert format_age(timedelta(minutes=45)) == "hace 45 min"
    assert format_age(timedelta(hours=2, minutes=15)) == "hace 2 h 15 min"
    assert format_age(timedelta(hours=3)) == "hace 3 h"
    assert format_age(timedelta(days=1, hours=5)) == "hace 1 día"
    assert format_age(timedelta(days=3, hours=1)) == "hace 3 días"


def test_the_queue_lists_saved_records_oldest_first_with_their_age(
        qtbot: QtBot, db: Database, clock: FixedClock, supervisor: UserProfile,
        record_id: int, tmp_path: Path) -> None:
    created = inoperatividad.get_record(db, record_id).created_at
    clock.advance(timedelta(minutes=1))
    second = _second_record(db, supervisor)
    clock.set(created + timedelta(hours=2, minutes=15))
    workspace = _workspace(qtbot, db, supervisor, tmp_path)
    assert "2 registros por regularizar en ATC</a>" in workspace.pending_label.text()
    assert workspace.sections.tabText(1) == "Por regularizar en ATC (2)"

    workspace.pending_label.linkActivated.emit("queue")  # the start page's link
    page = workspace.queue
    assert workspace.sections.currentWidget() is workspace.queue_section
    assert [f.record.id for f in page.model.rows] == [record_id, second]
    assert row_texts(page.model, 0) == (
        "000001", "CAC San Isidro", "Consultas", "22/11/2026 10:10", "hace 2 h 15 min",
        "Pendiente · abierto")
    assert page.count_label.text() == "2 registros por regularizar en ATC,"
    assert page.panel.item is not None
    assert page.panel.item.record.id == record_id  # the oldest, ready to key in


def test_the_panel_shows_the_values_in_atc_order_and_copies_one(
        qtbot: QtBot, db: Database, supervisor: UserProfile, record_id: int,
        tmp_path: Path) -> None:
    panel = _queue(qtbot, _workspace(qtbot, db, supervisor, tmp_path)).panel
    shown = [(field, panel.value_labels[field].text()) for field in ATC_FIELDS]
    assert shown == [
        ("Punto de atención", "CAC San Isidro"),
        ("Canal", "Presencial"),
        ("Tipo de trámite", "Consultas"),
        ("Consulta", "Migración de plan, a prepago o a postpago"),
        ("Aplicativos", "SIAC ÚNICO, SGA"),
        ("Escenario", "Por falla masiva"),
        ("Motivo de ocurrencia", "Falla masiva de aplicativo"),
        ("Fecha y hora de inicio", "22/11/2026 10:10"),
        ("Fecha y hora de fin", "— (evento abierto: ATC lo deja en blanco)"),
        ("Responsable", "Jorge Quispe Huamán"),
        ("Detalle", "SIAC no carga en ninguna PC."),
    ]
    assert not panel.copy_buttons["Fecha y hora de fin"].isEnabled()  # nothing to copy
    QGuiApplication.clipboard().clear()
    panel.copy_buttons["Aplicativos"].click()
    assert QGuiApplication.clipboard().text() == "SIAC ÚNICO, SGA"
    assert panel.copy_buttons["Aplicativos"].text() == COPIED
    panel.copy_buttons["Fecha y hora de inicio"].click()
    assert QGuiApplication.clipboard().text() == "22/11/2026 10:10"
    assert panel.copy_buttons["Aplicativos"].text() == "Copiar"


@pytest.mark.also_postgresql
def test_regularizing_with_the_atc_number_takes_it_out_of_the_queue(
        qtbot: QtBot, db: Database, supervisor: UserProfile, record_id: int,
        tmp_path: Path) -> None:
    workspace = _workspace(qtbot, db, supervisor, tmp_path)
    page = _queue(qtbot, workspace)
    page.panel.atc_number.setFocus()
    qtbot.keyClicks(page.panel.atc_number, "ATC-778812")
    with qtbot.waitSignal(workspace.ctx.hub.changed):
        page.panel.regularize_button.click()
    assert page.model.rows == []
    assert page.empty.isVisible()
    assert page.panel.item is None
    assert page.message.text() == ("CAC-SAN-ISIDRO-000001 regularizado en ATC con el N.º "
                                   "ATC-778812; salió de la cola.")
    assert workspace.pending_label.text() == "Nada por regularizar en ATC"
    assert workspace.sections.tabText(1) == "Por regularizar en ATC (0)"
    done = flow.flow_record(db, record_id)
    assert (done.flow.atc_number, done.flow.regularized_by) == ("ATC-778812",
                                                                "Jorge Quispe Huamán")
    assert not page.export_button.isEnabled()  # nothing left to export


def test_a_number_another_record_has_is_refused_next_to_the_field(
        qtbot: QtBot, db: Database, supervisor: UserProfile, record_id: int,
        tmp_path: Path) -> None:
    second = _second_record(db, supervisor)
    flow.regularize(db, supervisor, record_id, _version(db, record_id), "ATC-1")
    page = _queue(qtbot, _workspace(qtbot, db, supervisor, tmp_path))
    assert page.panel.item is not None
    assert page.panel.item.record.id == second
    page.panel.atc_number.setText("ATC-1")
    page.panel.regularize_button.click()
    assert page.panel.atc_error.isVisible()
    assert page.panel.atc_error.text() == "El número de ATC ATC-1 ya corresponde a otro " \
                                          "registro."
    assert page.panel.atc_number.property("invalid") is True
    assert [f.record.id for f in page.model.rows] == [second]
    page.panel.atc_number.setText("")
    page.panel.regularize_button.click()
    assert page.panel.atc_error.text() == ("Escriba el número que asignó el Sistema "
                                           "Administrativo ATC.")


def test_regularizing_twice_is_refused(
        qtbot: QtBot, db: Database, supervisor: UserProfile, record_id: int,
        tmp_path: Path) -> None:
    page = _queue(qtbot, _workspace(qtbot, db, supervisor, tmp_path))
    panel = page.panel
    panel.atc_number.setText("ATC-9")
    panel.regularize_button.click()
    panel.set_item(flow.flow_record(db, record_id))  # the same record, shown again
    assert not panel.regularize_button.isEnabled()
    assert panel.done_label.text() == "Ya está regularizado en ATC con el N.º ATC-9 (Jorge " \
                                      "Quispe Huamán)."
    panel.atc_number.setText("ATC-10")
    assert panel.regularize() is None  # a late click, with the current version
    assert "no se regulariza dos veces" in panel.atc_error.text()
    assert flow.flow_record(db, record_id).flow.atc_number == "ATC-9"


def test_a_record_changed_by_someone_else_is_read_again(
        qtbot: QtBot, db: Database, supervisor: UserProfile, record_id: int,
        tmp_path: Path) -> None:
    second = _second_record(db, supervisor)
    page = _queue(qtbot, _workspace(qtbot, db, supervisor, tmp_path))
    _close(db, supervisor, record_id)  # elsewhere, while the panel shows the old version
    page.panel.atc_number.setText("ATC-5")
    page.panel.regularize_button.click()
    assert page.panel.atc_error.text() == STALE
    assert page.panel.atc_number.text() == "ATC-5"  # what was typed stays
    assert row_texts(page.model, 0)[-1] == "Pendiente · cerrado"
    page.panel.regularize_button.click()  # now with the fresh version
    assert [f.record.id for f in page.model.rows] == [second]

    flow.regularize(db, supervisor, second, _version(db, second), "ATC-6")  # elsewhere
    page.panel.atc_number.setText("ATC-7")
    page.panel.regularize_button.click()
    assert page.model.rows == []
    assert page.error.isVisible()
    assert "ya no está en la cola" in page.error.text()


def test_the_queue_follows_writes_on_the_hub_and_reads_again_when_shown(
        qtbot: QtBot, db: Database, supervisor: UserProfile, record_id: int,
        tmp_path: Path) -> None:
    """No parent refreshes it: a record saved in the form is announced and the built queue
    reads itself; what another computer wrote is read when the section is opened again."""
    workspace = _workspace(qtbot, db, supervisor, tmp_path)
    page = _queue(qtbot, workspace)
    workspace.sections.setCurrentIndex(0)
    workspace.form.load(for_request(good_input(db, supervisor), RequestType.ALTAS))
    saved = workspace.save()
    assert saved is not None
    workspace.sections.setCurrentWidget(workspace.queue_section)
    assert [f.record.id for f in page.model.rows] == [record_id, saved.id]
    workspace.sections.setCurrentIndex(0)
    flow.regularize(db, supervisor, record_id, _version(db, record_id), "ATC-2")  # elsewhere
    assert len(page.model.rows) == 2  # hidden, and nobody here announced it
    workspace.sections.setCurrentWidget(workspace.queue_section)
    assert [f.record.id for f in page.model.rows] == [saved.id]


def test_the_pending_queue_exports_to_the_chosen_file(
        qtbot: QtBot, db: Database, supervisor: UserProfile, record_id: int,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = _queue(qtbot, _workspace(qtbot, db, supervisor, tmp_path))
    offered: list[Path] = []
    target = tmp_path / "elegido" / "cola.xlsx"

    def ask(default: Path) -> Path:
        offered.append(default)
        return target

    monkeypatch.setattr(page, "ask_export_path", ask)
    page.export_button.click()
    qtbot.waitUntil(lambda: page.export_task is None and page.message.isVisible())
    assert offered[0].parent == tmp_path / "exports"
    assert offered[0].name.startswith("Por regularizar en ATC ")
    assert page.message.text() == f"Cola guardada en {target}"
    sheet = load_workbook(target).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "CAC-SAN-ISIDRO-000001"


def test_a_queue_that_cannot_be_written_says_why_next_to_the_list(
        qtbot: QtBot, db: Database, supervisor: UserProfile, record_id: int,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = _queue(qtbot, _workspace(qtbot, db, supervisor, tmp_path))
    blocker = tmp_path / "no es carpeta"
    blocker.write_text("un archivo donde iría la carpeta")
    monkeypatch.setattr(page, "ask_export_path", lambda _default: blocker / "cola.xlsx")
    page.export_button.click()
    qtbot.waitUntil(lambda: page.export_task is None and page.error.isVisible())
    assert page.error.text().startswith("No se pudo guardar la cola: ")
    assert page.export_button.isEnabled()  # another folder can be tried


# -- undo, close -------------------------------------------------------------------------------

@pytest.mark.also_postgresql
def test_undoing_a_regularization_asks_a_reason_and_puts_it_back_in_the_queue(
        qtbot: QtBot, db: Database, supervisor: UserProfile, record_id: int,
        tmp_path: Path) -> None:
    flow.regularize(db, supervisor, record_id, _version(db, record_id), "ATC-31")
    workspace = _workspace(qtbot, db, supervisor, tmp_path)
    assert workspace.update_pending() == 0
    workspace.select_record(record_id)
    assert "regularizado en ATC (N.º ATC-31)" in workspace.viewer.form.record_state.text()
    panel = workspace.viewer.evaluation
    assert panel.regularization.state.text() == "Regularizado en ATC"
    assert panel.regularization.atc_number.text() == "ATC-31"
    panel.regularization.undo_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, ReasonDialog)
    assert dialog.isVisible()
    dialog.accept()  # no reason
    assert dialog.error.text() == "Escriba por qué se deshace la regularización."
    dialog.reason.setPlainText("Número de ATC mal copiado")
    with qtbot.waitSignal(workspace.ctx.hub.changed):
        dialog.accept()
    assert panel.regularization.state.text().startswith("Pendiente")
    assert "por regularizar en ATC" in workspace.viewer.form.record_state.text()
    assert workspace.update_pending() == 1
    assert flow.flow_record(db, record_id).flow.regularization is RegularizationState.PENDIENTE
    entry = next(e for e in audit.recent_entries(db) if e.entity == "inoperatividad")
    assert entry.action == "deshacer_regularizacion"


def test_closing_an_event_shows_the_duration_and_flags_over_an_hour(
        qtbot: QtBot, db: Database, supervisor: UserProfile, record_id: int,
        tmp_path: Path) -> None:
    workspace = _workspace(qtbot, db, supervisor, tmp_path)
    workspace.select_record(record_id)
    assert workspace.viewer.close_button.isEnabled()
    assert workspace.viewer.email_button.isEnabled()
    assert workspace.viewer.eml_button.isEnabled()
    assert not workspace.viewer.evaluation.criteria.isVisibleTo(workspace.viewer.evaluation)
    workspace.viewer.close_button.click()
    dialog = workspace.viewer.closure_dialog
    assert isinstance(dialog, ClosureDialog)
    started = inoperatividad.get_record(db, record_id).data.started_at
    assert started is not None
    # Default: now (the store's clock), in Lima.
    assert dialog.value().ended_at == (NOW + timedelta(hours=2)).astimezone(LIMA)
    dialog.ended_at.setDateTime(to_qdatetime(started + timedelta(minutes=30)))
    assert dialog.duration.text() == "Duración: 0 h 30 min"
    assert not dialog.long_flag.isVisible()
    dialog.ended_at.setDateTime(to_qdatetime(started - timedelta(minutes=5)))
    assert dialog.duration.text() == "Duración: —"
    assert dialog.errors["ended_at"].isVisible()
    dialog.ended_at.setDateTime(to_qdatetime(started + timedelta(hours=1, minutes=5)))
    assert dialog.duration.text() == "Duración: 1 h 05 min"
    assert dialog.long_flag.isVisible()
    assert dialog.long_flag.text() == OVER_ONE_HOUR

    dialog.accept()  # no motive, no sustento
    assert dialog.errors["motive"].text() == "Elija el motivo de cierre."
    assert dialog.errors["sustento"].text() == "Escriba el sustento del cierre."
    assert dialog.isVisible()
    dialog.motive.setCurrentIndex(dialog.motive.findData("FALLA_MASIVA_APLICATIVO"))
    dialog.sustento.setPlainText("SIAC restablecido por Tecnología, ticket T-77")
    with qtbot.waitSignal(workspace.ctx.hub.changed):
        dialog.accept()

    closed = flow.flow_record(db, record_id)
    assert closed.record.status is RecordStatus.CERRADO
    assert closed.evaluation.duration == timedelta(hours=1, minutes=5)
    assert not workspace.viewer.close_button.isEnabled()
    # The contingency e-mail is about a failure going on: a closed event no longer offers it.
    assert not workspace.viewer.email_button.isEnabled()
    assert not workspace.viewer.eml_button.isEnabled()
    assert "el evento está cerrado" in workspace.viewer.email_button.toolTip()
    assert workspace.viewer.tabs.currentIndex() == 1  # the evaluation comes next
    panel = workspace.viewer.evaluation
    assert panel.closure.duration.text() == "1 h 05 min (más de 1 hora)"
    assert panel.criteria.range_flag.text() == "Mayor a 1 hora: se informa."
    assert panel.closure.motive.text() == "Falla masiva de aplicativo"
    assert panel.criteria.isVisible()
    assert workspace.viewer.form.has_end.isChecked()  # the form shows the end too


# -- evaluation --------------------------------------------------------------------------------

def test_the_evaluation_turns_dentro_after_registering_a_falla_masiva_window(
        qtbot: QtBot, db: Database, supervisor: UserProfile, control: UserProfile,
        record_id: int, tmp_path: Path) -> None:
    _close(db, supervisor, record_id, minutes=30)
    workspace = _workspace(qtbot, db, control, tmp_path)
    workspace.select_record(record_id)
    workspace.viewer.tabs.setCurrentIndex(1)
    panel = workspace.viewer.evaluation
    assert panel.criteria.window_result.text() == "Fuera de horario de falla masiva"
    assert panel.criteria.window_button.isEnabled()
    panel.criteria.window_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, WindowDialog)
    dialog.reference.clear()
    dialog.accept()
    assert dialog.errors["reference"].text() == "Escriba la referencia del comunicado de " \
                                                "Fallas."
    started = inoperatividad.get_record(db, record_id).data.started_at
    assert started is not None
    dialog.application.setCurrentIndex(dialog.application.findData("SIAC_UNICO"))
    dialog.starts_at.setDateTime(to_qdatetime(started - timedelta(hours=1)))
    dialog.ends_at.setDateTime(to_qdatetime(started + timedelta(hours=2)))
    dialog.reference.setText("Comunicado F-2")
    with qtbot.waitSignal(workspace.ctx.hub.changed):
        dialog.accept()
    assert panel.criteria.window_result.text() == "Dentro de horario de falla masiva"
    assert "Comunicado F-2" in panel.criteria.windows_list.text()
    assert "SIAC ÚNICO: 22/11/2026 09:10 – 22/11/2026 12:10" in panel.criteria.windows_list.text()


def test_procesos_and_both_approvals_make_the_event_reportable(
        qtbot: QtBot, db: Database, supervisor: UserProfile, control: UserProfile,
        record_id: int, tmp_path: Path) -> None:
    _close(db, supervisor, record_id)
    workspace = _workspace(qtbot, db, control, tmp_path)
    workspace.select_record(record_id)
    workspace.viewer.tabs.setCurrentIndex(1)
    panel = workspace.viewer.evaluation
    assert panel.report.reportable.text() == "Todavía no: falta la respuesta de Procesos."
    closed_at = flow.flow_record(db, record_id).flow.closed_at
    assert closed_at is not None
    due = format_datetime(closed_at + timedelta(hours=24), LIMA)
    assert panel.procesos.due.text() == f"Hasta el {due}"  # 24 hours after the closure
    assert not panel.approvals.buttons["gerente"].isEnabled()  # Procesos first

    panel.procesos.button.click()  # nothing chosen
    assert panel.procesos.error.text() == "Elija si procede o no procede reportar."
    panel.procesos.answer_buttons[ProcesosAnswer.PROCEDE].setChecked(True)
    panel.procesos.note.setText("Fuera de la falla masiva")
    with qtbot.waitSignal(workspace.ctx.hub.changed):
        panel.procesos.button.click()
    assert panel.procesos.state.text().startswith("Procede reportar, ")
    assert panel.procesos.state.text().endswith(" · Fuera de la falla masiva")
    assert panel.report.reportable.text() == "Todavía no: falta la aprobación del Gerente."
    assert panel.approvals.buttons["gerente"].isEnabled()
    assert not panel.approvals.buttons["director"].isEnabled()  # the Gerente first

    panel.approvals.buttons["gerente"].click()  # no name
    assert panel.approvals.error.text() == "Escriba el nombre de quien aprobó."
    panel.approvals.approver["gerente"].setText("Gabriela Ruiz")
    panel.approvals.buttons["gerente"].click()
    assert panel.approvals.state["gerente"].text().startswith("Aprobado por Gabriela Ruiz, ")
    assert panel.approvals.approver["gerente"].isHidden()
    panel.approvals.approver["director"].setText("Daniel Soto")
    panel.approvals.buttons["director"].click()
    assert panel.report.reportable.text() == "Sí: entra en el reporte de eventos de inoperatividad."
    done = flow.flow_record(db, record_id).evaluation
    assert done.reportable
    assert done.report_due is not None
    assert panel.report.due.text().startswith(f"{done.report_due:%d/%m/%Y}")
    actions = [e.action for e in audit.recent_entries(db) if e.entity == "inoperatividad"]
    assert actions[:3] == ["aprobar_director", "aprobar_gerente", "respuesta_procesos"]


def test_an_evaluation_changed_elsewhere_is_read_again(
        qtbot: QtBot, db: Database, supervisor: UserProfile, control: UserProfile,
        record_id: int, tmp_path: Path) -> None:
    _close(db, supervisor, record_id)
    workspace = _workspace(qtbot, db, control, tmp_path)
    workspace.select_record(record_id)
    flow.answer_procesos(db, control, record_id, _version(db, record_id),
                         ProcesosAnswer.NO_PROCEDE, "Dentro de la falla")  # elsewhere
    panel = workspace.viewer.evaluation
    panel.procesos.answer_buttons[ProcesosAnswer.PROCEDE].setChecked(True)
    panel.procesos.button.click()
    assert panel.procesos.error.text() == EVALUATION_STALE
    assert panel.procesos.state.text().startswith("No procede reportar, ")
    assert workspace.viewer.record is not None
    assert workspace.viewer.record.version == _version(db, record_id)  # in step for the next write


def test_a_cac_supervisor_reads_the_evaluation_with_its_actions_disabled(
        qtbot: QtBot, db: Database, supervisor: UserProfile, record_id: int,
        tmp_path: Path) -> None:
    _close(db, supervisor, record_id)
    workspace = _workspace(qtbot, db, supervisor, tmp_path)
    workspace.select_record(record_id)
    workspace.viewer.tabs.setCurrentIndex(1)
    panel = workspace.viewer.evaluation
    assert panel.role_notice.isVisible()
    assert "Supervisor CAC" in panel.role_notice.text()
    assert panel.criteria.window_result.text() == "Fuera de horario de falla masiva"
    assert panel.report.reportable.text() == "Todavía no: falta la respuesta de Procesos."
    for widget in (panel.criteria.window_button, panel.procesos.button, panel.procesos.note,
                   *panel.procesos.answer_buttons.values(), *panel.approvals.buttons.values()):
        assert not widget.isEnabled()
    # Each says why in the words the service refuses with (domain.permissions).
    assert panel.procesos.button.toolTip() == ("Solo Procesos o Control e Información "
                                               "registran la respuesta de Procesos.")
    assert panel.criteria.window_button.toolTip() == (
        "Solo Control e Información o Procesos registran las fallas masivas comunicadas.")
    assert panel.approvals.buttons["gerente"].toolTip() == ("Solo Control e Información "
                                                            "registra las aprobaciones.")
