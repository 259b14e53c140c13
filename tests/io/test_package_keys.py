"""The point's signing key on its computer: made once, private to its user, read back the
same, refused in Spanish when damaged."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from swat_desktop.io import package_keys

posix_only = pytest.mark.skipif(os.name != "posix", reason="permisos POSIX")


def test_the_key_is_made_once_and_read_back_the_same(tmp_path: Path) -> None:
    folder = tmp_path / "claves"
    assert package_keys.load_key(folder, "CAC-SAN-ISIDRO") is None
    made = package_keys.point_key(folder, "CAC-SAN-ISIDRO")
    again = package_keys.point_key(folder, "CAC-SAN-ISIDRO")
    assert package_keys.public_bytes(made) == package_keys.public_bytes(again)
    assert [p.name for p in folder.iterdir()] == ["CAC-SAN-ISIDRO.pem"]  # no temporary left
    other = package_keys.point_key(folder, "CAC-PLAZA-NORTE")
    assert package_keys.public_bytes(other) != package_keys.public_bytes(made)
    shown = package_keys.fingerprint(package_keys.public_bytes(made))
    assert len(shown.split(" ")) == 8
    assert all(len(group) == 4 for group in shown.split(" "))
    assert package_keys.same_fingerprint(shown.lower().replace(" ", "-"), shown)


@posix_only
def test_the_key_file_is_readable_by_its_user_only(tmp_path: Path) -> None:
    folder = tmp_path / "claves"
    package_keys.point_key(folder, "CAC-SAN-ISIDRO")
    path = package_keys.key_file(folder, "CAC-SAN-ISIDRO")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    path.chmod(0o644)  # copied around by hand
    package_keys.point_key(folder, "CAC-SAN-ISIDRO")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_damaged_key_says_what_to_do(tmp_path: Path) -> None:
    folder = tmp_path / "claves"
    folder.mkdir()
    package_keys.key_file(folder, "CAC-SAN-ISIDRO").write_text("no es una clave")
    with pytest.raises(package_keys.PackageKeyError, match="está dañada"):
        package_keys.point_key(folder, "CAC-SAN-ISIDRO")


def test_a_point_code_is_never_a_path(tmp_path: Path) -> None:
    path = package_keys.key_file(tmp_path, "../../etc/CAC")
    assert path.parent == tmp_path
    assert path.name.startswith("punto-")


def test_a_signature_holds_for_its_key_and_bytes_only(tmp_path: Path) -> None:
    key = package_keys.point_key(tmp_path, "CAC-SAN-ISIDRO")
    other = package_keys.point_key(tmp_path, "CAC-PLAZA-NORTE")
    signature = package_keys.sign(key, b"manifiesto")
    public = package_keys.public_bytes(key)
    assert package_keys.verify(public, signature, b"manifiesto")
    assert not package_keys.verify(public, signature, b"manifiestO")
    assert not package_keys.verify(package_keys.public_bytes(other), signature, b"manifiesto")
    assert not package_keys.verify(public[:31], signature, b"manifiesto")
