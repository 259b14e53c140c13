"""Who is using the application and in which role.

Identity is declared, not authenticated: it exists so that every audit row says who acted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from swat_desktop.domain.formatting import BOGOTA, LIMA


class Role(StrEnum):
    AGENTE_CELULA = "agente_celula"
    BACKOFFICE = "backoffice"
    SUPERVISOR_CAC = "supervisor_cac"
    CONTROL_INFORMACION = "control_informacion"
    PROCESOS = "procesos"
    # The leaders of the modelo de gestión operativa (seed 000, section 7): they hold the
    # management practices with the célula's advisors.
    SUPERVISOR = "supervisor"
    COORDINADOR = "coordinador"
    GERENTE = "gerente"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]

    @property
    def unit_kind(self) -> UnitKind:
        """Mal escalados roles belong to a célula; a CAC supervisor to an attention point."""
        if self in MAL_ESCALADOS_ROLES:
            return UnitKind.CELULA
        if self is Role.SUPERVISOR_CAC:
            return UnitKind.ATTENTION_POINT
        return UnitKind.NONE

    @property
    def procedure(self) -> Procedure:
        """The procedure the role works in: the workspace the window opens on."""
        if self in MAL_ESCALADOS_ROLES:
            return Procedure.MAL_ESCALADOS
        return Procedure.INOPERATIVIDAD

    @property
    def zone(self) -> ZoneInfo:
        """Mal escalados is a Colombian procedure; inoperatividad and its areas are Peruvian."""
        return BOGOTA if self in MAL_ESCALADOS_ROLES else LIMA


class Procedure(StrEnum):
    MAL_ESCALADOS = "mal_escalados"
    INOPERATIVIDAD = "inoperatividad"


class UnitKind(StrEnum):
    CELULA = "celula"
    ATTENTION_POINT = "attention_point"
    NONE = "none"

    @property
    def label(self) -> str:
        return {
            UnitKind.CELULA: "Célula",
            UnitKind.ATTENTION_POINT: "Punto de atención",
            UnitKind.NONE: "Área",
        }[self]


_ROLE_LABELS = {
    Role.AGENTE_CELULA: "Agente de célula",
    Role.BACKOFFICE: "Backoffice",
    Role.SUPERVISOR_CAC: "Supervisor CAC",
    Role.CONTROL_INFORMACION: "Control e Información",
    Role.PROCESOS: "Procesos",
    Role.SUPERVISOR: "Supervisor de célula",
    Role.COORDINADOR: "Coordinador",
    Role.GERENTE: "Gerente",
}
# The roles of the Mal escalados procedure: a célula's, on Bogotá's clock.
LEADERS = frozenset({Role.SUPERVISOR, Role.COORDINADOR, Role.GERENTE})
MAL_ESCALADOS_ROLES = frozenset({Role.AGENTE_CELULA, Role.BACKOFFICE}) | LEADERS

LOGIN_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
MAX_NAME = 120  # the store's columns for a name, a unit and an attention point's name


@dataclass(frozen=True)
class UserProfile:
    id: int
    login: str
    full_name: str
    role: Role
    unit: str

    @property
    def display(self) -> str:
        return f"{self.full_name} ({self.login})"


@dataclass(frozen=True)
class ProfileInput:
    """What the person typed in the identity dialog, before it is validated."""

    login: str
    full_name: str
    role: Role | None
    unit: str

    def normalized(self) -> ProfileInput:
        return ProfileInput(
            login=self.login.strip().lower(),
            full_name=" ".join(self.full_name.split()),
            role=self.role,
            unit=" ".join(self.unit.split()),
        )


def validate_profile(data: ProfileInput) -> dict[str, str]:
    """Return a Spanish message per invalid field (empty when the profile can be saved)."""
    data = data.normalized()
    errors: dict[str, str] = {}
    if len(data.full_name) < 3:
        errors["full_name"] = "Escriba su nombre completo."
    elif len(data.full_name) > MAX_NAME:
        errors["full_name"] = f"El nombre admite hasta {MAX_NAME} caracteres."
    if not data.login:
        errors["login"] = "Escriba su usuario de red."
    elif not LOGIN_PATTERN.match(data.login):
        errors["login"] = (
            "El usuario debe tener de 3 a 40 caracteres: letras sin tilde, números, punto, "
            "guion o guion bajo."
        )
    if data.role is None:
        errors["role"] = "Elija su rol."
    elif data.role.unit_kind is not UnitKind.NONE and not data.unit:
        errors["unit"] = f"Indique su {data.role.unit_kind.label.lower()}."
    if len(data.unit) > MAX_NAME:
        errors["unit"] = f"Este campo admite hasta {MAX_NAME} caracteres."
    return errors
