"""Files for people appear whole or not at all, and say in Spanish why they could not.

The kill -9 of a real export is tests/crash/test_kill_during_export.py; here each promise of
io.atomic is checked on real files: the old file survives a failed write, nothing is left
beside it, a missing or wrong folder is refused before any work, a full disk (a real one, a
tiny tmpfs) is said as such, and the clean-up removes only what no running writer holds.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from swat_desktop.domain.errors import OutputError
from swat_desktop.io.atomic import (
    PARTIAL_PATTERN,
    atomic_output,
    ensure_folder,
    remove_abandoned,
)
from swat_desktop.io.eml import write_eml
from swat_desktop.io.xlsx_export import write_table
from tests import tiny_disk
from tests.io.inoperatividad_samples import sample_catalogue, sample_record

OLD = b"the good export of yesterday"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_failed_write_leaves_the_old_file_and_nothing_beside_it(tmp_path: Path) -> None:
    target = tmp_path / "informe.xlsx"
    target.write_bytes(OLD)
    seen: list[str] = []

    def fail_half_way() -> None:
        with atomic_output(target) as out:
            out.write(b"half a new file")
            assert target.read_bytes() == OLD  # while it is written, the name keeps the old
            seen.extend(_leftovers(tmp_path))
            raise RuntimeError("the writer failed half way")

    with pytest.raises(RuntimeError):
        fail_half_way()
    [partial] = seen
    assert partial.startswith(".informe.xlsx.")
    assert partial.endswith(".partial")
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def test_a_finished_write_replaces_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "informe.xlsx"
    target.write_bytes(OLD)
    with atomic_output(target) as out:
        out.write(b"new")
    assert target.read_bytes() == b"new"
    assert _leftovers(tmp_path) == []
    if os.name != "nt":  # as any new file: 0666 less the umask, not a temporary file's 0600
        umask = os.umask(0)
        os.umask(umask)
        with atomic_output(tmp_path / "nuevo.pdf") as out:
            out.write(b"new")
        assert stat.S_IMODE((tmp_path / "nuevo.pdf").stat().st_mode) == 0o666 & ~umask


def test_a_missing_folder_a_file_for_a_folder_and_a_folder_for_a_file_are_said(
        tmp_path: Path) -> None:
    (tmp_path / "archivo").write_text("x")
    (tmp_path / "carpeta.pdf").mkdir()
    cases = {
        tmp_path / "no-existe" / "f.pdf": "no existe la carpeta",
        tmp_path / "archivo" / "f.pdf": "es un archivo, no una carpeta",
        tmp_path / "carpeta.pdf": "ya existe una carpeta con ese nombre",
    }
    for target, words in cases.items():
        with pytest.raises(OutputError, match=words) as refused, atomic_output(target):
            pytest.fail("the block must not run")
        assert "\n" not in str(refused.value)
    assert not (tmp_path / "no-existe").exists()
    with pytest.raises(OutputError, match=r"es un archivo, no una carpeta\. Elija una carpeta"):
        ensure_folder(tmp_path / "archivo")
    assert ensure_folder(tmp_path / "nueva" / "sub").is_dir()


def test_the_writers_for_people_go_through_it(tmp_path: Path) -> None:
    """The openpyxl tables (rejected rows, claims) and the e-mail draft: the old file stays
    when the folder is wrong, and the new one opens."""
    from swat_desktop.domain.inoperatividad import contingency_email

    table = tmp_path / "rechazos.xlsx"
    write_table(table, "Filas", ["A"], [["=1+1"]])
    assert load_workbook(table).active["A2"].value == "=1+1"  # type: ignore[index]
    draft = contingency_email(sample_record(), sample_catalogue())
    eml = write_eml(tmp_path / "c.eml", draft)
    assert b"X-Unsent: 1" in eml.read_bytes()
    with pytest.raises(OutputError, match="no existe la carpeta"):
        write_eml(tmp_path / "falta" / "c.eml", draft)
    assert _leftovers(tmp_path) == []


def test_only_abandoned_partials_of_the_top_level_are_removed(tmp_path: Path) -> None:
    abandoned = tmp_path / ".CONSOLIDADO.xlsx.k3j2.partial"
    abandoned.write_bytes(b"half")
    below = tmp_path / "sub" / ".otro.xlsx.a1.partial"
    below.parent.mkdir()
    below.write_bytes(b"half")
    mine = tmp_path / ".notas.txt"
    mine.write_text("not ours")
    with atomic_output(tmp_path / "en-curso.pdf") as out:
        out.write(b"being written by a running copy")
        removed = remove_abandoned(tmp_path, [PARTIAL_PATTERN])
        assert removed == [abandoned]
        assert len([p for p in _leftovers(tmp_path) if p.startswith(".en-curso.pdf.")]) == 1
    assert (tmp_path / "en-curso.pdf").read_bytes() == b"being written by a running copy"
    assert below.exists()
    assert mine.exists()


@pytest.mark.skipif(sys.platform != "linux", reason="tmpfs")
def test_a_full_disk_is_said_and_the_old_file_stays(tmp_path: Path) -> None:
    """On a real 256 kB disk: the blank form fits, then a megabyte does not."""
    tiny_disk.require()
    folder = tmp_path / "tiny"
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from swat_desktop.domain.errors import OutputError\n"
        "from swat_desktop.io.atomic import atomic_output\n"
        f"target = Path({str(folder / 'informe.pdf')!r})\n"
        "with atomic_output(target) as out:\n"
        "    out.write(b'good')\n"
        "try:\n"
        "    with atomic_output(target) as out:\n"
        "        out.write(b'x' * 1_000_000)\n"
        "except OutputError as exc:\n"
        "    print('refused:', exc)\n"
        "print('kept:', target.read_bytes().decode())\n"
        "print('beside:', sorted(p.name for p in target.parent.iterdir()))\n"
    )
    done = tiny_disk.run_on_tiny_disk(folder, 256, [], [sys.executable, "-c", script])
    assert "exit=0" in done.stdout, done.stderr
    assert f"refused: No se pudo guardar {folder / 'informe.pdf'}: el disco está lleno" \
        in done.stdout
    assert "kept: good" in done.stdout
    assert "beside: ['informe.pdf']" in done.stdout
