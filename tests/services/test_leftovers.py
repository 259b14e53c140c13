"""Start-up removes what interrupted restores and exports left, and nothing else.

The kill -9 of real commands is tests/crash/test_kill_during_export.py; here the rules: only
the top level of the data and exports folders is looked at, a restore in progress (its lock
held by another copy) keeps its staged copy, and an export in progress keeps its file.
"""

from __future__ import annotations

from pathlib import Path

from swat_desktop.io.atomic import atomic_output
from swat_desktop.paths import AppPaths
from swat_desktop.services.leftovers import remove_interrupted
from swat_desktop.services.restoring import staging_file
from swat_desktop.storage.store_lock import restoring


def _leftovers(paths: AppPaths) -> tuple[Path, Path, Path]:
    staging = staging_file(paths.database_file)
    staging.write_bytes(b"\0" * 100_000)  # an expanded backup, cut short
    copying = staging.with_name(f".{staging.name}.k2j4.partial")  # a plain backup's copy
    copying.write_bytes(b"\0" * 1000)
    paths.exports_dir.mkdir(parents=True, exist_ok=True)
    export = paths.exports_dir / ".CONSOLIDADO MAL ESCALADO SOPORTE.xlsx.a1b2c3d4.partial"
    export.write_bytes(b"PK\3\4 half a workbook")
    return staging, copying, export


def test_the_leftovers_of_a_killed_restore_and_export_go(paths: AppPaths) -> None:
    staging, copying, export = _leftovers(paths)
    below = paths.exports_dir / "2026" / export.name  # not looked at: only the top level
    below.parent.mkdir()
    below.write_bytes(b"x")
    note = paths.data_dir / ".notas"  # hidden, but not ours
    note.write_text("x")
    removed = remove_interrupted(paths.database_file, paths.exports_dir)
    assert sorted(removed) == sorted([staging, copying, export])
    assert not staging.exists()
    assert not export.exists()
    assert below.exists()
    assert note.exists()


def test_a_restore_or_an_export_in_progress_keeps_its_files(paths: AppPaths) -> None:
    staging, copying, export = _leftovers(paths)
    target = paths.exports_dir / "Corte.pdf"
    with restoring(paths.database_file), atomic_output(target) as out:  # another copy's work
        out.write(b"%PDF-")
        removed = remove_interrupted(paths.database_file, paths.exports_dir)
        assert removed == [export]
        assert staging.exists()
        assert copying.exists()
        assert len(list(paths.exports_dir.glob(".Corte.pdf.*.partial"))) == 1
    assert target.read_bytes() == b"%PDF-"
    assert sorted(remove_interrupted(paths.database_file, paths.exports_dir)) \
        == sorted([staging, copying])


def test_nothing_to_clean_costs_no_lock(paths: AppPaths) -> None:
    assert remove_interrupted(paths.database_file, paths.exports_dir) == []
    assert not (paths.data_dir / f"{paths.database_file.name}.locks" / "restore").exists()
