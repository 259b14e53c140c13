"""Compile the Windows installer script on Linux, under Wine: ``make installer-check``.

Why: the installer is only built on Windows (build.py), so nothing showed that
swat_desktop.iss compiles at all (issue 14). Here Inno Setup's own compiler, ISCC.exe from the
npm package ``innosetup`` (pinned in installer/innosetup/package-lock.json), compiles the
script around the real PyInstaller bundle dist/swat-desktop/ that ``make bundle`` (or
``make bundle-smoke``) left. That bundle holds Linux binaries, which ISCC packs like any other
file: the check proves the preprocessor, the [Setup] directives, the version information, the
[Files] sources and the [Code] Pascal script, not that the Windows bundle is right (build.py
--smoke checks that on Windows).

ISCC.exe is a 32-bit program: Debian's wine needs ``wine32:i386`` for it. With wine64 alone
it starts in "experimental wow64 mode", fails, and still exits 0, so this script trusts no
exit code alone: it checks the compiler's banner first and the setup.exe it wrote at the end
(a PE file whose version information carries the package version).

The compile uses quick compression (QUICK_COMPRESSION): the release's lzma2/max took from
1.5 to over 4 minutes here, depending on the machine's load, which CI's 5 minutes for this
check do not leave room for once wine is installed (see installer/README.md).
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import build  # installer/build.py: this script's folder comes first on sys.path

NPM_FOLDER = build.INSTALLER / "innosetup"
ISCC = NPM_FOLDER / "node_modules" / "innosetup" / "bin" / "ISCC.exe"
QUICK_COMPRESSION = "lzma2/fast"
BANNER = "Inno Setup 6 Command-Line Compiler"
RT_VERSION = 16
FIXED_FILE_INFO_SIGNATURE = 0xFEEF04BD
STEP_TIMEOUT_S = 600


def wine_path(path: Path) -> str:
    """A Linux file name as Windows programs see it: a new prefix maps drive Z: to /."""
    return "Z:" + str(path.resolve()).replace("/", "\\")


def step(name: str, command: list[str], env: dict[str, str], cwd: Path = build.ROOT,
         ) -> subprocess.CompletedProcess[str]:
    """One timed step: CI's log shows where the minutes go."""
    started = time.monotonic()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=STEP_TIMEOUT_S, check=False)
    print(f"{name}: {time.monotonic() - started:.0f} s", flush=True)
    return done


def locked_version() -> str:
    lock = json.loads((NPM_FOLDER / "package-lock.json").read_text(encoding="utf-8"))
    return str(lock["packages"]["node_modules/innosetup"]["version"])


def installed_iscc_version() -> str | None:
    package = ISCC.parent.parent / "package.json"
    if not package.is_file():
        return None
    return str(json.loads(package.read_text(encoding="utf-8"))["version"])


def install_iscc(env: dict[str, str]) -> None:
    """``npm ci``: exactly the lock's innosetup, unless it is already there."""
    if installed_iscc_version() == locked_version() and ISCC.is_file():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("Falta npm (Debian: apt-get install npm).")
    done = step("npm ci (innosetup)", [npm, "ci", "--no-audit", "--no-fund"], env, NPM_FOLDER)
    if done.returncode != 0 or not ISCC.is_file():
        raise SystemExit(f"npm ci no instaló ISCC.exe: {done.stderr.strip()}")


def wine_env(prefix: Path) -> dict[str, str]:
    """A throwaway prefix, no debug chatter, and no offer to fetch Mono or Gecko (no network
    in CI; a console compiler needs neither)."""
    return {**os.environ, "WINEPREFIX": str(prefix), "WINEDEBUG": "-all",
            "WINEDLLOVERRIDES": "mscoree,mshtml="}


def start_wine(wine: str, env: dict[str, str]) -> None:
    step("wineboot (prefijo nuevo)", [wine, "wineboot", "--init"], env)
    shown = step("ISCC.exe /?", [wine, str(ISCC), "/?"], env)
    if BANNER not in shown.stdout:
        said = (shown.stdout + shown.stderr).strip()[-2000:]
        raise SystemExit(
            "wine no ejecuta ISCC.exe, un programa de 32 bits. En Debian: dpkg "
            "--add-architecture i386 && apt-get update && apt-get install wine wine32:i386."
            + (f" Salida de wine: {said}" if said else ""))


def compile_setup(wine: str, version: str, output: Path, env: dict[str, str]) -> Path:
    command = [wine, str(ISCC), f"/DCompression={QUICK_COMPRESSION}",
               *build.iscc_arguments(version, output, wine_path)]
    done = step(f"ISCC (compresión {QUICK_COMPRESSION})", command, env, build.INSTALLER)
    if done.returncode != 0:
        raise SystemExit(f"ISCC no compiló {build.ISS.name} (código {done.returncode}):\n"
                         f"{(done.stdout + done.stderr).strip()}")
    return build.setup_path(version, output)


def _resource_tree(data: bytes) -> tuple[bytes, int]:
    """The resource section of a PE file: its bytes and its RVA."""
    if data[:2] != b"MZ":
        raise ValueError("no empieza con MZ")
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe:pe + 4] != b"PE\0\0":
        raise ValueError("no tiene la firma PE")
    _, sections, _, _, _, optional_size, _ = struct.unpack_from("<HHIIIHH", data, pe + 4)
    optional = pe + 24
    magic = struct.unpack_from("<H", data, optional)[0]
    directories = optional + (96 if magic == 0x10B else 112)
    resource_rva, resource_size = struct.unpack_from("<II", data, directories + 2 * 8)
    for index in range(sections):
        header = optional + optional_size + 40 * index
        virtual_size, address, raw_size, raw_at = struct.unpack_from("<IIII", data, header + 8)
        if address <= resource_rva < address + max(virtual_size, raw_size):
            start = raw_at + resource_rva - address
            return data[start:start + resource_size], resource_rva
    raise ValueError("no tiene recursos")


def _first_leaf(tree: bytes, directory: int, wanted: int | None) -> int:
    """Offset of the entry ``wanted`` (or the first one) of a resource directory."""
    named, numbered = struct.unpack_from("<HH", tree, directory + 12)
    for index in range(named + numbered):
        key, target = struct.unpack_from("<II", tree, directory + 16 + 8 * index)
        if wanted is None or key == wanted:
            return target
    raise ValueError(f"no tiene el recurso {wanted}")


def _blocks(data: bytes, start: int, end: int) -> list[tuple[str, bytes, int, int]]:
    """The VS_VERSIONINFO blocks between start and end: key, value, children's span."""
    found = []
    while start + 6 <= end:
        length, value_length, kind = struct.unpack_from("<HHH", data, start)
        if length == 0:
            break
        key_end = data.index(b"\0\0", start + 6)
        while (key_end - start) % 2:  # UTF-16: the terminator starts on an even byte
            key_end = data.index(b"\0\0", key_end + 1)
        key = data[start + 6:key_end].decode("utf-16-le")
        value_at = (key_end + 2 + 3) & ~3
        value_size = value_length * 2 if kind == 1 else value_length
        children = (value_at + value_size + 3) & ~3
        found.append((key, data[value_at:value_at + value_size], children, start + length))
        start = (start + length + 3) & ~3
    return found


def version_resource(data: bytes) -> tuple[str, dict[str, str]]:
    """A PE file's version information: the fixed file version as "a.b.c.d", and the
    strings (ProductName, FileVersion…) of its first string table, without the blanks that
    Inno Setup pads them with."""
    tree, tree_rva = _resource_tree(data)
    level = _first_leaf(tree, 0, RT_VERSION)
    for _ in range(2):  # the name, then the language
        level = _first_leaf(tree, level & 0x7FFFFFFF, None)
    rva, size = struct.unpack_from("<II", tree, level)
    info = tree[rva - tree_rva:rva - tree_rva + size]
    [(key, fixed, children, end)] = _blocks(info, 0, len(info))
    signature, _, high, low = struct.unpack_from("<IIII", fixed)
    if key != "VS_VERSION_INFO" or signature != FIXED_FILE_INFO_SIGNATURE:
        raise ValueError("su información de versión no es VS_VERSION_INFO")
    strings: dict[str, str] = {}
    for name, _, table_at, table_end in _blocks(info, children, end):
        if name == "StringFileInfo":
            for _, _, entries_at, entries_end in _blocks(info, table_at, table_end)[:1]:
                for entry, value, _, _ in _blocks(info, entries_at, entries_end):
                    strings[entry] = value.decode("utf-16-le").rstrip("\0 ")
    return f"{high >> 16}.{high & 0xFFFF}.{low >> 16}.{low & 0xFFFF}", strings


def check_setup(setup: Path, version: str) -> None:
    """The setup.exe is there, is a Windows program, and says which version it installs."""
    if not setup.is_file():
        raise SystemExit(f"ISCC terminó sin escribir {setup.name}.")
    try:
        fixed, strings = version_resource(setup.read_bytes())
    except ValueError as error:
        raise SystemExit(f"{setup.name} no es un ejecutable de Windows válido: {error}") from None
    expected = build.file_version(version)
    wanted = {"ProductName": build.APP_NAME, "FileVersion": expected, "ProductVersion": version}
    wrong = {k: strings.get(k) for k, v in wanted.items() if strings.get(k) != v}
    if fixed != expected or wrong:
        raise SystemExit(f"{setup.name}: versión {fixed} (se esperaba {expected}); "
                         f"textos distintos de {wanted}: {wrong}")
    size_mb = setup.stat().st_size / 1e6
    print(f"{setup.name}: ejecutable PE, versión {fixed}, «{strings['ProductName']}», "
          f"{size_mb:.0f} MB")


def main() -> int:
    version = build.project_version()
    missing = [p for p in (build.BUNDLE, build.ICON) if not p.exists()]
    if missing:
        raise SystemExit(f"Falta {', '.join(map(str, missing))}: primero make bundle.")
    wine = shutil.which("wine")
    if wine is None:
        raise SystemExit("Falta wine (Debian: dpkg --add-architecture i386 && apt-get update "
                         "&& apt-get install wine wine32:i386).")
    started = time.monotonic()
    install_iscc(dict(os.environ))
    with tempfile.TemporaryDirectory(prefix="swat-iscc-") as temp:
        env = wine_env(Path(temp) / "prefix")
        try:
            start_wine(wine, env)
            check_setup(compile_setup(wine, version, Path(temp) / "out", env), version)
        finally:
            subprocess.run(["wineserver", "-w"], env=env, timeout=STEP_TIMEOUT_S, check=False)
    print(f"{build.ISS.name} compila con Inno Setup {locked_version()} bajo wine "
          f"({time.monotonic() - started:.0f} s en total)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
