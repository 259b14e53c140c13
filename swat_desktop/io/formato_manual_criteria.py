"""Criterios de Evaluación 3 and 4 (seed 004) on a closed event's printed form: after the
closure, what the evaluating areas measured. The tipificaciones of the record's trámite against
the same weekday of the 4 weeks before, the day's Reclamos and LDR in all channels against the
7 days before, and Atención Online's report. A day the export did not cover prints «sin datos»,
never 0. The paper form has no such section: the point does not evaluate its own event."""

from __future__ import annotations

from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.inoperatividad_criteria import (
    NO_DATA,
    Comparison,
    RecordCriteria,
    format_change,
    format_number,
)
from swat_desktop.io.pdf_form import Section
from swat_desktop.io.pdf_pen import CAPTION, LABEL_BOLD
from swat_desktop.io.pdf_pieces import Field, Fields, Piece, Text, value

TITLE = "15. Criterios de evaluación 3 y 4"
HINT = "Lo registran Control e Información y Procesos al evaluar"


def criteria_section(found: RecordCriteria) -> Section:
    return Section(TITLE, _pieces(found), HINT)


def _row(comparison: Comparison) -> Fields:
    """The event's value, each earlier one, their average and the change, one cell each."""
    average, change = comparison.average, comparison.change
    return Fields([
        Field(f"{comparison.current.label} (evento)", value(comparison.current.text), 1.4),
        *(Field(m.label, value(m.text)) for m in comparison.previous),
        Field("Promedio", value(NO_DATA if average is None else format_number(average))),
        Field("Variación", value("—" if change is None else format_change(change))),
    ])


def _pieces(found: RecordCriteria) -> list[Piece]:
    measured, online = found.criteria, found.online
    pieces: list[Piece] = []
    tip = measured.tipificaciones if measured is not None else None
    if measured is None or tip is None:
        pieces.append(Text("3. Tipificaciones del trámite: el registro no tiene inicio o tipo "
                           "de trámite que medir.", CAPTION))
    else:
        tramite = measured.tramite.label if measured.tramite else ""
        pieces += [Text(f"3. Tipificaciones de {tramite} en {measured.scope_label}, "
                        f"{measured.range_label}, y el mismo día de las 4 semanas previas",
                        LABEL_BOLD), _row(tip)]
    if measured is not None:
        pieces += [Text("4. Reclamos y LDR en todos los canales, el día del evento y los 7 días "
                        "previos", LABEL_BOLD),
                   Text("Reclamos", CAPTION), _row(measured.reclamos),
                   Text("LDR (libro de reclamaciones)", CAPTION), _row(measured.ldr)]
    pieces.append(Text("3a. Atención Online: publicaciones sobre la no atención en el rango "
                       "del evento", LABEL_BOLD))
    pieces.append(Fields([
        Field("Publicaciones públicas", value(str(online.public_posts) if online else "")),
        Field("Mensajes por inbox", value(str(online.inbox_messages) if online else "")),
        Field("Registró", value(online.recorded_by if online else ""), 1.6),
        Field("Fecha y hora", value(format_datetime(online.recorded_at, LIMA)
                                    if online else ""), 1.2),
    ]))
    if online is not None and online.note:
        pieces.append(Text(f"Nota: {online.note}", CAPTION))
    elif online is None:
        pieces.append(Text("Sin informe de Atención Online todavía.", CAPTION))
    return pieces
