"""The window on a shared server that asks for passwords: the login dialog instead of the
identity dialog, a wrong password said under the fields, and the window opened as the
server's login, in its group's role, whatever the computer remembers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import URL

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.identity import Procedure
from swat_desktop.gui.app import GuiSession
from swat_desktop.gui.server_login_dialog import ServerLoginDialog
from swat_desktop.paths import AppPaths
from swat_desktop.services import identity
from tests.conftest import TEST_NOW
from tests.postgres import PostgresServer
from tests.shared_server import GUARDED_PASSWORD, guarded_server


@pytest.fixture(scope="module")
def guarded(postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[PostgresServer]:
    with guarded_server(postgres_server.bin_dir, tmp_path_factory.mktemp("guarded"),
                        FixedClock(TEST_NOW)) as running:
        yield running


def _url(guarded: PostgresServer) -> str:
    return URL.create("postgresql+psycopg", host="127.0.0.1", port=guarded.port,
                      database="swat").render_as_string()


def test_a_wrong_password_is_said_and_emptied_the_right_one_lets_in(
        qtbot: QtBot, guarded: PostgresServer, paths: AppPaths) -> None:
    dialog = ServerLoginDialog(_url(guarded), paths.database_file, "", "la base compartida")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.error.text() == "Escriba su usuario."
    dialog.login_edit.setText("J.Quispe")
    dialog.password_edit.setText("otra-clave-cualquiera")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "el usuario o la contraseña no son correctos" in dialog.error.text()
    assert "otra-clave-cualquiera" not in dialog.error.text()
    assert dialog.password_edit.text() == ""
    dialog.password_edit.setText(GUARDED_PASSWORD)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.url is not None


def test_the_window_opens_as_the_servers_login(
        qtbot: QtBot, guarded: PostgresServer, paths: AppPaths,
        monkeypatch: pytest.MonkeyPatch) -> None:
    identity.remember_login(paths.local_settings_file, "alguien.mas")  # declared before
    shown: list[str] = []

    def log_in(dialog: ServerLoginDialog) -> int:
        shown.append(dialog.windowTitle())
        dialog.login_edit.setText("j.quispe")
        dialog.password_edit.setText(GUARDED_PASSWORD)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ServerLoginDialog, "exec", log_in)
    session = GuiSession(_url(guarded), paths)
    session.clock = FixedClock(TEST_NOW)
    try:
        assert session.start() is None
        assert shown == ["Iniciar sesión en el servidor"]
        window = session.window
        assert window is not None
        assert (window.user.login, window.user.role.procedure) == ("j.quispe",
                                                                   Procedure.INOPERATIVIDAD)
        assert GUARDED_PASSWORD not in window.windowTitle()
        # The server decides who works: no declared profile to switch to.
        assert not window.switch_user_action.isEnabled()
        assert window.switch_user_action.statusTip().startswith(
            "En el servidor compartido usted trabaja con su propio usuario")
        logged = paths.log_file.read_text(encoding="utf-8") if paths.log_file.exists() else ""
        assert GUARDED_PASSWORD not in logged
    finally:
        window = session.window
        if window is not None:
            window.close()
        session.close()  # before deleting: it waits for the work the window started
        if window is not None:
            gone: list[bool] = []
            window.destroyed.connect(lambda: gone.append(True))
            # Deleted now, not at some later event loop: its pages' timers would read this
            # module's server, stopped by then, in whatever test runs the loop next.
            window.deleteLater()
            QApplication.sendPostedEvents(window, QEvent.Type.DeferredDelete)
            assert gone == [True]


def test_giving_up_at_the_login_quits(guarded: PostgresServer, paths: AppPaths,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ServerLoginDialog, "exec", lambda _dialog: 0)
    session = GuiSession(_url(guarded), paths)
    try:
        assert session.start() == 0
        assert session.window is None
    finally:
        session.close()


