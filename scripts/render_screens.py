"""Render every screen to PNG on the offscreen platform (``make screenshots``).

For looking at what a change did to the UI before calling it done; the images are not
committed. Uses a throw-away home folder with two sample profiles.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from swat_desktop.domain.identity import ProfileInput, Role
from swat_desktop.gui.app import configure_application
from swat_desktop.gui.audit_view import AuditDialog
from swat_desktop.gui.identity_dialog import IdentityDialog
from swat_desktop.gui.main_window import AboutDialog, MainWindow
from swat_desktop.gui.mal_escalados.mapping_dialog import MappingDialog
from swat_desktop.io.sample_base import write_sample_base
from swat_desktop.paths import resolve_paths
from swat_desktop.services import base_import, identity, store


def _save(widget: QWidget, folder: Path, name: str) -> None:
    widget.show()
    QApplication.processEvents()
    target = folder / f"{name}.png"
    widget.grab().save(str(target))
    print(target)


def _wait(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not reach the expected state")
        QApplication.processEvents()
        time.sleep(0.02)


def _messy_base(path: Path, headers: list[str] | None = None) -> None:
    """A base with a title row, a bad date, a missing account and a repeated row."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["BASE MAL ESCALADOS — Gestión Soporte"])
    sheet.append(headers or ["N° de Cuenta", "Fecha escalamiento", "Cédula asesor",
                             "Nombre del asesor", "Supervisor"])
    sheet.append(["000123", "22/11/2026 08:15", "1020", "Ana Ruiz", "Lucía Peña"])
    sheet.append(["000124", "31/02/2026", "1021", "Beto Díaz", "Lucía Peña"])
    sheet.append(["", "22/11/2026 09:00", "1022", "Carla Gil", "Óscar Gil"])
    sheet.append(["000123", "22/11/2026 08:15", "1020", "Ana Ruiz", "Lucía Peña"])
    book.save(path)


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
            first.close()

            agent = identity.save_profile(db, ProfileInput(
                "mrojas", "María Fernanda Rojas", Role.BACKOFFICE, "Célula Soporte Bogotá"))
            identity.save_profile(db, ProfileInput(
                "jquispe", "José Quispe", Role.SUPERVISOR_CAC, "CAC San Isidro"))
            switch = IdentityDialog(db, current=agent)
            _save(switch, out, "identity_switch")
            switch.close()

            sample = write_sample_base(Path(home) / "Base Mal Escalados 21-11-2026.xlsx", 400)
            base_import.run_import(db, agent, base_import.analyze(db, sample))
            window = MainWindow(db, agent, paths.local_settings_file, paths.log_file)
            window.resize(1400, 860)
            page = window.mal_escalados
            page.filter_bar.assigned.setCurrentIndex(0)  # "Todas"
            _save(window, out, "main_mal_escalados_empty_verdict")
            window.activateWindow()  # shortcuts reach only the active window
            _wait(lambda: QApplication.activeWindow() is window)
            for key in ("4", "3", "P", "E"):
                QTest.keyClick(page.table, key)
            page.editor.observaciones.setPlainText("Nodo distinto al del cliente; se valida en RR.")
            _save(window, out, "main_mal_escalados_verdict")
            QTest.keyClick(page.table, Qt.Key.Key_Return)
            _save(window, out, "main_mal_escalados_after_save")

            messy = Path(home) / "Base Mal Escalados 22-11-2026.xlsx"
            _messy_base(messy)
            dialog = page.start_import(messy)
            _wait(lambda: dialog.pages.currentIndex() == 2)
            _save(dialog, out, "import_summary")
            dialog.close()

            odd = Path(home) / "Base 23-11-2026.xlsx"
            _messy_base(odd, headers=["Cta", "F. reporte", "Doc.", "Quien escaló", "Notas"])
            plan = base_import.analyze(db, odd)
            _save(MappingDialog(plan, window), out, "import_mapping")

            assign = page.open_assignment()
            _save(assign, out, "assignment")
            assign.close()
            imported = page.open_bases()
            _save(imported, out, "bases")
            imported.close()
            causales = page.open_causales()
            _save(causales, out, "causales")
            causales.close()

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
