"""The contingency e-mail as a mailto: link: CRLF line breaks, and no link at all when the mail
program would cut it (Outlook and ShellExecute stop near 2,000 characters)."""

from __future__ import annotations

from urllib.parse import unquote

from swat_desktop.domain.inoperatividad import MAILTO_LIMIT, EmailDraft, mailto_url

TO = ("fallasatc@claro.com.pe",)
CC = ("analistascontroleinformacion@claro.com.pe", "controlypresupuestoatp@claro.com.pe")


def _draft(body: str) -> EmailDraft:
    return EmailDraft(TO, CC, "Inoperatividad CAC-SAN-ISIDRO-000001", body)


def test_line_breaks_are_crlf_as_rfc_6068_asks() -> None:
    link = mailto_url(_draft("Correlativo: CAC-SAN-ISIDRO-000001\nInicio: 22/11/2026 10:10"))
    assert link is not None
    assert "%0D%0A" in link
    assert "%0A" not in link.replace("%0D%0A", "")
    assert unquote(link).endswith("CAC-SAN-ISIDRO-000001\r\nInicio: 22/11/2026 10:10")


def test_a_message_too_long_for_a_link_has_none() -> None:
    detail = "Desde las 09:40 SIAC ÚNICO no carga la ficha del cliente. " * 30  # 1,740 chars
    assert mailto_url(_draft(f"Detalle: {detail}")) is None
    short = mailto_url(_draft("Detalle: SIAC ÚNICO no carga."))
    assert short is not None
    assert len(short) <= MAILTO_LIMIT
