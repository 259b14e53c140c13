"""Retroalimentación over a real store: the advisor's errors, sessions, and the compromiso."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.feedback import FeedbackInput, FeedbackState, FeedbackSummary
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.periods import Period
from swat_desktop.services import audit, feedback
from swat_desktop.services.feedback import StaleSessionError
from swat_desktop.services.store import Database
from tests.fixtures.month import DAY_1, DAY_2, MONTH, Month, build


@pytest.fixture
def month(db: Database, agent: UserProfile, tmp_path: Path) -> Month:
    return build(db, agent, tmp_path)


def _input(db: Database, month: Month) -> tuple[FeedbackInput, FeedbackSummary]:
    summary = feedback.get_session(db, month.session_id)
    return feedback.as_input(summary), summary


def test_the_advisors_errors_mark_the_recurrence(db: Database, month: Month) -> None:
    errors = feedback.advisor_errors(db, "ecm1", MONTH)
    assert [(e.cuenta, e.recurrence) for e in errors] == [
        ("1001", False), ("1002", False), ("2001", True)]
    assert errors[1].causales == "C13 Notas incompletas o erradas; C04 Opción errada"
    assert errors[0].procedencia == "Procede · Error de procedimiento"
    beto = feedback.advisor_errors(db, "ecm2", MONTH)
    assert [e.cuenta for e in beto] == ["1004", "2002"]  # 1003 left with the accepted claim


def test_causal_counts_carry_the_procedure(db: Database, month: Month) -> None:
    counts = feedback.causal_counts(db, "ecm1", Period(DAY_1, DAY_2))
    assert [(c.code, c.count) for c in counts] == [("C04", 3), ("C13", 1)]
    assert counts[0].procedure.startswith("Escalar por la opción que corresponde")


def test_a_session_is_validated_saved_and_audited(db: Database, month: Month) -> None:
    data, summary = _input(db, month)
    assert summary.state is FeedbackState.REALIZADA
    assert summary.commitments[0].text == "Confirmar tipología en cada llamada"
    with pytest.raises(ValidationError) as refused:
        feedback.save_session(db, month.backoffice, replace(data, commitments=()),
                              month.session_id, summary.version)
    assert refused.value.errors["commitments"] == \
        "Una sesión realizada necesita al menos un compromiso."
    changed = feedback.save_session(db, month.backoffice, replace(data, plan="Plan nuevo"),
                                    month.session_id, summary.version)
    assert (changed.plan, changed.version) == ("Plan nuevo", summary.version + 1)
    with pytest.raises(StaleSessionError):
        feedback.save_session(db, month.backoffice, data, month.session_id, summary.version)
    actions = [e.action for e in audit.recent_entries(db, 50)
               if e.entity == "retroalimentacion"]
    assert actions == ["modificar", "crear"]
    with pytest.raises(ValidationError):
        feedback.save_session(db, month.agent, data)  # only the backoffice


def test_the_compromiso_pdf_has_the_errors_and_signatures(
        db: Database, month: Month, tmp_path: Path) -> None:
    path = feedback.export_compromiso(db, month.backoffice, month.session_id,
                                      tmp_path / "compromiso.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    for expected in ("Ana Ruiz", "ecm1", "Lucía Peña", "C04", "Opción errada",
                     "Confirmar tipología en cada llamada", "Laura García"):
        assert expected in text
    assert "Asesor" in text
    assert "Supervisor" in text
    assert "Backoffice" in text
