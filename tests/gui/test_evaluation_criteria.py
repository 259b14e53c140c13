"""Criteria 3 and 4 in «Seguimiento y evaluación», driven like a person: the tipificaciones
imported from the panel (off the window's thread, with the columns asked for when they are not
recognized), the numbers and the chart, Atención Online's report, and who may do what."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pytestqt.qtbot import QtBot

from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.domain.tipificaciones import TipField
from swat_desktop.gui.inoperatividad.evaluation import EvaluationPanel
from swat_desktop.gui.inoperatividad.evaluation_mapping import TipMappingDialog
from swat_desktop.services import audit, identity, inoperatividad
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services.store import Database
from tests.fixtures.inoperatividad import save_reportable_record
from tests.gui.conftest import context
from tests.services.test_tipificaciones import HOURLY_ROWS, write_export


def _panel(qtbot: QtBot, db: Database, user: UserProfile, record_id: int, tmp_path: Path
           ) -> EvaluationPanel:
    panel = EvaluationPanel(context(db, user, tmp_path / "exports", tmp_path),
                            inoperatividad.catalogue(db))
    qtbot.addWidget(panel)
    panel.resize(1000, 1400)
    panel.show()
    panel.set_item(flow.flow_record(db, record_id))
    return panel


def test_importing_from_the_panel_shows_the_hand_counted_numbers(
        qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    record, control = save_reportable_record(db)
    panel = _panel(qtbot, db, control, record.id, tmp_path)
    card = panel.measures
    assert card.isVisible()
    assert card.tipificaciones.text().startswith("Sin datos: no se importaron")
    assert card.reclamos.text() == "Sin datos."
    assert not card.import_state.isVisible()
    assert not card.chart.isVisible()
    assert card.import_button.isEnabled()
    with qtbot.waitSignal(panel.ctx.hub.changed, timeout=20_000):
        panel.import_tipificaciones(write_export(tmp_path / "tipificaciones.xlsx", HOURLY_ROWS))
    qtbot.waitUntil(lambda: card.import_state.text().startswith("tipificaciones.xlsx: 78"))
    assert card.tipificaciones.text().splitlines() == [
        "Consultas en CAC San Isidro, 10:00 a 10:59: 5 · promedio 12 · −58,3 %",
        "Mismo día de las 4 semanas previas: dom 15/11: 12 · dom 08/11: 10 · dom 01/11: 14 · "
        "dom 25/10: sin datos"]
    assert card.reclamos.text().splitlines()[:2] == [
        "Reclamos en todos los canales: 5 · promedio 3 · +66,7 %",
        "LDR en todos los canales: 1 · promedio 0,5 · +100 %"]
    assert card.chart.isVisible()
    assert [(m.label, m.value, now) for m, now in card.chart.measures] == [
        ("dom 25/10", None, False), ("dom 01/11", 14, False), ("dom 08/11", 10, False),
        ("dom 15/11", 12, False), ("dom 22/11", 5, True)]


def test_unrecognized_columns_are_asked_for_and_remembered(
        qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    record, control = save_reportable_record(db)
    panel = _panel(qtbot, db, control, record.id, tmp_path)
    path = write_export(tmp_path / "raro.xlsx",
                        [[datetime(2026, 11, 22), 10, "CAC San Isidro", "Consultas", 3]],
                        ["Día", "Hh", "Punto", "Clase", "N"])
    panel.import_tipificaciones(path)
    qtbot.waitUntil(lambda: isinstance(panel.dialog, TipMappingDialog), timeout=20_000)
    dialog = panel.dialog
    assert isinstance(dialog, TipMappingDialog)
    dialog.accept()  # the trámite is not assigned yet
    assert dialog.error.text() == "Falta asignar: Tipo de trámite."
    for field, column in ((TipField.HORA, 1), (TipField.TRAMITE, 3), (TipField.CANTIDAD, 4)):
        combo = dialog.combos[field]
        combo.setCurrentIndex(combo.findData(column))
    dialog.accept()
    qtbot.waitUntil(lambda: panel.measures.import_state.text().startswith("raro.xlsx: 3"),
                    timeout=20_000)
    tip = panel.measures.tipificaciones.text()
    assert tip.startswith("Consultas en CAC San Isidro, 10:00 a 10:59: 3 · promedio sin datos")
    again = panel.import_tipificaciones(path)  # remembered: no dialog this time
    assert again is not None
    state = panel.measures.import_state
    qtbot.waitUntil(lambda: "reemplaza 1 cantidad importada antes" in state.text(),
                    timeout=20_000)
    assert panel.dialog is None


def test_a_refused_file_says_why_next_to_the_button(qtbot: QtBot, db: Database,
                                                    tmp_path: Path) -> None:
    record, control = save_reportable_record(db)
    panel = _panel(qtbot, db, control, record.id, tmp_path)
    bad = tmp_path / "malo.csv"
    bad.write_text("Fecha;Canal;Trámite\n22/11/2026;CAC Marte;Consultas\n", encoding="utf-8")
    panel.import_tipificaciones(bad)
    qtbot.waitUntil(lambda: "CAC Marte" in panel.measures.import_state.text(), timeout=20_000)
    assert "no se guardó ninguna cantidad" in panel.measures.import_state.text()


def test_atencion_online_is_registered_and_corrected_from_the_panel(
        qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    record, control = save_reportable_record(db)
    panel = _panel(qtbot, db, control, record.id, tmp_path)
    card = panel.measures
    assert card.online_state.text() == "Sin informe todavía."
    card.public.setValue(4)
    card.inbox.setValue(2)
    card.note.setText("Reclamos por Facebook por la espera")
    with qtbot.waitSignal(panel.written):
        card.online_button.click()
    assert card.online_state.text().startswith(
        "4 publicaciones públicas · 2 mensajes por inbox, registrado por Carla Info, ")
    assert card.online_state.text().endswith(" · Reclamos por Facebook por la espera")
    assert card.online_button.text() == "Corregir &informe"
    card.public.setValue(5)
    card.online_button.click()
    entries = [e for e in audit.recent_entries(db) if e.entity == "atencion_online"]
    assert [e.action for e in entries] == ["corregir", "registrar"]


def test_a_supervisor_sees_the_criteria_but_cannot_import_or_report(
        qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    record, _ = save_reportable_record(db)
    other = identity.save_profile(db, ProfileInput("pnorte", "Pía Norte", Role.SUPERVISOR_CAC,
                                                   "CAC Plaza Norte"))
    panel = _panel(qtbot, db, other, record.id, tmp_path)
    card = panel.measures
    assert card.isVisible()
    assert not card.import_button.isEnabled()
    assert card.import_button.toolTip() == "Solo Control e Información importa las tipificaciones."
    assert not card.online_button.isEnabled()
    assert not card.public.isEnabled()
    assert "Procesos o Control e Información" in card.online_button.toolTip()
