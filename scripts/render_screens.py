"""Render every screen to PNG on the offscreen platform (``make screenshots``).

For looking at what a change did to the UI before calling it done; the images are not
committed. Uses a throw-away home folder with two sample profiles.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from swat_desktop.domain.identity import ProfileInput, Role
from swat_desktop.gui.app import configure_application
from swat_desktop.gui.audit_view import AuditDialog
from swat_desktop.gui.identity_dialog import IdentityDialog
from swat_desktop.gui.main_window import AboutDialog, MainWindow
from swat_desktop.paths import resolve_paths
from swat_desktop.services import identity, store


def _save(widget: QWidget, folder: Path, name: str) -> None:
    widget.show()
    QApplication.processEvents()
    target = folder / f"{name}.png"
    widget.grab().save(str(target))
    print(target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    out: Path = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)

    app = QApplication(sys.argv[:1])
    configure_application(app)
    with tempfile.TemporaryDirectory(prefix="swat-screens-") as home:
        paths = resolve_paths(home).ensure()
        db, _ = store.open_store(None, paths.database_file, paths.backups_dir)
        try:
            first = IdentityDialog(db)
            _save(first, out, "identity_first_run")
            first.accept()  # empty: shows every field error
            _save(first, out, "identity_errors")

            agent = identity.save_profile(db, ProfileInput(
                "mrojas", "María Fernanda Rojas", Role.AGENTE_CELULA, "Célula Soporte Bogotá"))
            identity.save_profile(db, ProfileInput(
                "jquispe", "José Quispe", Role.SUPERVISOR_CAC, "CAC San Isidro"))
            _save(IdentityDialog(db, current=agent), out, "identity_switch")

            window = MainWindow(db, agent, paths.local_settings_file, paths.log_file)
            _save(window, out, "main_mal_escalados")
            window.tabs.setCurrentIndex(1)
            _save(window, out, "main_inoperatividad")
            _save(AuditDialog(db, agent.role.zone, window), out, "audit")
            _save(AboutDialog(db.display_name, paths.log_file, window), out, "about")
            window.close()
        finally:
            db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
