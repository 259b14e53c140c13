"""``swat-desktop servidor …``: shared mode on a PostgreSQL server, run by its owner.

``preparar`` applies the migrations (opening the store does) and converges the roles, grants
and server rules; ``usuario crear|listar|clave|desactivar`` manage the personal logins. The
password of a new login is read from standard input: ``getpass`` on a terminal (not
echoed, asked twice), one line with ``--clave-desde-entrada`` (a script, a pipe); never an
argument, which any user of the computer would see in the process list.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import time

from swat_desktop.cli_args import opened
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import ProfileInput, Role
from swat_desktop.paths import AppPaths
from swat_desktop.services import server

_OPTION_OF = {"login": "LOGIN", "full_name": "--nombre", "role": "--rol", "unit": "--unidad",
              "clave": "clave"}


def server_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    top = commands.add_parser(
        "servidor", help="modo compartido en PostgreSQL: preparar el servidor y sus usuarios "
        "(lo ejecuta el dueño de la base)")
    actions = top.add_subparsers(dest="server_command", metavar="ACCIÓN", required=True,
                                 title="acciones")
    actions.add_parser(
        "preparar", help="aplica las migraciones y crea o corrige los roles, permisos y reglas "
        "del servidor; se puede repetir sin riesgo").set_defaults(handler=_prepare)
    users = actions.add_parser("usuario", help="los usuarios personales del servidor")
    user_actions = users.add_subparsers(dest="server_user_command", metavar="ACCIÓN",
                                        required=True, title="acciones")
    create = user_actions.add_parser(
        "crear", help="crea el usuario de la base de una persona, en el grupo de su rol, con "
        "su perfil; la clave se lee de la entrada estándar")
    create.add_argument("login", metavar="LOGIN", help="usuario: de 3 a 40 letras sin tilde, "
                        "números, punto, guion o guion bajo")
    create.add_argument("--nombre", default="", metavar="NOMBRE", help="nombre completo")
    create.add_argument("--rol", choices=[role.value for role in Role], metavar="ROL",
                        help="uno de: " + ", ".join(f"{r.value} ({r.label})" for r in Role))
    create.add_argument("--unidad", default="", metavar="UNIDAD",
                        help="la célula, el punto de atención o el área")
    create.add_argument("--clave-desde-entrada", action="store_true",
                        help="lee la clave de una línea de la entrada estándar, sin preguntar")
    create.set_defaults(handler=_create)
    user_actions.add_parser("listar", help="los usuarios de SWAT Desktop en el servidor"
                            ).set_defaults(handler=_list)
    password = user_actions.add_parser(
        "clave", help="cambia la clave de un usuario (la anterior deja de servir); se lee de "
        "la entrada estándar")
    password.add_argument("login", metavar="LOGIN")
    password.add_argument("--clave-desde-entrada", action="store_true",
                          help="lee la clave de una línea de la entrada estándar, sin preguntar")
    password.set_defaults(handler=_change_password)
    deactivate = user_actions.add_parser(
        "desactivar", help="el usuario ya no puede conectarse y su perfil queda inactivo")
    deactivate.add_argument("login", metavar="LOGIN")
    deactivate.set_defaults(handler=_deactivate)


def _prepare(args: argparse.Namespace, paths: AppPaths) -> int:
    started = time.perf_counter()
    with opened(args, paths) as db:
        steps = server.prepare(db)
    for step in steps:
        print("\n".join(step.lines))
    changed = sum(1 for s in steps if s.changed)
    print(f"Servidor preparado en {time.perf_counter() - started:.1f} s: "
          + (f"{changed} cambios." if changed else "sin cambios."))
    return 0


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().removesuffix("\n").removesuffix("\r")
    if not sys.stdin.isatty():
        raise ValidationError({"clave": (
            "No hay una terminal donde pedir la clave: pásela en una línea de la entrada "
            "estándar con --clave-desde-entrada.")})
    first = getpass.getpass("Clave del usuario: ")
    if getpass.getpass("Repita la clave: ") != first:
        raise ValidationError({"clave": "Las dos claves no coinciden: no se cambió nada."})
    return first


def _create(args: argparse.Namespace, paths: AppPaths) -> int:
    data = ProfileInput(login=args.login, full_name=args.nombre,
                        role=Role(args.rol) if args.rol else None, unit=args.unidad)
    password = _read_password(args.clave_desde_entrada)
    with opened(args, paths) as db:
        try:
            profile = server.create_account(db, data, password)
        except ValidationError as exc:
            raise ValidationError({field: f"{option}: {exc.errors[field]}"
                                   for field, option in _OPTION_OF.items()
                                   if field in exc.errors}) from None
    unit = f", {profile.unit}" if profile.unit else ""
    print(f"Usuario creado en el servidor: {profile.display}, {profile.role.label}{unit}. "
          "Se conecta con su usuario y su clave.")
    return 0


def _change_password(args: argparse.Namespace, paths: AppPaths) -> int:
    password = _read_password(args.clave_desde_entrada)
    with opened(args, paths) as db:
        server.change_password(db, args.login, password)
    print(f"Clave de {args.login.strip().lower()} cambiada: la anterior ya no sirve.")
    return 0


def _list(args: argparse.Namespace, paths: AppPaths) -> int:
    with opened(args, paths) as db:
        found = server.accounts(db)
    if not found:
        print("No hay usuarios de SWAT Desktop en el servidor. Cree uno con: swat-desktop "
              "servidor usuario crear LOGIN --nombre NOMBRE --rol ROL --unidad UNIDAD")
        return 0
    width = max(len(a.login) for a in found)
    for account in found:
        name = account.full_name or "(sin perfil)"
        unit = f" · {account.unit}" if account.unit else ""
        print(f"{account.login:<{width}}  {account.state:<11}  {name} · "
              f"{account.role.label}{unit}")
    return 0


def _deactivate(args: argparse.Namespace, paths: AppPaths) -> int:
    with opened(args, paths) as db:
        account = server.deactivate_account(db, args.login)
    print(f"Usuario {account.login} desactivado: ya no puede conectarse al servidor.")
    return 0
