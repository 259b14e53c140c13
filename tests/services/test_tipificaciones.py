"""Criteria 3 and 4 over a real store: the tipificaciones export imported from a real xlsx and
csv, the numbers against a hand count, re-imports that replace instead of adding, hostile and
wrong files refused with nothing written, and Atención Online's audited report."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.domain.inoperatividad import InoperatividadRecord
from swat_desktop.domain.inoperatividad_criteria import EventCriteria, RecordCriteria
from swat_desktop.domain.tipificaciones import TipField
from swat_desktop.paths import resource
from swat_desktop.services import (
    audit,
    identity,
    inoperatividad_documents,
    inoperatividad_report,
    tipificaciones_import,
)
from swat_desktop.services import inoperatividad_criteria as criteria
from swat_desktop.services.inoperatividad_criteria import criteria_values
from swat_desktop.services.store import Database
from swat_desktop.services.tipificaciones_import import TipImportSummary
from tests.backends import snapshot
from tests.conftest import FIXTURES
from tests.fixtures.inoperatividad import save_reportable_record
from tests.services.test_one_session_per_use_case import once

HEADERS = ["Fecha", "Hora", "Punto de atención", "Tipo de trámite", "Cantidad"]
SAN_ISIDRO = "CAC San Isidro"
# The sample event: CAC San Isidro, Consultas, Sunday 22/11/2026 10:10 to 10:40 in Lima, so
# its range is the 10 o'clock hour of that day.
HOURLY_ROWS: list[list[object]] = [
    [datetime(2026, 11, 22), 10, SAN_ISIDRO, "Consultas", 4],
    [datetime(2026, 11, 22), 10, "CAC-SAN-ISIDRO", "Consultas", 1],  # the same point: 4 + 1
    [datetime(2026, 11, 22), 11, SAN_ISIDRO, "Consultas", 7],  # after the event: not counted
    [datetime(2026, 11, 22), 10, SAN_ISIDRO, "Altas", 9],  # another trámite
    [datetime(2026, 11, 22), 10, SAN_ISIDRO, "Pago de recibo", 30],  # not regulated: skipped
    [datetime(2026, 11, 15), 10, SAN_ISIDRO, "Consultas", 12],
    [datetime(2026, 11, 8), 10, SAN_ISIDRO, "Consultas", 10],
    [datetime(2026, 11, 1), 10, SAN_ISIDRO, "Consultas", 14],
    # 25/10 has no row at all: «sin datos», not 0.
    # Reclamos and LDR, all channels, 22/11 against 21/11 … 15/11:
    [datetime(2026, 11, 22), 10, SAN_ISIDRO, "Reclamos", 3],
    [datetime(2026, 11, 22), 14, "Call center 123", "Reclamo", 2],
    [datetime(2026, 11, 22), 10, SAN_ISIDRO, "Libro de reclamaciones", 1],
    [datetime(2026, 11, 21), 9, "CC-123", "Reclamos", 4],
    [datetime(2026, 11, 21), 9, "CC-123", "LDR", 2],
    [datetime(2026, 11, 20), 9, "Presencial", "Reclamos", 6],
    [datetime(2026, 11, 19), 9, "CAC Plaza Norte", "Altas", 1],  # covered, no reclamos: 0
    [datetime(2026, 11, 15), 9, SAN_ISIDRO, "Reclamos", 2],
]
# Hand count:
#   criterion 3 (Consultas, CAC San Isidro, 10:00–10:59): 22/11 = 5; 15/11 = 12, 08/11 = 10,
#     01/11 = 14, 25/10 = sin datos; average (12 + 10 + 14) / 3 = 12; change (5 − 12) / 12 =
#     −58,3 %.
#   criterion 4, Reclamos: 22/11 = 3 + 2 = 5; 21/11 = 4, 20/11 = 6, 19/11 = 0, 18, 17 and
#     16/11 sin datos, 15/11 = 2; average 12 / 4 = 3; change +66,7 %.
#   criterion 4, LDR: 22/11 = 1; 21/11 = 2, 20/11 = 0, 19/11 = 0, 15/11 = 0; average 0,5;
#     change +100 %.


def write_export(path: Path, rows: list[list[object]], headers: list[str] = HEADERS) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Tipificaciones"
    sheet["A1"] = "Reporte de tipificaciones por punto — noviembre 2026"
    sheet.append([])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def agent_of_a_point(db: Database) -> UserProfile:
    return identity.save_profile(db, ProfileInput("pnorte", "Pía Norte", Role.SUPERVISOR_CAC,
                                                  "CAC Plaza Norte"))


def load(db: Database, user: UserProfile, path: Path) -> TipImportSummary:
    return tipificaciones_import.run_import(db, user, tipificaciones_import.analyze(db, path))


def numbers(db: Database, record: InoperatividadRecord) -> EventCriteria:
    found = criteria.record_criteria(db, record.id).criteria
    assert found is not None
    return found


def test_the_criteria_match_the_hand_count_of_an_hourly_xlsx(db: Database, tmp_path: Path
                                                              ) -> None:
    record, control = save_reportable_record(db)
    summary = load(db, control, write_export(tmp_path / "tipificaciones.xlsx", HOURLY_ROWS))
    assert (summary.first_day, summary.last_day) == (date(2026, 11, 1), date(2026, 11, 22))
    assert summary.skipped == 1
    assert summary.skipped_types == ("Pago de recibo",)
    assert "sin contar 1 fila de trámites no regulados (Pago de recibo)" in summary.message
    found = numbers(db, record)
    assert found.scope_label == SAN_ISIDRO
    assert found.range_label == "10:00 a 10:59"
    tip = found.tipificaciones
    assert tip is not None
    assert tip.current.value == 5
    assert tip.current.day == date(2026, 11, 22)
    assert [m.value for m in tip.previous] == [12, 10, 14, None]
    assert [m.label for m in tip.previous] == ["dom 15/11", "dom 08/11", "dom 01/11",
                                               "dom 25/10"]
    assert tip.average == 12
    assert tip.summary == "5 · promedio 12 · −58,3 %"
    assert tip.previous[-1].text == "sin datos"
    assert found.reclamos.current.value == 5
    assert [m.value for m in found.reclamos.previous] == [4, 6, 0, None, None, None, 2]
    assert found.reclamos.summary == "5 · promedio 3 · +66,7 %"
    assert found.ldr.current.value == 1
    assert [m.value for m in found.ldr.previous] == [2, 0, 0, None, None, None, 0]
    assert found.ldr.summary == "1 · promedio 0,5 · +100 %"


def test_reimporting_replaces_per_day_place_and_tramite_and_never_adds(
        db: Database, tmp_path: Path) -> None:
    record, control = save_reportable_record(db)
    path = write_export(tmp_path / "tipificaciones.xlsx", HOURLY_ROWS)
    load(db, control, path)
    again = tipificaciones_import.analyze(db, path)
    assert again.earlier_import is not None
    assert "no se suman" in again.earlier_import
    second = tipificaciones_import.run_import(db, control, again)
    assert second.replaced == second.written
    tip = numbers(db, record).tipificaciones
    assert tip is not None
    assert tip.current.value == 5
    assert tip.average == 12
    # A corrected export of 22/11 as a CSV, daily (no hour): it replaces every hour of that
    # day's Consultas at the point, and the comparison falls back to whole days:
    # 22/11 = 20; 15/11 = 12, 08/11 = 10, 01/11 = 14 (the whole days hold only the 10 o'clock
    # rows), 25/10 sin datos.
    corrected = tmp_path / "corregido.csv"
    corrected.write_text("Día;Canal;Trámite;Total\r\n22/11/2026;CAC San Isidro;Consultas;20\r\n",
                         encoding="cp1252")
    third = load(db, control, corrected)
    assert third.replaced == 2
    assert third.written == 1
    found = numbers(db, record)
    assert found.range_label == "todo el día"
    assert found.tipificaciones is not None
    assert found.tipificaciones.current.value == 20
    assert [m.value for m in found.tipificaciones.previous] == [12, 10, 14, None]
    rows = [r for r in audit.recent_entries(db) if r.entity == "tipificaciones"]
    assert len(rows) == 3
    assert rows[0].after["archivo"] == "corregido.csv"
    assert rows[0].before == {"cantidades": 2, "tipificaciones": 12}


def test_a_file_without_the_point_counts_the_channel_and_without_count_every_row_is_one(
        db: Database, tmp_path: Path) -> None:
    record, control = save_reportable_record(db)
    rows: list[list[object]] = [[datetime(2026, 11, 22, 10, 5), "Presencial", "Consulta"]] * 3
    rows += [[datetime(2026, 11, 15, 10, 50), "Presencial", "Consulta"]]
    load(db, control, write_export(tmp_path / "sueltas.xlsx", rows,
                                   ["Fecha de tipificación", "Canal", "Tipificación"]))
    found = numbers(db, record)
    assert found.scope_label == "canal Presencial"
    assert found.tipificaciones is not None
    assert found.tipificaciones.current.value == 3
    assert [m.value for m in found.tipificaciones.previous] == [1, None, None, None]


def test_wrong_cells_refuse_the_whole_file_naming_sheet_row_and_column(
        db: Database, tmp_path: Path) -> None:
    _, control = save_reportable_record(db)
    rows = [*HOURLY_ROWS[:3],
            ["32/11/2026", 10, SAN_ISIDRO, "Consultas", 1],
            [datetime(2026, 11, 22), 10, "CAC Marte", "Consultas", 1],
            [datetime(2026, 11, 22), 10, SAN_ISIDRO, "Consultas", "muchos"],
            [datetime(2026, 11, 22), 31, SAN_ISIDRO, "Consultas", 2]]
    path = write_export(tmp_path / "malo.xlsx", rows)
    before = snapshot(db)
    with pytest.raises(ValidationError) as refused:
        load(db, control, path)
    message = refused.value.errors["archivo"]
    assert message.startswith("No se importó malo.xlsx: 4 filas tienen celdas")
    assert "hoja «Tipificaciones», fila 7, columna A (Fecha): La fecha «32/11/2026» no existe" \
        in message
    assert "fila 8, columna C (Punto de atención): «CAC Marte» no es un punto" in message
    assert "fila 9, columna E (Cantidad): La cantidad «muchos» no es un número entero" in message
    assert "fila 10, columna B (Hora): La hora 31 no está entre 0 y 23" in message
    assert "no se guardó ninguna cantidad" in message
    assert snapshot(db) == before


@pytest.mark.parametrize(("name", "said"), [
    ("base_20261121_declara_3_gb.xlsx", "máximo"),
    ("base_20261121_celda_XFD1048576.xlsx", "columnas"),
    ("base_20261121_con_contrasena.xlsx", "contraseña"),
])
def test_hostile_workbooks_are_refused_by_the_guards_before_anything_is_written(
        db: Database, tmp_path: Path, name: str, said: str) -> None:
    _, control = save_reportable_record(db)
    before = snapshot(db)
    with pytest.raises(tipificaciones_import.FileFormatError, match=said):
        load(db, control, FIXTURES / "bad_inputs" / name)
    assert snapshot(db) == before


def test_only_control_e_informacion_imports(db: Database, tmp_path: Path) -> None:
    supervisor = agent_of_a_point(db)
    path = write_export(tmp_path / "t.xlsx", HOURLY_ROWS)
    with pytest.raises(ValidationError, match="Solo Control e Información importa"):
        load(db, supervisor, path)


def test_a_remembered_mapping_serves_the_next_file(db: Database, tmp_path: Path) -> None:
    _, control = save_reportable_record(db)
    odd = ["Día", "Punto", "Clase", "N"]
    path = write_export(tmp_path / "raro.xlsx", [[datetime(2026, 11, 22), SAN_ISIDRO,
                                                  "Consultas", 3]], odd)
    plan = tipificaciones_import.analyze(db, path)
    assert plan.needs_mapping
    assert [f.value for f in plan.header.missing] == ["tramite"]
    mapped = plan.with_columns({**plan.header.columns, TipField.TRAMITE: 2,
                                TipField.CANTIDAD: 3})
    tipificaciones_import.remember_mapping(db, control, mapped)
    again = tipificaciones_import.analyze(db, path)
    assert again.from_profile
    assert not again.needs_mapping
    assert tipificaciones_import.run_import(db, control, again).tipificaciones == 3


def test_atencion_online_is_recorded_corrected_and_audited(db: Database) -> None:
    record, control = save_reportable_record(db)
    assert criteria.record_criteria(db, record.id).online is None
    first = criteria.record_atencion_online(db, control, record.id, 4, 2, " Quejas en Facebook ")
    assert first.summary == "4 publicaciones públicas · 2 mensajes por inbox"
    criteria.record_atencion_online(db, control, record.id, 5, 2, "Quejas en Facebook")
    online = criteria.record_criteria(db, record.id).online
    assert online is not None
    assert (online.public_posts, online.note, online.recorded_by) == (5, "Quejas en Facebook",
                                                                      control.full_name)
    rows = [r for r in audit.recent_entries(db) if r.entity == "atencion_online"]
    assert [r.action for r in rows] == ["corregir", "registrar"]
    assert rows[0].before == {"publicas": 4, "inbox": 2, "nota": "Quejas en Facebook"}
    with pytest.raises(ValidationError, match="número entero de 0 o más"):
        criteria.record_atencion_online(db, control, record.id, -1, 0, "")
    with pytest.raises(ValidationError, match="Solo Procesos o Control e Información"):
        criteria.record_atencion_online(db, agent_of_a_point(db), record.id, 1, 1, "")


def test_the_regulators_report_carries_the_criteria_columns(db: Database, tmp_path: Path
                                                            ) -> None:
    record, control = save_reportable_record(db)
    day = date(2026, 11, 22)
    [before] = inoperatividad_report.report_rows(db, day, day)
    assert before["criterios_3_4"] == ("Tipificaciones: sin datos\nReclamos: sin datos\n"
                                       "LDR: sin datos\nAtención Online: sin informe")
    load(db, control, write_export(tmp_path / "tipificaciones.xlsx", HOURLY_ROWS))
    criteria.record_atencion_online(db, control, record.id, 4, 2, "")
    # The optional columns are not in the shipped file: an administrator's file adds them.
    shipped = inoperatividad_report.report_columns()
    assert not {c.key for c in shipped} & set(criteria_values(RecordCriteria(None, None)))
    columns = json.loads(resource("reports", "inoperatividad_report.json").read_text("utf-8"))
    columns.append({"key": "criterios_3_4", "title": "Criterios 3 y 4", "width": 16})
    own = tmp_path / "columnas.json"
    own.write_text(json.dumps(columns, ensure_ascii=False), encoding="utf-8")
    workbook, pdf = inoperatividad_report.export_report(
        db, control, day, day, tmp_path / "out", inoperatividad_report.report_columns(own))
    sheet = load_workbook(workbook).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(values) if r[0] == "Correlativo")
    cells = dict(zip(values[header], values[header + 1], strict=True))
    assert cells["Criterios 3 y 4"] == (
        "Tipificaciones: 5 · promedio 12 · −58,3 %\nReclamos: 5 · promedio 3 · +66,7 %\n"
        "LDR: 1 · promedio 0,5 · +100 %\nAtención Online: 4 públicas · 2 inbox")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "Tipificaciones: 5 · promedio 12 · −58,3 %" in text
    assert "Atención Online: 4 públicas · 2 inbox" in text


def test_the_printed_form_of_the_closed_event_carries_criteria_3_and_4(
        db: Database, tmp_path: Path) -> None:
    record, control = save_reportable_record(db)
    nothing = inoperatividad_documents.write_filled_forms(db, [record.id], tmp_path / "0.pdf")
    assert "Criterios de evaluación 3 y 4" not in " ".join(  # nothing imported nor reported
        p.extract_text() for p in PdfReader(nothing).pages)
    load(db, control, write_export(tmp_path / "tipificaciones.xlsx", HOURLY_ROWS))
    criteria.record_atencion_online(db, control, record.id, 4, 2, "Quejas en Facebook")
    pdf = inoperatividad_documents.write_filled_forms(db, [record.id], tmp_path / "form.pdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "15. Criterios de evaluación 3 y 4" in text
    assert ("3. Tipificaciones de Consultas en CAC San Isidro, 10:00 a 10:59, y el mismo día "
            "de las 4 semanas previas") in text
    assert ("dom 22/11 (evento) 5 dom 15/11 12 dom 08/11 10 dom 01/11 14 dom 25/10 sin datos "
            "Promedio 12 Variación −58,3 %") in text
    assert ("Reclamos dom 22/11 (evento) 5 sáb 21/11 4 vie 20/11 6 jue 19/11 0 mié 18/11 sin "
            "datos mar 17/11 sin datos lun 16/11 sin datos dom 15/11 2 Promedio 3 Variación "
            "+66,7 %") in text
    assert "LDR (libro de reclamaciones) dom 22/11 (evento) 1 sáb 21/11 2" in text
    assert ("Publicaciones públicas 4 Mensajes por inbox 2 Registró Carla Info Fecha y hora "
            "23/11/2026 09:00") in text
    assert "Nota: Quejas en Facebook" in text
    # An open record's form has no evaluation yet: no such section.
    blank = inoperatividad_documents.write_blank_form(db, tmp_path / "blank.pdf")
    assert "Criterios de evaluación 3 y 4" not in " ".join(
        p.extract_text() for p in PdfReader(blank).pages)


def test_each_use_case_is_one_transaction(db: Database, tmp_path: Path) -> None:
    record, control = save_reportable_record(db)
    plan = tipificaciones_import.analyze(db, write_export(tmp_path / "t.xlsx", HOURLY_ROWS))
    once(db, lambda: tipificaciones_import.run_import(db, control, plan))
    once(db, lambda: criteria.record_atencion_online(db, control, record.id, 1, 0, ""))
    assert once(db, lambda: criteria.record_criteria(db, record.id)).any_data
