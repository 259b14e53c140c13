"""Which attention point's key Control e Información trusts, and the point's own key.

Registration is once per point: Control e Información opens a package of the point, reads the
fingerprint of the key that signed it, compares it with the one the point reads out (by phone
or in person: the point sees it under Paquetes or with ``swat-desktop paquete huella``) and
registers it. The registration requires the fingerprint typed or confirmed, so nobody trusts
a key by clicking through. From then on a package of that point is imported only when that key
signed it (``trusted_point``); a point that changes computer has a new key, registered again as
an audited replacement. The private keys never enter the database (io/package_keys.py).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.permissions import Action, require
from swat_desktop.io import package_keys
from swat_desktop.io.exchange_package import Package, PackageError, read_package
from swat_desktop.io.package_keys import PackageKeyError
from swat_desktop.services import audit
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.storage.models import AttentionPoint, PointKey, User

__all__ = ["PackageKeyError", "RegisteredKey", "local_fingerprint", "package_signer",
           "register_key", "registered_keys", "trusted_point"]


@dataclass(frozen=True)
class RegisteredKey:
    point_code: str
    point_name: str
    fingerprint: str
    registered_at: datetime
    registered_by: str


@dataclass(frozen=True)
class PackageSigner:
    """Who signed a package, as shown before its key is registered."""

    point_code: str
    fingerprint: str
    registered: RegisteredKey | None  # what this store has for that point, if anything


def local_fingerprint(keys_dir: Path, point_code: str, create: bool = False) -> str | None:
    """The fingerprint of this computer's key for the point (None before its first export,
    unless ``create``)."""
    key = (package_keys.point_key(keys_dir, point_code) if create
           else package_keys.load_key(keys_dir, point_code))
    return package_keys.fingerprint(package_keys.public_bytes(key)) if key else None


def registered_keys(db: Store) -> list[RegisteredKey]:
    with session_scope(db) as session:
        return [_registered(session, key) for key in session.scalars(
            select(PointKey).join(AttentionPoint).order_by(AttentionPoint.code))]


def _registered(session: Session, key: PointKey) -> RegisteredKey:
    point = session.get(AttentionPoint, key.attention_point_id)
    assert point is not None
    who = session.scalar(select(User.full_name).where(User.id == key.registered_by)) or ""
    return RegisteredKey(point.code, point.name, key.fingerprint, key.registered_at, who)


def package_signer(db: Store, path: Path) -> PackageSigner:
    """The point and key fingerprint of a package whose signature is right for its own key:
    what the registration shows before anyone confirms it."""
    package = read_package(path)
    with session_scope(db) as session:
        point = _point(session, package)
        key = session.scalar(select(PointKey).where(PointKey.attention_point_id == point.id))
        return PackageSigner(point.code, package.fingerprint,
                             _registered(session, key) if key else None)


def register_key(db: Store, actor: UserProfile, path: Path, typed_fingerprint: str,
                 replace: bool = False) -> RegisteredKey:
    """Trust the key that signed ``path`` for its point, once the person confirmed that its
    fingerprint is the one the point reads out."""
    require(actor, Action.MANAGE_POINT_KEYS)
    package = read_package(path)
    if not package_keys.same_fingerprint(typed_fingerprint, package.fingerprint):
        raise ValidationError({"huella": (
            f"La huella escrita ({typed_fingerprint.strip() or 'ninguna'}) no es la de la clave "
            f"que firmó {package.name} ({package.fingerprint}): no se registró nada. Compárela "
            "otra vez con la que muestra el punto.")})
    encoded = base64.b64encode(package.public_key).decode("ascii")
    now = db.clock.now()
    with session_scope(db, write=True) as session:
        point = _point(session, package)
        other = session.scalar(select(AttentionPoint.code).join(
            PointKey, PointKey.attention_point_id == AttentionPoint.id).where(
            PointKey.public_key == encoded, AttentionPoint.id != point.id))
        if other:
            raise ValidationError({"huella": (
                f"Esa clave ya está registrada para {other}: cada punto firma con la suya. No "
                "se registró nada.")})
        key = session.scalar(select(PointKey).where(PointKey.attention_point_id == point.id))
        if key is not None and key.public_key == encoded:
            return _registered(session, key)
        if key is not None and not replace:
            raise ValidationError({"huella": (
                f"{point.code} ya tiene otra clave registrada (huella {key.fingerprint}). Si el "
                "punto cambió de computadora y la huella nueva es la que el punto le leyó, "
                "regístrela como reemplazo.")})
        before = {"huella": key.fingerprint} if key is not None else None
        if key is None:
            key = PointKey(attention_point_id=point.id)
            session.add(key)
        key.public_key, key.fingerprint = encoded, package.fingerprint
        key.registered_at, key.registered_by = now, actor.id
        session.flush()
        audit.record(session, actor, "clave_punto", point.code,
                     "reemplazar" if before else "registrar", before,
                     {"huella": package.fingerprint, "paquete": package.name}, at=now)
        return _registered(session, key)


def _point(session: Session, package: Package) -> AttentionPoint:
    point = session.scalar(select(AttentionPoint).where(
        AttentionPoint.code == package.point_code))
    if point is None:
        raise PackageError(f"{package.name} es del punto «{package.point_code[:40]}», que no "
                           "existe en este equipo: un paquete no crea puntos de atención. No "
                           "se importó nada.")
    return point


def trusted_point(session: Session, package: Package) -> AttentionPoint:
    """The package's point, when the key that signed the package is the one registered for
    it; otherwise the refusal says what to compare and where to register."""
    point = _point(session, package)
    key = session.scalar(select(PointKey).where(PointKey.attention_point_id == point.id))
    encoded = base64.b64encode(package.public_key).decode("ascii")
    if key is None:
        raise PackageError(
            f"La clave que firmó {package.name} no está registrada para {point.code} (huella "
            f"{package.fingerprint}). Compare la huella con la que muestra el punto y regístrela "
            "una vez en Paquetes → Claves de los puntos (o swat-desktop paquete registrar-clave "
            f"{package.name} --huella \"{package.fingerprint}\"). No se importó nada.")
    if key.public_key != encoded:
        raise PackageError(
            f"{package.name} está firmado con una clave que no es la registrada para "
            f"{point.code} (huella del paquete {package.fingerprint}; registrada "
            f"{key.fingerprint}). No se importó nada. Si el punto cambió de computadora, "
            "compare la huella nueva con el punto y regístrela como reemplazo.")
    return point
