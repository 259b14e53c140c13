"""The week's registry of management practices as a PDF, for the leaders' meeting and the file.

Each leader gets a table naming every practice of their role with its goal, the practices held
and the «cumplimiento», then the week's total; the rule that turns goals into weekly figures is
printed on page 1, since a reader who does not know it cannot check a single percentage. The
practices held follow, in the order they were held.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from swat_desktop.domain.indicators import format_percent
from swat_desktop.domain.practice_compliance import (
    COMPLIANCE_RULE,
    LeaderWeek,
    PracticesReport,
)
from swat_desktop.domain.practices import PracticeRecord
from swat_desktop.io.pdf_common import (
    LANDSCAPE,
    STYLES,
    data_table,
    date_text,
    frame_width,
    section,
    text,
    write_pdf,
)

WIDTH = frame_width(LANDSCAPE)
ROW_ROOM = 22  # points: a table row of one or two lines
NO_LEADERS = "No hay líderes registrados: no hay prácticas que medir."
NO_RECORDS = "No se registraron prácticas en la semana."
LINE_HEADERS = ("Práctica", "Meta", "Periodo de la meta", "Meta en el periodo", "Realizadas",
                "Cumplimiento", "Estado")
LINE_SHARES = (0.22, 0.22, 0.16, 0.10, 0.09, 0.10, 0.11)
RECORD_HEADERS = ("Fecha y hora", "Líder", "Práctica", "Con quién", "Min", "Notas y seguimiento",
                  "Cuentas y asesores")
RECORD_SHARES = (0.10, 0.15, 0.15, 0.17, 0.05, 0.24, 0.14)


def _widths(shares: tuple[float, ...]) -> list[float]:
    return [WIDTH * share for share in shares]


def write_practices_pdf(path: Path, report: PracticesReport) -> Path:
    story = _cover(report)
    if not report.leaders:
        story.append(text(NO_LEADERS, "heading"))
    for week in report.leaders:
        story += _leader_table(week)
    story += section("Prácticas realizadas en la semana")
    story.append(_records(report.records) if report.records else text(NO_RECORDS))
    return write_pdf(path, story, title=report.title, generated_at=report.generated_at,
                     author=report.generated_by, pagesize=LANDSCAPE)


def _cover(report: PracticesReport) -> list[Flowable]:
    week = report.week
    meta = (f"<b>Semana:</b> {week.start:%d/%m/%Y} al {week.end:%d/%m/%Y} &nbsp;·&nbsp; "
            f"<b>Líderes:</b> {escape(report.scope)} &nbsp;·&nbsp; "
            f"<b>Catálogo de prácticas:</b> versión {report.catalogue_version}<br/>"
            f"<b>Generado el</b> {date_text(report.generated_at)} (hora de Bogotá) "
            f"<b>por</b> {escape(report.generated_by)}")
    return [text(report.title, "title"), Paragraph(meta, STYLES["meta"]), Spacer(1, 6),
            Paragraph(escape(COMPLIANCE_RULE), STYLES["meta"]), Spacer(1, 6)]


def _leader_table(week: LeaderWeek) -> list[Flowable]:
    leader = week.leader
    rows = [(line.practice.name, line.goal_text,
             f"{line.window.start:%d/%m} al {line.window.end:%d/%m/%Y}", str(line.target),
             str(line.held), format_percent(line.percent),
             line.state.label + ("" if line.closes else " (no suma aún)"))
            for line in week.lines]
    total = ("Total de la semana", "", "", str(week.target), str(week.met),
             format_percent(week.percent), "")
    table = data_table(LINE_HEADERS, rows, _widths(LINE_SHARES), numeric=(3, 4, 5),
                       total=total)
    title = f"{leader.name} · {leader.role.label} · cumplimiento {format_percent(week.percent)}"
    # A leader's table is short: it moves to the next page whole rather than leave its total
    # behind (room for the heading, the header and each row).
    return [CondPageBreak(ROW_ROOM * (len(rows) + 4)),
            KeepTogether([text(title, "heading"), table])]


def _record_row(r: PracticeRecord) -> tuple[str, ...]:
    notes = r.notes
    if r.follow_up:
        due = f" (vence el {r.follow_up_due:%d/%m/%Y})" if r.follow_up_due else ""
        notes = f"{notes}\nSeguimiento: {r.follow_up}{due}".strip()
    return (f"{r.held_on:%d/%m/%Y} {r.start_time:%H:%M}", r.leader_name, r.practice_name,
            r.participants, str(r.duration_minutes), notes,
            "; ".join(f"{link.kind.label} {link.display}" for link in r.links))


def _records(records: tuple[PracticeRecord, ...]) -> Flowable:
    return data_table(RECORD_HEADERS, [_record_row(r) for r in records],
                      _widths(RECORD_SHARES), numeric=(4,))
