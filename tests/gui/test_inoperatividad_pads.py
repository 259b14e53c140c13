"""Pads of paper forms in the window, end to end on a real SQLite store: «Talonarios…» prints a
pad of 3 (its numbers reserved, the file in the notice), a record saved on screen meanwhile
takes the number after the pad, number 2 is typed in from its QR text with the paper's start
5 hours old (kept), number 1 is annulled with a reason, the list shows the three states, and
the transcribed record says so in the viewer, in its PDF and in the regulator's report."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from datetime import time, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from swat_desktop.domain.formatting import LIMA
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.domain.inoperatividad import (
    CustomerRequest,
    RecordInput,
    RequestType,
    ResponsibleRole,
    Scenario,
)
from swat_desktop.domain.inoperatividad_flow import ClosureInput, ProcesosAnswer
from swat_desktop.domain.inoperatividad_pads import ReservationState
from swat_desktop.gui.file_notice import WrittenFiles
from swat_desktop.gui.inoperatividad.pads_dialog import PadsDialog
from swat_desktop.gui.inoperatividad.qt_dates import to_qdatetime
from swat_desktop.gui.inoperatividad.transcription import NO_FILLER, TYPE_THE_START
from swat_desktop.gui.inoperatividad.workspace import InoperatividadWorkspace
from swat_desktop.gui.reason_dialog import ReasonDialog
from swat_desktop.paths import resource
from swat_desktop.services import identity, inoperatividad, inoperatividad_documents
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services import inoperatividad_pads as pads
from swat_desktop.services import inoperatividad_report as report
from swat_desktop.services.store import Database
from tests.conftest import TEST_NOW
from tests.fixtures.inoperatividad import cac_supervisor, control_informacion
from tests.gui.conftest import cell, context, show_active

POINT = "CAC-SAN-ISIDRO"
NOW_IN_LIMA = TEST_NOW.astimezone(LIMA)  # 23/11/2026 09:00
PAPER_START = NOW_IN_LIMA - timedelta(hours=5)  # 04:00: the outage, before dawn


@pytest.fixture
def supervisor(db: Database) -> UserProfile:
    return cac_supervisor(db)


@pytest.fixture
def printed() -> list[Path]:
    return []


@pytest.fixture
def workspace(qtbot: QtBot, db: Database, supervisor: UserProfile, tmp_path: Path,
              printed: list[Path]) -> InoperatividadWorkspace:
    workspace = InoperatividadWorkspace(context(db, supervisor, tmp_path / "exports", tmp_path))
    workspace.print_file = printed.append  # type: ignore[method-assign, assignment]
    workspace.resize(1400, 900)
    show_active(qtbot, workspace)
    return workspace


def _screen_record(point_id: int) -> RecordInput:
    return RecordInput(
        attention_point_id=point_id, responsible_name="Jorge Quispe Huamán",
        responsible_role=ResponsibleRole.SUPERVISOR, started_at=NOW_IN_LIMA - timedelta(
            minutes=30), applications=("SIAC_UNICO",), request_type=RequestType.CONSULTAS,
        request_code="MIGRACION_PLAN", scenario=Scenario.FALLA_MASIVA,
        motivo="FALLA_MASIVA_APLICATIVO", not_intermittent=True, whole_point_down=True)


def _paper(point_id: int) -> RecordInput:
    """What the paper says: an Altas event at 04:00, alerted at 04:10, over at 04:40."""
    return replace(
        _screen_record(point_id), responsible_name="María Rojas Paredes",
        request_type=RequestType.ALTAS, request_code="", started_at=PAPER_START,
        detail="Corte de luz en el distrito: ninguna PC enciende.", alert_sent=True,
        alert_at=PAPER_START + timedelta(minutes=10), alert_reference="Llamada al 4412",
        ended_at=PAPER_START + timedelta(minutes=40),
        customers=(CustomerRequest(time(4, 15), "45871236", "987654321", "Alta de servicio",
                                   False),))


def _pads(qtbot: QtBot, workspace: InoperatividadWorkspace) -> PadsDialog:
    dialog = workspace.open_pads()
    qtbot.waitExposed(dialog)
    return dialog


def _states(dialog: PadsDialog) -> list[tuple[str, str]]:
    return [(cell(dialog.table, row, 0), cell(dialog.table, row, 1))
            for row in range(dialog.model.rowCount())]


def _scan(qtbot: QtBot, dialog: PadsDialog, text: str) -> None:
    """What a barcode reader does: types the text and Enter into the focused field."""
    dialog.number.setFocus()
    dialog.number.selectAll()
    qtbot.keyClicks(dialog.number, text)
    qtbot.keyClick(dialog.number, Qt.Key.Key_Return)


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split())
                    for page in PdfReader(path).pages)


def test_a_pad_printed_transcribed_and_annulled_from_the_window(
        qtbot: QtBot, db: Database, supervisor: UserProfile, tmp_path: Path,
        workspace: InoperatividadWorkspace, printed: list[Path]) -> None:
    notices: list[WrittenFiles] = []
    workspace.ctx.hub.file_written.connect(notices.append)
    assert workspace.pads_button.isVisible()
    dialog = _pads(qtbot, workspace)
    assert (dialog.point_code, dialog.point.isEnabled()) == (POINT, False)  # own point only
    assert dialog.summary.text() == "El punto aún no tiene correlativos reservados."

    # 1. A pad of 3, off the GUI thread; the notice offers the file, the dialog its preview.
    dialog.count.setValue(3)
    target = tmp_path / "talonarios" / "talonario.pdf"
    target.parent.mkdir()
    assert dialog.print_pad(target) is not None
    qtbot.waitUntil(lambda: dialog.task is None)
    assert dialog.print_error.isHidden(), dialog.print_error.text()
    assert [n.paths for n in notices] == [(target,)]
    assert "3 formatos, CAC-SAN-ISIDRO-000001 a CAC-SAN-ISIDRO-000003" in notices[0].message
    assert "Correlativo reservado: CAC-SAN-ISIDRO-000002" in _pdf_text(target)
    assert _states(dialog) == [(f"{POINT}-00000{n}", "Reservado") for n in (1, 2, 3)]
    dialog.preview_button.click()
    assert printed == [target]
    dialog.reject()

    # 2. Saved on screen meanwhile: the number after the pad.
    point_id = workspace.place.point_id
    assert point_id is not None
    workspace.form.load(_screen_record(point_id))
    screen = workspace.save()
    assert screen is not None
    assert screen.number == f"{POINT}-000004"

    # 3. Refusals next to the field, then number 2 from its QR text.
    dialog = _pads(qtbot, workspace)
    for typed, said in (("hola", "lea con el lector el código QR"),
                        ("CAC-PLAZA-NORTE-000001", "su propio punto"),
                        ("9", f"{POINT}-000009 no está reservado"),
                        ("SWAT|FM-INOP-2|CAC-SAN-ISIDRO|000004", "no está reservado")):
        _scan(qtbot, dialog, typed)
        assert dialog.isVisible()
        assert not dialog.number_error.isHidden()
        assert said in dialog.number_error.text(), typed
    _scan(qtbot, dialog, "SWAT|FM-INOP-2|CAC-SAN-ISIDRO|000002")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    pane = workspace.transcription
    assert workspace.pages.currentWidget() is pane
    assert pane.form.number.text() == f"{POINT}-000002"
    assert not pane.form.point.isEnabled()

    # Nothing typed: the paper's start and who filled it are asked for, not assumed.
    assert pane.save() is None
    assert pane.form.errors["filled_by"].text() == NO_FILLER
    assert pane.form.errors["started_at"].text() == TYPE_THE_START
    assert pads.reservations(db, POINT)[1].state is ReservationState.RESERVADO

    # A paper of the type still open on screen: said beside «Guardar», nothing lost.
    consulta = CustomerRequest(time(4, 15), "45871236", "987654321",
                               "Migración de plan, a prepago o a postpago", False)
    pane.form.load(replace(_paper(point_id), request_type=RequestType.CONSULTAS,
                           request_code="MIGRACION_PLAN", customers=(consulta,)))
    pane.form.started_at.setDateTime(to_qdatetime(PAPER_START - timedelta(minutes=5)))
    qtbot.keyClicks(pane.filled_by, "M. Rojas")
    assert pane.save() is None
    assert f"tiene abierto el registro {POINT}-000004" in pane.save_error.text()
    assert pane.filled_by.text() == "M. Rojas"
    pane.filled_by.clear()

    paper = _paper(point_id)
    pane.form.load(paper)  # the paper copied in…
    pane.form.started_at.setDateTime(to_qdatetime(PAPER_START + timedelta(minutes=1)))
    pane.form.started_at.setDateTime(to_qdatetime(PAPER_START))  # …its start typed, 5 h old
    qtbot.keyClicks(pane.filled_by, "Maria")  # QtTest types ASCII only; the rest pasted
    pane.filled_by.insert(" Rojas Paredes")
    pane.filled_by.setText(pane.filled_by.text().replace("Maria", "María"))
    record = pane.save()
    assert record is not None
    assert record.number == f"{POINT}-000002"
    assert (record.data.started_at, record.data.alert_at, record.data.ended_at) == (
        PAPER_START, PAPER_START + timedelta(minutes=10), PAPER_START + timedelta(minutes=40))
    assert record.created_at == TEST_NOW
    mark = ("Transcrito del formato en papel — llenado por María Rojas Paredes, transcrito "
            "por Jorge Quispe Huamán el 23/11/2026 09:00")
    viewer = workspace.viewer
    assert workspace.pages.currentWidget() is viewer
    assert viewer.form.record_state.text().endswith(f"\n{mark}")  # in section 1, as on paper
    assert "transcrito con su correlativo impreso" in viewer.message.text()

    # The filled PDF says so too, in its section 1.
    pdf = workspace.open_pdf()
    assert pdf is not None
    assert printed[-1] == pdf
    assert mark in _pdf_text(pdf)
    screen_pdf = tmp_path / "pantalla.pdf"
    inoperatividad_documents.write_filled_forms(db, [screen.id], screen_pdf)
    assert "Transcrito del formato en papel" not in _pdf_text(screen_pdf)

    # 4. Number 1 was spoiled: annulled with its reason, never reused.
    dialog = _pads(qtbot, workspace)
    dialog.select(1)
    assert dialog.number.text() == f"{POINT}-000001"  # also proposed to transcribe
    annul = dialog.open_annul()
    assert isinstance(annul, ReasonDialog)
    annul.reason.setPlainText("Hoja mojada en la inundación")
    annul.accept()
    assert dialog.list_message.text() == (f"Correlativo {POINT}-000001 anulado: Hoja mojada en "
                                          "la inundación")
    assert _states(dialog) == [(f"{POINT}-000001", "Anulado"), (f"{POINT}-000002", "Transcrito"),
                               (f"{POINT}-000003", "Reservado")]
    assert cell(dialog.table, 0, 4) == "anulado: Hoja mojada en la inundación"
    assert cell(dialog.table, 1, 4) == (f"registro {POINT}-000002 (llenó María Rojas Paredes, "
                                        "transcribió Jorge Quispe Huamán)")
    assert dialog.summary.text() == "3 en total: 1 reservado, 1 transcrito, 1 anulado"
    dialog.state.setCurrentIndex(dialog.state.findData("transcrito"))
    assert _states(dialog) == [(f"{POINT}-000002", "Transcrito")]
    dialog.state.setCurrentIndex(dialog.state.findData("reservado"))
    dialog.select(3)
    assert dialog.annul_button.isEnabled()
    dialog.state.setCurrentIndex(0)
    dialog.select(1)
    assert not dialog.annul_button.isEnabled()  # already annulled
    _scan(qtbot, dialog, "1")
    assert "ya está anulado" in dialog.number_error.text()
    dialog.reject()
    assert sorted(r.correlativo for r in inoperatividad.list_records(db)) == [2, 4]

    # 5. The regulator's report: «Origen» says which came from paper.
    control = control_informacion(db)
    _reportable(db, control, record.id)
    _reportable(db, control, screen.id)
    day = NOW_IN_LIMA.date()
    rows = report.report_rows(db, day, day)
    assert [(r["correlativo"], r["origen"]) for r in rows] == [
        (f"{POINT}-000002", "Papel transcrito"), (f"{POINT}-000004", "Pantalla")]
    columns = report.report_columns(_with_origin(tmp_path))
    xlsx, report_pdf = report.export_report(db, supervisor, day, day, tmp_path / "reporte",
                                            columns)
    sheet = load_workbook(xlsx).active
    assert sheet is not None
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    header = next(r for r in values if r[0] == "Correlativo")
    origin = header.index("Origen")
    by_number = {r[0]: r[origin] for r in values if r[0] and str(r[0]).startswith(POINT)}
    assert by_number == {f"{POINT}-000002": "Papel transcrito", f"{POINT}-000004": "Pantalla"}
    assert "Papel transcrito" in " ".join(_pdf_text(report_pdf).split())


def _with_origin(folder: Path) -> Path:
    """The shipped column file with the optional «origen» added, as an administrator would."""
    shipped = json.loads(resource("reports", "inoperatividad_report.json").read_text(
        encoding="utf-8"))
    wanted = {"correlativo", "punto", "inicio", "fin", "motivo_cierre"}
    path = folder / "columnas.json"
    path.write_text(json.dumps([c for c in shipped if c["key"] in wanted]
                               + [{"key": "origen", "title": "Origen", "width": 11}]),
                    encoding="utf-8")
    return path


def _reportable(db: Database, control: UserProfile, record_id: int) -> None:
    """Closed, «procede», approved by Gerente and Director: an event of the report."""
    record = inoperatividad.get_record(db, record_id)
    assert record.data.started_at is not None
    end = record.data.ended_at or record.data.started_at + timedelta(minutes=30)
    flow.close(db, control, record.id, record.version, ClosureInput(
        end, "CONECTIVIDAD", "Enlace restablecido"))
    step = flow.answer_procesos(db, control, record.id, record.version + 1,
                                ProcesosAnswer.PROCEDE, "")
    step = flow.approve(db, control, record.id, step.flow.version, "gerente", "Gabriela Ruiz")
    flow.approve(db, control, record.id, step.flow.version, "director", "Daniel Soto")


def test_control_informacion_works_on_any_point(
        qtbot: QtBot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    control = control_informacion(db)
    workspace = InoperatividadWorkspace(context(db, control, tmp_path / "exports", tmp_path))
    show_active(qtbot, workspace)
    dialog = _pads(qtbot, workspace)
    assert dialog.point.isEnabled()
    dialog.point.setCurrentIndex(dialog.point.findData("CAC-PLAZA-NORTE"))
    dialog.count.setValue(2)
    release = threading.Event()
    write_pad = pads.write_pad

    def slow_pad(*args: object) -> object:  # a pad of 200 pages on a network folder
        release.wait()
        return write_pad(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pads, "write_pad", slow_pad)
    dialog.print_pad(tmp_path / "norte.pdf")
    dialog.reject()  # not while it is being written: its outcome is shown here
    _scan(qtbot, dialog, "1")
    assert dialog.isVisible()
    assert "se está guardando" in dialog.print_error.text()
    assert "Espere" in dialog.number_error.text()
    release.set()
    qtbot.waitUntil(lambda: dialog.task is None)
    assert _states(dialog) == [("CAC-PLAZA-NORTE-000001", "Reservado"),
                               ("CAC-PLAZA-NORTE-000002", "Reservado")]
    # A QR of the pad opens the form whichever point the list shows.
    dialog.point.setCurrentIndex(dialog.point.findData(POINT))
    _scan(qtbot, dialog, "SWAT|FM-INOP-2|CAC-PLAZA-NORTE|000002")
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert workspace.transcription.form.number.text() == "CAC-PLAZA-NORTE-000002"
    workspace.transcription.ask_cancel()  # nothing typed: no question
    assert workspace.pages.currentWidget() is not workspace.transcription


def test_the_viewer_of_a_screen_record_has_no_paper_mark(
        qtbot: QtBot, db: Database, workspace: InoperatividadWorkspace) -> None:
    point_id = workspace.place.point_id
    assert point_id is not None
    workspace.form.load(_screen_record(point_id))
    assert workspace.save() is not None
    assert not [w for w in workspace.viewer.findChildren(QLabel)
                if "Transcrito del formato" in w.text()]
    assert "por regularizar en ATC" in workspace.viewer.form.record_state.text()


def test_a_role_that_prints_no_pads_has_no_button(qtbot: QtBot, db: Database,
                                                   tmp_path: Path) -> None:
    procesos = identity.save_profile(db, ProfileInput("proc", "Pía Procesos", Role.PROCESOS,
                                                      "Procesos"))
    workspace = InoperatividadWorkspace(context(db, procesos, tmp_path / "exports", tmp_path))
    show_active(qtbot, workspace)
    assert workspace.pads_button.isHidden()
    assert workspace.new_button.isVisible()  # Procesos still saves records
