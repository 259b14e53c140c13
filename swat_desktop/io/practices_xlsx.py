"""The week's registry of management practices as xlsx: what the leaders held against the
goals of the modelo de gestión operativa.

«Resumen» holds the week, who it covers, how the compliance is counted and one row per leader
with the week's total; «Cumplimiento» one row per leader and practice (goal, held, compliance,
state); «Registro» every practice held in the week. The two tables have a frozen header and a
filter, and every sheet prints landscape, one page wide, its header repeated.
"""

from __future__ import annotations

from pathlib import Path

from xlsxwriter.worksheet import Worksheet

from swat_desktop.domain.practice_compliance import COMPLIANCE_RULE, PracticesReport
from swat_desktop.io.xlsx_layout import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    GENERATED_LABEL,
    PERCENT_FORMAT,
    Field,
    Styles,
    local_datetime,
    new_workbook,
    period_span,
    write_block,
    write_label_rows,
    write_table,
)

SUMMARY_SHEET = "Resumen"
LINES_SHEET = "Cumplimiento"
REGISTRY_SHEET = "Registro"

LEADER_FIELDS = (
    Field("Líder", 30),
    Field("Rol", 20),
    Field("Metas que cierran en la semana", 14),
    Field("Cumplidas (hasta la meta)", 14),
    Field("Cumplimiento", 12, PERCENT_FORMAT),
)
LINE_FIELDS = (
    Field("Líder", 30),
    Field("Rol", 20),
    Field("Práctica", 30),
    Field("Meta", 30),
    Field("Periodo de la meta", 24),
    Field("Meta en el periodo", 10),
    Field("Realizadas", 10),
    Field("Cumplimiento", 12, PERCENT_FORMAT),
    Field("Estado", 12),
    Field("Cuenta en el total", 10),
)
RECORD_FIELDS = (
    Field("Fecha", 11, DATE_FORMAT),
    Field("Hora", 7),
    Field("Líder", 30),
    Field("Rol", 20),
    Field("Práctica", 30),
    Field("Con quién", 36),
    Field("Duración (min)", 10),
    Field("Notas", 40),
    Field("Seguimiento", 36),
    Field("Vence el seguimiento", 11, DATE_FORMAT),
    Field("Cuentas y asesores", 30),
    Field("Versión del catálogo", 9),
    Field("Registrada", 16, DATETIME_FORMAT),
)


def _print_setup(sheet: Worksheet, header_row: int) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)


def write_practices_xlsx(path: Path, report: PracticesReport) -> Path:
    with new_workbook(path) as workbook:
        styles = Styles(workbook)
        summary = workbook.add_worksheet(SUMMARY_SHEET)
        summary.set_column(0, 0, 34)
        summary.set_column(1, 4, 18)
        summary.write_string(0, 0, report.title, styles.title)
        row = write_label_rows(summary, styles, 2, [
            ("Semana", period_span(report.week), None),
            ("Líderes", report.scope, None),
            ("Versión del catálogo de prácticas", report.catalogue_version, None),
            (GENERATED_LABEL, local_datetime(report.generated_at), DATETIME_FORMAT),
            ("Generado por", report.generated_by, None),
        ])
        summary.merge_range(row + 1, 0, row + 1, 4, COMPLIANCE_RULE, styles.note)
        summary.set_row(row + 1, 90)
        header = row + 3
        if report.leaders:
            write_block(summary, styles, header, LEADER_FIELDS, (
                (w.leader.name, w.leader.role.label, w.target, w.met, w.percent / 100)
                for w in report.leaders))
        else:
            summary.write_string(header, 0, "No hay líderes registrados.", styles.label)
        _print_setup(summary, header)

        lines = workbook.add_worksheet(LINES_SHEET)
        write_table(lines, styles, LINE_FIELDS, (
            (w.leader.name, w.leader.role.label, line.practice.name, line.goal_text,
             period_span(line.window), line.target, line.held, line.percent / 100,
             line.state.label, "Sí" if line.closes else "No")
            for w in report.leaders for line in w.lines))
        _print_setup(lines, 0)

        held = workbook.add_worksheet(REGISTRY_SHEET)
        write_table(held, styles, RECORD_FIELDS, (
            (r.held_on, r.start_time.strftime("%H:%M"), r.leader_name, r.leader_role.label,
             r.practice_name, r.participants, r.duration_minutes, r.notes, r.follow_up,
             r.follow_up_due, "; ".join(f"{link.kind.label}: {link.display}"
                                        for link in r.links),
             r.catalogue_version, local_datetime(r.recorded_at))
            for r in report.records))
        _print_setup(held, 0)
    return path
