"""``swat-desktop sincronizar``: an attention point's computer and its central server, without
a window — a scheduled task that pushes every few minutes, support checking what is pending.

The password of the point's login on the server is never an argument (it would stay in the
shell's history and the process list): PGPASSWORD or ~/.pgpass, as every PostgreSQL client,
or one line of standard input with ``--clave-desde-entrada``.
"""

from __future__ import annotations

import argparse
import sys

from swat_desktop.cli_args import EXIT_ERROR, opened
from swat_desktop.cli_users import actor
from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.paths import AppPaths

EXIT_UNREACHABLE = 3  # a scheduled task tells "no network" apart from a real error


def sync_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sync = commands.add_parser(
        "sincronizar", help="envía los eventos de este punto al servidor central cuando "
                            "hay red (sin red, quedan pendientes)")
    actions = sync.add_subparsers(dest="sync_command", metavar="ACCIÓN", required=True,
                                  title="acciones")
    setup = actions.add_parser("configurar", help="recuerda la dirección del servidor central")
    setup.add_argument("--central", required=True, metavar="URL",
                       help="postgresql+psycopg://USUARIO@SERVIDOR/BASE (sin contraseña)")
    setup.set_defaults(handler=_configure)
    push = actions.add_parser("enviar", help="envía ahora los eventos nuevos y cambiados")
    push.add_argument("--clave-desde-entrada", action="store_true",
                      help="lee la contraseña del servidor de una línea de la entrada estándar")
    push.set_defaults(handler=_push)
    status = actions.add_parser("estado", help="última sincronización y registros pendientes")
    status.set_defaults(handler=_status)
    for parser in (setup, push, status):
        parser.add_argument("--usuario", metavar="LOGIN",
                            help="supervisor del punto (por defecto, el recordado)")


def _configure(args: argparse.Namespace, paths: AppPaths) -> int:
    from swat_desktop.services import sync

    with opened(args, paths) as db:
        shown = sync.configure(db, actor(db, args.usuario, paths), args.central)
    print(f"Servidor central: {shown}")
    return 0


def _push(args: argparse.Namespace, paths: AppPaths) -> int:
    from swat_desktop.services import sync

    password = sys.stdin.readline().rstrip("\r\n") if args.clave_desde_entrada else None
    with opened(args, paths) as db:
        try:
            result = sync.push(db, actor(db, args.usuario, paths), paths.package_keys_dir,
                               password or None)
        except sync.CentralUnreachable as exc:
            print(f"Sin conexión: {exc}", file=sys.stderr)
            return EXIT_UNREACHABLE
    print(result.message)
    return EXIT_ERROR if result.conflicts else 0


def _status(args: argparse.Namespace, paths: AppPaths) -> int:
    from swat_desktop.services import sync

    with opened(args, paths) as db:
        seen = sync.state(db, actor(db, args.usuario, paths))
    print(f"Servidor central: {seen.central or 'sin configurar'}")
    print("Última sincronización: " + (format_datetime(seen.last_success_at, LIMA)
                                       if seen.last_success_at else "nunca"))
    if seen.last_error:
        when = format_datetime(seen.last_attempt_at, LIMA) if seen.last_attempt_at else ""
        print(f"Último intento fallido ({when}): {seen.last_error}")
    print(f"Pendientes: {len(seen.pending)}" + (f" ({', '.join(seen.pending)})"
                                                if seen.pending else ""))
    if seen.conflicts:
        print(f"En conflicto en el servidor central: {', '.join(seen.conflicts)}")
    return 0
