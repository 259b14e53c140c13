"""``swat-desktop tipificaciones importar``: the tipificaciones export of Criterios de
Evaluación 3 and 4 imported without a window (Control e Información loading the month's
export from a script). A file whose headers are not recognized is imported once from the
window, where the columns are chosen and remembered."""

from __future__ import annotations

import argparse
from pathlib import Path

from swat_desktop.cli_args import opened
from swat_desktop.cli_users import actor
from swat_desktop.domain.errors import ValidationError
from swat_desktop.paths import AppPaths
from swat_desktop.services import tipificaciones_import


def criteria_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    tip = commands.add_parser("tipificaciones", help="tipificaciones por día, canal y trámite "
                                                     "(criterios de evaluación 3 y 4)")
    actions = tip.add_subparsers(dest="tip_command", metavar="ACCIÓN", required=True,
                                 title="acciones")
    importer = actions.add_parser("importar", help="importa el reporte de tipificaciones "
                                                   "(xlsx, xls o csv); reemplaza lo importado "
                                                   "antes para los mismos día, canal y trámite")
    importer.add_argument("file", metavar="ARCHIVO", type=Path, help="xlsx, xlsm, xls o csv")
    importer.add_argument("--usuario", metavar="LOGIN",
                          help="perfil que importa (por defecto, el recordado en este equipo)")
    importer.set_defaults(handler=_importar)


def _importar(args: argparse.Namespace, paths: AppPaths) -> int:
    with opened(args, paths) as db:
        who = actor(db, args.usuario, paths)
        plan = tipificaciones_import.analyze(db, args.file)
        if plan.needs_mapping:
            found = ", ".join(h for h in plan.header.headers if h) or "ninguno"
            missing = ", ".join(f.label for f in plan.header.missing)
            raise ValidationError({"mapping": (
                f"No se reconocen las columnas {missing} en la hoja «{plan.sheet}» (encabezados "
                f"en la fila {plan.header.row_index + 1}: {found}). Importe el archivo una vez "
                "desde la aplicación para asignarlas; la asignación queda recordada.")})
        if plan.earlier_import:
            print(plan.earlier_import)
        summary = tipificaciones_import.run_import(db, who, plan)
    print(summary.message)
    return 0
