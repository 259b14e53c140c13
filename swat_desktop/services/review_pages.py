"""The review table a page at a time: counts, pages after or before a row, a far jump, where
an account sits, and the next pending one — never the whole list.

Each function is one read transaction. Rows come with their keys (review_plan.Key): the table
asks for "the page after this row" and the database seeks there along an index. Counts come
from the bases' own counters when only bases, status and procedencia are asked, and from
``(column, status)`` indexes otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Select, column, func, inspect, select, table
from sqlalchemy.orm import Session

from swat_desktop.domain.base_format import has_words, query_words
from swat_desktop.domain.mal_escalados import (
    CaseRow,
    CaseStatus,
    Procedencia,
    ReviewCounts,
    ReviewFilters,
    ReviewSort,
)
from swat_desktop.services import review_plan as plan
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.services.review_plan import ALL, Assignee, Case, Key, Listing, Order
from swat_desktop.storage.models import (
    SEARCH_TABLE,
    SEARCH_TERMS,
    Causal,
    MalEscaladoBase,
    User,
)
from swat_desktop.storage.models import (
    MalEscaladoCausalCount as CausalCount,
)

PAGE_ROWS = plan.PAGE_ROWS
Base = MalEscaladoBase
_COLUMNS = (Case.id, Case.base_date, Case.cuenta, Case.fecha_escalamiento, Case.asesor_id,
            Case.asesor_nombre, Case.supervisor, Case.status, Causal.name, Case.procedencia,
            Assignee.full_name, Case.primary_causal_id, Case.assigned_to)
# Where each column an order may use sits in a row of _COLUMNS.
_AT = {c.key: i for i, c in enumerate(_COLUMNS) if c.table is Case.__table__}


@dataclass(frozen=True)
class Page:
    rows: tuple[CaseRow, ...]
    keys: tuple[Key, ...]

    def __len__(self) -> int:
        return len(self.rows)


EMPTY = Page((), ())


def rows_query() -> Select[Any]:
    return (select(*_COLUMNS)
            .outerjoin(Causal, Causal.id == Case.primary_causal_id)
            .outerjoin(Assignee, Assignee.id == Case.assigned_to))


def case_row(values: Sequence[Any]) -> CaseRow:
    return CaseRow(
        id=values[0], base_date=values[1], cuenta=values[2], fecha_escalamiento=values[3],
        asesor_id=values[4], asesor_nombre=values[5], supervisor=values[6],
        status=CaseStatus(values[7]), primary_causal=values[8] or "",
        procedencia=Procedencia(values[9]) if values[9] else None, assigned_to=values[10] or "",
    )


def _key(order: Order, values: Sequence[Any]) -> Key:
    group = ALL if order.group_column is None else values[_AT[order.group_column.key]]
    return (group, *(values[_AT[c.key]] for c in order.within), values[0])


def _page(order: Order, rows: Sequence[Sequence[Any]]) -> Page:
    return Page(tuple(case_row(r) for r in rows), tuple(_key(order, r) for r in rows))


def _has_search(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite" and inspect(
        session.connection()).has_table(SEARCH_TABLE)


_TERMS = table(SEARCH_TERMS, column("term"))


def _match(session: Session, filters: ReviewFilters) -> str | None:
    """The full-text query of the filter's words, or None (no words, or no index)."""
    words = query_words(filters.text)
    if not words or not _has_search(session):
        return None

    def terms(word: str) -> list[str]:
        return list(session.scalars(
            select(_TERMS.c.term).where(_TERMS.c.term >= word, _TERMS.c.term < word + "\uffff")
            .order_by(_TERMS.c.term).limit(plan.MAX_TERMS + 1)))

    return plan.match_expression(words, terms)


# -- opening a list ---------------------------------------------------------------------------


def open_listing(db: Store, filters: ReviewFilters, sort: ReviewSort) -> Listing:
    """What the list's pages need, with its counts: one short read per filter or sort change."""
    with session_scope(db) as session:
        match = _match(session, filters)
        causal_order = list(session.scalars(select(Causal.id).order_by(Causal.sort_order,
                                                                       Causal.code)))
        assignee_order = list(session.scalars(select(User.id).order_by(User.full_name,
                                                                       User.id)))
        bases = session.execute(select(Base.base_date, Base.first_case_id, Base.last_case_id,
                                       Base.imported_count)).all()
        counts = _count(session, filters, match)
    wanted = set(filters.base_dates)
    base_ids = plan.base_range([(a, b) for day, a, b, _ in bases if day in wanted]
                               ) if wanted else None
    order = plan.order_for(sort, filters, causal_order, assignee_order)
    return Listing(filters, order, counts, sum(n for *_, n in bases), base_ids, match)


def counts(db: Store, filters: ReviewFilters) -> ReviewCounts:
    with session_scope(db) as session:
        return _count(session, filters, _match(session, filters))


def _fts_count(session: Session, match: str) -> int:
    return session.scalar(select(func.count()).select_from(plan.matching(match).subquery())) or 0


def _count(session: Session, filters: ReviewFilters, match: str | None) -> ReviewCounts:
    if not plan.row_filters(filters):
        return _count_from_bases(session, filters)
    if filters.status is CaseStatus.PENDIENTE and (filters.causal_id is not None
                                                   or filters.procedencia is not None):
        return ReviewCounts(0, 0)  # a causal or a procedencia is a verdict's
    sqlite = session.get_bind().dialect.name == "sqlite"
    if match is not None and replace(filters, text="") == ReviewFilters(status=filters.status):
        # Words alone: both counts from the full-text index, the pending one through the
        # status word each account carries there.
        total = _fts_count(session, match)
        pending = _fts_count(session, f"({match}) AND {plan.PENDING_WORD}")
        return _split(filters, total, pending)
    alone = replace(filters, causal_id=None, base_dates=(), status=None)
    if filters.causal_id is not None and alone == ReviewFilters() and \
            filters.status is not CaseStatus.PENDIENTE:
        # A causal means a verdict: the bases' counts per causal say it all.
        query = select(func.coalesce(func.sum(CausalCount.accounts), 0)).where(
            CausalCount.causal_id == filters.causal_id)
        if filters.base_dates:
            query = query.join(Base, Base.id == CausalCount.base_id).where(
                Base.base_date.in_(filters.base_dates))
        total = session.scalar(query) or 0
        return ReviewCounts(total, total)
    total = session.scalar(plan.where(select(func.count(Case.id)), replace(
        filters, status=None), match=match, sqlite=sqlite)) or 0
    if filters.causal_id is not None or filters.procedencia is not None:
        pending = 0
    else:
        # Through the (column, status) or status index: a count of this list's pending rows,
        # which a célula keeps to the bases still under review.
        pending = session.scalar(plan.where(
            select(func.count(Case.id)), replace(filters, status=CaseStatus.PENDIENTE),
            match=match, sqlite=sqlite, walking=True,
            led_by=(Case.status, Case.asesor_id, Case.supervisor, Case.assigned_to))) or 0
    return _split(filters, total, pending)


def _split(filters: ReviewFilters, total: int, pending: int) -> ReviewCounts:
    """The list's counts from all its rows and its pending ones, whatever status it asks."""
    if filters.status is CaseStatus.PENDIENTE:
        return ReviewCounts(pending, 0)
    if filters.status is CaseStatus.REVISADA:
        return ReviewCounts(total - pending, total - pending)
    return ReviewCounts(total, total - pending)


def _count_from_bases(session: Session, filters: ReviewFilters) -> ReviewCounts:
    query = select(func.coalesce(func.sum(Base.imported_count), 0),
                   func.coalesce(func.sum(Base.reviewed_count), 0),
                   func.coalesce(func.sum(Base.procede_count), 0))
    if filters.base_dates:
        query = query.where(Base.base_date.in_(filters.base_dates))
    total, reviewed, procede = session.execute(query).one()
    if filters.procedencia is Procedencia.PROCEDE:
        total = reviewed = procede
    elif filters.procedencia is Procedencia.NO_PROCEDE:
        total = reviewed = reviewed - procede
    if filters.status is CaseStatus.PENDIENTE:
        return ReviewCounts(0 if filters.procedencia else total - reviewed, 0)
    if filters.status is CaseStatus.REVISADA:
        return ReviewCounts(reviewed, reviewed)
    return ReviewCounts(total, reviewed)


# -- pages ------------------------------------------------------------------------------------


def _segment(session: Session, listing: Listing, group: Any, key: Key | None, backward: bool,
             limit: int, offset: int = 0, filters: ReviewFilters | None = None
             ) -> list[Sequence[Any]]:
    """Up to ``limit`` rows of one group, after ``key`` (or from the group's start), read
    forward or backward in the order shown."""
    order = listing.order
    sqlite = session.get_bind().dialect.name == "sqlite"
    ascending = order.descending == backward
    query = plan.listing_where(rows_query(), listing, sqlite, filters)
    condition = order.group_condition(group)
    if condition is not None:
        query = query.where(condition)
    hide = sqlite and not listing.walk
    if key is not None:
        query = query.where(plan.bound(order, key, ascending, hide))
    columns = plan.sort_columns(order, hide)
    query = query.order_by(*(c.asc() if ascending else c.desc() for c in columns))
    return list(session.execute(query.limit(limit).offset(offset or None)).all())


def _read(session: Session, listing: Listing, key: Key | None, limit: int, backward: bool,
          filters: ReviewFilters | None = None) -> list[Sequence[Any]]:
    order = listing.order
    groups = order.shown_groups()[::-1] if backward else order.shown_groups()
    start = groups.index(key[0]) if key is not None and key[0] in groups else 0
    rows: list[Sequence[Any]] = []
    for number, group in enumerate(groups[start:]):
        same = key is not None and number == 0 and group == key[0]
        rows += _segment(session, listing, group, key if same else None, backward,
                         limit - len(rows), filters=filters)
        if len(rows) >= limit:
            break
    return rows


def after(db: Store, listing: Listing, key: Key | None, limit: int = PAGE_ROWS) -> Page:
    """The rows after ``key`` in the order shown; from the top when ``key`` is None."""
    if limit <= 0:
        return EMPTY
    with session_scope(db) as session:
        return _page(listing.order, _read(session, listing, key, limit, backward=False))


def before(db: Store, listing: Listing, key: Key, limit: int = PAGE_ROWS) -> Page:
    """The ``limit`` rows just above ``key``, in the order shown."""
    if limit <= 0:
        return EMPTY
    with session_scope(db) as session:
        rows = _read(session, listing, key, limit, backward=True)
    return _page(listing.order, rows[::-1])


def at(db: Store, listing: Listing, row: int, limit: int = PAGE_ROWS) -> Page:
    """The rows from position ``row``: a jump of the scroll bar far from any page read. It
    reads past the rows above (through the order's index), the one cost that follows the
    position asked, not the page."""
    order = listing.order
    with session_scope(db) as session:
        skipped = 0
        for group in order.shown_groups():
            size = _group_size(session, listing, group) if order.group_column is not None \
                else listing.counts.total
            if row < skipped + size:
                rows = _segment(session, listing, group, None, False, limit, row - skipped)
                break
            skipped += size
        else:
            return EMPTY
        if 0 < len(rows) < limit:  # the rest from the next groups, in the same read
            rows = [*rows, *_read(session, listing, _key(order, rows[-1]), limit - len(rows),
                                  backward=False)]
    return _page(order, rows)


def _group_size(session: Session, listing: Listing, group: Any) -> int:
    sqlite = session.get_bind().dialect.name == "sqlite"
    query = plan.listing_where(select(func.count(Case.id)), listing, sqlite)
    condition = listing.order.group_condition(group)
    return session.scalar(query.where(condition) if condition is not None else query) or 0


# -- positions --------------------------------------------------------------------------------


def _between(session: Session, listing: Listing, low: Key | None, high: Key) -> int:
    """Rows strictly between two keys in the order shown (from the top when ``low`` is None)."""
    order = listing.order
    sqlite = session.get_bind().dialect.name == "sqlite"
    groups = order.shown_groups()
    first = groups.index(low[0]) if low is not None else 0
    last = groups.index(high[0])
    total = 0
    for number in range(first, last + 1):
        group = groups[number]
        query = plan.listing_where(select(func.count(Case.id)), listing, sqlite)
        condition = order.group_condition(group)
        if condition is not None:
            query = query.where(condition)
        hide = sqlite and not listing.walk
        if low is not None and number == first:
            query = query.where(plan.bound(order, low, not order.descending, hide))
        if number == last:
            query = query.where(plan.bound(order, high, order.descending, hide))
        total += session.scalar(query) or 0
    return total


def locate(db: Store, listing: Listing, case_id: int) -> tuple[int, Key] | None:
    """Where an account sits in the list (its row and key), or None when it is not in it.
    Its words are checked against the search here, on its own text: asking the index about
    one account costs a whole search."""
    words = query_words(listing.filters.text)
    with session_scope(db) as session:
        sqlite = session.get_bind().dialect.name == "sqlite"
        found = session.execute(plan.where(
            select(*_COLUMNS, Case.search_text).outerjoin(
                Causal, Causal.id == Case.primary_causal_id).outerjoin(
                Assignee, Assignee.id == Case.assigned_to).where(Case.id == case_id),
            replace(listing.filters, text=""), match=None, sqlite=sqlite,
            one_row=True)).first()
        if found is None or (words and not has_words(found[-1], words)):
            return None
        key = _key(listing.order, found)
        if key[0] not in listing.order.groups:
            return None
        return _between(session, listing, None, key), key


def next_pending(db: Store, listing: Listing, key: Key | None, row: int = -1
                 ) -> tuple[int, Key] | None:
    """The first pending account after ``key`` (at ``row``) in the order shown, starting again
    from the top after the last; its row and key. It reads from ``key`` on and counts only the
    rows in between: a célula working down its list finds the next one in a page or two,
    whatever the store holds."""
    counts = listing.counts
    if listing.filters.status is CaseStatus.REVISADA or counts.reviewed >= counts.total:
        return None
    pending = replace(listing.filters, status=CaseStatus.PENDIENTE)
    narrowed = replace(listing, filters=pending,
                       counts=ReviewCounts(counts.total - counts.reviewed, 0))
    with session_scope(db) as session:
        if key is not None:
            rows = _read(session, narrowed, key, 1, backward=False, filters=pending)
            if rows:
                found = _key(listing.order, rows[0])
                return row + 1 + _between(session, listing, key, found), found
        rows = _read(session, narrowed, None, 1, backward=False, filters=pending)
        if not rows:
            return None
        found = _key(listing.order, rows[0])
        return _between(session, listing, None, found), found


def fetch_row(db: Store, case_id: int) -> CaseRow | None:
    """One row as the table shows it, re-read after its verdict changed."""
    with session_scope(db) as session:
        found = session.execute(rows_query().where(Case.id == case_id)).first()
    return case_row(found) if found is not None else None


__all__ = ["EMPTY", "PAGE_ROWS", "Page", "after", "at", "before", "counts", "fetch_row",
           "locate", "next_pending", "open_listing"]
