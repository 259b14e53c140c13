"""``report corte`` prints its denominator and, with ``--correo``, writes the .eml for the
configured recipients; ``report destinatarios`` keeps them (backoffice only)."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

import pytest

from swat_desktop.cli import EXIT_ERROR, main
from swat_desktop.domain.identity import UserProfile
from swat_desktop.paths import AppPaths
from swat_desktop.services.store import Database
from tests.fixtures.month import build


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_recipients_then_the_cut_by_mail(db: Database, agent: UserProfile, paths: AppPaths,
                                         tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    month = build(db, agent, tmp_path / "bases")
    db.dispose()
    home = str(paths.data_dir.parent)
    boss = ("--usuario", month.backoffice.login)
    out_dir = tmp_path / "salida"
    cut = ("report", "corte", "--periodo", "mensual", "--fecha", "21/11/2026",
           "--salida", str(out_dir), *boss)

    code, out, err = _run(capsys, "--home", home, "report", "destinatarios", "listar")
    assert (code, err) == (0, "")
    assert out.startswith("No hay destinatarios configurados. Configúrelos en Mal escalados")

    code, out, err = _run(capsys, "--home", home, *cut, "--correo")
    assert code == EXIT_ERROR
    assert "No hay destinatarios de los cortes configurados" in err
    assert "report destinatarios agregar" in err
    assert not out_dir.exists()

    code, _, err = _run(capsys, "--home", home, "report", "destinatarios", "agregar",
                        "--grupo", "formacion_calidad", "--nombre", "José Peña",
                        "--correo", "jpena@claro.com.co", "--usuario", agent.login)
    assert code == EXIT_ERROR
    assert "Solo el backoffice administra los destinatarios de los cortes." in err
    for group, name, address in (("formacion_calidad", "José Peña", "jpena@claro.com.co"),
                                 ("administracion", "Ana Ruiz", "aruiz@claro.com.co"),
                                 ("administracion", "Sobra", "sobra@claro.com.co")):
        code, out, err = _run(capsys, "--home", home, "report", "destinatarios", "agregar",
                              "--grupo", group, "--nombre", name, "--correo", address, *boss)
        assert (code, err) == (0, "")
    code, out, err = _run(capsys, "--home", home, "report", "destinatarios", "quitar",
                          "--grupo", "administracion", "--correo", "sobra@claro.com.co", *boss)
    assert (code, err) == (0, "")
    assert out == ("Formación y calidad:\n  José Peña <jpena@claro.com.co>\n"
                   "Administración de la operación:\n  Ana Ruiz <aruiz@claro.com.co>\n")

    code, out, err = _run(capsys, "--home", home, *cut)
    assert (code, err) == (0, "")
    assert "denominador: 10\n" in out
    assert "registros válidos: 10\n" in out
    assert not list(out_dir.glob("*.eml"))

    code, out, err = _run(capsys, "--home", home, *cut, "--correo")
    assert (code, err) == (0, "")
    eml = out_dir / "Corte mal escalados mensual 2026-11.eml"
    assert f"  {eml}\n" in out
    assert "denominador: 10\n" in out
    assert "Correo para: José Peña <jpena@claro.com.co>, Ana Ruiz <aruiz@claro.com.co>" in out
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert [a.addr_spec for a in message["To"].addresses] == [
        "jpena@claro.com.co", "aruiz@claro.com.co"]
    names = sorted(part.get_filename() for part in message.iter_attachments())
    assert names == ["Corte mal escalados mensual 2026-11.pdf",
                     "Corte mal escalados mensual 2026-11.xlsx"]
