"""The command line's argument parsing in Spanish, and its argument types.

argparse speaks English; support staff and supervisors read Spanish. Every sub-command module
(cli.py, cli_users.py, cli_reports.py, cli_packages.py) builds its parsers from these, so a
date option reads the same two forms everywhere.
"""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, NoReturn

from swat_desktop.domain.formatting import DAY_FORMS, parse_day
from swat_desktop.paths import AppPaths
from swat_desktop.services import store

# What every leaf sub-command sets with ``set_defaults(handler=…)``: cli.run calls it.
Handler = Callable[[argparse.Namespace, AppPaths], int]

EXIT_ERROR = 1
EXIT_USAGE = 2
# How every date option shows in --help: the value's name, and both forms it accepts.
DAY_METAVAR = "FECHA"

_ARGPARSE_ES = {
    "argument ": "argumento ",
    "the following arguments are required": "faltan los argumentos",
    "unrecognized arguments": "argumentos no reconocidos",
    "invalid choice": "opción no válida",
    "expected one argument": "se esperaba un valor",
    "choose from": "elija entre",
}


class SpanishHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        # argparse passes prefix="" when it builds a sub-command's name: keep that empty.
        super().add_usage(usage, actions, groups, "Uso: " if prefix is None else prefix)

    def _split_lines(self, text: str, width: int) -> list[str]:
        # Never «aaaa-mm-» at the end of a line and «dd» on the next, nor a login cut in two.
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)


class SpanishArgumentParser(argparse.ArgumentParser):
    """Titles, help and refusals in Spanish; a refusal exits with EXIT_USAGE."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", SpanishHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumentos"
        self._optionals.title = "opciones"
        self.add_argument("-h", "--help", action="help", help="muestra esta ayuda y termina")

    def error(self, message: str) -> NoReturn:
        for english, spanish in _ARGPARSE_ES.items():
            message = message.replace(english, spanish)
        self.exit(EXIT_USAGE, f"Error: {message}. Use --help para ver las opciones.\n")


def day(text: str) -> date:
    """argparse type of every date option and argument: domain.formatting.parse_day."""
    try:
        return parse_day(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_day(parser: argparse.ArgumentParser, *names: str, help: str, **kwargs: Any) -> None:
    """A date option (or positional argument) whose help says both forms it accepts."""
    parser.add_argument(*names, type=day, metavar=DAY_METAVAR,
                        help=f"{help} ({DAY_FORMS})", **kwargs)


@contextmanager
def opened(args: argparse.Namespace, paths: AppPaths) -> Iterator[store.StoreHandle]:
    """The store a sub-command works on, checked and migrated, closed whatever happens."""
    db, _ = store.open_store(args.database_url, paths.database_file, paths.backups_dir)
    try:
        yield db
    finally:
        db.dispose()
