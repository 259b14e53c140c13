"""The cut's distribution (step 8): recipients in the shared settings, kept by the backoffice
and audited, and the .eml that carries the cut's two files, read back with Python's ``email``."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import select

from swat_desktop.domain.cut_distribution import NO_RECIPIENTS, SETTING_KEY, RecipientGroup
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import UserProfile
from swat_desktop.services import audit, base_import, cut_distribution
from swat_desktop.services.handle import session_scope
from swat_desktop.services.indicators import Scope
from swat_desktop.services.store import Database
from swat_desktop.storage.models import Setting
from tests.fixtures.month import MONTH, Month, build
from tests.fixtures.workbooks import good_rows, write_xlsx

FC, ADMIN = RecipientGroup.FORMACION_CALIDAD, RecipientGroup.ADMINISTRACION


@pytest.fixture
def month(db: Database, agent: UserProfile, tmp_path: Path) -> Month:
    return build(db, agent, tmp_path / "bases")


def _configure(db: Database, boss: UserProfile) -> None:
    cut_distribution.add_recipient(db, boss, FC, "José Peña", "jpena@claro.com.co")
    cut_distribution.add_recipient(db, boss, FC, "Calidad Bogotá", "calidad@claro.com.co")
    cut_distribution.add_recipient(db, boss, ADMIN, "Ana Ruiz", "aruiz@claro.com.co")


def _parsed(path: Path) -> EmailMessage:
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_only_the_backoffice_keeps_the_recipients_and_every_change_is_audited(
        db: Database, month: Month) -> None:
    with pytest.raises(ValidationError) as refused:
        cut_distribution.add_recipient(db, month.agent, FC, "José Peña", "jpena@claro.com.co")
    assert refused.value.errors == {
        "rol": "Solo el backoffice administra los destinatarios de los cortes."}
    assert cut_distribution.recipients(db) == ()
    _configure(db, month.backoffice)
    found = cut_distribution.recipients(db)
    assert [(r.group, r.name, r.address) for r in found] == [
        (FC, "José Peña", "jpena@claro.com.co"), (FC, "Calidad Bogotá", "calidad@claro.com.co"),
        (ADMIN, "Ana Ruiz", "aruiz@claro.com.co")]
    with pytest.raises(ValidationError) as refused:
        cut_distribution.remove_recipient(db, month.agent, ADMIN, "aruiz@claro.com.co")
    left = cut_distribution.remove_recipient(db, month.backoffice, FC, "CALIDAD@claro.com.co")
    assert [r.address for r in left] == ["jpena@claro.com.co", "aruiz@claro.com.co"]
    assert cut_distribution.recipients(db) == left
    entries = [e for e in audit.recent_entries(db) if e.entity == "setting"]
    assert [(e.action, e.user_login) for e in entries] == [
        ("quitar_destinatario", "lgarcia")] + [("agregar_destinatario", "lgarcia")] * 3
    assert entries[0].before == {"grupo": "Formación y calidad", "nombre": "Calidad Bogotá",
                                 "correo": "calidad@claro.com.co"}
    assert entries[0].after is None
    assert entries[-1].after == {"grupo": "Formación y calidad", "nombre": "José Peña",
                                 "correo": "jpena@claro.com.co"}
    with session_scope(db) as session:
        row = session.scalar(select(Setting).where(Setting.key == SETTING_KEY))
        assert row is not None
        assert row.updated_by == "lgarcia"


def test_a_bad_or_repeated_recipient_is_refused_in_spanish(db: Database, month: Month) -> None:
    boss = month.backoffice
    cut_distribution.add_recipient(db, boss, FC, "José Peña", "jpena@claro.com.co")
    cases = {
        ("", "x@claro.com.co"): {"nombre": "Escriba el nombre del destinatario."},
        ("Ana", "ana.claro.com.co"): {"correo": "«ana.claro.com.co» no es una dirección de "
                                      "correo: escríbala como nombre@dominio.com, una sola por "
                                      "destinatario."},
        ("Ana", "a@x.co, b@y.co"): None,
        ("Ana <x>", "a@x.co"): None,
        ("Otro", "JPENA@claro.com.co"): {"correo": "JPENA@claro.com.co ya está entre los "
                                         "destinatarios de Formación y calidad."},
    }
    for (name, address), expected in cases.items():
        with pytest.raises(ValidationError) as refused:
            cut_distribution.add_recipient(db, boss, FC, name, address)
        if expected is not None:
            assert refused.value.errors == expected
    with pytest.raises(ValidationError) as refused:
        cut_distribution.remove_recipient(db, boss, ADMIN, "jpena@claro.com.co")
    assert refused.value.errors == {
        "correo": "jpena@claro.com.co no está entre los destinatarios de Administración de la "
                  "operación."}
    # The same address may sit in both groups: it is one list per group.
    cut_distribution.add_recipient(db, boss, ADMIN, "José Peña", "jpena@claro.com.co")
    assert len(cut_distribution.recipients(db)) == 2


def test_a_hand_edited_setting_sends_only_to_valid_entries(db: Database, month: Month) -> None:
    with session_scope(db, write=True) as session:
        session.add(Setting(key=SETTING_KEY, updated_at=db.clock.now(), value={
            "formacion_calidad": [{"nombre": "Bien", "correo": "bien@claro.com.co"},
                                  {"nombre": "Mal", "correo": "a@b.co\r\nBcc: x@y.co"},
                                  "texto suelto", {"nombre": 3, "correo": None}],
            "administracion": "no es una lista"}))
    found = cut_distribution.recipients(db)
    assert [r.address for r in found] == ["bien@claro.com.co"]


def test_without_recipients_the_cut_is_not_mailed_and_nothing_is_written(
        db: Database, month: Month, tmp_path: Path) -> None:
    folder = tmp_path / "salida"
    with pytest.raises(ValidationError) as refused:
        cut_distribution.mail_corte(db, month.backoffice, MONTH, folder)
    assert refused.value.errors == {"destinatarios": NO_RECIPIENTS}
    assert "Indicadores → «Destinatarios…»" in NO_RECIPIENTS
    assert "report destinatarios agregar" in NO_RECIPIENTS
    assert not folder.exists()


def test_the_eml_carries_both_files_and_the_two_indicators(
        db: Database, month: Month, agent: UserProfile, tmp_path: Path) -> None:
    # A third base of 5 records, 2 of them unusable: 15 records sent, 13 valid in the month.
    rows = good_rows(5, start=500)
    rows[1][0], rows[3][2] = "", ""
    path = write_xlsx(tmp_path / "Base Mal Escalados 23-11-2026.xlsx", rows)
    base_import.run_import(db, agent, base_import.analyze(db, path))
    _configure(db, month.backoffice)
    mail = cut_distribution.mail_corte(db, month.backoffice, MONTH, tmp_path / "salida",
                                       Scope(supervisor="Lucía Peña"))
    assert mail.eml == mail.files.xlsx.with_suffix(".eml")
    assert mail.eml.name == "Corte mal escalados mensual 2026-11 Lucía Peña.eml"
    message = _parsed(mail.eml)
    assert message["Subject"] == "Corte mensual mal escalados — noviembre de 2026"
    assert [(a.display_name, a.addr_spec) for a in message["To"].addresses] == [
        ("José Peña", "jpena@claro.com.co"), ("Calidad Bogotá", "calidad@claro.com.co"),
        ("Ana Ruiz", "aruiz@claro.com.co")]
    assert message["X-Unsent"] == "1"
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    assert "(del 01/11/2026 al 30/11/2026), alcance: Supervisor: Lucía Peña." in text
    assert ("Denominador: 15 registros enviados · 13 registros válidos (2 rechazados al "
            "importar por datos inválidos).") in text
    # Lucía Peña's advisors: 5 counted accounts of the 15 records sent.
    assert ("1. % cuentas mal escaladas por asesor: 5 cuentas mal escaladas de 15 registros "
            "enviados = 33,33 %") in text
    assert "   - Ana Ruiz: 3 · 20,00 %" in text
    assert "2. % recurrencia por tipo de error (causal):" in text
    assert "   - C04 Opción errada: 3 · 20,00 %" in text
    attached = {part.get_filename(): part for part in message.iter_attachments()}
    assert set(attached) == {mail.files.xlsx.name, mail.files.pdf.name}
    for path_written in (mail.files.xlsx, mail.files.pdf):
        part = attached[path_written.name]
        assert part.get_content() == path_written.read_bytes()
    assert attached[mail.files.pdf.name].get_content_type() == "application/pdf"
    assert attached[mail.files.xlsx.name].get_content_type() == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    # The non-ASCII filename travels as RFC 2231 (UTF-8), not as raw bytes in the header.
    raw = mail.eml.read_bytes()
    assert b"filename*0*=utf-8''Corte%20mal%20escalados%20mensual%202026-11%20Luc%C3%ADa" in raw
    assert all(byte < 128 for byte in raw)
