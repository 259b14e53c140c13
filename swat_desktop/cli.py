"""Command line: the same use cases as the window, for scripts and support staff.

Every failure is one Spanish line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from swat_desktop import APP_NAME, __version__
from swat_desktop.cli_args import EXIT_ERROR, Handler, SpanishArgumentParser, add_day, opened
from swat_desktop.cli_criteria import criteria_parser
from swat_desktop.cli_login import ask_login
from swat_desktop.cli_packages import package_parser
from swat_desktop.cli_pads import pads_parser
from swat_desktop.cli_reports import days_off_parser, report_parser
from swat_desktop.cli_server import server_parser
from swat_desktop.cli_sync import sync_parser
from swat_desktop.cli_users import actor, user_parser
from swat_desktop.domain.errors import OutputError, ValidationError
from swat_desktop.domain.formatting import format_size
from swat_desktop.paths import AppPaths
from swat_desktop.services import base_import, store
from swat_desktop.services.base_import import FileFormatError
from swat_desktop.services.exchange import PackageError
from swat_desktop.services.package_keys import PackageKeyError

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = SpanishArgumentParser(
        prog="swat-desktop",
        description=f"{APP_NAME}: casos mal escalados e inoperatividad de aplicativos. "
        "Sin subcomando abre la ventana.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}",
                        help="muestra la versión y termina")
    parser.add_argument("--self-test", action="store_true",
                        help="prueba esta instalación en una carpeta temporal, sin tocar sus "
                        "datos, y termina")
    parser.add_argument("--home", metavar="CARPETA",
                        help="guarda todos los datos en esta carpeta (instalación portátil)")
    parser.add_argument("--database-url", metavar="URL",
                        help="base de datos SQLAlchemy, p. ej. postgresql+psycopg://u@host/swat")
    commands = parser.add_subparsers(dest="command", metavar="SUBCOMANDO",
                                     parser_class=SpanishArgumentParser)
    user_parser(commands)  # first: what a fresh computer needs before anything that writes
    db = commands.add_parser("db", help="administración de la base de datos")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACCIÓN", required=True,
                                    parser_class=SpanishArgumentParser)
    db_commands.add_parser("upgrade", help="aplica las migraciones pendientes").set_defaults(
        handler=_db_upgrade)
    db_commands.add_parser("info", help="ubicación, revisión del esquema y cantidad de filas"
                           ).set_defaults(handler=_db_info)
    backup = commands.add_parser("backup", help="copia de seguridad de la base SQLite en la "
                                 "carpeta de respaldos")
    backup.add_argument("--listar", action="store_true",
                        help="lista los respaldos (fecha, tipo, tamaño) sin crear uno")
    backup.add_argument("--conservar", metavar="D,S,M",
                        help="qué respaldos automáticos conservar en este equipo: el último de "
                        "cada uno de los D días, S semanas y M meses más recientes (7,4,12 "
                        "si no se elige; un solo número: solo días). Los manuales no se "
                        "borran nunca")
    backup.set_defaults(handler=_backup)
    restore = commands.add_parser(
        "restore", help="reemplaza la base SQLite por un respaldo (la actual queda aparte)")
    restore.add_argument("file", metavar="ARCHIVO", type=Path,
                         help="el respaldo: una ruta o un nombre de backup --listar")
    restore.set_defaults(handler=_restore)
    importer = commands.add_parser("import-base", help="importa una Base Mal Escalados")
    importer.add_argument("file", metavar="ARCHIVO", type=Path, help="xlsx, xlsm, xls o csv")
    add_day(importer, "--fecha", help="fecha de la base, si no está en el nombre del archivo")
    importer.add_argument("--usuario", metavar="LOGIN",
                          help="perfil que importa (por defecto, el recordado en este equipo)")
    importer.add_argument("--rechazos", type=Path, metavar="SALIDA.xlsx",
                          help="guarda las filas rechazadas y duplicadas en un xlsx")
    importer.set_defaults(handler=_import_base)
    report_parser(commands)
    days_off_parser(commands)
    package_parser(commands)
    sync_parser(commands)
    form = commands.add_parser("form", help="Formato Manual de Registro de Inoperatividad (PDF)")
    forms = form.add_subparsers(dest="form_command", metavar="ACCIÓN", required=True,
                                title="acciones")
    blank = forms.add_parser("blank", help="el formato en blanco, para tenerlo impreso")
    filled = forms.add_parser("print", help="el formato lleno de un registro guardado")
    filled.add_argument("number", metavar="NÚMERO",
                        help="el número del registro, p. ej. CAC-SAN-ISIDRO-000042")
    blank.set_defaults(handler=_blank_form)
    filled.set_defaults(handler=_filled_form)
    for action in (blank, filled):
        action.add_argument("-o", "--output", type=Path, required=True, metavar="ARCHIVO.pdf")
    pads_parser(forms)
    criteria_parser(commands)
    server_parser(commands)
    return parser


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    """The sub-command's handler (each parser sets its own), with every known failure said in
    one Spanish line and anything else logged as the bug it is."""
    handler: Handler = args.handler
    try:
        ask_login(args, paths)  # shared mode: the server wants the person's login
        return handler(args, paths)
    except (store.DatabaseError, ValidationError, FileFormatError, PackageError,
            OutputError, PackageKeyError) as exc:
        log.error("%s", exc)
        way_out = (" Para volver a un respaldo: swat-desktop backup --listar y luego "
                   "swat-desktop restore ARCHIVO (la base dañada queda guardada aparte)."
                   if isinstance(exc, store.StoreDamaged) else "")
        print(f"Error: {exc}{way_out}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        raise  # the reader of the output left (main says nothing): not a bug of ours
    except Exception:
        from swat_desktop.app_logging import where_logged

        log.exception("Command %s failed", args.command)
        print(f"Error inesperado; los detalles quedaron en {where_logged()}", file=sys.stderr)
        return EXIT_ERROR


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
    from swat_desktop.domain.backup_retention import Retention
    from swat_desktop.services import backups

    if args.conservar is not None:
        rule = Retention.parse(args.conservar)
        backups.set_retention(paths.local_settings_file, rule)
        print(f"Se conservarán los respaldos automáticos {rule.text()}.")
    if args.listar:
        return _list_backups(paths)
    if args.conservar is not None:
        return 0
    db = store.connect(args.database_url, paths.database_file)
    try:
        target = backups.make_backup(db, paths.backups_dir)
    finally:
        db.dispose()
    print(f"Respaldo creado: {target} ({format_size(target.stat().st_size)})")
    return 0


def _list_backups(paths: AppPaths) -> int:
    from swat_desktop.services import backups

    found = backups.list_backups(paths.backups_dir)
    rule = backups.retention(paths.local_settings_file)
    print(f"Respaldos en {paths.backups_dir} (se conservan los automáticos {rule.text()}):")
    if not found:
        print("  No hay respaldos.")
    for item in found:
        print(f"  {item.created:%d/%m/%Y %H:%M}  {item.kind.label:<18}  "
              f"{format_size(item.size_bytes):>9}  {item.path.name}")
    return 0


def _restore(args: argparse.Namespace, paths: AppPaths) -> int:
    from swat_desktop.domain.clock import SystemClock
    from swat_desktop.services import restoring

    chosen = args.file
    if not chosen.exists() and (paths.backups_dir / chosen).is_file():
        chosen = paths.backups_dir / chosen  # a name as listed by backup --listar
    target = restoring.sqlite_store(args.database_url, paths.database_file)
    done = restoring.restore(target, chosen, paths.backups_dir, SystemClock())
    print(f"Base de datos {target} restaurada desde {done.backup.name}.")
    if done.set_aside is not None:
        print(f"La base que había quedó guardada en {done.set_aside}")
    return 0


SHOWN_PROBLEMS = 20


def _import_base(args: argparse.Namespace, paths: AppPaths) -> int:
    if args.rechazos:
        from swat_desktop.services import problems_export  # openpyxl: only when exporting

        problems_export.workbook_path(args.rechazos)  # a wrong folder, said before importing
    with opened(args, paths) as db:
        importer = actor(db, args.usuario, paths)
        plan = base_import.analyze(db, args.file)
        if plan.needs_mapping:
            found = ", ".join(h for h in plan.header.headers if h) or "ninguno"
            missing = ", ".join(f.label for f in plan.header.missing)
            raise ValidationError({"mapping": (
                f"No se reconocen las columnas {missing} en la hoja «{plan.sheet}» (encabezados "
                f"en la fila {plan.header.row_index + 1}: {found}). Importe el archivo una vez "
                "desde la aplicación para asignarlas; la asignación queda recordada.")})
        if plan.earlier_import:
            print(plan.earlier_import)
        summary = base_import.run_import(db, importer, plan, args.fecha)
    print(f"Base del {summary.base_date:%d/%m/%Y} ({summary.file_name}): {summary.message}")
    problems = summary.rejected + summary.duplicate_rows + summary.cleaned
    for listed, more in ((summary.rejected, "problemas"), (summary.cleaned, "celdas limpiadas")):
        for problem in listed[:SHOWN_PROBLEMS]:
            print(f"  {problem.sheet}, fila {problem.row}, columna {problem.column}: "
                  f"{problem.reason}")
        if len(listed) > SHOWN_PROBLEMS:
            print(f"  … y {len(listed) - SHOWN_PROBLEMS} {more} más.")
    if args.rechazos and problems:
        from swat_desktop.services import problems_export  # openpyxl: only when exporting

        print(f"Detalle guardado en {problems_export.export(args.rechazos, summary)}")
    return 0


def _blank_form(args: argparse.Namespace, paths: AppPaths) -> int:
    from swat_desktop.services import inoperatividad_documents as documents

    with opened(args, paths) as db:
        written = documents.write_blank_form(db, args.output)
    print(f"Formato guardado en {written}")
    return 0


def _filled_form(args: argparse.Namespace, paths: AppPaths) -> int:
    from swat_desktop.services import inoperatividad
    from swat_desktop.services import inoperatividad_documents as documents

    with opened(args, paths) as db:
        record = inoperatividad.find_by_number(db, args.number)
        written = documents.write_filled_forms(db, [record.id], args.output)
    print(f"Formato guardado en {written}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``swat-desktop``: sub-commands run here; without one the window opens."""
    from swat_desktop.app_logging import configure_logging
    from swat_desktop.paths import resolve_paths

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:
        if args.command is not None:
            parser.error("--self-test no admite subcomandos")
        # Before any folder of the user's is created or any log opened: it works in a
        # temporary home of its own.
        try:
            from swat_desktop.self_test import run_self_test
        except ImportError as exc:  # a bundle that lacks a module: say which, in one line
            print(f"Autoprueba fallida: no se pudo cargar {exc.name}: {exc}", file=sys.stderr)
            return EXIT_ERROR
        return run_self_test()
    paths = resolve_paths(args.home)
    try:
        paths.ensure()
    except OSError as exc:
        print(f"Error: no se puede crear la carpeta de datos: {exc}", file=sys.stderr)
        return EXIT_ERROR
    configure_logging(paths.log_file)
    _remove_interrupted(paths)
    if args.command is None:
        from swat_desktop.gui.app import run_gui

        return run_gui(args.database_url, paths)
    try:
        status = run(args, paths)
        sys.stdout.flush()  # here, where a reader that left can still be told apart
    except BrokenPipeError:
        # «… | head» or a pager closed before the end: the work is done, the rest of the
        # output has nobody to read it. Python's own advice: point stdout at devnull so the
        # flush at exit does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    return status


def _remove_interrupted(paths: AppPaths) -> None:
    """What a killed restore or export left (services.leftovers): at every start, bounded to
    the top level of the data and exports folders; a failure here must not stop a start."""
    from swat_desktop.services import leftovers

    try:
        leftovers.remove_interrupted(paths.database_file, paths.exports_dir)
    except Exception:
        log.warning("Clean-up of interrupted work failed", exc_info=True)
