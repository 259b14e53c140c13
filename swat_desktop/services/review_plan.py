"""How the review's SQL reads a list: the filters as conditions, each order as index columns,
and which index walks the list.

A page is read along an index in the order shown (keyset: "the next 100 after this row"), so
its cost follows the page, not the store. Two shapes of order:

- plain: columns that are never NULL and have an index in this order (cuenta, names, dates);
- grouped: a column of few values, NULL among them, shown in an order SQL does not know (the
  causal's place in the catalogue, the agent's name, Pendiente before Revisada). Each value is
  a group read on its own, in the order shown, along the index of that column.

SQLite without statistics guesses that any equality narrows a list to a few rows, so it would
read a selective-looking filter's index and sort all its matches (a status filter over a year:
70,000 rows sorted per page). ``walk`` tells it instead to read along the order's index and
test each row, which costs the page over the share of rows that match: chosen when the matches
are many, left to the planner when they are few (sorting a few hundred rows is cheap, walking
a year for them is not). The hiding is a ``coalesce(x, x)`` around a column, which SQLite
cannot match to an index; PostgreSQL plans with statistics and gets the plain columns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, column, exists, func, select, table, tuple_
from sqlalchemy.orm import aliased

from swat_desktop.domain.base_format import query_words
from swat_desktop.domain.mal_escalados import (
    CaseStatus,
    Procedencia,
    ReviewCounts,
    ReviewFilters,
    ReviewSort,
    SortKey,
)
from swat_desktop.storage.models import (
    SEARCH_TABLE,
    MalEscaladoCase,
    MalEscaladoCaseCausal,
    User,
)

Case = MalEscaladoCase
Assignee = aliased(User)
Key = tuple[Any, ...]  # (its group's value, the order's columns…, id) of one row
ALL = "*"  # the single group of a plain order

# The FTS5 index as SQL sees it: its rowid is the account's id; MATCH goes on the column named
# like the table, which stands for every indexed column.
SEARCH = table(SEARCH_TABLE, column("rowid"), column(SEARCH_TABLE))


@dataclass(frozen=True)
class Order:
    key: SortKey
    descending: bool
    group_column: Any  # None for a plain order
    groups: tuple[Any, ...]  # values in the order shown ascending; (ALL,) when plain
    within: tuple[Any, ...]  # columns ordered inside a group, before the id

    @property
    def columns(self) -> tuple[Any, ...]:
        return (*self.within, Case.id)

    def shown_groups(self) -> tuple[Any, ...]:
        """Group values in the order shown."""
        return self.groups[::-1] if self.descending else self.groups

    def group_condition(self, value: Any) -> ColumnElement[bool] | None:
        if self.group_column is None:
            return None
        return self.group_column.is_(None) if value is None else self.group_column == value


@dataclass(frozen=True)
class Listing:
    """One list as the screen asks for it, with what its queries need to be planned: read once
    per filter or sort change, then every page and count of that list reuses it."""

    filters: ReviewFilters
    order: Order
    counts: ReviewCounts
    store_rows: int  # every account in the store: what a walk may have to read past
    base_ids: tuple[int, int] | None  # id range of the bases filtered on, when there are
    match: str | None  # the full-text query of the words (None: no words, or LIKE is used)

    @property
    def walk(self) -> bool:
        """Read along the order's index (True) or let the filters' indexes drive (False).

        Walking reads about a page over the share of rows that match; driving reads every
        match and sorts them. Walking wins once matches² > page × store, and always when the
        only filters are columns the order's index starts with (a base by escalation time)."""
        used = _filtered_columns(self.filters)
        if used is not None and used <= _names(leading(self.order)):
            return True
        matches = self.counts.total
        return matches * matches >= PAGE_ROWS * max(self.store_rows, 1)


PAGE_ROWS = 100

_PLAIN: dict[SortKey, tuple[Any, ...]] = {
    SortKey.BASE_DATE: (Case.base_date, Case.fecha_escalamiento),  # ix base_fecha
    SortKey.CUENTA: (Case.cuenta,),
    SortKey.FECHA: (Case.fecha_escalamiento,),
    SortKey.ASESOR_ID: (Case.asesor_id, Case.status),  # ix asesor_status
    SortKey.ASESOR: (Case.asesor_nombre,),
    SortKey.SUPERVISOR: (Case.supervisor, Case.status),  # ix supervisor_status
}


def order_for(sort: ReviewSort, filters: ReviewFilters, causal_order: list[int],
              assignee_order: list[int]) -> Order:
    """``causal_order`` and ``assignee_order``: ids in the order people read them (catalogue,
    name). Groups that the filters rule out are left out: a causal or a procedencia means a
    reviewed account, its absence a pending one, so walking them would read rows for nothing."""
    if sort.key in _PLAIN:
        return Order(sort.key, sort.descending, None, (ALL,), _PLAIN[sort.key])
    reviewed = (filters.status is CaseStatus.REVISADA or filters.procedencia is not None
                or filters.causal_id is not None)
    pending = filters.status is CaseStatus.PENDIENTE
    if sort.key is SortKey.STATUS:
        groups: tuple[Any, ...] = tuple(s.value for s in (CaseStatus.PENDIENTE,
                                                           CaseStatus.REVISADA))
        return Order(sort.key, sort.descending, Case.status,
                     _only(groups, filters.status.value if filters.status else None),
                     (Case.fecha_escalamiento,))  # ix status_fecha
    if sort.key is SortKey.CAUSAL:
        groups = (None, *causal_order)
        column = Case.primary_causal_id
    elif sort.key is SortKey.PROCEDENCIA:
        groups = (None, *sorted((p.value for p in Procedencia),
                                key=lambda v: Procedencia(v).label))
        column = Case.procedencia
        if filters.procedencia is not None:
            groups = (filters.procedencia.value,)
    else:
        assigned = filters.assigned_to
        groups = (None, *assignee_order)
        if assigned is not None:
            groups = (None,) if assigned == 0 else (assigned,)
        return Order(sort.key, sort.descending, Case.assigned_to, groups,
                     (Case.status,))  # ix assigned_status
    if pending:
        groups = tuple(g for g in groups if g is None)
    elif reviewed:
        groups = tuple(g for g in groups if g is not None)
    return Order(sort.key, sort.descending, column, groups, ())


def _only(groups: tuple[Any, ...], wanted: Any) -> tuple[Any, ...]:
    return groups if wanted is None else tuple(g for g in groups if g == wanted)


def _filtered_columns(filters: ReviewFilters) -> set[str] | None:
    """The case columns the filters compare, or None when a causal or words are asked for
    (those read other tables, never the order's index)."""
    if filters.causal_id is not None or query_words(filters.text):
        return None
    pairs = ((filters.base_dates, Case.base_date), (filters.asesor, Case.asesor_id),
             (filters.supervisor, Case.supervisor), (filters.status, Case.status),
             (filters.procedencia, Case.procedencia), (filters.assigned_to, Case.assigned_to))
    return {column.key for value, column in pairs if value not in (None, "", ())}


def _names(columns: tuple[Any, ...]) -> set[str]:
    return {c.key for c in columns}


def row_filters(filters: ReviewFilters) -> bool:
    """Filters that the bases' own counts cannot answer."""
    return bool(filters.asesor or filters.supervisor or filters.causal_id is not None
                or filters.assigned_to is not None or query_words(filters.text))


def where(query: Select[Any], filters: ReviewFilters, *, match: str | None, sqlite: bool,
          walking: bool = False, led_by: tuple[Any, ...] = (),
          base_ids: tuple[int, int] | None = None, one_row: bool = False) -> Select[Any]:
    """``filters`` on ``query``. When walking on SQLite, the filtered columns are hidden from
    the planner except those the order's own index starts with (``led_by``). ``one_row``:
    the query reads a single account by id, so its causal is asked of it alone."""

    keep = _names(led_by)

    def plain(column: Any) -> Any:
        if sqlite and walking and column.key not in keep:
            return func.coalesce(column, column)
        return column

    if len(filters.base_dates) == 1:
        query = query.where(plain(Case.base_date) == filters.base_dates[0])
    elif filters.base_dates:
        query = query.where(plain(Case.base_date).in_(filters.base_dates))
    if base_ids is not None:
        query = query.where(Case.id.between(*base_ids))
    if filters.asesor:
        query = query.where(plain(Case.asesor_id) == filters.asesor)
    if filters.supervisor:
        query = query.where(plain(Case.supervisor) == filters.supervisor)
    if filters.status is not None:
        query = query.where(plain(Case.status) == filters.status.value)
    if filters.procedencia is not None:
        query = query.where(plain(Case.procedencia) == filters.procedencia.value)
    if filters.assigned_to == 0:
        query = query.where(plain(Case.assigned_to).is_(None))
    elif filters.assigned_to is not None:
        query = query.where(plain(Case.assigned_to) == filters.assigned_to)
    if filters.causal_id is not None:
        query = query.where(causal_condition(filters.causal_id, walking or one_row))
    if words := query_words(filters.text):
        query = query.where(text_condition(words, match, hide_id=sqlite and walking))
    return query


def listing_where(query: Select[Any], listing: Listing, sqlite: bool,
                  filters: ReviewFilters | None = None) -> Select[Any]:
    """The listing's filters (or others read along the same order) planned for its order.
    The bases' id range joins only orders kept by id inside their groups (causal,
    procedencia), where it is a seek; elsewhere SQLite could take it for a cheaper plan than
    the order's index and sort a whole base."""
    wanted = listing.filters if filters is None else filters
    by_id = listing.order.group_column is not None and not listing.order.within
    return where(query, wanted, match=listing.match, sqlite=sqlite, walking=listing.walk,
                 led_by=leading(listing.order), base_ids=listing.base_ids if by_id else None)


def causal_condition(causal_id: int, walking: bool) -> ColumnElement[bool]:
    """Any causal of the verdict, not only the first. Walking tests each row by its key;
    driving reads the causal's index and hands its accounts over."""
    if walking:
        return exists().where(MalEscaladoCaseCausal.case_id == Case.id,
                              MalEscaladoCaseCausal.causal_id == causal_id)
    return Case.id.in_(select(MalEscaladoCaseCausal.case_id)
                       .where(MalEscaladoCaseCausal.causal_id == causal_id))


def text_condition(words: list[str], match: str | None,
                   hide_id: bool = False) -> ColumnElement[bool]:
    """Every word typed begins a word of the account's search text (base_format). With the
    full-text index (``match``) the matches are read once and each row tested against them;
    ``hide_id`` keeps SQLite from fetching every match by id when another index reads the
    rows. Without it, LIKE on the words
    (PostgreSQL, or a SQLite built without FTS5), which reads every row."""
    if match is not None:
        case_id = func.coalesce(Case.id, Case.id) if hide_id else Case.id
        return case_id.in_(matching(match))
    spaced = " " + Case.search_text
    return and_(*(spaced.like(f"% {w}%") for w in words))


def matching(match: str) -> Select[Any]:
    return select(SEARCH.c.rowid).where(SEARCH.c[SEARCH_TABLE].match(match))


def match_expression(words: list[str], terms: Callable[[str], list[str]]) -> str:
    """The full-text query for the words: each one becomes the indexed words it begins
    ("gom" → "gomez" OR "gomara"), which the index reads straight from each word's list, about
    five times faster than its own prefix search; a prefix that begins more words than
    ``MAX_TERMS`` (a digit, say) is left to the index's prefix search. ``terms(w)`` lists up
    to MAX_TERMS + 1 indexed words beginning with ``w``."""
    parts = []
    for word in words:
        found = terms(word)
        if len(found) > MAX_TERMS:
            parts.append(f'"{word}"*')
        elif found:
            parts.append("(" + " OR ".join(f'"{t}"' for t in found) + ")")
        else:
            parts.append(f'"{word}"')  # no indexed word begins so: nothing matches
    return " AND ".join(parts)


PENDING_WORD = '"_pendiente"'  # the status word of each account (migration 0007)
MAX_TERMS = 32


def leading(order: Order) -> tuple[Any, ...]:
    """Columns whose equality the order's index can seek on before its own order."""
    if order.group_column is not None:
        return (order.group_column, *order.within[:1])
    first = order.within[0]
    if first is Case.fecha_escalamiento:
        return (Case.base_date, Case.status)  # ix base_fecha / ix status_fecha lead with them
    return (first,)


def sort_columns(order: Order, hide: bool) -> tuple[Any, ...]:
    """The order's columns; hidden from SQLite's planner when the filters' indexes drive, or
    it would walk the order's index past a year of rows for the few that match."""
    return tuple(func.coalesce(c, c) for c in order.columns) if hide else order.columns


def bound(order: Order, key: Key, ascending: bool, hide: bool = False) -> ColumnElement[bool]:
    """Rows after ``key`` in the direction read, within ``key``'s group."""
    columns, values = sort_columns(order, hide), key[1:]
    if len(columns) == 1:
        return columns[0] > values[0] if ascending else columns[0] < values[0]
    row = tuple_(*columns)
    return row > tuple_(*values) if ascending else row < tuple_(*values)


def base_range(first_last: list[tuple[int | None, int | None]]) -> tuple[int, int] | None:
    """The id range covering the given bases' accounts (a superset: the dates' condition
    stays), or None when one of them has no recorded range."""
    if not first_last or any(a is None or b is None for a, b in first_last):
        return None
    return (min(a for a, _ in first_last), max(b for _, b in first_last))  # type: ignore[type-var]


