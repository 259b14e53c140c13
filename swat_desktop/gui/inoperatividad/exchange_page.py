"""«Paquetes»: an attention point sends its events to Control e Información as a package file;
Control e Información imports the packages of many points and, where a record came back with
other content and no newer version, chooses which version stays — never silently.

Export and import run off the GUI thread (a month of a large point is thousands of records and
the file may be on a network folder); choosing a version is one small transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from swat_desktop.domain.clock import local_now
from swat_desktop.domain.errors import OutputError, ValidationError
from swat_desktop.domain.formatting import LIMA
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.permissions import Action, can
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.file_notice import WrittenFiles
from swat_desktop.gui.inoperatividad.buttons import beside, push_button
from swat_desktop.gui.inoperatividad.point_keys import PointKeysPanel, own_key_text
from swat_desktop.gui.inoperatividad.sync_panel import SyncAgent, SyncPanel
from swat_desktop.gui.inoperatividad.workplace import Workplace
from swat_desktop.gui.operations import Done, Operation
from swat_desktop.gui.rows_model import Column, RowsModel
from swat_desktop.gui.signals import Change
from swat_desktop.gui.widgets import error_label, notice, read_only_table, say
from swat_desktop.gui.worker import CancelFn, ProgressFn
from swat_desktop.paths import resolve_paths
from swat_desktop.services import exchange
from swat_desktop.services.exchange import Conflict, ImportResult, PackageError
from swat_desktop.services.package_keys import PackageKeyError
from swat_desktop.services.store import StoreHandle

SUFFIX = ".swatpkg"
T = TypeVar("T")
Row = TypeVar("Row")
FILTER = f"Paquete de eventos (*{SUFFIX});;Todos los archivos (*)"


def _told(work: Callable[[], T]) -> T:
    """A package's own refusal (a damaged file, an unknown key) is already a sentence for
    people: shown as it is, not as an unexpected failure."""
    try:
        return work()
    except (PackageError, PackageKeyError) as exc:
        raise OutputError(str(exc)) from exc


@dataclass(frozen=True)
class Pending:
    """A conflict waiting for a choice, with the package it came from (the choice reads the
    package's version from it again, checksum and all)."""

    package: Path
    conflict: Conflict


def _table(columns: list[Column[Row]], name: str) -> tuple[QTableView, RowsModel[Row]]:
    table = read_only_table(QTableView(), name)
    model: RowsModel[Row] = RowsModel(columns, table)
    table.setModel(model)
    return table, model


def keys_dir(ctx: AppContext) -> Path:
    """This computer's signing keys, one per point (the per-user configuration folder)."""
    return ctx.keys_dir or resolve_paths().package_keys_dir


def _plural(count: int, word: str, suffix: str = "s") -> str:
    return f"{count} {word}{suffix if count != 1 else ''}"


class ExchangePage(QWidget):
    """Records added, updated or chosen here are announced (RECORDS, FLOW): the list, the queue
    and the deadlines read the store again."""

    def __init__(self, place: Workplace, sync_agent: SyncAgent,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.place = place
        self.ctx = ctx = place.ctx
        self.exports_dir = ctx.exports_dir or Path.home()
        self.keys_dir = keys_dir(ctx)
        self.sync = SyncPanel(sync_agent)
        self.task: Operation | None = None
        self.pending: list[Pending] = []

        export_title = QLabel("Enviar eventos")
        export_title.setObjectName("cardTitle")
        self.export_note = notice()
        self.export_button = push_button("&Exportar paquete…", "", self.choose_export)
        export_row = beside(self.export_note, self.export_button)
        self.own_key = notice()
        self.own_key.setObjectName("ownKeyLabel")
        self.own_key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        import_title = QLabel("Recibir paquetes de los puntos")
        import_title.setObjectName("cardTitle")
        self.import_button = push_button("&Importar paquetes…", "", self.choose_import)
        import_row = beside(notice(
            "Los registros nuevos se agregan y los que el punto actualizó se reemplazan, todo o "
            "nada por paquete. Si un registro llega distinto sin ser más reciente, queda en "
            "conflicto hasta que usted elija qué versión se queda."), self.import_button)
        self.results = notice()
        self.results.setTextFormat(Qt.TextFormat.PlainText)
        self.results.hide()

        self.conflicts, self.conflict_rows = _table([
            Column("Registro", lambda p: p.conflict.number),
            Column("Paquete", lambda p: p.package.name),
            Column("Diferencias", lambda p: _plural(len(p.conflict.differences), "campo")),
        ], "conflictsTable")
        self.conflicts.selectionModel().selectionChanged.connect(
            lambda *_: self._conflict_chosen())
        self.details, self.detail_rows = _table([
            Column("Campo", lambda line: line[0]),
            Column("En este equipo", lambda line: line[1]),
            Column("En el paquete", lambda line: line[2])], "differencesTable")
        self.details.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.keep_button = QPushButton("&Conservar el de este equipo")
        self.keep_button.setAutoDefault(False)
        self.keep_button.setToolTip("No cambia nada; la decisión queda en la auditoría")
        self.keep_button.clicked.connect(self.keep_ours)
        self.take_button = QPushButton("&Aceptar el del paquete")
        self.take_button.setAutoDefault(False)
        self.take_button.setToolTip("El registro queda como lo envió el punto; lo anterior "
                                    "queda en la auditoría")
        self.take_button.clicked.connect(self.take_theirs)
        choice = QHBoxLayout()
        choice.addStretch(1)
        choice.addWidget(self.keep_button)
        choice.addWidget(self.take_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(self.details, 1)
        right_layout.addLayout(choice)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.conflicts)
        splitter.addWidget(right)
        splitter.setSizes([420, 680])
        splitter.setChildrenCollapsible(False)
        self.conflict_title = QLabel()
        self.conflict_title.setObjectName("cardTitle")
        self.conflict_box = QWidget()
        box_layout = QVBoxLayout(self.conflict_box)
        box_layout.setContentsMargins(0, 6, 0, 0)
        box_layout.addWidget(self.conflict_title)
        box_layout.addWidget(splitter, 1)
        self.conflict_box.hide()

        self.import_box = QWidget()  # Control e Información receives; points only send
        import_layout = QVBoxLayout(self.import_box)
        import_layout.setContentsMargins(0, 10, 0, 0)
        import_layout.addWidget(import_title)
        import_layout.addLayout(import_row)
        import_layout.addWidget(self.results)
        import_layout.addWidget(self.conflict_box, 1)
        self.keys = PointKeysPanel(ctx)
        import_layout.addWidget(self.keys)

        self.message = notice()
        self.message.hide()
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(export_title)
        layout.addLayout(export_row)
        layout.addWidget(self.own_key)
        layout.addWidget(self.sync)
        layout.addWidget(self.message)
        layout.addWidget(self.error)
        layout.addWidget(self.import_box, 1)
        self.stretch = QWidget()  # keeps the export at the top when there is no import part
        layout.addWidget(self.stretch, 1)
        ctx.hub.user_changed.connect(self._user_changed)
        self._user_changed(ctx.user)

    def _user_changed(self, user: UserProfile) -> None:
        point = self.place.point
        receives = can(user, Action.RECEIVE_PACKAGE)
        self.import_box.setVisible(receives)
        self.stretch.setVisible(not receives)
        self.export_button.setEnabled(point is not None)
        self.export_note.setText(
            f"Guarde en un archivo todos los registros de {point.name} (también los anulados "
            "y su cierre y regularización), firmados con la clave del punto en este equipo, y "
            "envíelo a Control e Información, por correo o en una memoria." if point else
            "Cada paquete lleva los registros de un punto, firmados con la clave de ese punto "
            "en su propio equipo: se exporta desde el equipo del punto.")
        self._show_own_key()

    def _show_own_key(self) -> None:
        point = self.place.point
        self.own_key.setVisible(point is not None)
        if point is not None:
            self.own_key.setText(own_key_text(self.keys_dir, point.code))

    # -- sending ------------------------------------------------------------------------------
    def default_export_path(self) -> Path:
        point = self.place.point
        who = point.code if point else "TODOS"
        return self.exports_dir / f"{who} {local_now(self.ctx.clock, LIMA):%Y-%m-%d %H%M}{SUFFIX}"

    def ask_export_path(self, default: Path) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Exportar paquete de eventos",
                                                str(default), FILTER)
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix else path.with_suffix(SUFFIX)

    def choose_export(self) -> Operation | None:
        path = self.ask_export_path(self.default_export_path())
        return self.export_to(path) if path is not None else None

    def export_to(self, path: Path) -> Operation:
        point_id, store, keys = self.place.point_id, self.ctx.store, self.keys_dir
        assert point_id is not None  # the button is off without a point

        def work(_progress: object, _cancelled: object) -> Path:
            return _told(lambda: exchange.export_events(store, path, point_id, keys))

        def exported(saved: Path) -> None:
            self._show_own_key()  # the first export creates the key
            self._say(f"Paquete guardado en {saved}. Envíelo a Control e Información.")

        return self._run(work, lambda saved: Done(
            f"Paquete guardado en {saved}", WrittenFiles(
                "Paquete de eventos guardado: envíelo a Control e Información.", (saved,))),
            exported)

    # -- receiving ----------------------------------------------------------------------------
    def ask_import_paths(self) -> list[Path]:
        chosen, _ = QFileDialog.getOpenFileNames(self, "Importar paquetes de eventos",
                                                 str(self.exports_dir), FILTER)
        return [Path(c) for c in chosen]

    def choose_import(self) -> Operation | None:
        paths = self.ask_import_paths()
        return self.import_from(paths) if paths else None

    def import_from(self, paths: list[Path]) -> Operation:
        """Each package is its own transaction: a damaged one is refused whole and the others
        still go in."""
        store, user = self.ctx.store, self.ctx.user

        def work(_progress: object, _cancelled: object
                 ) -> list[tuple[Path, ImportResult | str]]:
            done: list[tuple[Path, ImportResult | str]] = []
            for path in paths:
                try:
                    done.append((path, exchange.import_package(store, user, path)))
                except (PackageError, PackageKeyError) as exc:
                    done.append((path, str(exc)))
                except ValidationError as exc:
                    done.append((path, "\n".join(exc.errors.values())))
            return done

        return self._run(work, self._imported, self._announce)

    def _imported(self, done: list[tuple[Path, ImportResult | str]]) -> Done:
        """The outcome of each package on the page, and the line for the status bar."""
        lines, refused = [], 0
        for path, outcome in done:
            if isinstance(outcome, str):
                refused += 1
                lines.append(f"✗ {path.name}: {outcome}")
                continue
            lines.append(f"✓ {path.name}: {outcome.message}")
            known = {(p.package, p.conflict.uuid) for p in self.pending}
            self.pending += [Pending(path, c) for c in outcome.conflicts
                             if (path, c.uuid) not in known]
        self.results.setText("\n".join(lines))
        self.results.show()
        self._show_conflicts()
        ok = len(done) - refused
        many = "s" if ok != 1 else ""
        return Done(f"{ok} paquete{many} importado{many}"
                    + (f", {_plural(refused, 'rechazado')}" if refused else "")
                    + (f"; {_plural(len(self.pending), 'conflicto')} por resolver"
                       if self.pending else "") + ".")

    def _announce(self, done: list[tuple[Path, ImportResult | str]]) -> None:
        """Records were added, updated or chosen: the other views read them."""
        if any(not isinstance(outcome, str) for _path, outcome in done):
            self.ctx.hub.announce(Change.RECORDS, Change.FLOW)

    def _show_conflicts(self) -> None:
        self.conflict_box.setVisible(bool(self.pending))
        count = len(self.pending)
        self.conflict_title.setText(
            f"{count} registro{'s' if count > 1 else ''} en conflicto: elija qué versión se "
            "queda")
        self.conflict_rows.set_rows(self.pending)
        if self.pending:
            self.conflicts.selectRow(0)
        self._conflict_chosen()

    def chosen(self) -> Pending | None:
        rows = self.conflicts.selectionModel().selectedRows()
        return self.pending[rows[0].row()] if rows else None

    def _conflict_chosen(self) -> None:
        pending = self.chosen()
        self.detail_rows.set_rows(pending.conflict.lines() if pending else [])
        self.keep_button.setEnabled(pending is not None)
        self.take_button.setEnabled(pending is not None)

    def keep_ours(self) -> None:
        self._resolve(exchange.keep_ours, "se conservó la versión de este equipo")

    def take_theirs(self) -> None:
        self._resolve(exchange.take_theirs, "se tomó la versión del paquete")

    def _resolve(self, choose: Callable[[StoreHandle, UserProfile, Path, str], None],
                 what: str) -> None:
        pending = self.chosen()
        if pending is None:
            return
        try:
            choose(self.ctx.store, self.ctx.user, pending.package, pending.conflict.uuid)
        except (PackageError, OSError) as exc:
            self._say(f"No se pudo leer {pending.package.name}: {exc}", error=True)
            return
        except ValidationError as exc:
            self._say("\n".join(exc.errors.values()), error=True)
            return
        self.pending.remove(pending)
        self._show_conflicts()
        text = f"{pending.conflict.number}: {what}."
        self._say(text)
        self.ctx.hub.say(text)
        self.ctx.hub.announce(Change.RECORDS, Change.FLOW)

    # -- plumbing -----------------------------------------------------------------------------
    def _run(self, work: Callable[[ProgressFn, CancelFn], T], describe: Callable[[T], Done],
             done: Callable[[T], None]) -> Operation:
        operation = Operation(self.ctx.hub, work, describe=describe,
                              failure="No se pudo completar", parent=self)
        operation.ended.connect(self._ended)
        operation.succeeded.connect(done)
        operation.failed.connect(lambda text: self._say(text, error=True))
        self.task = operation
        self.export_button.setEnabled(False)
        self.import_button.setEnabled(False)
        return operation.start()

    def _ended(self) -> None:
        self.task = None
        self.export_button.setEnabled(self.place.point is not None)
        self.import_button.setEnabled(True)

    def _say(self, text: str, error: bool = False) -> None:
        say(self.message, self.error, text, error)
