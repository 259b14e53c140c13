"""Criterios de Evaluación 3 and 4 of seed 004, computed from the imported tipificaciones.

3. «Cantidad de Tipificaciones registradas en el canal de atención, del tipo de trámite por la
   cual se ha registrado la Inoperatividad. Comparación con días previos»: the count of the
   record's trámite in its point (or, when the export has no rows for the point, in its
   channel) during the event's range, against the same range on the same weekday of each of
   the previous 4 weeks. A weekday is compared with the same weekday because a Monday at a CAC
   is not a Sunday. The range is hours when the export has hours for every day compared (the
   hours the event touched, in Lima), else the whole day(s) of the event.
4. «Cantidad de Tipificaciones de Reclamos en el día que se registró la inoperatividad.
   Comparación con días previos», for Reclamos and LDR in all channels: the event's first day
   (Lima) against each of the previous 7 days.

A day the export does not cover (no row at all for the scope that day) is «sin datos», never 0:
a missing day would otherwise read as a drop. A covered day without rows of the trámite is a
true 0. The average is over the previous values that have data; the change is against it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from swat_desktop.domain.formatting import LIMA
from swat_desktop.domain.tipificaciones import Place, PlaceKind, Tramite

WEEKS = 4
PREVIOUS_DAYS = 7
NO_DATA = "sin datos"
_WEEKDAYS = ("lun", "mar", "mié", "jue", "vie", "sáb", "dom")


@dataclass(frozen=True)
class TipCount:
    day: date
    hour: int | None  # None: the row counts for the whole day
    place: Place
    tramite: Tramite
    count: int


@dataclass(frozen=True)
class Measure:
    day: date  # the first day measured
    value: int | None  # None: sin datos

    @property
    def label(self) -> str:
        return f"{_WEEKDAYS[self.day.weekday()]} {self.day:%d/%m}"

    @property
    def text(self) -> str:
        return NO_DATA if self.value is None else str(self.value)


@dataclass(frozen=True)
class Comparison:
    current: Measure
    previous: tuple[Measure, ...]  # nearest first

    @property
    def average(self) -> float | None:
        known = [m.value for m in self.previous if m.value is not None]
        return sum(known) / len(known) if known else None

    @property
    def change(self) -> float | None:
        """% change of the current value against the average; None when either is missing
        or the average is 0 (no percentage of nothing)."""
        average = self.average
        if self.current.value is None or not average:
            return None
        return (self.current.value - average) / average * 100

    @property
    def summary(self) -> str:
        """One line: "12 · promedio 30 · −60 %", or «sin datos»."""
        average = self.average
        if self.current.value is None and average is None:
            return NO_DATA
        parts = [self.current.text,
                 f"promedio {NO_DATA if average is None else format_number(average)}"]
        change = self.change
        if change is not None:
            parts.append(format_change(change))
        return " · ".join(parts)


@dataclass(frozen=True)
class EventCriteria:
    tramite: Tramite | None  # the record's trámite type; None when it has none
    scope: Place
    scope_label: str  # "CAC San Isidro" or "canal Presencial"
    range_label: str  # "10:00 a 11:59" or "todo el día"
    tipificaciones: Comparison | None
    reclamos: Comparison
    ldr: Comparison

    @property
    def has_data(self) -> bool:
        measures = [self.reclamos.current, self.ldr.current, *self.reclamos.previous]
        if self.tipificaciones is not None:
            measures += [self.tipificaciones.current, *self.tipificaciones.previous]
        return any(m.value is not None for m in measures)


def format_number(value: float) -> str:
    """Spanish decimals: 30 -> "30", 12.25 -> "12,3"."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def format_change(change: float) -> str:
    sign = "+" if change > 0 else "−" if change < 0 else ""
    return f"{sign}{format_number(round(abs(change), 1))} %"


def event_days(started_at: datetime, ended_at: datetime | None) -> list[date]:
    """The Lima days the event touched, first to last."""
    first = started_at.astimezone(LIMA).date()
    last = _last_moment(started_at, ended_at).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def days_needed(started_at: datetime, ended_at: datetime | None) -> set[date]:
    """Every day the criteria read: the event's, the same days of the 4 weeks before and the
    7 days before its first day (services filter the rows by these in SQL)."""
    days = event_days(started_at, ended_at)
    needed = {d - timedelta(weeks=k) for d in days for k in range(WEEKS + 1)}
    return needed | {days[0] - timedelta(days=k) for k in range(PREVIOUS_DAYS + 1)}


def _last_moment(started_at: datetime, ended_at: datetime | None) -> datetime:
    """The last instant inside the event: one ending at 12:00 did not touch the 12 o'clock
    hour; an open event counts its first hour."""
    start = started_at.astimezone(LIMA)
    if ended_at is None or ended_at <= started_at:
        return start
    return (ended_at - timedelta(microseconds=1)).astimezone(LIMA)


def _slots(started_at: datetime, ended_at: datetime | None) -> list[tuple[date, int]]:
    start, last = started_at.astimezone(LIMA), _last_moment(started_at, ended_at)
    moment = start.replace(minute=0, second=0, microsecond=0)
    slots = []
    while moment <= last:
        slots.append((moment.date(), moment.hour))
        moment = (moment + timedelta(hours=1)).astimezone(LIMA)
    return slots


def event_criteria(counts: Iterable[TipCount], point_code: str, point_name: str,
                   channel: str, channel_label: str, tramite: Tramite | None,
                   started_at: datetime, ended_at: datetime | None) -> EventCriteria:
    """Both criteria for one event from the counts of (at least) ``days_needed``."""
    rows = list(counts)
    point = Place(PlaceKind.PUNTO, point_code)
    at_point = any(r.place == point for r in rows)
    scope = point if at_point else Place(PlaceKind.CANAL, channel)
    label = point_name if at_point else f"canal {channel_label}"
    days = event_days(started_at, ended_at)
    in_scope = [r for r in rows if r.place == scope]
    weeks = [[d - timedelta(weeks=k) for d in days] for k in range(WEEKS + 1)]
    compared = {d for week in weeks for d in week}
    hourly = _hourly(in_scope, compared)
    slots = _slots(started_at, ended_at)
    if hourly:
        range_label = _hours_label(slots)
    else:
        range_label = "todo el día" if len(days) == 1 else f"{len(days)} días completos"
    tipificaciones = None
    if tramite is not None:
        measures = []
        for k in range(WEEKS + 1):
            shift = timedelta(weeks=k)
            if hourly:
                wanted = {(d - shift, h) for d, h in slots}
                value = _sum(in_scope, tramite, {d for d, _ in wanted},
                             lambda r, w=wanted: (r.day, r.hour) in w)
            else:
                value = _sum(in_scope, tramite, set(weeks[k]), lambda _r: True)
            measures.append(Measure(days[0] - shift, value))
        tipificaciones = Comparison(measures[0], tuple(measures[1:]))
    first = days[0]
    previous = [first - timedelta(days=k) for k in range(PREVIOUS_DAYS + 1)]
    reclamos, ldr = (Comparison(*_daily(rows, kind, previous)) for kind in
                     (Tramite.RECLAMOS, Tramite.LDR))
    return EventCriteria(tramite, scope, label, range_label, tipificaciones, reclamos, ldr)


def _hourly(rows: Sequence[TipCount], days: set[date]) -> bool:
    """Hours are compared only when every covered day compared has hours for all its rows."""
    involved = [r for r in rows if r.day in days]
    return bool(involved) and all(r.hour is not None for r in involved)


def _sum(rows: Sequence[TipCount], tramite: Tramite, days: set[date], keep: object
         ) -> int | None:
    covered = {r.day for r in rows if r.day in days}
    if covered != days:
        return None
    return sum(r.count for r in rows if r.day in days and r.tramite is tramite
               and keep(r))  # type: ignore[operator]


def _daily(rows: Sequence[TipCount], tramite: Tramite, days: Sequence[date]
           ) -> tuple[Measure, tuple[Measure, ...]]:
    """All channels: a day is covered when the export has any row for it."""
    measures = [Measure(d, _sum(rows, tramite, {d}, lambda _r: True)) for d in days]
    return measures[0], tuple(measures[1:])


def _hours_label(slots: Sequence[tuple[date, int]]) -> str:
    (first_day, first_hour), (last_day, last_hour) = slots[0], slots[-1]
    end = f"{last_hour:02d}:59" + ("" if last_day == first_day else f" del {last_day:%d/%m}")
    return f"{first_hour:02d}:00 a {end}"


def tramite_for(request_type: str | None) -> Tramite | None:
    """The export's type for a record's request type (the same codes)."""
    return Tramite(request_type) if request_type in {t.value for t in Tramite} else None


MAX_POSTS = 100_000
MAX_ONLINE_NOTE = 1_000


@dataclass(frozen=True)
class AtencionOnline:
    """Atención Online's report on social media (criterion 3, 004: «Informe de John Gibson /
    Equipo»): posts about not being attended during the event, public and by inbox."""

    public_posts: int
    inbox_messages: int
    note: str
    recorded_by: str  # by name
    recorded_at: datetime

    @property
    def summary(self) -> str:
        return (f"{self.public_posts} publicaciones públicas · {self.inbox_messages} mensajes "
                "por inbox")


def online_errors(public_posts: int, inbox_messages: int, note: str) -> dict[str, str]:
    """Field -> Spanish message for a report that cannot be stored."""
    errors = {}
    for key, value, what in (("public_posts", public_posts, "publicaciones públicas"),
                             ("inbox_messages", inbox_messages, "mensajes por inbox")):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            errors[key] = f"Las {what} deben ser un número entero de 0 o más."
        elif value > MAX_POSTS:
            errors[key] = f"Las {what} no pueden pasar de {MAX_POSTS}: revise el número."
    if len(note.strip()) > MAX_ONLINE_NOTE:
        errors["note"] = f"La nota admite hasta {MAX_ONLINE_NOTE} caracteres."
    return errors


@dataclass(frozen=True)
class RecordCriteria:
    """What the panel, the PDF and the report show of criteria 3 and 4 for one record."""

    criteria: EventCriteria | None  # None: the record has no start to measure from
    online: AtencionOnline | None  # None: Atención Online has not reported yet

    @property
    def any_data(self) -> bool:
        """Whether anything was imported or reported for the event: a printed form without
        either gets no page of «sin datos»."""
        return self.online is not None or (self.criteria is not None
                                           and self.criteria.has_data)
