"""The management practices of the modelo de gestión operativa (seed 000, section 7): their
catalogue, what a leader types when they record one held, and the rows that come back.

The catalogue is a data file (resources/catalogues/practicas.json) because its goals are the
operation's decision, not the program's: a new goal is a new file version, and each practice
held keeps the version it was recorded under. The file is checked here, field by field, so a
broken one is refused with a Spanish sentence that names the practice and the field instead of
failing somewhere in a week's figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from swat_desktop.domain.identity import LEADERS, Role

MAX_PARTICIPANTS = 300
MAX_TEXT = 2000
MAX_LINKS = 50
MAX_DURATION = 8 * 60  # no practice of the model takes a whole working day


class CatalogueError(Exception):
    """The practices' file cannot be used; the message says where and what, in Spanish."""


class GoalPeriod(StrEnum):
    """The period a goal counts over; how each becomes a week's goal is practice_compliance's."""

    DIA = "dia"
    SEMANA = "semana"
    QUINCENA = "quincena"
    SEMESTRE = "semestre"

    @property
    def label(self) -> str:
        return {GoalPeriod.DIA: "al día", GoalPeriod.SEMANA: "a la semana",
                GoalPeriod.QUINCENA: "a la quincena", GoalPeriod.SEMESTRE: "al semestre"}[self]


@dataclass(frozen=True)
class Goal:
    count: int
    per: GoalPeriod

    @property
    def label(self) -> str:
        return f"{self.count} {self.per.label}"


@dataclass(frozen=True)
class Practice:
    code: str
    number: int  # its place in the catalogue, from 1: what the quick entry accepts typed
    name: str
    description: str
    frequency: str
    duration_minutes: int
    links: bool  # whether it is about accounts and advisors (Confirmación de proceso)
    goals: dict[Role, Goal]

    def goal_for(self, role: Role) -> Goal | None:
        return self.goals.get(role)

    @property
    def owners(self) -> str:
        return " / ".join(role.label for role in Role if role in self.goals)


@dataclass(frozen=True)
class PracticeCatalogue:
    version: int
    source: str
    practices: tuple[Practice, ...]

    def get(self, code: str) -> Practice | None:
        return next((p for p in self.practices if p.code == code), None)

    def for_role(self, role: Role) -> tuple[Practice, ...]:
        return tuple(p for p in self.practices if role in p.goals)

    def find(self, typed: str) -> Practice | None:
        """The practice the quick entry means: its number, its code, or the first letters of
        its name (the first in catalogue order when several start alike)."""
        typed = " ".join(typed.split()).casefold()
        if not typed:
            return None
        if typed.isdigit():
            number = int(typed)
            return next((p for p in self.practices if p.number == number), None)
        exact = next((p for p in self.practices if p.code.casefold() == typed), None)
        return exact or next(
            (p for p in self.practices if p.name.casefold().startswith(typed)), None)


def _fail(where: str, what: str) -> CatalogueError:
    return CatalogueError(f"El catálogo de prácticas de gestión no se puede usar: {where}: "
                          f"{what}.")


def _text(item: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = item.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise _fail(where, f"falta el campo «{key}» (un texto)")
    return value.strip()


def _whole(item: dict[str, Any], key: str, where: str, low: int, high: int) -> int:
    value = item.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _fail(where, f"«{key}» debe ser un número entero de {low} a {high}")
    return value


def _goals(raw: object, where: str) -> dict[Role, Goal]:
    if not isinstance(raw, dict) or not raw:
        raise _fail(where, "«goals» debe indicar la meta de al menos un rol")
    leaders = {role.value: role for role in LEADERS}
    goals: dict[Role, Goal] = {}
    for name, goal in raw.items():
        role = leaders.get(name)
        if role is None:
            raise _fail(where, f"el rol «{name}» no es de un líder (supervisor, coordinador, "
                               "gerente)")
        if not isinstance(goal, dict):
            raise _fail(where, f"la meta de «{name}» debe tener «count» y «per»")
        periods = [p.value for p in GoalPeriod]
        if goal.get("per") not in periods:
            raise _fail(where, f"la meta de «{name}» debe contar por {', '.join(periods)}")
        goals[role] = Goal(_whole(goal, "count", f"{where}, meta de «{name}»", 1, 50),
                           GoalPeriod(goal["per"]))
    return goals


def parse_catalogue(data: object) -> PracticeCatalogue:
    """The catalogue from the file's JSON, or CatalogueError with the first problem found."""
    if not isinstance(data, dict):
        raise _fail("el archivo", "debe ser un objeto JSON con «version» y «practices»")
    version = _whole(data, "version", "el archivo", 1, 10_000)
    items = data.get("practices")
    if not isinstance(items, list) or not items:
        raise _fail("el archivo", "«practices» debe ser una lista con al menos una práctica")
    practices: list[Practice] = []
    for number, item in enumerate(items, start=1):
        where = f"práctica n.º {number}"
        if not isinstance(item, dict):
            raise _fail(where, "debe ser un objeto con sus campos")
        code = _text(item, "code", where).upper()
        where = f"práctica n.º {number} ({code})"
        if not code.isalnum() or len(code) > 20:
            raise _fail(where, "el código admite hasta 20 letras o números")
        if any(p.code == code for p in practices):
            raise _fail(where, "el código está repetido")
        links = item.get("links", False)
        if not isinstance(links, bool):
            raise _fail(where, "«links» debe ser true o false")
        practices.append(Practice(
            code=code, number=number, name=_text(item, "name", where),
            description=_text(item, "description", where, required=False),
            frequency=_text(item, "frequency", where),
            duration_minutes=_whole(item, "duration_minutes", where, 1, MAX_DURATION),
            links=links, goals=_goals(item.get("goals"), where)))
    source = data.get("source", "")
    return PracticeCatalogue(version, source if isinstance(source, str) else "",
                             tuple(practices))


class LinkKind(StrEnum):
    CUENTA = "cuenta"  # an account of the mal escalados bases
    ASESOR = "asesor"  # an advisor, by the id the bases give them

    @property
    def label(self) -> str:
        return {LinkKind.CUENTA: "Cuenta", LinkKind.ASESOR: "Asesor"}[self]


@dataclass(frozen=True)
class PracticeLink:
    kind: LinkKind
    value: str  # the cuenta, or the asesor's id
    label: str = ""  # the advisor's name as the bases have it; empty for a cuenta

    @property
    def display(self) -> str:
        return f"{self.label} ({self.value})" if self.label else self.value


@dataclass(frozen=True)
class PracticeInput:
    """A practice held, as the leader typed it; who led it is the one who records it."""

    practice_code: str
    held_on: date
    start_time: time
    participants: str  # with whom: the team, or the advisors' names
    duration_minutes: int
    notes: str = ""
    follow_up: str = ""
    follow_up_due: date | None = None
    links: tuple[PracticeLink, ...] = ()


def validate_practice(data: PracticeInput, catalogue: PracticeCatalogue, role: Role
                      ) -> dict[str, str]:
    """One Spanish message per invalid field; empty when the practice can be saved."""
    errors: dict[str, str] = {}
    practice = catalogue.get(data.practice_code)
    if practice is None:
        errors["practica"] = "Elija una práctica del catálogo."
    elif practice.goal_for(role) is None:
        errors["practica"] = (f"«{practice.name}» no es una práctica del rol "
                              f"{role.label.lower()} ({practice.owners}).")
    elif data.links and not practice.links:
        errors["vinculos"] = f"«{practice.name}» no se vincula a cuentas ni asesores."
    if not data.participants.strip():
        errors["participantes"] = "Indique con quién se hizo (el equipo o los asesores)."
    elif len(data.participants) > MAX_PARTICIPANTS:
        errors["participantes"] = f"Este campo admite hasta {MAX_PARTICIPANTS} caracteres."
    if not 1 <= data.duration_minutes <= MAX_DURATION:
        errors["duracion"] = f"La duración va de 1 a {MAX_DURATION} minutos."
    for key, value in (("notas", data.notes), ("seguimiento", data.follow_up)):
        if len(value) > MAX_TEXT:
            errors[key] = f"Este campo admite hasta {MAX_TEXT} caracteres."
    if data.follow_up_due is not None and data.follow_up_due < data.held_on:
        errors["fecha_seguimiento"] = "El seguimiento no puede vencer antes de la práctica."
    if data.follow_up_due is not None and not data.follow_up.strip():
        errors["seguimiento"] = "Escriba qué se revisa en el seguimiento."
    if len(data.links) > MAX_LINKS:
        errors["vinculos"] = f"Una práctica se vincula a {MAX_LINKS} cuentas o asesores a lo sumo."
    return errors


@dataclass(frozen=True)
class PracticeRecord:
    """A practice held, as the registry lists it."""

    id: int
    practice_code: str
    practice_name: str
    catalogue_version: int
    held_on: date
    start_time: time
    leader_id: int
    leader_name: str
    leader_role: Role
    participants: str
    duration_minutes: int
    notes: str
    follow_up: str
    follow_up_due: date | None
    links: tuple[PracticeLink, ...]
    recorded_at: datetime
    version: int

    def as_input(self) -> PracticeInput:
        return PracticeInput(self.practice_code, self.held_on, self.start_time,
                             self.participants, self.duration_minutes, self.notes,
                             self.follow_up, self.follow_up_due, self.links)
