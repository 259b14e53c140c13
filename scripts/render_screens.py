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
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from swat_desktop.domain.clock import FixedClock, local_now
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.gui.app import configure_application
from swat_desktop.gui.audit_view import AuditDialog
from swat_desktop.gui.context import AppContext
from swat_desktop.gui.file_notice import FileNotice
from swat_desktop.gui.identity_dialog import IdentityDialog
from swat_desktop.gui.main_window import AboutDialog, MainWindow
from swat_desktop.gui.mal_escalados.mapping_dialog import MappingDialog
from swat_desktop.gui.signals import SignalHub
from swat_desktop.io.sample_base import write_sample_base
from swat_desktop.paths import AppPaths, resolve_paths
from swat_desktop.services import base_import, identity, store
from swat_desktop.services.store import Database

# The moment every screen shows: Monday 23/11/2026, 09:00 in Bogotá and Lima, two days after
# the sample base (as the tests), so the screenshots are the same whatever day they are drawn.
SCREEN_NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def _open(paths: AppPaths, clock: FixedClock | None = None) -> Database:
    """A store of the home ``paths`` on ``clock`` (a new one at SCREEN_NOW unless given)."""
    db, _ = store.open_store(None, paths.database_file, paths.backups_dir,
                             clock or FixedClock(SCREEN_NOW))
    return db


def _context(db: Database, user: UserProfile, paths: AppPaths) -> AppContext:
    """What the window hands its pages, with the folders of the throw-away home ``paths``."""
    return AppContext(db, SignalHub(user), exports_dir=paths.exports_dir,
                      settings_file=paths.local_settings_file, keys_dir=paths.package_keys_dir)


def _save(widget: QWidget, folder: Path, name: str) -> None:
    widget.show()
    # More than one round: a dialog grows for a message a moment later (widgets.open_at),
    # and drawn after one round the message lay over the field above it.
    for _round in range(3):
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


def render_claims(out: Path) -> None:
    """The Reclamaciones page with a claim in every plazo, its read-only and empty views, and
    its dialogs. Claims get a past by moving the store's clock while they are made, so
    Vencida, Por vencer, En plazo, Resuelta and Sin enviar show side by side."""
    from datetime import timedelta

    from swat_desktop.domain.claims import Outcome
    from swat_desktop.domain.mal_escalados import (
        Procedencia,
        ReviewFilters,
        ReviewSort,
        VerdictInput,
    )
    from swat_desktop.gui.mal_escalados.claims_page import ClaimsPage
    from swat_desktop.services import catalogue, claims, review, review_pages

    with tempfile.TemporaryDirectory(prefix="swat-claims-") as home:
        paths = resolve_paths(home).ensure()
        clock = FixedClock(SCREEN_NOW)
        db = _open(paths, clock)
        try:
            boss = identity.save_profile(db, ProfileInput(
                "lgarcia", "Laura García", Role.BACKOFFICE, "Célula Soporte Bogotá"))
            agent = identity.save_profile(db, ProfileInput(
                "mrojas", "María Fernanda Rojas", Role.AGENTE_CELULA, "Célula Soporte Bogotá"))
            empty = ClaimsPage(_context(db, boss, paths))
            empty.resize(1400, 720)
            _save(empty, out, "claims_empty")
            empty.close()

            sample = write_sample_base(Path(home) / "Base Mal Escalados 21-11-2026.xlsx", 80)
            base_import.run_import(db, agent, base_import.analyze(db, sample))
            codes = {c.code: c.id for c in catalogue.list_causales(db)}
            reasons = [("C02", "Nodo del cliente 4521 coincide con el de las cuentas vecinas."),
                       ("C06", "El aviso PMA se publicó después del escalamiento."),
                       ("C01", "Vecinos a dos cuadras según la georreferencia de RR."),
                       ("C03", "La cuenta figura activa en RR; la mora se pagó el 19/11.")]
            listing = review_pages.open_listing(db, ReviewFilters(), ReviewSort())
            ids = [row.id for row in review_pages.after(db, listing, None, 22).rows]
            for number, case_id in enumerate(ids):
                code, note = reasons[number % len(reasons)]
                review.save_verdict(db, agent, case_id, VerdictInput(
                    (codes[code],), Procedencia.NO_PROCEDE, None, note), 1)

            now = clock.now()
            plan = [  # (prepared, sent: hours ago; accounts; answers given)
                (80, 78, 3, (Outcome.ACEPTADA, Outcome.RECHAZADA, Outcome.ACEPTADA)),
                (30, 27, 4, (Outcome.ACEPTADA, Outcome.RECHAZADA)),
                (22, 21, 3, ()),
                (3, 2, 4, (Outcome.ACEPTADA,)),
                (1, None, 3, ()),
            ]
            free = list(ids)
            for prepared, sent, count, answers in plan:
                chosen, free = free[:count], free[count:]
                clock.set(now - timedelta(hours=prepared))
                claim = claims.create_claim(
                    db, boss, chosen, "Cuentas con soporte en RR y Diagnosticador.",
                    {chosen[0]: "Pantallazo RR y Diagnosticador adjuntos al formulario."})
                if sent is None:
                    continue
                clock.set(now - timedelta(hours=sent))
                claim = claims.mark_sent(db, boss, claim.id, claim.version)
                for case_id, outcome in zip(chosen, answers, strict=False):
                    claim = claims.record_outcome(
                        db, boss, claim.id, claim.version, [case_id], outcome,
                        "El nodo no coincide con la dirección registrada en RR."
                        if outcome is Outcome.RECHAZADA else "")
            clock.set(now)

            page = ClaimsPage(_context(db, boss, paths))
            page.resize(1400, 760)
            page.select_claim(claims.list_claims(db)[3].number)  # answered in part
            page.select_accounts(page.items[0].cuenta)
            _save(page, out, "claims_page")
            new = page.open_new_claim()
            _save(new, out, "claim_new")
            new.close()
            page.select_claim(claims.list_claims(db)[2].number)
            page.select_accounts(page.items[1].cuenta, page.items[2].cuenta)
            reject = page.reject_selected()
            assert reject is not None
            reject.accept()  # no reason yet: shows the error
            _save(reject, out, "claim_reject_error")
            reject.close()
            page.select_claim(claims.list_claims(db)[0].number)
            sent_dialog = page.mark_sent_selected()
            assert sent_dialog is not None
            _save(sent_dialog, out, "claim_sent")
            sent_dialog.close()
            page.close()

            reader = ClaimsPage(_context(db, agent, paths))
            reader.resize(1400, 760)
            _save(reader, out, "claims_read_only")
            reader.close()
        finally:
            db.dispose()


def render_feedback(out: Path) -> None:
    """The Retroalimentación page (full, searched, empty, read-only), its session dialog (new,
    refused, filled, edited) and the offer to open the compromiso PDF, over a month of six
    reviewed bases with a held session whose causales were repeated afterwards."""
    import random
    from datetime import date, datetime

    from swat_desktop.domain.feedback import Commitment, FeedbackInput, FeedbackState
    from swat_desktop.domain.mal_escalados import (
        ProcedeMotivo,
        Procedencia,
        ReviewFilters,
        ReviewSort,
        VerdictInput,
    )
    from swat_desktop.domain.periods import Period
    from swat_desktop.gui.mal_escalados.feedback_dialog import FeedbackDialog
    from swat_desktop.gui.mal_escalados.feedback_page import FeedbackPage
    from swat_desktop.services import catalogue, feedback, review, review_pages

    advisors = [  # login, name, supervisor, how often they escalate wrongly
        ("ecm20417", "Yeison Andrés Muñoz Rincón", "Lucía Peña Ospina", 6),
        ("ecm31522", "María Fernanda Rojas Quiñones", "Lucía Peña Ospina", 4),
        ("ecm18840", "Brayan Stiven Cárdenas Ibáñez", "Óscar Gil Betancur", 3),
        ("ecm27301", "Leidy Johana Patiño Acuña", "Óscar Gil Betancur", 3),
        ("ecm40112", "Julián Ramírez Zuluaga", "Catalina Mejía Londoño", 2),
        ("ecm33968", "Dayana Beltrán Suárez", "Catalina Mejía Londoño", 2),
        ("ecm25574", "Héctor Fabián Ospina Marín", "Lucía Peña Ospina", 1),
        ("ecm41090", "Érika Galán Restrepo", "Óscar Gil Betancur", 1),
    ]
    notes = ["Cliente sin internet desde ayer; se reinicia el módem y se escala.",
             "Pixelación en canales HD; se escala sin validar el tipo de red de TV.",
             "Se escala como falla masiva aunque el aviso del nodo es informativo.",
             "No se registra la incidencia en T&D; la interacción dura 2 minutos."]
    remarks = ["", "Se valida en RR: nodo distinto al del cliente.",
               "Notas sin pruebas de conectividad ni franja de contacto.",
               "El usuario reportó otra tipología en la llamada."]
    november = Period(date(2026, 11, 1), date(2026, 11, 30))
    rng = random.Random(11)
    with tempfile.TemporaryDirectory(prefix="swat-feedback-") as home:
        paths = resolve_paths(home).ensure()
        clock = FixedClock(SCREEN_NOW)
        db = _open(paths, clock)
        try:
            boss = identity.save_profile(db, ProfileInput(
                "lgarcia", "Laura García Restrepo", Role.BACKOFFICE, "Célula Soporte Bogotá"))
            agent = identity.save_profile(db, ProfileInput(
                "mrojas", "María Fernanda Rojas", Role.AGENTE_CELULA, "Célula Soporte Bogotá"))
            for day in (date(2026, 11, d) for d in (3, 6, 10, 13, 18, 21)):
                book = Workbook()
                sheet = book.active
                assert sheet is not None
                sheet.append(["Cuenta", "Fecha Escalamiento", "Usuario Asesor", "Nombre Asesor",
                              "Supervisor", "Ciudad", "Notas Escalamiento"])
                for row in range(14):
                    login, name, supervisor, _weight = rng.choices(
                        advisors, [a[3] for a in advisors])[0]
                    sheet.append([
                        str(rng.randint(10_000_000, 99_999_999)),
                        datetime(day.year, day.month, day.day, 8 + row // 2, rng.randint(0, 59)),
                        login, name, supervisor, rng.choice(("Bogotá", "Medellín", "Cali")),
                        rng.choice(notes)])
                path = Path(home) / f"Base Mal Escalados {day:%d-%m-%Y}.xlsx"
                book.save(path)
                base_import.run_import(db, agent, base_import.analyze(db, path))
            codes = {c.code: c.id for c in catalogue.list_causales(db)}
            usual = ["C04", "C04", "C13", "C02", "C11", "C06", "C09", "C01"]
            listing = review_pages.open_listing(db, ReviewFilters(), ReviewSort())
            for row in review_pages.after(db, listing, None, 10_000).rows:
                if rng.random() < 0.12:
                    continue  # not reviewed yet
                chosen = dict.fromkeys(rng.choice(usual) for _ in range(rng.choice((1, 1, 2))))
                procede = rng.random() < 0.8
                review.save_verdict(db, agent, row.id, VerdictInput(
                    tuple(codes[c] for c in chosen),
                    Procedencia.PROCEDE if procede else Procedencia.NO_PROCEDE,
                    rng.choice(list(ProcedeMotivo)) if procede else None,
                    rng.choice(remarks)), 1)
            login, name, supervisor, _weight = advisors[0]
            feedback.save_session(db, boss, FeedbackInput(  # held: later C04/C13 are repeats
                asesor_id=login, asesor_nombre=name, period_start=date(2026, 11, 1),
                period_end=date(2026, 11, 8), session_date=date(2026, 11, 9),
                supervisor=supervisor, attendees=f"{name}, {supervisor}, {boss.full_name}",
                discussion="Cuentas escaladas por opción errada y notas incompletas de la "
                           "primera semana.",
                plan="Confirmar la tipología con el usuario y dejar en las notas las pruebas.",
                commitments=(
                    Commitment("Confirmar la tipología con el usuario antes de escalar",
                               date(2026, 11, 16)),
                    Commitment("Registrar en las notas las pruebas y la franja de contacto",
                               None)),
                follow_up=date(2026, 11, 23), state=FeedbackState.REALIZADA,
                causal_ids=(codes["C04"], codes["C13"])))
            feedback.save_session(db, boss, FeedbackInput(
                asesor_id=login, asesor_nombre=name, period_start=date(2026, 11, 1),
                period_end=date(2026, 11, 22), session_date=date(2026, 11, 24),
                supervisor=supervisor, attendees=f"{name}, {supervisor}", discussion="",
                plan="", commitments=(), follow_up=None, state=FeedbackState.PENDIENTE,
                causal_ids=(codes["C04"],)))

            paths.exports_dir.mkdir(parents=True, exist_ok=True)
            ctx = _context(db, boss, paths)
            page = FeedbackPage(ctx)
            page.resize(1400, 860)
            page.set_period(november)
            _save(page, out, "feedback_page")
            page.search.setText("oscar")  # a supervisor, typed without the accent
            _save(page, out, "feedback_page_search")
            page.search.clear()

            other = page.model.rows[1]
            clock.set(datetime(2026, 11, 27, 14, 0, tzinfo=UTC))  # a new session that Friday
            dialog = FeedbackDialog(ctx, other.asesor_id, other.asesor_nombre,
                                    other.supervisor, november, parent=page)
            _save(dialog, out, "feedback_dialog_new")
            dialog.set_state(FeedbackState.REALIZADA)
            dialog.supervisor.clear()
            dialog.accept()  # held without plan, commitment or supervisor: every message
            _save(dialog, out, "feedback_dialog_errors")
            dialog.supervisor.setText(other.supervisor)
            dialog.plan.setPlainText("Validar en RR el nodo y el estado de la cuenta antes de "
                                     "escalar; dejar las pruebas en las notas.")
            dialog.commitments.add("Validar nodo y estado de la cuenta en RR al escalar")
            dialog.commitments.add("Registrar las pruebas de conectividad en las notas",
                                   dated=False)
            dialog.show_errors({})
            _save(dialog, out, "feedback_dialog_filled")
            dialog.close()

            page.select_row(0)
            page.detail.session_table.selectRow(1)  # the held one
            edit = page.open_edit_dialog()
            assert edit is not None
            _save(edit, out, "feedback_dialog_edit")
            edit.close()
            # The offer to open the PDF is the window's file notice now (gui/file_notice.py),
            # told through the hub as the window's is.
            offer = FileNotice(lambda _path: None)
            ctx.hub.file_written.connect(offer.show_files)
            page.export_compromiso(paths.exports_dir / "Compromiso de mejoramiento.pdf")
            _wait(lambda: offer.written is not None)
            offer.resize(1400, offer.sizeHint().height())
            _save(offer, out, "feedback_compromiso_offer")
            offer.close()

            page.set_period(Period(date(2026, 10, 1), date(2026, 10, 31)))
            _save(page, out, "feedback_page_empty")
            page.close()

            reader = FeedbackPage(_context(db, agent, paths))
            reader.resize(1400, 860)
            reader.set_period(november)
            _save(reader, out, "feedback_page_read_only")
            view = reader.open_edit_dialog()
            assert view is not None
            _save(view, out, "feedback_dialog_read_only")
            view.close()
            reader.close()
            _render_indicators(db, boss, paths.exports_dir, out)
        finally:
            db.dispose()


def _render_indicators(db: Database, boss: UserProfile, exports: Path, out: Path) -> None:
    """The dashboard over the same month: the month, one supervisor, a day, an empty range."""
    from datetime import date

    from swat_desktop.domain.periods import PeriodKind
    from swat_desktop.gui.mal_escalados.indicators_page import IndicatorsPage

    page = IndicatorsPage(AppContext(db, SignalHub(boss), exports_dir=exports))
    page.resize(1400, 1180)
    page.set_period(PeriodKind.MENSUAL, date(2026, 11, 21))
    _save(page, out, "indicators_month")
    page.supervisor.setCurrentIndex(1)
    _save(page, out, "indicators_supervisor")
    page.supervisor.setCurrentIndex(0)
    page.set_period(PeriodKind.DIARIO, date(2026, 11, 21))
    _save(page, out, "indicators_day")
    page.set_period(PeriodKind.RANGO, date(2026, 10, 1), date(2026, 10, 31))
    _save(page, out, "indicators_empty")
    page.close()


def render_inoperatividad(out: Path) -> None:
    """The Formato Manual on screen for a CAC supervisor: new and empty, refused with every
    message next to its field, filled with a critical customer, saved, the second record of a
    type that opens the existing one, the recovery banner after a restart, the annulment, and
    the main window opening on the offer."""
    from dataclasses import replace
    from datetime import time, timedelta

    from swat_desktop.domain.formatting import LIMA
    from swat_desktop.domain.inoperatividad import (
        CustomerRequest,
        RecordInput,
        RequestType,
        ResponsibleRole,
        Scenario,
    )
    from swat_desktop.gui.inoperatividad.workspace import InoperatividadWorkspace
    from swat_desktop.services import inoperatividad

    def full(workspace: InoperatividadWorkspace, name: str) -> None:
        """The whole form, beyond what the scroll area shows."""
        form = workspace.form if workspace.pages.currentIndex() == 0 else workspace.viewer.form
        target = out / f"{name}.png"
        form.grab().save(str(target))
        print(target)

    with tempfile.TemporaryDirectory(prefix="swat-inoperatividad-") as home:
        paths = resolve_paths(home).ensure()
        db = _open(paths)
        try:
            boss = identity.save_profile(db, ProfileInput(
                "jquispe", "José Quispe Mamani", Role.SUPERVISOR_CAC, "CAC San Isidro"))
            point = inoperatividad.user_point(db, boss)
            assert point is not None
            start = local_now(db.clock, LIMA) - timedelta(hours=1)
            page = InoperatividadWorkspace(_context(db, boss, paths))
            page.resize(1400, 900)
            _save(page, out, "inoperatividad_new")
            full(page, "inoperatividad_form_empty")
            page.save()
            _save(page, out, "inoperatividad_errors")
            full(page, "inoperatividad_form_errors")

            page.form.load(RecordInput(
                attention_point_id=point.id, responsible_name=boss.full_name,
                responsible_role=ResponsibleRole.SUPERVISOR, started_at=start,
                applications=("SISACT", "SICAR", "SIAC_UNICO"), sicar_payment=True,
                request_type=RequestType.CONSULTAS, request_code="MIGRACION_PLAN",
                scenario=Scenario.FALLA_MASIVA, motivo="FALLA_MASIVA_APLICATIVO",
                detail="SIAC ÚNICO no carga la ficha del cliente en ninguna de las 6 PC; "
                       "el Sistema Administrativo ATC tampoco abre.",
                alert_sent=True, alert_at=start + timedelta(minutes=10),
                alert_reference="INC-2026-11-0042", not_intermittent=True,
                whole_point_down=True,
                customers=(CustomerRequest(time(9, 52), "DNI 53307283", "905031190",
                                           "Migración de plan, a prepago o a postpago", False),
                           CustomerRequest(time(10, 5), "DNI 67743044", "945534309",
                                           "Bloqueo de línea y equipo por robo o pérdida",
                                           True)),
                critical_attention="Bloqueo por el 123 desde el fijo del CAC; ticket "
                                   "BLQ-88213."))
            page.form.detail.setPlainText(page.form.detail.toPlainText())  # counts as typed
            page.editor.validate()
            _save(page, out, "inoperatividad_filled")
            full(page, "inoperatividad_form_filled")
            page.save()
            _save(page, out, "inoperatividad_saved")
            full(page, "inoperatividad_form_saved")

            page.new_button.click()
            page.form.load(replace(
                page.form.value(), applications=("SGA",), request_type=RequestType.CONSULTAS,
                request_code="CAMBIO_NOMBRE", scenario=Scenario.FALLA_MASIVA,
                motivo="CONECTIVIDAD", not_intermittent=True, whole_point_down=True))
            page.form.detail.setPlainText("Otro cliente pide cambio de nombre.")
            page.save()  # Consultas is already open here: that record is shown instead
            _save(page, out, "inoperatividad_open_record")
            annul = page.viewer.open_annul()
            assert annul is not None
            annul.accept()  # no reason: the message
            _save(annul, out, "inoperatividad_annul")
            annul.close()
            page.close()

            again = InoperatividadWorkspace(_context(db, boss, paths))
            again.resize(1400, 900)
            _save(again, out, "inoperatividad_recovery")
            again.close()
            window = MainWindow(db, boss, paths.local_settings_file, paths.log_file,
                                exports_dir=paths.exports_dir)
            window.resize(1400, 900)
            _save(window, out, "main_inoperatividad_recovery")
            window.close()
        finally:
            db.dispose()


def render_inoperatividad_flow(out: Path) -> None:
    """After the form: the ATC queue of a CAC with records of several ages, its copy panel (a
    value just copied, then a number already used), the closure dialog (over one hour, then
    refused), the evaluation as Control e Información fills it and as the supervisor reads it,
    and the dialogs for a falla masiva window and for undoing a regularization. Records get a
    past by moving the store's clock while they are made."""
    from dataclasses import replace
    from datetime import timedelta

    from swat_desktop.domain.inoperatividad import (
        RecordInput,
        RequestType,
        ResponsibleRole,
        Scenario,
    )
    from swat_desktop.domain.inoperatividad_flow import ClosureInput, ProcesosAnswer
    from swat_desktop.gui.inoperatividad.qt_dates import to_qdatetime
    from swat_desktop.gui.inoperatividad.workspace import InoperatividadWorkspace
    from swat_desktop.services import inoperatividad
    from swat_desktop.services import inoperatividad_flow as flow

    now = SCREEN_NOW
    clock = FixedClock(now)
    with tempfile.TemporaryDirectory(prefix="swat-inoperatividad-flow-") as home:
        paths = resolve_paths(home).ensure()
        db = _open(paths, clock)
        try:
            boss = identity.save_profile(db, ProfileInput(
                "jquispe", "José Quispe Mamani", Role.SUPERVISOR_CAC, "CAC San Isidro"))
            control = identity.save_profile(db, ProfileInput(
                "cinfo", "Carla Ínfantes Ramos", Role.CONTROL_INFORMACION,
                "Control e Información"))
            point = inoperatividad.user_point(db, boss)
            assert point is not None
            base = RecordInput(
                attention_point_id=point.id, responsible_name=boss.full_name,
                responsible_role=ResponsibleRole.SUPERVISOR, applications=("SIAC_UNICO",),
                request_type=RequestType.CONSULTAS, request_code="MIGRACION_PLAN",
                scenario=Scenario.FALLA_MASIVA, motivo="FALLA_MASIVA_APLICATIVO",
                detail="SIAC ÚNICO no carga la ficha del cliente en ninguna de las 6 PC; el "
                       "Sistema Administrativo ATC tampoco abre.",
                not_intermittent=True, whole_point_down=True)

            def saved(data: RecordInput, ago: timedelta, lasted: timedelta | None = None,
                      motive: str = "FALLA_MASIVA_APLICATIVO", atc: str = "") -> int:
                data = replace(data, started_at=now - ago - timedelta(minutes=12))
                clock.set(now - ago)
                record = inoperatividad.save_record(db, boss, data)
                assert data.started_at is not None
                if lasted is not None:
                    clock.set(now - ago + lasted)
                    flow.close(db, boss, record.id, record.version, ClosureInput(
                        data.started_at + lasted, motive,
                        "Tecnología confirmó el restablecimiento (ticket INC-88412)."))
                if atc:
                    flow.regularize(db, boss, record.id,
                                    inoperatividad.get_record(db, record.id).version, atc)
                clock.set(now)
                return record.id

            saved(replace(base, request_code="CAMBIO_NOMBRE"), timedelta(days=5),
                  timedelta(minutes=50), "CONECTIVIDAD", atc="ATC-2026-117903")
            first = saved(base, timedelta(days=3, hours=2), timedelta(hours=1, minutes=25))
            saved(replace(base, request_type=RequestType.RECLAMOS, request_code="",
                          applications=("WEB_ASESOR_RECLAMOS",), motivo="CONECTIVIDAD",
                          critical_attention="Reclamos en formato físico; cargo entregado al "
                                             "cliente y registro en ATC al restablecerse."),
                  timedelta(hours=26), timedelta(minutes=45), "CONECTIVIDAD")
            altas = saved(replace(base, request_type=RequestType.ALTAS, request_code="",
                                  applications=("SISACT", "SICAR"), sicar_payment=True),
                          timedelta(hours=2, minutes=15))
            saved(replace(base, request_type=RequestType.BAJAS, request_code="",
                          applications=("SGA",), scenario=Scenario.EVENTO_NO_PREVISTO,
                          motivo="SIN_FLUIDO_ELECTRICO",
                          detail="Corte de luz en todo el CAC desde las 14:05."),
                  timedelta(minutes=10))

            page = InoperatividadWorkspace(_context(db, boss, paths))
            page.resize(1400, 900)
            queue = page.show_queue()
            queue.show()
            queue.panel.copy_buttons["Tipo de trámite"].click()
            queue.panel.atc_number.setText("ATC-2026-118240")
            _save(page, out, "inoperatividad_queue")
            queue.panel.atc_number.setText("ATC-2026-117903")
            queue.panel.regularize_button.click()
            _save(page, out, "inoperatividad_queue_number_used")

            page.select_record(altas)
            closure = page.viewer.open_closure()
            assert closure is not None
            started = inoperatividad.get_record(db, altas).data.started_at
            assert started is not None
            closure.ended_at.setDateTime(to_qdatetime(started + timedelta(hours=1, minutes=20)))
            closure.motive.setCurrentIndex(closure.motive.findData("FALLA_MASIVA_APLICATIVO"))
            closure.sustento.setPlainText("SISACT restablecido; Tecnología cerró el ticket "
                                          "INC-88530.")
            _save(closure, out, "inoperatividad_closure")
            closure.motive.setCurrentIndex(0)
            closure.sustento.clear()
            closure.accept()  # no motive, no sustento: the messages
            _save(closure, out, "inoperatividad_closure_errors")
            closure.close()
            page.close()

            started = inoperatividad.get_record(db, first).data.started_at
            assert started is not None
            flow.add_window(db, control, "SIAC_UNICO", started - timedelta(minutes=30),
                            started + timedelta(hours=1), "Comunicado Fallas N.º 2026-311")
            flow.answer_procesos(db, control, first,
                                 inoperatividad.get_record(db, first).version,
                                 ProcesosAnswer.PROCEDE, "La caída excede la falla comunicada.")
            flow.approve(db, control, first, inoperatividad.get_record(db, first).version,
                         "gerente", "Gabriela Ruiz Paredes")
            evaluator = InoperatividadWorkspace(_context(db, control, paths))
            evaluator.resize(1400, 900)
            evaluator.select_record(first)
            evaluator.viewer.tabs.setCurrentIndex(1)
            _save(evaluator, out, "inoperatividad_evaluation")
            target = out / "inoperatividad_evaluation_full.png"
            evaluator.viewer.evaluation.grab().save(str(target))
            print(target)
            window = evaluator.viewer.evaluation.open_window()
            _save(window, out, "inoperatividad_window_dialog")
            window.close()
            flow.approve(db, control, first, inoperatividad.get_record(db, first).version,
                         "director", "Daniel Soto Vera")
            flow.add_non_working_day(db, control, (now - timedelta(days=1)).date(),
                                     "Feriado regional (ordenanza municipal)")
            evaluator.sections.setCurrentWidget(evaluator.report_section)
            report = evaluator.report
            report.refresh()
            report.table.selectRow(0)
            _save(evaluator, out, "inoperatividad_report_deadlines")
            days = report.open_days_off()
            _save(days, out, "inoperatividad_days_off")
            days.close()
            evaluator.close()
            render_exchange(db, paths.exports_dir, paths.package_keys_dir, out)

            reader = InoperatividadWorkspace(_context(db, boss, paths))
            reader.resize(1400, 900)
            reader.select_record(first)
            reader.viewer.tabs.setCurrentIndex(1)
            _save(reader, out, "inoperatividad_evaluation_read_only")
            done = inoperatividad.list_records(db)[-1].id  # the regularized one
            reader.select_record(done)
            _save(reader, out, "inoperatividad_regularized")
            undo = reader.viewer.evaluation.open_undo()
            assert undo is not None
            undo.accept()  # no reason: the message
            _save(undo, out, "inoperatividad_undo")
            undo.close()
            reader.close()
        finally:
            db.dispose()


def render_exchange(point_db: Database, exports: Path, keys: Path, out: Path) -> None:
    """Control e Información's store receiving the CAC's package twice: the second time one
    record annulled there by mistake comes back open, a conflict to resolve. The package is
    signed with the point's key in ``keys``, registered at Control e Información first."""
    from swat_desktop.gui.inoperatividad.workspace import InoperatividadWorkspace
    from swat_desktop.services import exchange, inoperatividad, package_keys

    point = next(p.id for p in inoperatividad.attention_points(point_db)
                 if p.code == "CAC-SAN-ISIDRO")
    package = exchange.export_events(point_db, exports / "CAC-SAN-ISIDRO 2026-11-22.swatpkg",
                                     point, keys)
    damaged = exports / "CAC-MIRAFLORES 2026-11-22.swatpkg"
    damaged.write_bytes(package.read_bytes()[:300])
    with tempfile.TemporaryDirectory(prefix="swat-control-") as home:
        paths = resolve_paths(home).ensure()
        db, _ = store.open_store(None, paths.database_file, paths.backups_dir, point_db.clock)
        try:
            control = identity.save_profile(db, ProfileInput(
                "cinfo", "Carla Ínfantes Ramos", Role.CONTROL_INFORMACION,
                "Control e Información"))
            package_keys.register_key(db, control, package,
                                      package_keys.package_signer(db, package).fingerprint)
            exchange.import_package(db, control, package)
            mistaken = inoperatividad.list_records(db)[0]
            inoperatividad.annul(db, control, mistaken.id, mistaken.version,
                                 "Duplicado (anulado por error en Control e Información)")
            workspace = InoperatividadWorkspace(_context(db, control, paths))
            workspace.resize(1400, 900)
            workspace.sections.setCurrentWidget(workspace.exchange_section)
            page = workspace.exchange
            task = page.import_from([package, damaged])
            _wait(lambda: not task.running and page.task is None)
            _save(workspace, out, "inoperatividad_packages_conflict")
            workspace.close()
        finally:
            db.dispose()


def render_backups(out: Path) -> None:
    """Archivo → Respaldos y restauración, its confirmation, and the damaged-store dialog."""
    from swat_desktop.domain.backup_retention import Retention
    from swat_desktop.domain.clock import SystemClock
    from swat_desktop.gui.backup_dialogs import BackupsDialog
    from swat_desktop.gui.integrity_dialog import IntegrityDialog
    from swat_desktop.services import backups, upkeep

    with tempfile.TemporaryDirectory(prefix="swat-screens-") as home:
        paths = resolve_paths(home).ensure()
        db = _open(paths)
        try:
            identity.save_profile(db, ProfileInput(
                "mrojas", "María Fernanda Rojas", Role.BACKOFFICE, "Célula Soporte Bogotá"))
            upkeep.run_daily(db, paths.backups_dir, Retention())
            backups.make_backup(db, paths.backups_dir)
            dialog = BackupsDialog(db, paths.backups_dir, paths.local_settings_file)
            _save(dialog, out, "backups")
            dialog.check_chosen()
            _wait(lambda: dialog.confirmation is not None and dialog.confirmation.isVisible())
            assert dialog.confirmation is not None
            _save(dialog.confirmation, out, "backups_confirm_restore")
            dialog.confirmation.reject()
            dialog.close()
            damage = store.damaged(db.display_name, paths.database_file, [
                "*** in database main ***\nPage 41: btree page has a bad header"])
            _save(IntegrityDialog(str(damage), paths.database_file, paths.backups_dir,
                                  SystemClock()), out, "integrity_damaged")
            _save(IntegrityDialog(str(damage), paths.database_file, Path(home) / "ninguno",
                                  SystemClock()),
                  out, "integrity_damaged_no_backups")
        finally:
            db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    out: Path = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)

    app = QApplication(sys.argv[:1])
    configure_application(app)
    with tempfile.TemporaryDirectory(prefix="swat-screens-") as home:
        paths = resolve_paths(home).ensure()
        db = _open(paths)
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
            page = window.review
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
    render_claims(out)
    render_feedback(out)
    render_inoperatividad(out)
    render_inoperatividad_flow(out)
    render_backups(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
