"""Every dialog of the application opens inside an office laptop's screen (1280×720 at 125 %,
the smallest of tests/gui/laptop.py) with nothing squeezed, also once its messages show.

The list of dialogs is read from the code: a new QDialog without an opener here fails."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

import swat_desktop.gui
from swat_desktop.domain.identity import ProfileInput, Role
from swat_desktop.domain.mal_escalados import (
    Procedencia,
    ReviewFilters,
    ReviewSort,
    VerdictInput,
)
from swat_desktop.domain.periods import Period
from swat_desktop.gui.audit_view import AuditDialog
from swat_desktop.gui.backup_dialogs import BackupsDialog
from swat_desktop.gui.help_dialog import HelpDialog, topic_for
from swat_desktop.gui.identity_dialog import IdentityDialog
from swat_desktop.gui.inoperatividad.closure_dialog import ClosureDialog
from swat_desktop.gui.inoperatividad.days_off_dialog import DaysOffDialog
from swat_desktop.gui.inoperatividad.evaluation_mapping import TipMappingDialog
from swat_desktop.gui.inoperatividad.pads_dialog import PadsDialog
from swat_desktop.gui.inoperatividad.point_keys import RegisterKeyDialog
from swat_desktop.gui.inoperatividad.record_reasons import (
    annul_dialog,
    undo_regularization_dialog,
)
from swat_desktop.gui.inoperatividad.sync_panel import CentralDialog
from swat_desktop.gui.inoperatividad.window_dialog import WindowDialog
from swat_desktop.gui.inoperatividad.workplace import Workplace
from swat_desktop.gui.integrity_dialog import IntegrityDialog
from swat_desktop.gui.main_window import AboutDialog
from swat_desktop.gui.mal_escalados.assignment_dialog import AssignmentDialog
from swat_desktop.gui.mal_escalados.bases_dialog import BasesDialog
from swat_desktop.gui.mal_escalados.causales_dialog import CausalesDialog
from swat_desktop.gui.mal_escalados.claim_dialogs import NewClaimDialog, SentDialog, reject_dialog
from swat_desktop.gui.mal_escalados.cut_recipients_dialog import RecipientsDialog
from swat_desktop.gui.mal_escalados.feedback_dialog import FeedbackDialog
from swat_desktop.gui.mal_escalados.import_dialog import ImportDialog
from swat_desktop.gui.mal_escalados.mapping_dialog import MappingDialog
from swat_desktop.gui.printing import PdfPrintPreview
from swat_desktop.gui.reason_dialog import ReasonDialog
from swat_desktop.gui.server_login_dialog import ServerLoginDialog
from swat_desktop.help_text import readme_text
from swat_desktop.io.sample_base import write_sample_base
from swat_desktop.paths import AppPaths
from swat_desktop.services import (
    base_import,
    catalogue,
    claims,
    identity,
    inoperatividad,
    inoperatividad_documents,
    inoperatividad_flow,
    inoperatividad_pads,
    package_keys,
    review,
    review_pages,
    tipificaciones_import,
)
from swat_desktop.services.store import Database
from swat_desktop.services.tipificaciones_import import TipPlan
from tests.fixtures.packages import export_point
from tests.gui.conftest import context
from tests.gui.laptop import Laptop, squeezed
from tests.gui.test_laptop_geometry import ROLES, _record

SMALLEST = Laptop(1280, 720, 1.25)
Opener = Callable[[], QDialog]


def _all_dialogs() -> set[type]:
    found = set()
    for module in pkgutil.walk_packages(swat_desktop.gui.__path__, "swat_desktop.gui."):
        loaded = importlib.import_module(module.name)
        for _name, value in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(value, QDialog) and value.__module__.startswith("swat_desktop."):
                found.add(value)
    return found


SHARED_NAME = "postgresql+psycopg://j.quispe.huaman:***@servidor-swat.celula.local:5432/swat"


@pytest.fixture
def openers(db: Database, paths: AppPaths, tmp_path: Path) -> dict[type, list[Opener]]:
    """How each dialog is opened over a store with a base, a claim, a session and records;
    some dialogs twice: as they open, and once their messages show."""
    people = {role: identity.save_profile(db, ProfileInput(login, name, role, unit))
              for role, (login, name, unit) in ROLES.items()}
    agent, boss = people[Role.AGENTE_CELULA], people[Role.BACKOFFICE]
    supervisor, analyst = people[Role.SUPERVISOR_CAC], people[Role.CONTROL_INFORMACION]
    base = write_sample_base(tmp_path / "Base Mal Escalados 21-11-2026.xlsx", 30)
    plan = base_import.analyze(db, base)
    base_import.run_import(db, agent, plan)
    listing = review_pages.open_listing(db, ReviewFilters(), ReviewSort())
    ids = [row.id for row in review_pages.after(db, listing, None, 3).rows]
    causal = catalogue.list_causales(db)[0].id
    for case_id in ids:
        review.save_verdict(db, agent, case_id, VerdictInput(
            (causal,), Procedencia.NO_PROCEDE, None, "Nodo del cliente revisado."), 1)
    claim = claims.create_claim(db, boss, ids, "Cuentas con soporte en RR.", {})
    point = inoperatividad.user_point(db, supervisor)
    assert point is not None
    record = inoperatividad.save_record(db, supervisor, _record(point.id))
    item = inoperatividad_flow.flow_record(db, record.id)
    as_supervisor = context(db, supervisor, tmp_path / "exports", tmp_path)
    as_analyst = context(db, analyst, tmp_path / "exports", tmp_path)
    package = export_point(db, tmp_path / "paquete.swatpkg", tmp_path / "claves")
    signer = package_keys.package_signer(db, package)
    november = Period(date(2026, 11, 1), date(2026, 11, 30))
    damage = (f"La base de datos {paths.database_file} está dañada: *** in database main "
              "***\nPage 7: btreeInitPage() returns error code 11")

    def print_preview() -> QDialog:
        blank = inoperatividad_documents.write_blank_form(db, tmp_path / "en blanco.pdf")
        dialog = PdfPrintPreview(blank)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # qtbot closes it
        return dialog

    def pads_with_refusal() -> QDialog:
        inoperatividad_pads.reserve(db, supervisor, point.code, 12)
        dialog = PadsDialog(Workplace(as_supervisor), lambda _path: None)
        dialog.show()
        dialog.number.setText("CAC-PLAZA-NORTE-000001")  # another point's: refused beside it
        dialog.transcribe()
        return dialog

    def closure_with_errors() -> QDialog:
        dialog = ClosureDialog(as_supervisor, item, inoperatividad.catalogue(db))
        dialog.show()
        dialog.accept()  # nothing filled in: every message shows
        return dialog

    def reject_with_error() -> QDialog:
        dialog = reject_dialog(claim, ["000123", "000124"])
        dialog.show()
        dialog.accept()
        return dialog

    def central_with_error() -> QDialog:
        dialog = CentralDialog(as_supervisor, "")
        dialog.show()
        dialog.address.setText("postgresql+psycopg://jquispe:secreta@central/swat")
        dialog.accept()  # a password in the address: refused, the message shows
        return dialog

    def feedback_with_errors() -> QDialog:
        dialog = FeedbackDialog(context(db, boss), "ecm1", "Yeison Muñoz", "Lucía Peña", november)
        dialog.show()
        dialog.supervisor.clear()
        dialog.accept()
        return dialog

    def recipients_with_error() -> QDialog:
        dialog = RecipientsDialog(context(db, boss))
        dialog.show()
        dialog.add()  # nothing filled in: both messages show
        return dialog

    def refused_login() -> QDialog:
        dialog = ServerLoginDialog(None, paths.database_file, "j.quispe.huaman", SHARED_NAME)
        dialog.error.setText(f"No se puede abrir la base de datos {SHARED_NAME}: el usuario o "
                             "la contraseña no son correctos.")
        dialog.error.show()
        return dialog

    return {
        ServerLoginDialog: [lambda: ServerLoginDialog(None, paths.database_file, "",
                                                      SHARED_NAME), refused_login],
        AboutDialog: [lambda: AboutDialog(str(paths.database_file), paths.log_file)],
        HelpDialog: [lambda: HelpDialog(readme_text(), topic_for("Inoperatividad", "Paquetes"))],
        IdentityDialog: [lambda: IdentityDialog(db), lambda: IdentityDialog(db, current=agent)],
        AuditDialog: [lambda: AuditDialog(db, agent.role.zone)],
        BackupsDialog: [lambda: BackupsDialog(db, paths.backups_dir,
                                              paths.local_settings_file)],
        IntegrityDialog: [lambda: IntegrityDialog(damage, paths.database_file,
                                                  paths.backups_dir, db.clock)],
        AssignmentDialog: [lambda: AssignmentDialog(context(db, boss))],
        BasesDialog: [lambda: BasesDialog(context(db, boss))],
        CausalesDialog: [lambda: CausalesDialog(context(db, boss))],
        NewClaimDialog: [lambda: NewClaimDialog(context(db, boss))],
        SentDialog: [lambda: SentDialog(claim, db.clock)],
        ReasonDialog: [lambda: reject_dialog(claim, ["000123"]), reject_with_error,
                       lambda: annul_dialog(as_supervisor, record),
                       lambda: undo_regularization_dialog(as_supervisor, item)],
        FeedbackDialog: [lambda: FeedbackDialog(context(db, boss), "ecm1", "Yeison Muñoz",
                                                "Lucía Peña", november),
                         feedback_with_errors],
        MappingDialog: [lambda: MappingDialog(plan)],
        ImportDialog: [lambda: ImportDialog(context(db, agent), base)],
        ClosureDialog: [lambda: ClosureDialog(as_supervisor, item, inoperatividad.catalogue(db)),
                        closure_with_errors],
        WindowDialog: [lambda: WindowDialog(as_analyst, inoperatividad.catalogue(db), item)],
        DaysOffDialog: [lambda: DaysOffDialog(as_analyst)],
        RegisterKeyDialog: [lambda: RegisterKeyDialog(signer)],
        PdfPrintPreview: [print_preview],
        CentralDialog: [lambda: CentralDialog(as_supervisor, "postgresql+psycopg://jquispe@"
                                              "central.example:5432/swat"),
                        central_with_error],
        TipMappingDialog: [lambda: TipMappingDialog(tipificaciones_plan(db, tmp_path))],
        PadsDialog: [lambda: PadsDialog(Workplace(as_analyst), lambda _path: None),
                     pads_with_refusal],
        RecipientsDialog: [lambda: RecipientsDialog(context(db, boss)),
                           lambda: RecipientsDialog(context(db, agent)), recipients_with_error],
    }


def tipificaciones_plan(db: Database, folder: Path) -> TipPlan:
    """A tipificaciones export whose trámite and count columns are not recognized."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Día", "Hora", "Punto de atención", "Clase", "N"])
    sheet.append(["22/11/2026", 10, "CAC San Isidro", "Consultas", 3])
    workbook.save(folder / "tipificaciones.xlsx")
    return tipificaciones_import.analyze(db, folder / "tipificaciones.xlsx")


def test_every_dialog_has_an_opener_here(openers: dict[type, list[Opener]]) -> None:
    assert _all_dialogs() - set(openers) == set()


def test_every_dialog_fits_the_smallest_laptop(qtbot: QtBot,
                                               openers: dict[type, list[Opener]]) -> None:
    room = SMALLEST.client()
    problems: dict[str, list[str]] = {}
    for kind, ways in openers.items():
        for number, open_dialog in enumerate(ways):
            dialog = open_dialog()
            qtbot.addWidget(dialog)
            dialog.show()
            # As widgets.open_at opens it on that screen (the test's own screen is another).
            dialog.resize(dialog.size().boundedTo(room))
            for _round in range(3):
                QApplication.processEvents()
            found = squeezed(dialog)
            if dialog.width() > room.width() or dialog.height() > room.height():
                found.insert(0, f"mide {dialog.width()}×{dialog.height()}, la pantalla deja "
                                f"{room.width()}×{room.height()}")
            if found:
                problems[f"{kind.__name__} #{number + 1}"] = found
            dialog.close()
    assert not problems, "\n".join(f"{name}:\n  " + "\n  ".join(found)
                                   for name, found in problems.items())
