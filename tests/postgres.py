"""A real, throw-away PostgreSQL server for the test run, and a fresh database per test.

The server is the one Debian packages (``apt-get install postgresql``): its binaries live in
``/usr/lib/postgresql/<version>/bin``, off the PATH. One cluster is created per test session in
a temporary folder and listens on a free port of 127.0.0.1 (its unix socket stays in that
folder), so it never touches a server the machine may already run. Durability is switched off
(``fsync=off``): the data dies with the run anyway. So is autovacuum: a worker connected to the
template would make ``CREATE DATABASE … TEMPLATE`` wait, then fail.

Schema migrations run once, into a template database; each test then gets ``CREATE DATABASE
… TEMPLATE``, a copy (about 0.1 to 0.3 s on a 2-core machine, most of the PostgreSQL
variants' extra time) instead of a full migration. Tests that must start from an empty store
get a copy of ``template0``.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import URL

if TYPE_CHECKING:
    from psycopg import Connection

REQUIRE_ENV = "SWAT_REQUIRE_POSTGRES"
BINARIES = ("initdb", "pg_ctl", "postgres")
SERVER_USER = "postgres"  # postgres refuses to run as root; Debian's package creates this user
HEAD_TEMPLATE = "swat_head"
START_ATTEMPTS = 3  # a free port may be taken by another run between probing and binding


def _server_env() -> dict[str, str]:
    """This environment without libfaketime: the server runs on the real clock.

    ``make test-moved-clock`` runs the tests under Debian's faketime (LD_PRELOAD of
    libfaketime, FAKETIME=+offset), which every child inherits. PostgreSQL 15 starts and
    answers under it, but its clock is not moved consistently: in the server log every line
    says the moved date except "database system is ready to accept connections", which
    carries the real one. The server is test infrastructure and the application never asks
    it for now() (every stamp comes from the store's clock), so initdb, pg_ctl and the
    postgres processes they start are kept out of the faked clock instead of trusting half
    of it."""
    return {k: v for k, v in os.environ.items()
            if k != "LD_PRELOAD" and not k.startswith("FAKETIME")}


class ServerUnavailable(Exception):
    """Why the PostgreSQL variants cannot run here; the message says how to fix it."""


def required() -> bool:
    """CI sets SWAT_REQUIRE_POSTGRES=1 so a missing server fails instead of skipping."""
    return os.environ.get(REQUIRE_ENV, "") == "1"


def find_bin_dir() -> Path:
    """The newest Debian-installed server that has every binary needed, else the PATH's."""
    def version(folder: str) -> tuple[int, ...]:
        name = Path(folder).parent.name
        return tuple(int(p) for p in name.split(".") if p.isdigit())

    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    for folder in candidates:
        if all((Path(folder) / b).is_file() for b in BINARIES):
            return Path(folder)
    raise ServerUnavailable(
        "no hay un servidor PostgreSQL instalado (initdb, pg_ctl y postgres en "
        "/usr/lib/postgresql/*/bin); instálelo con «apt-get install postgresql»")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    """A cluster of its own in a temporary folder; ``stop()`` removes every trace of it."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.as_root = os.geteuid() == 0
        # As root the server runs as another user, who must reach the folder: /tmp, not a
        # TMPDIR that may sit in root's home.
        self.folder = Path(tempfile.mkdtemp(prefix="swat-pg-", dir="/tmp" if self.as_root
                                            else None))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = 0
        self._names = itertools.count(1)
        self._admin: Connection | None = None
        self._copy = ""  # how CREATE DATABASE copies the template, where there is a choice
        if self.as_root:
            try:
                account = pwd.getpwnam(SERVER_USER)
            except KeyError:
                shutil.rmtree(self.folder)
                raise ServerUnavailable(
                    f"las pruebas corren como root y no existe el usuario «{SERVER_USER}» con "
                    "el que correr el servidor (lo crea «apt-get install postgresql»)") from None
            os.chown(self.folder, account.pw_uid, account.pw_gid)

    def _run(self, command: Sequence[str]) -> None:
        argv = [str(self.bin_dir / command[0]), *command[1:]]
        if self.as_root:
            argv = ["runuser", "-u", SERVER_USER, "--", *argv]
        done = subprocess.run(argv, cwd=self.folder, capture_output=True, text=True, check=False,
                              env=_server_env())
        if done.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}):\n"
                               f"{done.stdout}{done.stderr}{log}")

    def start(self) -> None:
        self._run(["initdb", "-D", str(self.data), "--auth=trust", f"--username={SERVER_USER}",
                   "--encoding=UTF8", "--no-locale", "--no-sync"])
        for attempt in range(START_ATTEMPTS):
            self.port = _free_port()
            options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                       "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                       "-c autovacuum=off")
            try:
                self._run(["pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options,
                           "-w", "start"])
                break
            except RuntimeError:
                if attempt == START_ATTEMPTS - 1:
                    raise
        import psycopg

        self._admin = psycopg.connect(host="127.0.0.1", port=self.port, user=SERVER_USER,
                                      dbname="postgres", autocommit=True)
        if self._admin.info.server_version >= 150000:  # measured: the faster of the two here
            self._copy = " STRATEGY FILE_COPY"

    def url(self, database: str) -> str:
        return URL.create("postgresql+psycopg", username=SERVER_USER, host="127.0.0.1",
                          port=self.port, database=database).render_as_string()

    def create_database(self, template: str = "template0", name: str | None = None) -> str:
        """A new database copied from ``template``; returns its name."""
        name = name or f"t{next(self._names)}"
        assert self._admin is not None
        self._admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{self._copy}')
        return name

    def drop_database(self, name: str) -> None:
        """FORCE: a test that failed may have left a connection open."""
        assert self._admin is not None
        self._admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.close()
        if (self.data / "postmaster.pid").exists():
            self._run(["pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(self.folder, ignore_errors=True)
