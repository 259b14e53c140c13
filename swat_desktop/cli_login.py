"""Shared mode on the command line: when the server asks for a password the URL lacks, ask
the person for their login and password, as psql does, and work as them.

The prompts go to the terminal (``getpass`` for the password, never echoed), so a command's
output piped elsewhere stays clean. Without a terminal the command says how to give them:
a password is never an argument, but libpq reads ``PGPASSWORD`` and ``~/.pgpass``.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from swat_desktop.domain.errors import ValidationError
from swat_desktop.paths import AppPaths
from swat_desktop.services import shared_login


def ask_login(args: argparse.Namespace, paths: AppPaths) -> None:
    """Put the person's login into ``args.database_url`` when the server wants one."""
    wanted = shared_login.login_wanted(args.database_url, paths.database_file)
    if wanted is None:
        return
    if not sys.stdin.isatty():
        raise ValidationError({"clave": (
            "El servidor pide usuario y clave y no hay una terminal donde preguntarlos: "
            "ponga el usuario en la dirección (postgresql+psycopg://USUARIO@servidor/base) y "
            "la clave en la variable PGPASSWORD o en el archivo .pgpass.")})
    login = wanted.login
    if not login:
        print("Usuario de la base: ", end="", file=sys.stderr, flush=True)
        login = sys.stdin.readline().strip().lower()  # as every login is stored
    password = getpass.getpass(f"Clave de {login}: ")
    args.database_url = shared_login.login_url(args.database_url, paths.database_file, login,
                                               password)
