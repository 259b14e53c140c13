"""The shared GUI plumbing: background operations, the rows model, the reason dialog and the
hub's followers."""

from __future__ import annotations

import errno
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialogButtonBox, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from swat_desktop.domain.errors import OutputError, ValidationError
from swat_desktop.domain.identity import UserProfile
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.file_notice import WrittenFiles
from swat_desktop.gui.operations import Done, Operation, explain, is_running
from swat_desktop.gui.reason_dialog import ReasonDialog, ReasonRequest, Refused
from swat_desktop.gui.rows_model import RIGHT, ROW_ROLE, SORT_ROLE, Column, RowsModel
from swat_desktop.gui.signals import Change, SignalHub
from swat_desktop.gui.subscriptions import follow
from swat_desktop.services.store import StoreUnavailable, Trouble
from tests.gui.conftest import CtxFactory


def test_failures_are_explained_in_spanish() -> None:
    failure = "No se pudo guardar el libro"
    assert explain(ValidationError({"a": "Uno.", "b": "Dos."}), failure) == "Uno.\nDos."
    assert explain(OutputError("Cierre el archivo."), failure) == "Cierre el archivo."
    busy = StoreUnavailable("La base está ocupada.", Trouble.BUSY)
    assert explain(busy, failure) == "La base está ocupada."
    assert explain(PermissionError("locked"), failure) == (
        "No se pudo guardar el libro: el archivo está abierto en otro programa o la carpeta "
        "no admite escribir.")
    full = OSError(errno.ENOSPC, "No space left on device")
    assert explain(full, failure).startswith("No se pudo guardar el libro: el disco está lleno")
    assert explain(RuntimeError("boom"), failure) == (
        "No se pudo guardar el libro: falló el programa; los detalles quedaron en el registro.")


def test_an_operation_says_its_result_shows_its_files_and_announces(
        qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    hub = ctx.hub
    said: list[str] = []
    files: list[WrittenFiles] = []
    changes: list[frozenset[Change]] = []
    hub.status_message.connect(said.append)
    hub.file_written.connect(files.append)
    hub.changed.connect(changes.append)
    target = tmp_path / "libro.xlsx"
    operation = Operation(hub, lambda _p, _c: target, changes=(Change.CLAIMS,),
                          describe=lambda path: Done(f"Guardado en {path}",
                                                     WrittenFiles("Libro guardado.", (path,))),
                          failure="No se pudo guardar el libro")
    with qtbot.waitSignal(operation.succeeded, timeout=10_000) as done:
        operation.start()
    assert done.args == [target]
    assert said == [f"Guardado en {target}"]
    assert files == [WrittenFiles("Libro guardado.", (target,))]
    assert changes == [frozenset({Change.CLAIMS, Change.AUDIT})]
    assert not is_running(operation)


def test_a_failed_operation_explains_itself_and_writes_no_file_notice(
        qtbot: QtBot, make_ctx: CtxFactory, agent: UserProfile) -> None:
    hub = make_ctx(agent).hub
    files: list[WrittenFiles] = []
    hub.file_written.connect(files.append)

    def locked(_progress: object, _cancelled: object) -> Path:
        raise PermissionError("locked")

    operation = Operation(hub, locked, describe=lambda _r: Done("no"),
                          failure="No se pudo generar el informe",
                          failure_status="No se pudo generar el informe.")
    ended: list[bool] = []
    operation.ended.connect(lambda: ended.append(True))
    with qtbot.waitSignal(hub.status_message, timeout=10_000) as status, \
            qtbot.waitSignal(operation.failed, timeout=10_000) as failed:
        operation.start()
    assert status.args == ["No se pudo generar el informe."]
    assert failed.args[0].startswith("No se pudo generar el informe: el archivo está abierto")
    assert ended == [True]
    assert files == []


def test_a_bug_in_an_operation_reaches_the_crash_hook(
        qtbot: QtBot, make_ctx: CtxFactory, agent: UserProfile,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Not dressed as a failure of the disk: the hook (gui/crash.py in the window) logs it."""
    caught: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda _kind, error, _tb: caught.append(error))

    def broken(_progress: object, _cancelled: object) -> Path:
        raise KeyError("column")

    operation = Operation(make_ctx(agent).hub, broken, describe=lambda _r: Done("no"),
                          failure="No se pudo generar el informe")
    with qtbot.waitSignal(operation.failed, timeout=10_000) as failed:
        operation.start()
    assert [type(e) for e in caught] == [KeyError]
    assert failed.args[0].endswith("falló el programa; los detalles quedaron en el registro.")


@dataclass(frozen=True)
class Fruit:
    name: str
    count: int


def test_the_rows_model_shows_columns_as_specified() -> None:
    model: RowsModel[Fruit] = RowsModel([
        Column("Fruta", lambda f: f.name, tooltip=lambda f, t: f"{t} ({f.count})"),
        Column("Cantidad", lambda f: str(f.count), align=RIGHT, sort=lambda f: f.count,
               ink=lambda f: QColor("#b3261e") if f.count > 9 else None,
               bold=lambda f: f.count > 9),
    ])
    model.set_rows([Fruit("pera", 10), Fruit("uva", 9)])
    assert model.rowCount() == 2
    assert model.columnCount() == 2
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Cantidad"
    assert model.headerData(1, Qt.Orientation.Horizontal,
                            Qt.ItemDataRole.TextAlignmentRole) is None  # the style's
    pear = model.index(0, 1)
    assert pear.data() == "10"
    assert pear.data(SORT_ROLE) == 10
    assert pear.data(ROW_ROLE) == Fruit("pera", 10)
    assert pear.data(Qt.ItemDataRole.TextAlignmentRole) == int(RIGHT)
    assert pear.data(Qt.ItemDataRole.ForegroundRole).name() == "#b3261e"
    assert pear.data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(1, 1).data(Qt.ItemDataRole.FontRole) is None
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "pera (10)"
    assert model.index(1, 0).data(SORT_ROLE) == "uva"  # the text, without a sort key
    assert model.row(model.index(1, 0)) == Fruit("uva", 9)


def _request(**options: object) -> ReasonRequest:
    return ReasonRequest(title="Anular", explanation="Queda en la auditoría.",
                         ok_text="Anular registro", **options)  # type: ignore[arg-type]


def test_the_reason_dialog_submits_the_reason_and_the_choice(qtbot: QtBot) -> None:
    written: list[tuple[str, object]] = []
    dialog = ReasonDialog(_request(limit=20, choices=[("Duplicado", 1), ("Error", 2)],
                                   choice_label="&Causa"),
                          lambda reason, choice: written.append((reason, choice)) or "hecho")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.choice.setCurrentIndex(1)
    dialog.reason.setPlainText("x" * 21)
    dialog.accept()
    assert dialog.error.text() == "El motivo admite hasta 20 caracteres."
    assert written == []
    dialog.reason.setPlainText("Registrado dos veces")
    dialog.accept()
    assert written == [("Registrado dos veces", 2)]
    assert dialog.result_value == "hecho"
    assert not dialog.isVisible()


def test_the_reason_dialog_keeps_a_refusal_on_screen(qtbot: QtBot) -> None:
    def refuse(reason: str, _choice: object) -> None:
        if not reason.strip():
            raise ValidationError({"reason": "Escriba el motivo."})
        raise Refused("Otra persona cambió el registro.", final=True)

    dialog = ReasonDialog(_request(), refuse)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.error.text() == "Escriba el motivo."
    dialog.reason.setPlainText("Duplicado")
    dialog.accept()
    assert dialog.error.text() == "Otra persona cambió el registro."
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_a_hidden_view_reads_again_when_next_shown(qtbot: QtBot, agent: UserProfile) -> None:
    hub = SignalHub(agent)
    view = QWidget()
    qtbot.addWidget(view)
    reads: list[int] = []
    follow(view, hub, {Change.CLAIMS}, lambda: reads.append(1))
    hub.announce(Change.CLAIMS)
    assert reads == []  # not on screen: only remembered
    view.show()
    assert reads == [1]
    hub.announce(Change.RECORDS)  # not what it shows
    assert reads == [1]
    hub.announce(Change.CLAIMS)
    assert reads == [1, 1]
    view.hide()
    view.show()  # nothing new
    assert reads == [1, 1]


def test_a_page_behind_another_tab_reads_again_when_its_tab_is_opened(
        qtbot: QtBot, agent: UserProfile) -> None:
    hub = SignalHub(agent)
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QWidget(), "Primera")
    holder = QWidget()
    page = QWidget(holder)
    tabs.addTab(holder, "Segunda")
    tabs.show()
    reads: list[int] = []
    follow(page, hub, {Change.FEEDBACK}, lambda: reads.append(1), every_show=True)
    tabs.setCurrentIndex(1)
    assert reads == []  # its first showing: it read when it was built
    tabs.setCurrentIndex(0)
    hub.announce(Change.FEEDBACK)
    assert reads == []
    tabs.setCurrentIndex(1)
    assert reads == [1]
    tabs.setCurrentIndex(0)
    tabs.setCurrentIndex(1)  # every_show: what others wrote in a shared store meanwhile
    assert reads == [1, 1]
