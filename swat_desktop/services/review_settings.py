"""What the review remembers for each person on this computer: the Asignación filter.

An agent who switched to «Todas» because nothing was assigned yet should find «Todas» again
after a restart. It is kept in ``config/local.json`` (local_settings) by login, beside who is
at the keyboard: a preference of the person at this machine, never shared through a
PostgreSQL store.
"""

from __future__ import annotations

from pathlib import Path

from swat_desktop.domain.identity import Role, UserProfile
from swat_desktop.services import local_settings

KEY = "revision_asignacion"  # login -> "todas" | "mias" | "sin_asignar" | a reviewer's id
ALL, MINE, UNASSIGNED = "todas", "mias", "sin_asignar"


def default_assignment(user: UserProfile) -> int | None:
    """Before any choice: an agent works the accounts assigned to them, everybody else sees
    the whole list (``ReviewFilters.assigned_to``: a user id, 0 unassigned, None all)."""
    return user.id if user.role is Role.AGENTE_CELULA else None


def review_assignment(settings_file: Path, user: UserProfile) -> int | None:
    """The Asignación filter ``user`` last chose here, as ``ReviewFilters.assigned_to``."""
    stored = _stored(settings_file).get(user.login)
    if stored == ALL:
        return None
    if stored == MINE:
        return user.id
    if stored == UNASSIGNED:
        return 0
    if isinstance(stored, int) and not isinstance(stored, bool) and stored > 0:
        return stored
    return default_assignment(user)


def remember_review_assignment(settings_file: Path, user: UserProfile,
                               assigned_to: int | None) -> None:
    """Written only when it changed, and not for the role's default before any choice: a
    filter change or a start must not rewrite the file each time."""
    value: str | int = (ALL if assigned_to is None else MINE if assigned_to == user.id
                        else UNASSIGNED if assigned_to == 0 else assigned_to)
    choices = _stored(settings_file)
    unchanged = (choices[user.login] == value if user.login in choices
                 else assigned_to == default_assignment(user))
    if unchanged:
        return
    local_settings.update(settings_file, **{KEY: choices | {user.login: value}})


def _stored(settings_file: Path) -> dict[str, object]:
    choices = local_settings.read(settings_file).get(KEY)
    return choices if isinstance(choices, dict) else {}
