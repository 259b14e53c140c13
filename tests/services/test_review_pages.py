"""The review's pages against the whole list sorted in Python: every order of the screen both
ways, with the filters alone and combined, read forward, backward, by jumps, by position and
by "next pending", on a store of a few pages with reviewed, assigned and pending accounts.

The store is small but the plans are the year's: with a few hundred rows some lists are read
along the order's index and others from the filters' (review_plan.Listing.walk), and both
must give the very same rows in the very same order.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.domain.mal_escalados import (
    CaseStatus,
    ProcedeMotivo,
    Procedencia,
    ReviewCounts,
    ReviewFilters,
    ReviewSort,
    SortKey,
    VerdictInput,
)
from swat_desktop.io.sample_base import write_sample_base
from swat_desktop.services import (
    assignment,
    base_import,
    catalogue,
    identity,
    review,
    search_index,
)
from swat_desktop.services import review_pages as pages
from swat_desktop.services.store import Database
from swat_desktop.storage.models import Causal, MalEscaladoCase, MalEscaladoCaseCausal, User
from tests.fixtures.listing import listed_ids

DAYS = (date(2026, 11, 20), date(2026, 11, 21))
ROWS = 170  # per base: the list spans several pages of review_pages.PAGE_ROWS


@pytest.fixture
def store(db: Database, agent: UserProfile, tmp_path: Path) -> dict[str, Any]:
    boss = identity.save_profile(db, ProfileInput("lgarcia", "Laura García", Role.BACKOFFICE,
                                                  "Célula Soporte Bogotá"))
    other = identity.save_profile(db, ProfileInput("aperez", "Andrés Pérez", Role.AGENTE_CELULA,
                                                   "Célula Soporte Bogotá"))
    for number, day in enumerate(DAYS):
        path = write_sample_base(tmp_path / f"Base {day:%d-%m-%Y}.xlsx", ROWS, seed=number,
                                 base_day=day, team_seed=3)
        base_import.run_import(db, agent, base_import.analyze(db, path), base_date=day)
    assignment.assign(db, boss, DAYS[1], [agent.id, other.id], {agent.id: 60, other.id: 40})
    causales = [c.id for c in catalogue.list_causales(db)]
    rng = random.Random(11)
    for case_id in listed_ids(db):
        if rng.random() < 0.45:
            procede = rng.random() < 0.6
            chosen = tuple(dict.fromkeys(rng.choice(causales[:6]) for _ in range(2)))
            review.save_verdict(db, agent, case_id, VerdictInput(
                chosen, Procedencia.PROCEDE if procede else Procedencia.NO_PROCEDE,
                ProcedeMotivo.PROCEDIMIENTO if procede else None,
                rng.choice(("", "nodo caído", "información incompleta"))), 1)
    return {"agent": agent, "other": other}


def _facts(db: Database) -> list[dict[str, Any]]:
    """Every account with the raw values the orders and filters look at."""
    with db.session_scope() as session:
        rows = session.execute(select(MalEscaladoCase)).scalars().all()
        causal_of = {}
        for case_id, causal_id in session.execute(
                select(MalEscaladoCaseCausal.case_id, MalEscaladoCaseCausal.causal_id)):
            causal_of.setdefault(case_id, set()).add(causal_id)
        return [{"id": r.id, "base_date": r.base_date, "cuenta": r.cuenta,
                 "fecha": r.fecha_escalamiento, "asesor_id": r.asesor_id,
                 "asesor_nombre": r.asesor_nombre, "supervisor": r.supervisor,
                 "status": r.status, "causal": r.primary_causal_id,
                 "causales": causal_of.get(r.id, set()), "procedencia": r.procedencia,
                 "assigned": r.assigned_to, "text": " " + r.search_text} for r in rows]


def _python_key(db: Database, key: SortKey) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    with db.session_scope() as session:
        causales = list(session.scalars(select(Causal.id).order_by(Causal.sort_order,
                                                                   Causal.code)))
        users = list(session.scalars(select(User.id).order_by(User.full_name, User.id)))
    causal_rank = {None: -1} | {c: i for i, c in enumerate(causales)}
    user_rank = {None: -1} | {u: i for i, u in enumerate(users)}
    procedencia_rank = {None: 0, "no_procede": 1, "procede": 2}
    status_rank = {"pendiente": 0, "revisada": 1}
    return {
        SortKey.BASE_DATE: lambda f: (f["base_date"], f["fecha"], f["id"]),
        SortKey.CUENTA: lambda f: (f["cuenta"], f["id"]),
        SortKey.FECHA: lambda f: (f["fecha"], f["id"]),
        SortKey.ASESOR_ID: lambda f: (f["asesor_id"], f["status"], f["id"]),
        SortKey.ASESOR: lambda f: (f["asesor_nombre"], f["id"]),
        SortKey.SUPERVISOR: lambda f: (f["supervisor"], f["status"], f["id"]),
        SortKey.STATUS: lambda f: (status_rank[f["status"]], f["fecha"], f["id"]),
        SortKey.CAUSAL: lambda f: (causal_rank[f["causal"]], f["id"]),
        SortKey.PROCEDENCIA: lambda f: (procedencia_rank[f["procedencia"]], f["id"]),
        SortKey.ASSIGNED: lambda f: (user_rank[f["assigned"]], f["status"], f["id"]),
    }[key]


def _matches(filters: ReviewFilters, f: dict[str, Any]) -> bool:
    words = filters.text.split()
    return ((not filters.base_dates or f["base_date"] in filters.base_dates)
            and (not filters.asesor or f["asesor_id"] == filters.asesor)
            and (not filters.supervisor or f["supervisor"] == filters.supervisor)
            and (filters.status is None or f["status"] == filters.status.value)
            and (filters.causal_id is None or filters.causal_id in f["causales"])
            and (filters.procedencia is None or f["procedencia"] == filters.procedencia.value)
            and (filters.assigned_to is None
                 or f["assigned"] == (filters.assigned_to or None))
            and all(f" {w}" in f["text"] for w in words))


def _filter_sets(db: Database, store: dict[str, Any]) -> dict[str, ReviewFilters]:
    facts = _facts(db)
    supervisor = max({f["supervisor"] for f in facts},
                     key=lambda s: sum(f["supervisor"] == s for f in facts))
    advisor = facts[5]["asesor_id"]
    causal = catalogue.list_causales(db)[1].id
    pending, reviewed = CaseStatus.PENDIENTE, CaseStatus.REVISADA
    return {
        "todas": ReviewFilters(),
        "pendientes": ReviewFilters(status=pending),
        "revisadas": ReviewFilters(status=reviewed),
        "supervisor": ReviewFilters(supervisor=supervisor),
        "supervisor_pendientes": ReviewFilters(supervisor=supervisor, status=pending),
        "asesor": ReviewFilters(asesor=advisor),
        "base": ReviewFilters(base_dates=(DAYS[1],)),
        "base_causal": ReviewFilters(base_dates=(DAYS[0],), causal_id=causal),
        "procede": ReviewFilters(procedencia=Procedencia.PROCEDE),
        "mias": ReviewFilters(assigned_to=store["agent"].id),
        "sin_asignar": ReviewFilters(assigned_to=0),
        "texto": ReviewFilters(text="nodo"),
        "texto_pendientes": ReviewFilters(text="gomez", status=pending),
        "nada": ReviewFilters(text="ningunapalabraasi"),
    }


SORTS = [ReviewSort(key, down) for key in SortKey for down in (False, True)]


def test_every_order_and_filter_reads_the_list_sorted_python_would(
        db: Database, store: dict[str, Any]) -> None:
    facts = _facts(db)
    plans = set()
    for sort in SORTS:
        for name, filters in _filter_sets(db, store).items():
            plans.add(_check(db, facts, sort,
                             f"{sort.key.value}{'↓' if sort.descending else '↑'} {name}",
                             filters))
    assert plans == {True, False}  # both ways of reading a list were taken and checked


def _check(db: Database, facts: list[dict[str, Any]], sort: ReviewSort, name: str,
           filters: ReviewFilters) -> bool:
    """Checks one list; says whether it was read along the order's index."""
    order = _python_key(db, sort.key)
    wanted = sorted((f for f in facts if _matches(filters, f)), key=order,
                    reverse=sort.descending)
    ids = [f["id"] for f in wanted]
    listing = pages.open_listing(db, filters, sort)
    reviewed = sum(f["status"] == "revisada" for f in wanted)
    assert (listing.counts.total, listing.counts.reviewed) == (len(ids), reviewed), name
    assert listed_ids(db, filters, sort) == ids, name
    if not ids:
        return listing.walk
    # Backward from the last row, page by page, gives the same list.
    last = pages.at(db, listing, len(ids) - 1, 1)
    back = [*last.rows]
    key = last.keys[0]
    while True:
        page = pages.before(db, listing, key, 37)
        if not page.rows:
            break
        back = [*page.rows, *back]
        key = page.keys[0]
    assert [r.id for r in back] == ids, name
    for row in (0, len(ids) // 2, len(ids) - 3):
        jump = pages.at(db, listing, max(row, 0), 40)
        assert [r.id for r in jump.rows] == ids[max(row, 0):max(row, 0) + 40], (name, row)
    for row in (0, len(ids) // 3, len(ids) - 1):
        found = pages.locate(db, listing, ids[row])
        assert found is not None, (name, row)
        assert found[0] == row, (name, row)
        pending = [i for i, f in enumerate(wanted) if f["status"] == "pendiente"]
        after = next((i for i in pending if i > row), pending[0] if pending else None)
        moved = pages.next_pending(db, listing, found[1], row)
        assert (moved[0] if moved else None) == after, (name, row)
    return listing.walk


def test_an_account_not_in_the_list_is_not_located(db: Database,
                                                   store: dict[str, Any]) -> None:
    facts = _facts(db)
    reviewed = next(f["id"] for f in facts if f["status"] == "revisada")
    listing = pages.open_listing(db, ReviewFilters(status=CaseStatus.PENDIENTE), ReviewSort())
    assert pages.locate(db, listing, reviewed) is None


def test_the_bases_counts_follow_every_verdict_and_change(
        db: Database, store: dict[str, Any], backend: str) -> None:
    """The counts of whole bases and of causales come from counters kept by save_verdict; they
    must say what counting the accounts says, after first verdicts and after changed ones."""
    agent = store["agent"]
    facts = _facts(db)
    target = next(f for f in facts if f["status"] == "revisada")
    detail = review.detail(db, target["id"])
    flipped = (Procedencia.NO_PROCEDE if detail.row.procedencia is Procedencia.PROCEDE
               else Procedencia.PROCEDE)
    others = [c.id for c in catalogue.list_causales(db) if c.id not in detail.causal_ids][:2]
    review.save_verdict(db, agent, target["id"], VerdictInput(
        (*others, *detail.causal_ids[1:]), flipped,
        ProcedeMotivo.FALTA_INFORMACION if flipped is Procedencia.PROCEDE else None, "otra"),
        detail.version)
    facts = _facts(db)
    assert search_index.tidy(db) is (backend == "sqlite")  # merged, the index says the same
    for words in ("nodo", "gom", "informacion incompleta"):
        for status in (None, CaseStatus.PENDIENTE, CaseStatus.REVISADA):
            filters = ReviewFilters(text=words, status=status)
            wanted = [f for f in facts if _matches(filters, f)]
            reviewed = sum(f["status"] == "revisada" for f in wanted)
            assert pages.counts(db, filters) == ReviewCounts(len(wanted), reviewed), filters
            assert listed_ids(db, filters) == sorted(
                (f["id"] for f in wanted), key=lambda i: next(
                    (f["fecha"], f["id"]) for f in wanted if f["id"] == i))
    for day in (None, *DAYS):
        for status in (None, CaseStatus.PENDIENTE, CaseStatus.REVISADA):
            for procedencia in (None, *Procedencia):
                filters = ReviewFilters(base_dates=(day,) if day else (), status=status,
                                        procedencia=procedencia)
                wanted = [f for f in facts if _matches(filters, f)]
                reviewed = sum(f["status"] == "revisada" for f in wanted)
                assert pages.counts(db, filters) == ReviewCounts(len(wanted), reviewed), filters
    for causal in catalogue.list_causales(db):
        for day in (None, *DAYS):
            for status in (None, CaseStatus.PENDIENTE, CaseStatus.REVISADA):
                filters = ReviewFilters(base_dates=(day,) if day else (), causal_id=causal.id,
                                        status=status)
                wanted = [f for f in facts if _matches(filters, f)]
                assert pages.counts(db, filters) == ReviewCounts(len(wanted), len(wanted)), \
                    filters
