"""Render the main window as an office laptop shows it (``make screenshots``): every tab of
both workspaces, for each role, maximized on a 1366×768 screen (or ``--screen``) at the
scale Qt runs with (``QT_SCALE_FACTOR=1.25`` for Windows' 125 %), to look at before calling
a layout done. The images are in device pixels, as the laptop's panel shows them."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.formatting import LIMA
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.domain.inoperatividad import (
    RecordInput,
    RequestType,
    ResponsibleRole,
    Scenario,
)
from swat_desktop.domain.mal_escalados import (
    Procedencia,
    ReviewFilters,
    ReviewSort,
    VerdictInput,
)
from swat_desktop.gui.app import configure_application
from swat_desktop.gui.main_window import MainWindow
from swat_desktop.io.sample_base import write_sample_base
from swat_desktop.paths import AppPaths, resolve_paths
from swat_desktop.services import (
    base_import,
    catalogue,
    identity,
    inoperatividad,
    review,
    review_pages,
    store,
)
from swat_desktop.services.store import Database

SCREEN_NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # as scripts/render_screens.py
TASKBAR, TITLE_BAR = 48, 32  # Windows 11, logical pixels (tests/gui/laptop.py)
PEOPLE = [
    ("mrojas", "María Fernanda Rojas", Role.AGENTE_CELULA, "Célula Soporte Bogotá"),
    ("lgarcia", "Laura García Restrepo", Role.BACKOFFICE, "Célula Soporte Bogotá"),
    ("jquispe", "José Quispe Mamani", Role.SUPERVISOR_CAC, "CAC San Isidro"),
]


def _store(home: Path) -> tuple[AppPaths, Database, list[UserProfile]]:
    """A day's work: a base with a third of it reviewed, and a saved inoperatividad record."""
    paths = resolve_paths(home).ensure()
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir,
                             FixedClock(SCREEN_NOW))
    people = [identity.save_profile(db, ProfileInput(*person)) for person in PEOPLE]
    base = write_sample_base(home / "Base Mal Escalados 21-11-2026.xlsx", 60)
    base_import.run_import(db, people[0], base_import.analyze(db, base))
    codes = [c.id for c in catalogue.list_causales(db)]
    listing = review_pages.open_listing(db, ReviewFilters(), ReviewSort())
    for number, row in enumerate(review_pages.after(db, listing, None, 20).rows):
        review.save_verdict(db, people[0], row.id, VerdictInput(
            (codes[number % 5],), Procedencia.NO_PROCEDE, None, "Nodo del cliente revisado."), 1)
    point = inoperatividad.user_point(db, people[2])
    assert point is not None
    inoperatividad.save_record(db, people[2], RecordInput(
        attention_point_id=point.id, responsible_name="José Quispe Mamani",
        responsible_role=ResponsibleRole.SUPERVISOR,
        started_at=SCREEN_NOW.astimezone(LIMA) - timedelta(minutes=40),
        applications=("SIAC_UNICO",), request_type=RequestType.CONSULTAS,
        request_code="MIGRACION_PLAN", scenario=Scenario.FALLA_MASIVA,
        motivo="FALLA_MASIVA_APLICATIVO", not_intermittent=True, whole_point_down=True))
    return paths, db, people


def _settle() -> None:
    QThreadPool.globalInstance().waitForDone()
    for _round in range(3):
        QApplication.processEvents()


def _tabs(window: QWidget, root: QWidget, name: str, out: Path, done: set[int]) -> None:
    """One image per tab under ``root``, nested tabs included."""
    _settle()
    inner = [t for t in root.findChildren(QTabWidget) if t.isVisible() and id(t) not in done]
    if not inner:
        target = out / f"{name}.png"
        window.grab().save(str(target))
        print(target)
        return
    tabs = inner[0]
    done.add(id(tabs))
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        title = tabs.tabText(index).split(" (")[0].lower().replace(" ", "_")
        _tabs(window, tabs.widget(index), f"{name}-{title}", out, done)
    tabs.setCurrentIndex(0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("screenshots/laptop"))
    parser.add_argument("--screen", default="1366x768", help="ancho x alto del panel")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.screen.split("x"))
    app = QApplication(sys.argv)
    configure_application(app)
    scale = app.devicePixelRatio()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="swat-laptop-") as home:
        paths, db, people = _store(Path(home))
        try:
            for person in people:
                window = MainWindow(db, person, paths.local_settings_file, paths.log_file,
                                    exports_dir=paths.exports_dir,
                                    backups_dir=paths.backups_dir)
                window.resize(int(width / scale) - 2,
                              int(height / scale) - TASKBAR - TITLE_BAR - 1)
                window.show()
                prefix = f"{args.screen}-{round(scale * 100)}-{person.role.value}"
                _tabs(window, window, prefix, args.out, set())
                window.close()
        finally:
            db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
