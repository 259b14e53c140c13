"""``swat-desktop paquete …``: the event packages from the command line.

At a point's computer: ``exportar`` (the point's records, signed with its key on this computer)
and ``huella`` (the key's fingerprint, to read out to Control e Información). At Control e
Información: ``registrar-clave`` (trust the key that signed a package, typing the fingerprint the
point read out), ``claves`` (what is registered) and ``importar``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from swat_desktop.cli_args import opened
from swat_desktop.cli_users import actor
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.paths import AppPaths
from swat_desktop.services import identity, store

if TYPE_CHECKING:
    from swat_desktop.domain.inoperatividad import AttentionPointView


def package_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    package = commands.add_parser(
        "paquete", help="intercambio de eventos de inoperatividad entre puntos y Control e "
        "Información")
    package_actions = package.add_subparsers(dest="package_command", metavar="ACCIÓN",
                                             required=True, title="acciones")
    export = package_actions.add_parser(
        "exportar", help="exporta los eventos del punto a un paquete firmado con su clave")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="ARCHIVO.swatpkg")
    export.add_argument("--punto", metavar="CÓDIGO",
                        help="el punto (por defecto, el del usuario recordado)")
    export.set_defaults(handler=_export)
    fingerprint = package_actions.add_parser(
        "huella", help="la huella de la clave con que este equipo firma los paquetes del punto "
        "(para leérsela a Control e Información)")
    fingerprint.add_argument("--punto", metavar="CÓDIGO",
                             help="el punto (por defecto, el del usuario recordado)")
    fingerprint.set_defaults(handler=_fingerprint)
    keys = package_actions.add_parser("claves", help="las claves de los puntos registradas aquí")
    keys.set_defaults(handler=_keys)
    register = package_actions.add_parser(
        "registrar-clave", help="confía en la clave que firmó un paquete, para su punto")
    register.add_argument("file", metavar="ARCHIVO", type=Path)
    register.add_argument("--huella", required=True, metavar="HUELLA",
                          help="la huella que el punto le leyó (8 grupos de 4 caracteres)")
    register.add_argument("--reemplazar", action="store_true",
                          help="reemplaza la clave registrada (el punto cambió de computadora)")
    register.add_argument("--usuario", metavar="LOGIN",
                          help="perfil que registra (por defecto, el recordado)")
    register.set_defaults(handler=_register_key)
    receive = package_actions.add_parser("importar", help="importa el paquete de un punto")
    receive.add_argument("file", metavar="ARCHIVO", type=Path)
    receive.add_argument("--usuario", metavar="LOGIN",
                         help="perfil que importa (por defecto, el recordado)")
    receive.add_argument("--aceptar-del-paquete", metavar="CORRELATIVO", action="append",
                         default=[], help="en un conflicto, quedarse con la versión del paquete "
                         "(se puede repetir)")
    receive.set_defaults(handler=_import)


def _import(args: argparse.Namespace, paths: AppPaths) -> int:
    from swat_desktop.services import exchange

    chosen = {n.strip().upper() for n in args.aceptar_del_paquete}
    with opened(args, paths) as db:
        who = actor(db, args.usuario, paths)
        result = exchange.import_package(db, who, args.file)
        for conflict in result.conflicts:
            if conflict.number in chosen:
                exchange.take_theirs(db, who, args.file, conflict.uuid)
    print(result.message)
    for conflict in result.conflicts:
        fields = ", ".join(conflict.differences)
        if conflict.number in chosen:
            print(f"  {conflict.number}: se tomó la versión del paquete ({fields}).")
        else:
            print(f"  Conflicto en {conflict.number}: difiere en {fields}. Para quedarse con "
                  f"la versión del paquete: --aceptar-del-paquete {conflict.number}")
    return 0


def _export(args: argparse.Namespace, paths: AppPaths) -> int:
    """At a point's computer: the point's records, signed with its key on this computer."""
    from swat_desktop.services import exchange

    with opened(args, paths) as db:
        point = _point(args, paths, db)
        saved = exchange.export_events(db, args.output, point.id, paths.package_keys_dir)
    print(f"Paquete guardado en {saved}")
    return 0


def _fingerprint(args: argparse.Namespace, paths: AppPaths) -> int:
    """At a point's computer: its key's fingerprint, read out to Control e Información to
    register."""
    from swat_desktop.services import package_keys

    with opened(args, paths) as db:
        code = _point(args, paths, db).code
    existed = package_keys.local_fingerprint(paths.package_keys_dir, code) is not None
    shown = package_keys.local_fingerprint(paths.package_keys_dir, code, create=True)
    print(f"Huella de la clave de {code} en este equipo: {shown}")
    if not existed:
        print("  (la clave se creó ahora; Control e Información debe registrarla una vez)")
    return 0


def _point(args: argparse.Namespace, paths: AppPaths, db: store.StoreHandle) -> AttentionPointView:
    from swat_desktop.services import inoperatividad

    if args.punto:
        point = next((p for p in inoperatividad.attention_points(db)
                      if p.code == args.punto.strip().upper()), None)
        if point is None:
            raise ValidationError({"punto": f"No existe el punto {args.punto}."})
        return point
    user = identity.current_user(db, paths.local_settings_file)
    point = inoperatividad.user_point(db, user) if user else None
    if point is None:
        raise ValidationError({"punto": (
            "Indique el punto con --punto CÓDIGO: cada paquete lleva los registros de un "
            "punto, firmados con la clave de ese punto en este equipo.")})
    return point


def _keys(args: argparse.Namespace, paths: AppPaths) -> int:
    from swat_desktop.services import package_keys

    with opened(args, paths) as db:
        found = package_keys.registered_keys(db)
    if not found:
        print("No hay claves de puntos registradas en este equipo.")
    for key in found:
        print(f"{key.point_code}  {key.fingerprint}  (registrada el "
              f"{format_datetime(key.registered_at, LIMA)} por {key.registered_by})")
    return 0


def _register_key(args: argparse.Namespace, paths: AppPaths) -> int:
    from swat_desktop.services import package_keys

    with opened(args, paths) as db:
        key = package_keys.register_key(db, actor(db, args.usuario, paths), args.file,
                                        args.huella, args.reemplazar)
    print(f"Clave de {key.point_code} registrada: huella {key.fingerprint}. Desde ahora se "
          f"importan los paquetes que firme esa clave.")
    return 0
