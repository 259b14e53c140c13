"""Registering a point's key at Control e Información: once, after the fingerprint is
confirmed, by Control e Información only; a replacement is explicit and audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.io.exchange_package import write_package
from swat_desktop.services import audit, identity, package_keys
from swat_desktop.services.store import Database
from tests.backends import snapshot
from tests.conftest import TEST_NOW


def _signed(path: Path, point: str, key: Ed25519PrivateKey) -> Path:
    return write_package(path, [], point, TEST_NOW.isoformat(), key)


def test_a_key_is_registered_only_with_its_fingerprint(
        central: Database, analyst: UserProfile, tmp_path: Path) -> None:
    package = _signed(tmp_path / "p.swatpkg", "CAC-SAN-ISIDRO", Ed25519PrivateKey.generate())
    signer = package_keys.package_signer(central, package)
    assert (signer.point_code, signer.registered) == ("CAC-SAN-ISIDRO", None)
    before = snapshot(central)
    with pytest.raises(ValidationError, match="no se registró nada"):
        package_keys.register_key(central, analyst, package, "AAAA " * 8)
    supervisor = identity.save_profile(central, ProfileInput(
        "jquispe", "Jorge Quispe", Role.SUPERVISOR_CAC, "CAC San Isidro"))
    after_profile = snapshot(central)
    with pytest.raises(ValidationError, match="Solo Control e Información"):
        package_keys.register_key(central, supervisor, package, signer.fingerprint)
    assert snapshot(central) == after_profile
    assert before["point_keys"] == after_profile["point_keys"] == []
    key = package_keys.register_key(central, analyst, package, signer.fingerprint)
    assert [k.fingerprint for k in package_keys.registered_keys(central)] == [key.fingerprint]
    assert key.registered_by == analyst.full_name


def test_a_new_key_for_a_point_replaces_the_old_only_when_asked_and_is_audited(
        central: Database, analyst: UserProfile, tmp_path: Path) -> None:
    first = _signed(tmp_path / "1.swatpkg", "CAC-SAN-ISIDRO", Ed25519PrivateKey.generate())
    old = package_keys.register_key(central, analyst, first,
                                    package_keys.package_signer(central, first).fingerprint)
    second = _signed(tmp_path / "2.swatpkg", "CAC-SAN-ISIDRO", Ed25519PrivateKey.generate())
    new = package_keys.package_signer(central, second)
    assert new.registered is not None
    assert new.registered.fingerprint == old.fingerprint
    with pytest.raises(ValidationError, match="ya tiene otra clave registrada"):
        package_keys.register_key(central, analyst, second, new.fingerprint)
    package_keys.register_key(central, analyst, second, new.fingerprint, replace=True)
    assert [k.fingerprint for k in package_keys.registered_keys(central)] == [new.fingerprint]
    [entry] = [e for e in audit.recent_entries(central) if e.action == "reemplazar"]
    assert entry.before == {"huella": old.fingerprint}


def test_one_key_signs_for_one_point_only(
        central: Database, analyst: UserProfile, tmp_path: Path) -> None:
    key = Ed25519PrivateKey.generate()
    mine = _signed(tmp_path / "1.swatpkg", "CAC-SAN-ISIDRO", key)
    fingerprint = package_keys.package_signer(central, mine).fingerprint
    package_keys.register_key(central, analyst, mine, fingerprint)
    theirs = _signed(tmp_path / "2.swatpkg", "CAC-PLAZA-NORTE", key)
    with pytest.raises(ValidationError, match="ya está registrada para CAC-SAN-ISIDRO"):
        package_keys.register_key(central, analyst, theirs, fingerprint)
