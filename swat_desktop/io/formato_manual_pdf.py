"""The printable *Formato Manual de Registro de Inoperatividad* (seed 004, Contingencia), A4.

When the Sistema Administrativo ATC portal is down too, the person in charge of the attention
point fills this form by hand and regularizes it in ATC once it is back; the seed asks every
point to keep it printed. So the blank form is made for a pen (boxes, tick squares, ruled
lines) and the filled one, printed from a saved record, reads the same way: the same sections
in the same order with the values typed where the blanks were. SECTIONS is that order, and the
screen form follows it, so whoever knows the paper knows the screen.

What each section asks and where the values go is formato_manual_sections'; the drawing is
pdf_form's, pdf_pieces' and pdf_grid's; this module puts the sections in order and writes the
documents.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak

from swat_desktop.domain.inoperatividad import (
    CONTINGENCY_COPIES,
    FALLAS_MAILBOX,
    FORM_SECTIONS,
    Catalogue,
    InoperatividadRecord,
    RecordStatus,
)
from swat_desktop.domain.inoperatividad_criteria import RecordCriteria
from swat_desktop.domain.inoperatividad_flow import FlowState
from swat_desktop.io.formato_manual_criteria import criteria_section
from swat_desktop.io.formato_manual_sections import BUILDERS, Sheet, closure, continuation
from swat_desktop.io.pdf_common import INOPERATIVIDAD, Part, write_pdf
from swat_desktop.io.pdf_form import Masthead, Section

TITLE = "Formato Manual de Registro de Inoperatividad"
SUBTITLE = "OSIPTEL — registro correlativo de eventos de inoperatividad"
SECTIONS = FORM_SECTIONS  # the order of the paper, which the screen form follows
# After the record's own sections, what happens to it later, on paper too: the closure (004:
# "realizar el cierre con el sustento respectivo"). Why it was annulled is in section 1.
CLOSURE_SECTION = "14. Cierre del evento"
CONTINUATION_SECTION = "11. Clientes que solicitaron el trámite (continuación)"
ANNULLED = "ANULADO"


def _instructions(blank: bool) -> str:
    how = "Marque con X y escriba con letra de imprenta. " if blank else ""
    return (f"{how}Llénelo solo si el registro no puede hacerse en Portal de Aplicaciones » "
            "Sistema Administrativo ATC, y reporte de inmediato al buzón Fallas de Sistemas y "
            f"Plataformas ({FALLAS_MAILBOX}) con copia a {' y '.join(CONTINGENCY_COPIES)}. "
            "Cuando se restablezca el sistema, regularice este registro en Sistema "
            "Administrativo ATC (Gestión / Inoperatividad / Registro).")


# Said in the title band, where it costs no line of the page.
_HINTS = {
    "7. Escenario y motivo de ocurrencia": "Marque un escenario y, debajo de él, el motivo de "
                                           "ocurrencia",
    "8. Detalle del evento": "Qué aplicativo falla, qué mensaje muestra, en qué PC se probó",
    "9. Alerta al buzón Fallas de Sistemas": "En una falla masiva, solo este buzón confirma "
                                             "que hay inoperatividad",
    "10. Verificaciones (no es inoperatividad)": "Confirme las dos: si alguna no se cumple, "
                                                 "no es inoperatividad",
    "12. Trámites críticos": "Marque los que se presentaron",
    CLOSURE_SECTION: "Cuando el sistema vuelve: se cierra con su sustento",
    CONTINUATION_SECTION: "Si no alcanzan las 8 filas de la sección 11; engrápela al formato",
}

def blank_form(catalogue: Catalogue, reserved: Reserved | None = None) -> list[Flowable]:
    """The blank form's story; with ``reserved`` (a pad's page) its Correlativo box holds the
    reserved number, every sheet carries ``reserved.mark`` and ``reserved.band`` goes under
    the masthead, instead of an empty box nobody can fill."""
    return _form(Sheet(catalogue, None), reserved)


@dataclass(frozen=True)
class Reserved:
    """What a pad's page adds to the blank form (io.formato_manual_pad builds it)."""

    code: str  # CODE-NNNNNN
    band: Flowable  # under the masthead: the QR and «Reservado el … por …»
    mark: Callable[[Canvas, tuple[float, float]], None]  # on every sheet


def _form(sheet: Sheet, reserved: Reserved | None = None) -> list[Flowable]:
    record = sheet.record
    stamp = ANNULLED if record is not None and record.status is RecordStatus.ANULADO else ""
    label = "Formato en blanco" if record is None else f"Registro {record.number}"
    if reserved is not None:
        label = f"Formato reservado {reserved.code}"
    if stamp:
        label += f" ({stamp})"
    number = record.number if record else reserved.code if reserved else ""
    story: list[Flowable] = [
        Part(label, stamp, reserved.mark if reserved else None),
        Masthead(TITLE, SUBTITLE, _instructions(record is None), "Correlativo", number),
        *([reserved.band] if reserved is not None else []),
        *(Section(title, build(sheet), _HINTS.get(title, ""))
          for title, build in zip(SECTIONS, BUILDERS, strict=True)),
        Section(CLOSURE_SECTION, closure(sheet), _HINTS[CLOSURE_SECTION]),
    ]
    if record is None:
        story += [PageBreak(), Section(CONTINUATION_SECTION, continuation(),
                                       _HINTS[CONTINUATION_SECTION])]
    return story


def write_blank_form(path: Path, catalogue: Catalogue, generated_at: datetime) -> Path:
    """The form to keep printed at every attention point, to fill by hand when ATC is down.
    ``generated_at`` is the caller's "now" (its store's clock), printed in the footer."""
    return write_pdf(path, _form(Sheet(catalogue, None)), title=TITLE,
                     generated_at=generated_at, author="SWAT Desktop",
                     letterhead=INOPERATIVIDAD)


def write_filled_forms(path: Path, catalogue: Catalogue,
                       records: Sequence[InoperatividadRecord], generated_at: datetime,
                       flows: Mapping[int, FlowState] | None = None,
                       criteria: Mapping[int, RecordCriteria] | None = None,
                       transcribed: Mapping[int, str] | None = None) -> Path:
    """One filled form per record, each from a new page, in one document to print at once;
    ``flows`` (by record id) carry the closure of those that have one, ``criteria`` the
    Criterios de Evaluación 3 and 4 of the closed ones (io.formato_manual_criteria),
    ``transcribed`` the mark of those typed from a pad's paper form."""
    if not records:
        raise ValueError("No hay registros que imprimir.")
    story: list[Flowable] = []
    for record in records:
        if story:
            story.append(PageBreak())
        story += _form(Sheet(catalogue, record, (flows or {}).get(record.id),
                             (transcribed or {}).get(record.id, "")))
        measured = (criteria or {}).get(record.id)
        if record.status is RecordStatus.CERRADO and measured is not None and measured.any_data:
            story.append(criteria_section(measured))
    return write_pdf(path, story, title=TITLE, generated_at=generated_at,
                     author="SWAT Desktop", letterhead=INOPERATIVIDAD)
