"""``swat-desktop usuario …``: the profiles, without opening the window.

A fresh computer has no profile and nobody remembered, and every command that writes signs
its audit rows with a profile. ``crear`` asks for what the identity dialog asks and refuses
what it refuses (the same service, services.identity.save_profile); ``usar`` remembers the
login in this computer's local.json, as the window does after the dialog; ``listar`` shows
the profiles and which one is remembered.
"""

from __future__ import annotations

import argparse

from swat_desktop.cli_args import opened
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import ProfileInput, Role, UnitKind, UserProfile
from swat_desktop.paths import AppPaths
from swat_desktop.services import identity, store

# Where each field of the profile is typed on the command line, to name it in a refusal.
_OPTION_OF = {"login": "LOGIN", "full_name": "--nombre", "role": "--rol", "unit": "--unidad"}
_UNIT_HELP = "; ".join(
    f"{kind.label.lower()}{', opcional,' if kind is UnitKind.NONE else ''} para "
    + ", ".join(role.value for role in Role if role.unit_kind is kind) for kind in UnitKind)


def user_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    users = commands.add_parser(
        "usuario", help="perfiles de quienes usan la aplicación: crear, listar y elegir el de "
        "este equipo")
    actions = users.add_subparsers(dest="user_command", metavar="ACCIÓN", required=True,
                                   title="acciones")
    create = actions.add_parser(
        "crear", help="crea un perfil, como el diálogo de identificación de la ventana")
    create.add_argument("login", metavar="LOGIN",
                        help="usuario de red: de 3 a 40 letras sin tilde, números, punto, guion "
                        "o guion bajo")
    create.add_argument("--nombre", default="", metavar="NOMBRE", help="nombre completo")
    create.add_argument("--rol", choices=[role.value for role in Role], metavar="ROL",
                        help="uno de: " + ", ".join(f"{r.value} ({r.label})" for r in Role))
    create.add_argument("--unidad", default="", metavar="UNIDAD",
                        help=f"la unidad según el rol: {_UNIT_HELP}")
    create.add_argument("--usar", action="store_true",
                        help="además lo recuerda en este equipo (como «usuario usar»)")
    create.set_defaults(handler=_create)
    listing = actions.add_parser("listar", help="los perfiles; * marca el recordado en este "
                                 "equipo")
    listing.set_defaults(handler=_list)
    use = actions.add_parser(
        "usar", help="recuerda un perfil en este equipo: los subcomandos lo usan cuando no se "
        "indica --usuario, y la ventana abre con él")
    use.add_argument("login", metavar="LOGIN")
    use.set_defaults(handler=_use)


def _create(args: argparse.Namespace, paths: AppPaths) -> int:
    with opened(args, paths) as db:
        return _create_in(db, args, paths)


def _create_in(db: store.StoreHandle, args: argparse.Namespace, paths: AppPaths) -> int:
    data = ProfileInput(login=args.login, full_name=args.nombre,
                        role=Role(args.rol) if args.rol else None, unit=args.unidad)
    try:
        profile = identity.save_profile(db, data, new=True)
    except ValidationError as exc:
        # In the order the options are typed: LOGIN first, as in «usuario crear LOGIN …».
        errors = {field: f"{option}: {exc.errors[field]}"
                  for field, option in _OPTION_OF.items() if field in exc.errors}
        existing = identity.find_user(db, args.login) if "login" in exc.errors else None
        if existing is not None:  # the service's words point at the dialog's Perfil list
            errors["login"] = (f"Ya existe el perfil «{existing.login}» ({existing.full_name}): "
                               f"para trabajar con él, swat-desktop usuario usar "
                               f"{existing.login}.")
        raise ValidationError(errors) from None
    unit = f", {profile.unit}" if profile.unit else ""
    print(f"Perfil creado: {profile.display}, {profile.role.label}{unit}.")
    if args.usar:
        return _remember(db, profile.login, paths)
    print(f"Para trabajar con él en este equipo: swat-desktop usuario usar {profile.login}")
    return 0


def _list(args: argparse.Namespace, paths: AppPaths) -> int:
    with opened(args, paths) as db:
        users = identity.list_users(db)
    if not users:
        print("No hay perfiles. Cree uno con: swat-desktop usuario crear LOGIN --nombre "
              "NOMBRE --rol ROL --unidad UNIDAD")
        return 0
    remembered = identity.remembered_login(paths.local_settings_file)
    width = max(len(user.login) for user in users)
    for user in users:
        mark = "*" if user.login == remembered else " "
        unit = f" · {user.unit}" if user.unit else ""
        print(f"{mark} {user.login:<{width}}  {user.full_name} · {user.role.label}{unit}")
    return 0


def _use(args: argparse.Namespace, paths: AppPaths) -> int:
    with opened(args, paths) as db:
        return _remember(db, args.login, paths)


def _remember(db: store.StoreHandle, login: str, paths: AppPaths) -> int:
    user = identity.find_user(db, login)
    if user is None:
        raise ValidationError({"usuario": (
            f"No existe el perfil «{login.strip().lower()}». Los perfiles: swat-desktop "
            "usuario listar; uno nuevo: swat-desktop usuario crear LOGIN --nombre NOMBRE "
            "--rol ROL --unidad UNIDAD.")})
    identity.remember_login(paths.local_settings_file, user.login)
    print(f"Este equipo trabaja ahora como {user.display}, {user.role.label}.")
    return 0


def actor(db: store.StoreHandle, login: str | None, paths: AppPaths) -> UserProfile:
    """Who signs what a sub-command writes: ``--usuario``, else the profile remembered here."""
    user = (identity.find_user(db, login) if login
            else identity.current_user(db, paths.local_settings_file))
    if user is None:
        who = f"el usuario «{login}»" if login else "un usuario recordado en este equipo"
        raise ValidationError({"usuario": (
            f"No hay {who}: cree su perfil con swat-desktop usuario crear LOGIN --nombre "
            "NOMBRE --rol ROL --unidad UNIDAD y elíjalo con swat-desktop usuario usar LOGIN "
            "(o indique --usuario LOGIN de un perfil existente; swat-desktop usuario listar "
            "los muestra).")})
    return user
