"""The Ed25519 key pair with which an attention point signs its event packages.

Why a signature: the SHA-256 a package carries is a checksum anyone recomputes after editing a
record, so it proves nothing about who wrote the package. Each point's computer holds a private
key that never leaves it; Control e Información registers the point's public key once, after
comparing its fingerprint with the one the point reads out (services/package_keys.py), and from
then on accepts from that point only packages its key signed.

Where the private key lives: one PEM file per point in the per-user configuration folder of the
point's computer (``AppPaths.package_keys_dir``), created on the first export. Not in the
database, which is backed up, restored, copied to other computers and on PostgreSQL shared by
a whole célula; not in backups either. On Linux and macOS the folder is 0700 and the file 0600
(a key found readable by others is tightened again and the fact logged); on Windows the
per-user AppData folder is already readable only by its user and the administrators. The key
has no passphrase: nobody would type one on every export, and whoever can read the user's
AppData can also run the application as that user. Losing the file (a new computer, a
reinstall) makes a new key, which Control e Información registers again as a replacement.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import stat
import tempfile
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

log = logging.getLogger(__name__)

PUBLIC_KEY_BYTES = 32
SIGNATURE_BYTES = 64
# 128 bits of the key's SHA-256, read out in eight groups of four: enough that nobody can
# make another key with the same fingerprint, short enough to compare over the phone.
FINGERPRINT_BYTES = 16
_SAFE_CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]{0,39}")
_MAX_KEY_FILE = 4096


class PackageKeyError(ValueError):
    """The point's key file cannot be used; the message is Spanish and says what to do."""


def fingerprint(public_key: bytes) -> str:
    """What both sides read out to each other: «3F2A 91BC 0D7E 55A1 C9F0 1B22 7A4E 9D03»."""
    digest = hashlib.sha256(public_key).hexdigest().upper()[:FINGERPRINT_BYTES * 2]
    return " ".join(digest[i:i + 4] for i in range(0, len(digest), 4))


def same_fingerprint(typed: str, shown: str) -> bool:
    """A fingerprint as a person types it: spaces, dashes and case do not matter."""
    def bare(text: str) -> str:
        return re.sub(r"[^0-9A-F]", "", text.upper())
    return bare(typed) == bare(shown)


def key_file(folder: Path, point_code: str) -> Path:
    """The point's file; a code that is not a plain name is hashed, never used as a path."""
    name = point_code if _SAFE_CODE.fullmatch(point_code) else \
        "punto-" + hashlib.sha256(point_code.encode("utf-8")).hexdigest()[:16]
    return folder / f"{name}.pem"


def public_bytes(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw,
                                         serialization.PublicFormat.Raw)


def sign(key: Ed25519PrivateKey, data: bytes) -> bytes:
    return key.sign(data)


def verify(public_key: bytes, signature: bytes, data: bytes) -> bool:
    """Whether ``signature`` is the key's over ``data``; a malformed key is simply False."""
    if len(public_key) != PUBLIC_KEY_BYTES or len(signature) != SIGNATURE_BYTES:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def load_key(folder: Path, point_code: str) -> Ed25519PrivateKey | None:
    """The point's key on this computer, or None before its first export."""
    path = key_file(folder, point_code)
    try:
        info = path.stat()
        if info.st_size > _MAX_KEY_FILE:
            raise ValueError("too big")
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise PackageKeyError(f"No se puede leer la clave de firma de {point_code} ({path}): "
                              f"{exc}. Revise los permisos de la carpeta.") from None
    if os.name == "posix" and stat.S_IMODE(info.st_mode) & 0o077:
        log.warning("Signing key %s was readable by others; set to 0600", path)
        path.chmod(0o600)
    try:
        key = serialization.load_pem_private_key(raw, password=None)
    except (ValueError, TypeError):
        key = None
    if not isinstance(key, Ed25519PrivateKey):
        raise PackageKeyError(
            f"La clave de firma de {point_code} ({path}) está dañada. Muévala a otra carpeta y "
            "exporte de nuevo: se creará una clave nueva, que Control e Información debe "
            "registrar otra vez.")
    return key


def point_key(folder: Path, point_code: str) -> Ed25519PrivateKey:
    """The point's key, created (and kept) on the first call on this computer."""
    found = load_key(folder, point_code)
    if found is not None:
        return found
    _private_folder(folder)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    target = key_file(folder, point_code)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=folder)
    partial = Path(name)
    try:
        os.chmod(partial, 0o600)  # mkstemp already makes it 0600; said here on purpose
        with os.fdopen(handle, "wb") as out:
            out.write(pem)
            out.flush()
            os.fsync(out.fileno())
        try:  # never over a key another export created a moment ago
            os.link(partial, target)
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not target.exists():
                os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    log.info("Created the package signing key of %s in %s", point_code, target)
    loaded = load_key(folder, point_code)
    assert loaded is not None
    return loaded


def _private_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if os.name == "posix":
            folder.chmod(0o700)
    except OSError as exc:
        raise PackageKeyError(f"No se puede crear la carpeta de las claves de firma "
                              f"({folder}): {exc}.") from None
