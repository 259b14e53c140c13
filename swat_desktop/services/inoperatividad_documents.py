"""Documents of a record: the printable Formato Manual (blank or filled) and the contingency
e-mail. The writers are imported when used: reportlab costs start-up time nobody needs."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from swat_desktop.domain.inoperatividad import (
    Catalogue,
    EmailDraft,
    InoperatividadRecord,
    contingency_email,
    mailto_url,
)
from swat_desktop.services import inoperatividad
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.services.inoperatividad_pads import transcriptions_in
from swat_desktop.storage.models import InoperatividadRecordRow as Row


def write_blank_form(db: Store, path: Path) -> Path:
    from swat_desktop.io.formato_manual_pdf import write_blank_form as write

    return write(path, inoperatividad.catalogue(db), db.clock.now())


def write_filled_forms(db: Store, record_ids: list[int], path: Path) -> Path:
    """The records as printed forms, in the order asked, each with its closure if it has one
    (records, flows, catalogue and the paper forms some were typed from, in one read)."""
    from swat_desktop.io.formato_manual_pdf import write_filled_forms as write
    from swat_desktop.services import inoperatividad_flow as flow
    from swat_desktop.services.inoperatividad_criteria import criteria_in

    with session_scope(db) as session:
        found = {r.id: r for r in session.scalars(select(Row).where(Row.id.in_(record_ids)))}
        for gone in (i for i in record_ids if i not in found):
            inoperatividad.record_in(session, gone)  # refuses as a missing record is refused
        rows = [found[i] for i in record_ids]
        records = inoperatividad.records_in(session, rows)
        states = flow.flow_states_in(session, rows)
        known = inoperatividad.catalogue_in(session)
        measured = criteria_in(session, records)
        papers = transcriptions_in(session, record_ids)
    return write(path, known, records, db.clock.now(),
                 {r.id: state for r, state in zip(records, states, strict=True)}, measured,
                 {i: paper.transcription_mark for i, paper in papers.items()})


def _records(db: Store, record_ids: list[int]) -> tuple[list[InoperatividadRecord], Catalogue]:
    """The records and the catalogue that labels them, from one read."""
    with session_scope(db) as session:
        return ([inoperatividad.record_in(session, i) for i in record_ids],
                inoperatividad.catalogue_in(session))


def email_for(db: Store, record_id: int) -> EmailDraft:
    records, known = _records(db, [record_id])
    return contingency_email(records[0], known)


def email_link(db: Store, record_id: int) -> str | None:
    """The mailto: link, or None when the message is too long for one (domain.MAILTO_LIMIT)."""
    return mailto_url(email_for(db, record_id))


def write_email(db: Store, record_id: int, path: Path) -> Path:
    from swat_desktop.io.eml import write_eml

    return write_eml(path, email_for(db, record_id))


def email_text(db: Store, record_id: int) -> str:
    """The contingency e-mail as plain text, to paste into webmail or another computer's mail
    program when this one has none."""
    draft = email_for(db, record_id)
    return (f"Para: {', '.join(draft.to)}\nCC: {', '.join(draft.cc)}\n"
            f"Asunto: {draft.subject}\n\n{draft.body}")
