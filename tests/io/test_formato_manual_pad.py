"""The pad's PDF, read back with pypdf: one blank form per reserved number, in number order,
each sheet naming its number in the running header and in the margin, the first sheet of each
form with the number in its Correlativo box and the reservation's band. The QR codes are
drawn as vector squares and no decoder is installed: they were looked at in a rendering, and
their payload is tested here as text."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from swat_desktop.domain.inoperatividad_pads import (
    FORM_VERSION,
    Reservation,
    ReservationState,
    parse_qr_payload,
    qr_payload,
)
from swat_desktop.io.formato_manual_pad import write_pad
from swat_desktop.io.inoperatividad_catalogue import read_catalogue
from swat_desktop.paths import resource

AT = datetime(2026, 11, 22, 15, 30, tzinfo=UTC)  # 10:30 in Lima


def _reservation(number: int) -> Reservation:
    return Reservation(number, "CAC-SAN-ISIDRO", "CAC San Isidro", number, FORM_VERSION,
                       ReservationState.RESERVADO, AT, "Jorge Quispe Huamán")


def _pages(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def test_each_form_carries_its_reserved_number(tmp_path: Path) -> None:
    catalogue = read_catalogue(resource("catalogues", "inoperatividad.json"))
    path = write_pad(tmp_path / "talonario.pdf", catalogue,
                     [_reservation(43), _reservation(42)], AT)
    pages = _pages(path)
    assert len(pages) == 8
    for number, form in ((42, pages[:4]), (43, pages[4:])):
        code = f"CAC-SAN-ISIDRO-{number:06d}"
        for sheet, text in enumerate(form, start=1):
            assert f"Formato reservado {code} · hoja {sheet} de 4" in text
            assert text.count(code) >= 2  # the header and the margin
        assert f"Correlativo {code}" in form[0]  # the masthead's box
        assert f"Correlativo reservado: {code}" in form[0]
        assert "Reservado el 22/11/2026 10:30 por Jorge Quispe Huamán (hora de Lima)" in form[0]
        assert f"formato {FORM_VERSION}" in form[0]
    assert "Formato en blanco" not in " ".join(pages)


def test_the_qr_payload_reads_back() -> None:
    payload = qr_payload("CAC-SAN-ISIDRO", 42, FORM_VERSION)
    assert payload == f"SWAT|{FORM_VERSION}|CAC-SAN-ISIDRO|000042"
    assert parse_qr_payload(f"  {payload}\n") == ("CAC-SAN-ISIDRO", 42, FORM_VERSION)
    for scanned in ("CAC-SAN-ISIDRO-000042", "SWAT|x|CAC|4a", ""):
        assert parse_qr_payload(scanned) is None


def test_an_empty_pad_is_refused(tmp_path: Path) -> None:
    catalogue = read_catalogue(resource("catalogues", "inoperatividad.json"))
    with pytest.raises(ValueError, match="No hay correlativos"):
        write_pad(tmp_path / "t.pdf", catalogue, [], AT)
    assert not (tmp_path / "t.pdf").exists()
