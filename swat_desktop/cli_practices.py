"""``swat-desktop report practicas``: the week's registry of management practices (xlsx and
PDF), without a window. Registered by cli_reports next to the other reports."""

from __future__ import annotations

import argparse
from pathlib import Path

from swat_desktop.cli_args import add_day, opened
from swat_desktop.cli_users import actor
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.practices import CatalogueError
from swat_desktop.paths import AppPaths


def practices_report_parser(kinds: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    week = kinds.add_parser(
        "practicas", help="registro semanal de prácticas de gestión: meta, realizadas y "
        "cumplimiento de cada líder (xlsx y PDF)")
    add_day(week, "--semana", required=True, help="un día de la semana (lunes a domingo)")
    week.add_argument("--salida", type=Path, metavar="CARPETA",
                      help="carpeta donde se guardan (por defecto, Documentos/SWAT Desktop)")
    week.add_argument("--usuario", metavar="LOGIN",
                      help="perfil que lo pide (por defecto, el recordado): un líder ve sus "
                      "prácticas; el backoffice y el gerente, las de todos los líderes")
    week.set_defaults(handler=_practicas)


def _practicas(args: argparse.Namespace, paths: AppPaths) -> int:
    from swat_desktop.services import practices  # reportlab and xlsxwriter: only for reports

    with opened(args, paths) as db:
        signer = actor(db, args.usuario, paths)
        try:
            files = practices.export_week(db, signer, args.semana, args.salida
                                          or paths.exports_dir)
        except CatalogueError as exc:  # a known refusal, said as one line like the others
            raise ValidationError({"catalogo": str(exc)}) from exc
    print(f"Prácticas de gestión, {practices.week_of(args.semana).label}:")
    for path in (files.xlsx, files.pdf):
        print(f"  {path}")
    return 0
