"""Twenty desktops reviewing the same base on one PostgreSQL server: verdict saves under load.

A célula shares one server (issue 18). Each client process here loops for a bounded time
(``SWAT_BENCH_SECONDS``, 60 by default; ``SWAT_BENCH_CLIENTS``, 20) over a small set of hot
accounts of one base, as agents on the same queue do: it reads an account, then saves a verdict
over the version it read. A save that finds the account saved meanwhile is the documented
refusal («… la guardó otra persona mientras tanto»): it is counted, the client reads again and
goes on. Any other error fails the benchmark.

Checked after the run, from the server: every account's version moved exactly once per save
that succeeded on it, the audit trail holds one row per success, and the base's reviewed count
equals its accounts reviewed — a lost update would break one of the three. The figure is the
p50 of a verdict save with every client running; the baseline is the p50 of one client alone
on the same server and base, measured first in the same run; p95 is printed beside them.

Every write on PostgreSQL takes the store's one advisory lock (storage/database.py): saves
queue behind each other, which is what keeps the counts above exact, and what the p95 shows.
On a 2-core machine the clients and the server share the cores, so the crowd's figure is an
upper bound of twenty real desktops.

The server is a throw-away one started from Debian's binaries (tests/postgres.py); without
them the benchmark says so and reports nothing.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from bench.bench_import import BASE_DATE, FILE_NAME
from bench.common import Result
from swat_desktop.domain.clock import SystemClock
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.domain.mal_escalados import Procedencia, VerdictInput
from swat_desktop.io.sample_base import write_sample_base
from swat_desktop.paths import resolve_paths
from swat_desktop.services import base_import, identity, review, store
from swat_desktop.storage.database import Database
from swat_desktop.storage.models import AuditLog, Causal, MalEscaladoBase
from swat_desktop.storage.models import MalEscaladoCase as Case

SECONDS_ENV, CLIENTS_ENV = "SWAT_BENCH_SECONDS", "SWAT_BENCH_CLIENTS"
BASE_ROWS = 2_000  # the base's size does not matter here: the hot accounts do
HOT_ACCOUNTS = 200  # a shared queue's head: enough overlap to make clients collide
BASELINE_SECONDS = 10.0


@dataclass(frozen=True)
class ClientRun:
    """What one client did: each success's latency and account, and the refusals met."""

    latencies: list[float]
    saved_cases: list[int]
    saved_meanwhile: int


def _setting(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    value = int(raw) if raw else default
    if value < 1:
        raise RuntimeError(f"{name} must be at least 1, got {value}")
    return value


def _client(url: str, user: UserProfile, cases: list[int], causales: list[int], seconds: float,
            seed: int) -> ClientRun:
    """One desktop: read an account, save a verdict over what it read, until time is up."""
    db = Database(url, SystemClock())
    rng = random.Random(seed)
    latencies: list[float] = []
    saved: list[int] = []
    meanwhile = 0
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            case_id = rng.choice(cases)
            version = review.detail(db, case_id).version
            # Never the verdict already there (saving that again writes nothing): each
            # success must move the version, so the check below can count them.
            verdict = VerdictInput((rng.choice(causales),), Procedencia.NO_PROCEDE, None,
                                   f"Revisión de carga {seed}.{len(saved) + meanwhile}")
            start = time.perf_counter()
            try:
                review.save_verdict(db, user, case_id, verdict, version)
            except review.ConcurrencyError:
                meanwhile += 1
                continue
            latencies.append(time.perf_counter() - start)
            saved.append(case_id)
    finally:
        db.dispose()
    return ClientRun(latencies, saved, meanwhile)


def _provision(url: str, home: Path, clients: int) -> tuple[list[UserProfile], list[int],
                                                             list[int], dict[int, int]]:
    paths = resolve_paths(home).ensure()
    db, _ = store.open_store(url, paths.database_file, paths.backups_dir, SystemClock())
    try:
        users = [identity.save_profile(db, ProfileInput(
            f"carga{n:02d}", f"Agente de carga {n:02d}", Role.BACKOFFICE, "Célula Carga"))
            for n in range(clients)]
        workbook = write_sample_base(home / FILE_NAME, BASE_ROWS)
        summary = base_import.run_import(db, users[0], base_import.analyze(db, workbook),
                                         base_date=BASE_DATE)
        if summary.imported != BASE_ROWS:
            raise RuntimeError(f"imported {summary.imported} of {BASE_ROWS}: {summary.message}")
    finally:
        db.dispose()
    reader = Database(url, SystemClock())
    try:
        with reader.session_scope() as session:
            cases = list(session.scalars(select(Case.id).order_by(Case.id).limit(HOT_ACCOUNTS)))
            causales = list(session.scalars(select(Causal.id).where(Causal.active.is_(True))))
            versions = {i: v for i, v in session.execute(
                select(Case.id, Case.version).where(Case.id.in_(cases)))}
    finally:
        reader.dispose()
    return users, cases, causales, versions


def _check(url: str, runs: list[ClientRun], versions: dict[int, int]) -> str:
    """The three counts a lost update would break; raises if one does not add up."""
    saved: dict[int, int] = {}
    for run in runs:
        for case_id in run.saved_cases:
            saved[case_id] = saved.get(case_id, 0) + 1
    db = Database(url, SystemClock())
    try:
        with db.session_scope() as session:
            now = {i: v for i, v in session.execute(
                select(Case.id, Case.version).where(Case.id.in_(versions)))}
            audited = session.scalar(select(func.count()).select_from(AuditLog).where(
                AuditLog.entity == "mal_escalado")) or 0
            reviewed_rows = session.scalar(select(func.count()).select_from(Case).where(
                Case.reviewed_at.is_not(None))) or 0
            reviewed_count = session.scalar(select(func.sum(MalEscaladoBase.reviewed_count)))
    finally:
        db.dispose()
    lost = sum(1 for c, v in versions.items() if now[c] - v != saved.get(c, 0))
    successes = sum(saved.values())
    if lost or audited != successes or reviewed_count != reviewed_rows:
        raise RuntimeError(f"lost updates: {lost} accounts; audit {audited} rows for "
                           f"{successes} saves; reviewed count {reviewed_count} for "
                           f"{reviewed_rows} accounts")
    return f"0 lost updates in {successes:,} saves on {len(saved)} accounts"


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def _load(url: str, users: list[UserProfile], cases: list[int], causales: list[int],
          seconds: float, first_seed: int) -> list[ClientRun]:
    """Every client in its own process (spawned: nothing shared but the server); no two
    clients of the run share a seed, so none repeats another's verdict word for word."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(len(users)) as pool:
        pending = [pool.apply_async(_client, (url, user, cases, causales, seconds,
                                              first_seed + n))
                   for n, user in enumerate(users)]
        return [p.get(timeout=seconds + 120) for p in pending]


def run(repeats: int) -> list[Result]:
    del repeats  # one bounded run: its samples are the thousands of saves inside it
    try:
        from tests.postgres import PostgresServer, ServerUnavailable, find_bin_dir

        server = PostgresServer(find_bin_dir())
    except (ServerUnavailable, ImportError) as exc:
        print(f"  shared_review: sin PostgreSQL ({exc}); no se mide", flush=True)
        return []
    seconds = float(_setting(SECONDS_ENV, 60))
    clients = _setting(CLIENTS_ENV, 20)
    server.start()
    try:
        url = server.url(server.create_database())
        with tempfile.TemporaryDirectory(prefix="swat-bench-shared-") as tmp:
            print(f"  a {BASE_ROWS:,}-row base on PostgreSQL, {clients} clients × "
                  f"{seconds:.0f} s on {HOT_ACCOUNTS} accounts…", flush=True)
            users, cases, causales, versions = _provision(url, Path(tmp), clients)
            alone = _load(url, users[:1], cases, causales, min(BASELINE_SECONDS, seconds),
                          first_seed=clients)
            crowd = _load(url, users, cases, causales, seconds, first_seed=0)
            checked = _check(url, alone + crowd, versions)
    finally:
        server.stop()
    alone_lat = alone[0].latencies
    crowd_lat = [s for r in crowd for s in r.latencies]
    meanwhile = sum(r.saved_meanwhile for r in crowd)
    note = (f"p95 {_p95(crowd_lat) * 1000:.1f} ms vs {_p95(alone_lat) * 1000:.1f} ms alone; "
            f"{len(crowd_lat):,} saves, {meanwhile:,} «guardada mientras tanto», 0 other "
            f"errors; {checked}")
    print(f"  shared_review: {note}", flush=True)
    return [Result.from_samples(f"verdict_save_p50_{clients}_clients", crowd_lat,
                                "one_client_p50", alone_lat, note=note)]
