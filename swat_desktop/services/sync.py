"""Points that sync: an attention point keeps working on its own store and, whenever the
central server answers, sends it the point's new and changed events.

A push is a package (services/exchange.py) that never touches a disk the person sees: the
point's records, signed with the point's key, received by the central store with the same
checks, plan and single transaction as a package imported by hand — idempotent by UUID, a
record changed on both sides reported as a conflict and left for Control e Información. So the
central store never needs to trust the network, only the point's registered key.

What was sent is remembered on the point (``settings``: the version of every record the
central store took) only after the central transaction committed. A push killed at any moment
therefore either reached the centre whole or not at all, and the next push sends again what
is not remembered; the centre finds the same content and counts it «sin cambios». Nothing is
lost and nothing is doubled.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from swat_desktop.domain import permissions
from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import UserProfile
from swat_desktop.io.exchange_package import read_package
from swat_desktop.services import audit, exchange, identity
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.storage.database import Database
from swat_desktop.storage.errors import DatabaseError, StoreUnavailable
from swat_desktop.storage.migrate import current_revision, head_revision
from swat_desktop.storage.models import AttentionPoint, InoperatividadRecordRow, Setting, User

KEY = "sincronizacion"  # the settings row of this store's sync with its central server
UNREACHABLE = ("No se pudo conectar con el servidor central. {why} Los registros pendientes "
               "siguen en este equipo y se enviarán cuando vuelva la red; si no vuelve, "
               "envíelos en un paquete (Inoperatividad › Paquetes › Exportar paquete…).")


class CentralUnreachable(Exception):
    """The central server did not answer; nothing was sent and nothing was forgotten."""


@dataclass(frozen=True)
class SyncState:
    """What the point knows of its sync, for the window's line and ``sincronizar estado``."""

    central: str  # where it sends, as shown (no password)
    last_success_at: datetime | None
    last_attempt_at: datetime | None
    last_error: str
    pending: tuple[str, ...]  # correlativos (CODE-NNNNNN) not yet taken by the centre
    conflicts: tuple[str, ...]  # those the centre holds with other content


@dataclass(frozen=True)
class PushResult:
    sent: int  # records new or updated at the centre
    unchanged: int
    conflicts: tuple[str, ...]

    @property
    def message(self) -> str:
        text = (f"Sincronizado con el servidor central: {self.sent} enviados, "
                f"{self.unchanged} sin cambios")
        if self.conflicts:
            text += (f", {len(self.conflicts)} en conflicto ({', '.join(self.conflicts)}): "
                     "el servidor central tiene otra versión y Control e Información decide")
        return text + "."


def shown(url: str) -> str:
    """The server as a person may read it: never its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "dirección no válida"


def configure(db: Store, actor: UserProfile, central_url: str) -> str:
    """Remember the central server's address on this point's store (audited); a password in
    it is refused: it would be readable by anyone who opens the store."""
    central_url = central_url.strip()
    try:
        url = make_url(central_url)
    except Exception:
        raise ValidationError({"central": "La dirección del servidor central no es "
                                          "válida."}) from None
    if url.password:
        raise ValidationError({"central": (
            "La dirección no debe llevar la contraseña: se pide al sincronizar, o se toma de "
            "PGPASSWORD / .pgpass.")})
    with session_scope(db, write=True) as session:
        _own_point(session, actor)
        before = _settings(session)
        after = {**before, "central": central_url}
        _write(session, actor, after, db.clock.now())
        audit.record(session, actor, "sincronizacion", KEY, "configurar",
                     {"central": shown(before.get("central", ""))} if before else None,
                     {"central": shown(central_url)}, at=db.clock.now())
    return shown(central_url)


def state(db: Store, actor: UserProfile) -> SyncState:
    with session_scope(db) as session:
        point = _own_point(session, actor)
        saved = _settings(session)
        pending = _pending(session, point, saved.get("sent", {}))
        return SyncState(
            central=shown(saved["central"]) if saved.get("central") else "",
            last_success_at=_moment(saved.get("last_success_at")),
            last_attempt_at=_moment(saved.get("last_attempt_at")),
            last_error=str(saved.get("last_error", "")),
            pending=tuple(code for code, _ in pending),
            conflicts=tuple(saved.get("conflicts", [])))


def push(db: Store, actor: UserProfile, keys_dir: Path, password: str | None = None
         ) -> PushResult:
    """Send the point's events to the central server now. Raises CentralUnreachable (and
    remembers the attempt) when it does not answer; refusals of the centre (a key it does
    not know, a profile it does not have) are ValidationErrors, remembered the same way."""
    with session_scope(db) as session:
        point = _own_point(session, actor)
        central_url = _settings(session).get("central", "")
        point_id, point_code = point.id, point.code
    if not central_url:
        raise ValidationError({"central": (
            "Este equipo no tiene servidor central configurado: indique su dirección en "
            "Inoperatividad › Paquetes › Servidor central… (o con «swat-desktop sincronizar "
            "configurar»).")})
    url = make_url(central_url)
    if password:
        url = url.set(password=password)
    with tempfile.TemporaryDirectory(prefix="swat-sync-") as folder:
        package = exchange.export_events(db, Path(folder) / f"{point_code}.swatpkg", point_id,
                                         keys_dir)
        versions = {r["uuid"]: r["version"] for r in read_package(package).records}
        try:
            result = _send(url.render_as_string(hide_password=False), db, actor, package)
        except CentralUnreachable as exc:
            _remember_failure(db, actor, str(exc))
            raise
        except ValidationError as exc:
            _remember_failure(db, actor, " ".join(exc.errors.values()))
            raise
    conflicts = {c.uuid for c in result.conflicts}
    with session_scope(db, write=True) as session:
        saved = _settings(session)
        sent = {**saved.get("sent", {}),
                **{u: v for u, v in versions.items() if u not in conflicts}}
        for uuid in conflicts:
            sent.pop(uuid, None)
        now = db.clock.now()
        _write(session, actor, {**saved, "sent": sent, "last_success_at": now.isoformat(),
                                "last_attempt_at": now.isoformat(), "last_error": "",
                                "conflicts": [c.number for c in result.conflicts]}, now)
    return PushResult(result.added + result.updated, result.unchanged,
                      tuple(c.number for c in result.conflicts))


def _send(url: str, db: Store, actor: UserProfile, package: Path) -> exchange.ImportResult:
    """The package received by the central store, as the point's supervisor there."""
    where = shown(url)
    try:
        central = Database(url, db.clock)
    except DatabaseError as exc:  # a driver that is missing, a URL it cannot take
        raise CentralUnreachable(UNREACHABLE.format(why=str(exc))) from None
    try:
        try:
            revision = current_revision(central)
        except DatabaseError as exc:  # no route, refused login, a server that is down…
            raise CentralUnreachable(UNREACHABLE.format(why=str(exc))) from None
        if revision != head_revision():
            raise ValidationError({"central": (
                f"El servidor central ({where}) tiene otra versión de la base de datos "
                f"({revision or 'vacía'}; esta aplicación usa {head_revision()}): pida al "
                "administrador que la actualice con «swat-desktop servidor preparar».")})
        there = _central_profile(central, actor, where)
        try:
            return exchange.receive_push(central, there, package)
        except StoreUnavailable as exc:
            raise CentralUnreachable(UNREACHABLE.format(why=str(exc))) from None
    finally:
        central.dispose()


def _central_profile(central: Database, actor: UserProfile, where: str) -> UserProfile:
    """The point's supervisor as the central store knows them: the same login (the
    central store checks there that it is a supervisor of the package's point)."""
    there = identity.find_user(central, actor.login)
    if there is None:
        raise ValidationError({"central": (
            f"El usuario «{actor.login}» no existe (o está desactivado) en el servidor central "
            f"({where}): pida a Control e Información que lo cree para su punto.")})
    return there


def _remember_failure(db: Store, actor: UserProfile, why: str) -> None:
    with session_scope(db, write=True) as session:
        saved = _settings(session)
        now = db.clock.now()
        _write(session, actor, {**saved, "last_attempt_at": now.isoformat(),
                                "last_error": why}, now)


def _own_point(session: Session, actor: UserProfile) -> AttentionPoint:
    user = session.get(User, actor.id)
    point = session.get(AttentionPoint, user.attention_point_id) \
        if user is not None and user.attention_point_id is not None else None
    permissions.require(actor, permissions.Action.PUSH_EVENTS)
    if point is None:
        raise ValidationError({"rol": "Su perfil no tiene punto de atención: no hay eventos "
                                      "que sincronizar."})
    return point


def _pending(session: Session, point: AttentionPoint, sent: dict[str, int]
             ) -> list[tuple[str, str]]:
    """(correlativo, uuid) of the point's records whose current version the centre has not
    taken, in register order."""
    row = InoperatividadRecordRow
    return [(f"{point.code}-{number:06d}", uuid) for uuid, number, version in session.execute(
        select(row.uuid, row.correlativo, row.version)
        .where(row.attention_point_id == point.id).order_by(row.correlativo))
        if sent.get(uuid) != version]


def _settings(session: Session) -> dict[str, Any]:
    found = session.get(Setting, KEY)
    return dict(found.value) if found is not None and isinstance(found.value, dict) else {}


def _write(session: Session, actor: UserProfile, value: dict[str, Any], now: datetime) -> None:
    found = session.get(Setting, KEY)
    if found is None:
        session.add(Setting(key=KEY, value=value, updated_at=now, updated_by=actor.login))
    else:
        found.value, found.updated_at, found.updated_by = value, now, actor.login


def _moment(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None
