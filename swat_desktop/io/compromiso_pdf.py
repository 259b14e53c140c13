"""The printable *Formato compromiso de mejoramiento* (step 7 of the mal escalados procedure).

It is signed on paper by the advisor, the supervisor and the backoffice, and kept as the proof
that the advisor was told about the errors: a later recurrence is measured against it. So the
sheet must stand on its own: who, when, which period, what errors, what was agreed, by when,
and the three signatures always together on the same page.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from swat_desktop.domain.feedback import CompromisoDocument, FeedbackSummary
from swat_desktop.io.pdf_common import (
    GREY_LIGHT,
    INK,
    OPERATION,
    PORTRAIT,
    RULE,
    STYLES,
    data_table,
    frame_width,
    paragraphs,
    section,
    text,
    write_pdf,
)

TITLE = "Formato compromiso de mejoramiento"
WIDTH = frame_width(PORTRAIT)
SIGNERS = ("Asesor", "Supervisor", "Backoffice")


def write_compromiso(path: Path, doc: CompromisoDocument) -> Path:
    session = doc.session
    story: list[Flowable] = [
        text(TITLE, "title"),
        text(OPERATION, "subtitle"),
        _identification(doc),
        *_errors(doc),
        *section("2. Temas tratados"),
        *(paragraphs(session.discussion) or [text("Sin temas registrados.", "empty")]),
        *section("3. Plan de mejora"),
        *(paragraphs(session.plan) or [text("Sin plan de mejora registrado.", "empty")]),
        *_commitments(session),
        _closing(doc),
    ]
    return write_pdf(path, story, title=f"{TITLE} — {session.asesor_nombre}",
                     generated_at=doc.generated_at, author=doc.backoffice)


def _day(value: date | None, missing: str = "Sin fecha") -> str:
    return missing if value is None else f"{value:%d/%m/%Y}"


def _identification(doc: CompromisoDocument) -> Table:
    """The form's header grid: label cells shaded, values beside them, like the paper format."""
    session = doc.session
    period = f"{_day(session.period_start)} al {_day(session.period_end)}"
    rows = [
        ("Asesor", session.asesor_nombre, "Fecha de la sesión", _day(session.session_date)),
        ("Id asesor", session.asesor_id, "Periodo revisado", period),
        ("Supervisor", session.supervisor, "Elaborado por", doc.backoffice),
    ]
    data = [[text(row[0], "cell_bold"), text(row[1], "cell"),
             text(row[2], "cell_bold"), text(row[3], "cell")] for row in rows]
    data.append([text("Asistentes", "cell_bold"), text(session.attendees or "—", "cell"), "", ""])
    widths = [0.15 * WIDTH, 0.37 * WIDTH, 0.18 * WIDTH, 0.30 * WIDTH]
    return Table(data, colWidths=widths, hAlign="LEFT", style=TableStyle([
        ("SPAN", (1, -1), (-1, -1)),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BACKGROUND", (0, 0), (0, -1), GREY_LIGHT),
        ("BACKGROUND", (2, 0), (2, -2), GREY_LIGHT),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))


def _errors(doc: CompromisoDocument) -> list[Flowable]:
    heading = section("1. Errores encontrados")
    if not doc.errors:
        return [*heading, text("Sin errores registrados en el periodo revisado.", "empty"),
                text(f"Total de cuentas mal escaladas: {doc.total_errors}")]
    rows = [(f"{e.code} {e.name}", str(e.count), e.procedure or "—") for e in doc.errors]
    total = ("Total de cuentas mal escaladas", str(doc.total_errors), "")
    story: list[Flowable] = [*heading, data_table(
        ("Causal", "Cuentas", "Procedimiento que aplica"), rows,
        (0.30 * WIDTH, 0.10 * WIDTH, 0.60 * WIDTH), numeric=(1,), total=total)]
    if sum(e.count for e in doc.errors) != doc.total_errors:
        # An account with several causales is in several rows: say why the sum differs.
        story += [Spacer(1, 3), text("Una cuenta con varias causales aparece en cada una de "
                                     "ellas; el total cuenta cada cuenta una sola vez.", "note")]
    return story


def _commitments(session: FeedbackSummary) -> list[Flowable]:
    heading = section("4. Compromisos")
    if not session.commitments:
        return [*heading, text("Sin compromisos registrados.", "empty")]
    rows = [(f"{n}.", c.text, _day(c.due_date))
            for n, c in enumerate(session.commitments, start=1)]
    return [*heading, data_table(("N.º", "Compromiso", "Fecha límite"), rows,
                                (0.07 * WIDTH, 0.75 * WIDTH, 0.18 * WIDTH), numeric=(0,))]


def _follow_up(session: FeedbackSummary) -> Paragraph:
    follow_up = _day(session.follow_up, "sin fecha definida")
    return Paragraph(f"<b>Fecha de seguimiento:</b> {follow_up} &nbsp;&nbsp;·&nbsp;&nbsp; "
                     f"<b>Estado:</b> {session.state.label}", STYLES["body"])


def _closing(doc: CompromisoDocument) -> KeepTogether:
    """Follow-up and signatures, never split: a page of bare signature lines proves nothing."""
    return KeepTogether([
        text("5. Seguimiento", "heading"),
        _follow_up(doc.session),
        Spacer(1, 14),
        text("Firmas", "heading"),
        text("Las partes firman en constancia de lo tratado y de los compromisos adquiridos.",
             "note"),
        Spacer(1, 8),
        _signatures(doc),
    ])


def _signatures(doc: CompromisoDocument) -> Table:
    """Three signature lines with the signer's name and role under each."""
    names = (f"{doc.session.asesor_nombre} ({doc.session.asesor_id})", doc.session.supervisor,
             doc.backoffice)
    column = (WIDTH - 2 * 24) / 3
    data = [["", "", "", "", ""],
            [text(names[0], "centered"), "", text(names[1], "centered"), "",
             text(names[2], "centered")],
            [text(SIGNERS[0], "centered_grey"), "", text(SIGNERS[1], "centered_grey"), "",
             text(SIGNERS[2], "centered_grey")]]
    return Table(data, colWidths=[column, 24, column, 24, column], rowHeights=[46, None, None],
                 style=TableStyle([
                     *(("LINEABOVE", (c, 1), (c, 1), 0.8, INK) for c in (0, 2, 4)),
                     ("VALIGN", (0, 0), (-1, -1), "TOP"),
                     ("TOPPADDING", (0, 1), (-1, 1), 4),
                 ]))
