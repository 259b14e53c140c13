"""«Servidor central» on a point's «Paquetes» page: where its events go when the network is
there (services/sync.py), when they last went, and what is still waiting.

A push runs off the GUI thread: on its own every few minutes, a little after each record
written here, and when the supervisor asks. Without a network nothing is lost: the line says
so, the pending records stay listed and the package file above stays the way out.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from swat_desktop.domain.errors import OutputError, ValidationError
from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.permissions import Action, can
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.inoperatividad.buttons import push_button
from swat_desktop.gui.operations import Done, Operation, is_running
from swat_desktop.gui.signals import Change
from swat_desktop.gui.widgets import error_label, notice, ok_cancel, open_at
from swat_desktop.services import sync
from swat_desktop.services.sync import PushResult, SyncState

EVERY_MS = 5 * 60 * 1000  # a point's events are few: every five minutes is soon enough
AFTER_WRITE_MS = 15 * 1000  # a record just saved goes out shortly, several saves together
SHOWN_PENDING = 5


def state_text(seen: SyncState) -> str:
    """The panel's line, in the order a supervisor asks: where, when, what is missing."""
    if not seen.central:
        return ("Sin servidor central configurado: los eventos se envían en paquetes "
                "(arriba).")
    last = (format_datetime(seen.last_success_at, LIMA) if seen.last_success_at
            else "nunca")
    pending = len(seen.pending)
    listed = ", ".join(seen.pending[:SHOWN_PENDING]) + (
        "…" if pending > SHOWN_PENDING else "")
    text = (f"Servidor central: {seen.central}. Última sincronización: {last}. "
            + (f"Pendientes: {pending} ({listed})." if pending else "Nada pendiente."))
    if seen.conflicts:
        text += (f" En conflicto en el servidor central: {', '.join(seen.conflicts)} "
                 "(Control e Información decide).")
    return text


class CentralDialog(QDialog):
    """The central server's address, without its password (asked by the server's client
    library: PGPASSWORD or .pgpass)."""

    def __init__(self, ctx: AppContext, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Servidor central")
        self.address = QLineEdit(current)
        self.address.setPlaceholderText("postgresql+psycopg://usuario@servidor/base")
        self.address.setAccessibleName("Dirección del servidor central")
        self.error = error_label()
        label = QLabel("&Dirección")
        label.setBuddy(self.address)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.addWidget(notice(
            "Cuando haya red, este equipo enviará allí los eventos de su punto. La dirección "
            "no lleva la contraseña: la toma de PGPASSWORD o .pgpass de este equipo."))
        layout.addWidget(label)
        layout.addWidget(self.address)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel(self, "&Guardar"))
        self.shown = ""
        open_at(self, 520)

    def accept(self) -> None:
        try:
            self.shown = sync.configure(self.ctx.store, self.ctx.user, self.address.text())
        except ValidationError as exc:
            self.error.setText("\n".join(exc.errors.values()))
            self.error.show()
            return
        super().accept()


class SyncAgent(QObject):
    """The point's pushes, alive as long as the workspace (not only while the page is
    built): every few minutes, shortly after a record is written here, or when asked.
    ``changed`` after each state read, for the panel to show."""

    changed = Signal(object)  # SyncState | str (why there is no state: no point)

    def __init__(self, ctx: AppContext, keys_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.keys_dir = keys_dir
        self.task: Operation | None = None
        self.seen: SyncState | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(EVERY_MS)
        self.timer.timeout.connect(self.push_quietly)
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(AFTER_WRITE_MS)
        self.soon.timeout.connect(self.push_quietly)
        ctx.hub.changed.connect(self._announced)
        ctx.hub.user_changed.connect(lambda _user: self.refresh())
        self.refresh()

    @property
    def applies(self) -> bool:
        return can(self.ctx.user, Action.PUSH_EVENTS)

    @property
    def running(self) -> bool:
        return is_running(self.task)

    def refresh(self) -> None:
        """Read the state again (the store's: another window's push shows too)."""
        if not self.applies:
            self.seen = None
            self.timer.stop()
            return
        try:
            self.seen = sync.state(self.ctx.store, self.ctx.user)
        except ValidationError as exc:  # a supervisor whose profile has no point
            self.seen = None
            self.timer.stop()
            self.changed.emit("\n".join(exc.errors.values()))
            return
        if self.seen.central and not self.timer.isActive():
            self.timer.start()
        elif not self.seen.central:
            self.timer.stop()
        self.changed.emit(self.seen)

    def _announced(self, changes: frozenset[Change]) -> None:
        if self.applies and changes & {Change.RECORDS, Change.FLOW}:
            self.refresh()
            if self.seen is not None and self.seen.central and self.seen.pending:
                self.soon.start()

    def push_quietly(self) -> Operation | None:
        """The timers' push: said in the panel only, never in the status bar."""
        if self.seen is None or not self.seen.central or not self.seen.pending:
            return None
        return self.push(quiet=True)

    def push(self, quiet: bool = False) -> Operation | None:
        if self.running or not self.applies:
            return None
        store, user, keys = self.ctx.store, self.ctx.user, self.keys_dir

        def work(_progress: object, _cancelled: object) -> PushResult:
            try:
                return sync.push(store, user, keys)
            except sync.CentralUnreachable as exc:  # the network's fault: a sentence
                raise OutputError(str(exc)) from exc

        def describe(result: PushResult) -> Done:
            return Done("" if quiet else result.message)

        operation = Operation(self.ctx.hub, work, describe=describe,
                              failure="No se pudo sincronizar",
                              failure_status="" if quiet else None, parent=self)
        operation.ended.connect(self._ended)
        self.task = operation
        self.changed.emit(self.seen)  # the button goes off while it runs
        return operation.start()

    def _ended(self) -> None:
        self.task = None
        self.refresh()


class SyncPanel(QWidget):
    """What the agent knows, and its two buttons."""

    def __init__(self, agent: SyncAgent, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agent = agent
        title = QLabel("Servidor central")
        title.setObjectName("cardTitle")
        self.line = notice()
        self.error = error_label()
        self.push_button = push_button("&Sincronizar ahora", "Envía ya los eventos nuevos y "
                                       "cambiados al servidor central", agent.push)
        self.setup_button = push_button("Ser&vidor central…", "La dirección adonde se envían",
                                        self.configure)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.setup_button)
        buttons.addWidget(self.push_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.line)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        agent.changed.connect(self._show)
        self._show(agent.seen)

    def _show(self, seen: SyncState | str | None) -> None:
        self.setVisible(self.agent.applies)
        if isinstance(seen, str) or seen is None:
            self.line.setText(seen or "")
            self.error.hide()
            self.push_button.setEnabled(False)
            self.setup_button.setEnabled(False)
            return
        self.line.setText(state_text(seen))
        self.error.setText(seen.last_error)
        self.error.setVisible(bool(seen.last_error))
        self.setup_button.setEnabled(True)
        self.push_button.setEnabled(bool(seen.central) and not self.agent.running)

    def configure(self) -> None:
        seen = self.agent.seen
        dialog = CentralDialog(self.agent.ctx, seen.central if seen else "", self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.agent.ctx.hub.say(f"Servidor central: {dialog.shown}.")
            self.agent.refresh()
            self.agent.push_quietly()
