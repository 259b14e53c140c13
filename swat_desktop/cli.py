"""Command line: the same use cases as the window, for scripts and support staff.

Every failure is one Spanish line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import NoReturn

from swat_desktop import APP_NAME, __version__
from swat_desktop.paths import AppPaths
from swat_desktop.services import store

log = logging.getLogger(__name__)

EXIT_ERROR = 1
EXIT_USAGE = 2

_ARGPARSE_ES = {
    "the following arguments are required": "faltan los argumentos",
    "unrecognized arguments": "argumentos no reconocidos",
    "invalid choice": "opción no válida",
    "expected one argument": "se esperaba un valor",
    "choose from": "elija entre",
}


class SpanishArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        for english, spanish in _ARGPARSE_ES.items():
            message = message.replace(english, spanish)
        self.exit(EXIT_USAGE, f"Error: {message}. Use --help para ver las opciones.\n")


def build_parser() -> argparse.ArgumentParser:
    parser = SpanishArgumentParser(
        prog="swat-desktop",
        description=f"{APP_NAME}: casos mal escalados e inoperatividad de aplicativos. "
        "Sin subcomando abre la ventana.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}",
                        help="muestra la versión y termina")
    parser.add_argument("--home", metavar="CARPETA",
                        help="guarda todos los datos en esta carpeta (instalación portátil)")
    parser.add_argument("--database-url", metavar="URL",
                        help="base de datos SQLAlchemy, p. ej. postgresql+psycopg://u@host/swat")
    commands = parser.add_subparsers(dest="command", metavar="SUBCOMANDO",
                                     parser_class=SpanishArgumentParser)
    db = commands.add_parser("db", help="administración de la base de datos")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACCIÓN", required=True,
                                    parser_class=SpanishArgumentParser)
    db_commands.add_parser("upgrade", help="aplica las migraciones pendientes")
    db_commands.add_parser("info", help="ubicación, revisión del esquema y cantidad de filas")
    commands.add_parser("backup", help="copia de seguridad de la base SQLite en la carpeta de "
                        "respaldos")
    return parser


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    try:
        if args.command == "db" and args.db_command == "upgrade":
            return _db_upgrade(args, paths)
        if args.command == "db" and args.db_command == "info":
            return _db_info(args, paths)
        if args.command == "backup":
            return _backup(args, paths)
    except store.DatabaseError as exc:
        log.error("%s", exc)
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    raise AssertionError(f"unhandled command {args.command!r}")


def _db_upgrade(args: argparse.Namespace, paths: AppPaths) -> int:
    db, result = store.open_store(args.database_url, paths.database_file, paths.backups_dir)
    try:
        if not result.changed:
            print(f"La base de datos ya está al día (revisión {result.after}).")
        else:
            print(f"Esquema actualizado de {result.before or 'vacío'} a {result.after}.")
        if result.backup is not None:
            print(f"Copia previa a la migración: {result.backup}")
        return 0
    finally:
        db.dispose()


def _db_info(args: argparse.Namespace, paths: AppPaths) -> int:
    db = store.connect(args.database_url, paths.database_file)
    try:
        info = store.database_info(db)
    finally:
        db.dispose()
    state = "al día" if info.up_to_date else f"pendiente de migrar a {info.head}"
    print(f"Base de datos: {info.location}")
    print(f"Motor:         {info.backend}")
    print(f"Revisión:      {info.revision or 'sin esquema'} ({state})")
    width = max((len(label) for label in info.row_counts), default=0)
    for label, count in info.row_counts.items():
        print(f"  {label:<{width}}  {count:>8}")
    return 0


def _backup(args: argparse.Namespace, paths: AppPaths) -> int:
    db = store.connect(args.database_url, paths.database_file)
    try:
        target = store.backup(db, paths.backups_dir)
    finally:
        db.dispose()
    print(f"Respaldo creado: {target}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``swat-desktop``: sub-commands run here; without one the window opens."""
    from swat_desktop.app_logging import configure_logging
    from swat_desktop.paths import resolve_paths

    args = build_parser().parse_args(argv)
    paths = resolve_paths(args.home)
    try:
        paths.ensure()
    except OSError as exc:
        print(f"Error: no se puede crear la carpeta de datos: {exc}", file=sys.stderr)
        return EXIT_ERROR
    configure_logging(paths.log_file)
    if args.command is None:
        from swat_desktop.gui.app import run_gui

        return run_gui(args.database_url, paths)
    return run(args, paths)
