"""A really full disk for a child process: a tiny tmpfs mounted over one folder.

The child runs in a private user and mount namespace (``unshare --user --map-root-user
--mount``): it may mount there without any privilege of the machine, the mount is seen by that
child only and disappears with it, so nothing of the test machine is ever mounted. Where user
namespaces are off (some CI containers, Windows, macOS) the tests that need it are skipped.
"""

from __future__ import annotations

import functools
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

UNSHARE = ("unshare", "--user", "--map-root-user", "--mount")


@functools.cache
def available() -> bool:
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return False
    probe = subprocess.run([*UNSHARE, "sh", "-c", "mount -t tmpfs -o size=64k none /mnt"],
                           capture_output=True, timeout=30, check=False)
    return probe.returncode == 0


def require() -> None:
    """Skip the calling test where no tiny disk can be made."""
    if not available():
        pytest.skip("no user namespaces here: a tiny tmpfs cannot be mounted without "
                    "privileges")


def run_on_tiny_disk(folder: Path, size_kb: int, before: Sequence[str],
                     command: Sequence[str], after: Sequence[str] = (),
                     timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Mount a ``size_kb`` tmpfs on ``folder`` (which hides what it held), run the shell
    commands ``before`` (copy a store in, say), then ``command``, whose exit status is printed
    as ``exit=N``, then ``after`` (what to check while the tiny disk still exists)."""
    folder.mkdir(parents=True, exist_ok=True)
    script = " && ".join([f"mount -t tmpfs -o size={size_kb}k none {shlex.quote(str(folder))}",
                          *before])
    script += f"; {shlex.join(command)}; echo exit=$?"
    for line in after:
        script += f"; {line}"
    return subprocess.run([*UNSHARE, "sh", "-c", script], capture_output=True, text=True,
                          timeout=timeout, check=False)
