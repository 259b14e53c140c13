"""«Servidor central» on a point's «Paquetes» page: configured, pushed from the window, a
record saved here sent shortly after, and a centre that does not answer said in Spanish."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.gui.inoperatividad.sync_panel import AFTER_WRITE_MS, CentralDialog, SyncPanel
from swat_desktop.gui.inoperatividad.workspace import InoperatividadWorkspace
from swat_desktop.gui.signals import Change
from swat_desktop.services import identity, inoperatividad, sync
from swat_desktop.services.store import Database
from tests.fixtures.inoperatividad import cac_supervisor, control_informacion, good_input
from tests.fixtures.packages import export_point, trust
from tests.gui.conftest import context, show_active


def _panel(qtbot: QtBot, db: Database, user: UserProfile, tmp_path: Path
           ) -> tuple[InoperatividadWorkspace, SyncPanel]:
    workspace = InoperatividadWorkspace(context(db, user, tmp_path / "exports", tmp_path))
    workspace.resize(1400, 900)
    show_active(qtbot, workspace)
    workspace.sections.setCurrentWidget(workspace.exchange_section)
    page = workspace.exchange
    qtbot.waitUntil(page.isVisible)
    return workspace, page.sync


def _done(qtbot: QtBot, panel: SyncPanel) -> None:
    """Until the push has ended and the panel read the state again (``task`` is set when
    the push is asked for and cleared after its end, unlike the thread's own flag)."""
    qtbot.waitUntil(lambda: panel.agent.task is None, timeout=30_000)


@pytest.mark.also_postgresql
def test_a_point_configures_its_centre_and_its_events_go_there(
        qtbot: QtBot, db: Database, new_store: Callable[[str], Database],
        tmp_path: Path) -> None:
    supervisor = cac_supervisor(db)
    central = new_store("control")
    trust(central, control_informacion(central),
          export_point(db, tmp_path / "primero.swatpkg", tmp_path / "keys"))
    identity.save_profile(central, ProfileInput(supervisor.login, supervisor.full_name,
                                                Role.SUPERVISOR_CAC, supervisor.unit))
    workspace, panel = _panel(qtbot, db, supervisor, tmp_path)
    assert panel.isVisible()
    assert panel.line.text().startswith("Sin servidor central configurado")
    assert not panel.push_button.isEnabled()

    dialog = CentralDialog(panel.agent.ctx, "")
    qtbot.addWidget(dialog)
    dialog.address.setText(central.url.render_as_string(hide_password=False))
    dialog.accept()
    assert dialog.result() == CentralDialog.DialogCode.Accepted
    panel.agent.refresh()
    assert "Nada pendiente." in panel.line.text()

    inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    workspace.ctx.hub.announce(Change.RECORDS)  # what the form's save announces
    assert "Pendientes: 1 (CAC-SAN-ISIDRO-000001)." in panel.line.text()
    assert panel.agent.soon.isActive()  # it goes out shortly by itself…
    assert panel.agent.soon.interval() == AFTER_WRITE_MS
    panel.push_button.click()  # …or now
    assert panel.agent.task is not None
    _done(qtbot, panel)
    assert "Nada pendiente." in panel.line.text()
    assert "Última sincronización: nunca" not in panel.line.text()
    assert [r.number for r in inoperatividad.list_records(central)] == [
        "CAC-SAN-ISIDRO-000001"]
    assert not panel.error.isVisible()


def test_a_centre_that_does_not_answer_is_said_and_nothing_is_lost(
        qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    supervisor = cac_supervisor(db)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sync.configure(db, supervisor, f"postgresql+psycopg://jquispe@127.0.0.1:{port}/swat")
    inoperatividad.save_record(db, supervisor, good_input(db, supervisor))
    workspace, panel = _panel(qtbot, db, supervisor, tmp_path)
    panel.push_button.click()
    _done(qtbot, panel)
    assert panel.error.isVisible()
    assert panel.error.text().startswith("No se pudo conectar con el servidor central")
    assert "Exportar paquete" in panel.error.text()
    assert "Pendientes: 1 (CAC-SAN-ISIDRO-000001)." in panel.line.text()
    assert workspace.exchange.export_button.isEnabled()  # the way out is still there


def test_control_e_informacion_has_no_central_to_push_to(
        qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    _workspace, panel = _panel(qtbot, db, control_informacion(db), tmp_path)
    assert not panel.isVisible()
    assert panel.agent.push() is None
