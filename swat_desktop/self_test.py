"""``swat-desktop --self-test``: is this copy of SWAT Desktop complete and working?

The tests run from a source checkout, where every file is at hand. A PyInstaller bundle or an
installed wheel can lack a resource, a compiled form, a Qt plugin, a migration or a data file
of a dependency (Peru's holiday names), and that shows only when the code that needs it runs.
So this runs each workflow once, for real: the store with its migrations, the services, and
the main window on Qt's offscreen platform, in a new temporary home folder, never the user's
data (nor a database named by ``SWAT_DESKTOP_DATABASE_URL``). It prints each check as it
passes; the first that fails stops the run with a Spanish message, exit status 1, and the
temporary folder is kept for support to look at. CI runs it on the bundle it builds.

Like cli.py it is an entry point: it goes through services and gui, and writes the sample
Base Mal Escalados with ``io.sample_base`` as e-mail would bring one.
"""

from __future__ import annotations

import importlib.metadata
import shutil
import sys
import tempfile
import traceback
import zipfile
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import TextIO
from urllib.parse import quote

from swat_desktop import APP_NAME, __version__
from swat_desktop.domain.clock import FixedClock, local_now
from swat_desktop.domain.formatting import LIMA
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.domain.inoperatividad import (
    RecordInput,
    RecordStatus,
    RequestType,
    ResponsibleRole,
    Scenario,
)
from swat_desktop.domain.mal_escalados import (
    CaseStatus,
    ProcedeMotivo,
    Procedencia,
    ReviewFilters,
)
from swat_desktop.domain.periods import PeriodKind, period_for
from swat_desktop.gui.self_test_driver import (
    SelfTestError,
    WindowDriver,
    create_profile,
    offscreen_messages,
    start_application,
)
from swat_desktop.io.sample_base import DEFAULT_BASE_DAY, write_sample_base
from swat_desktop.paths import AppPaths, resolve_paths, resources_dir
from swat_desktop.services import (
    exchange,
    inoperatividad,
    inoperatividad_flow,
    package_keys,
    reports,
    review,
    review_pages,
    store,
)

EXIT_OK = 0
EXIT_FAILED = 1
SAMPLE_ROWS = 5
OBSERVACIONES = "Autoprueba de la instalación"
# What the application reads from resources/ at start-up or in the first minutes of use.
RESOURCES = (
    "style.qss", "icons/app.svg", "catalogues/causales.csv", "catalogues/attention_points.csv",
    "catalogues/inoperatividad.json", "reports/inoperatividad_report.json",
    "catalogues/practicas.json",
)
BACKOFFICE = ProfileInput("autoprueba.bo", "Autoprueba Backoffice", Role.BACKOFFICE,
                          "Célula Autoprueba")
SUPERVISOR = ProfileInput("autoprueba.cac", "Autoprueba Supervisor CAC", Role.SUPERVISOR_CAC,
                          "CAC San Isidro")
# Never connected to: creating the engine is enough to load the driver.
POSTGRES_PROBE_URL = "postgresql+psycopg://autoprueba@127.0.0.1/autoprueba"
# The store's clock: 09:00 in Bogotá and Lima two days after the sample base, whatever the
# computer's date says, so the checks mean the same on a machine with a wrong clock (they test
# the installation, not the calendar).
SELF_TEST_NOW = datetime(DEFAULT_BASE_DAY.year, DEFAULT_BASE_DAY.month, DEFAULT_BASE_DAY.day,
                         14, 0, tzinfo=UTC) + timedelta(days=2)
# A holiday whose Spanish name comes from the holidays package's gettext catalogue.
KNOWN_HOLIDAY = (date(2026, 7, 28), "Independencia")


def _require(condition: object, message: str) -> None:
    if not condition:
        raise SelfTestError(message)


def _sqlite_url(path: Path) -> str:
    """Named explicitly so ``SWAT_DESKTOP_DATABASE_URL`` can never point the test elsewhere;
    quoted because SQLAlchemy unquotes the path (a folder may contain % or #)."""
    return "sqlite:///" + quote(str(path))


class SelfTest:
    """The checks in order; each one builds on the previous ones and says what it saw."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.paths: AppPaths = resolve_paths(home).ensure()
        self.db: store.Database | None = None
        self.driver: WindowDriver | None = None
        self.backoffice: UserProfile | None = None
        self.supervisor: UserProfile | None = None

    def checks(self) -> list[tuple[str, Callable[[], str]]]:
        return [
            ("versión", self.check_version),
            ("recursos", self.check_resources),
            ("catálogo de prácticas de gestión", self.check_practices),
            ("ayuda (F1)", self.check_help),
            ("base de datos", self.open_store),
            ("controlador PostgreSQL", self.check_postgres_driver),
            ("ventana principal", self.open_window),
            ("Mal escalados: importar base", self.import_base),
            ("Mal escalados: veredicto", self.save_verdict),
            ("Inoperatividad: Formato Manual", self.save_record),
            ("Inoperatividad: PDF del formato", self.record_pdf),
            ("Inoperatividad: paquete firmado", self.signed_package),
            ("corte diario xlsx y PDF", self.export_corte),
            ("feriados de Perú", self.check_holidays),
            ("cerrar la ventana", self.close_window),
        ]

    @property
    def _db(self) -> store.Database:
        assert self.db is not None
        return self.db

    @property
    def _driver(self) -> WindowDriver:
        assert self.driver is not None
        return self.driver

    def check_version(self) -> str:
        try:
            installed = importlib.metadata.version("swat-desktop")
        except importlib.metadata.PackageNotFoundError:
            raise SelfTestError("faltan los metadatos del paquete swat-desktop: --version "
                                "mostraría una versión de respaldo") from None
        _require(installed == __version__,
                 f"la versión instalada {installed} no coincide con la del programa "
                 f"{__version__}")
        return f"{APP_NAME} {installed} (metadatos del paquete presentes)"

    def check_resources(self) -> str:
        folder = resources_dir()
        missing = [name for name in RESOURCES if not (folder / name).is_file()
                   or (folder / name).stat().st_size == 0]
        _require(not missing, f"faltan recursos en {folder}: {', '.join(missing)}")
        return f"{len(RESOURCES)} archivos en {folder}"

    def check_practices(self) -> str:
        """The practices' goals are a data file someone may edit: read and checked here, so a
        broken copy is said before a leader opens the page."""
        from swat_desktop.domain.practices import CatalogueError
        from swat_desktop.services import practices

        try:
            shipped = practices.catalogue()
        except CatalogueError as exc:
            raise SelfTestError(str(exc)) from None
        return f"versión {shipped.version}, {len(shipped.practices)} prácticas"

    def check_help(self) -> str:
        """F1 shows the README: it must have travelled with this copy (installer/*.spec puts
        it in the bundle, the wheel carries it in its metadata)."""
        from swat_desktop.gui.help_dialog import PAGE_TOPICS, WORKSPACE_TOPICS
        from swat_desktop.help_text import readme_text, sections

        found = readme_text()
        _require(found is not None, "falta README.md: F1 no tendría ayuda que mostrar")
        assert found is not None
        titles = {section.title for section in sections(found.markdown)}
        wanted = {t.section for t in (*WORKSPACE_TOPICS.values(), *PAGE_TOPICS.values())}
        _require(wanted <= titles, "a la ayuda le faltan las secciones "
                 + ", ".join(sorted(wanted - titles)))
        return f"{len(titles)} secciones de {found.source}"

    def open_store(self) -> str:
        self.db, result = store.open_store(_sqlite_url(self.paths.database_file),
                                           self.paths.database_file, self.paths.backups_dir,
                                           FixedClock(SELF_TEST_NOW))
        info = store.database_info(self.db)
        _require(info.up_to_date, f"el esquema quedó en {info.revision}, no en {info.head}")
        _require(info.row_counts.get("Causales", 0) > 0, "el catálogo de causales está vacío")
        return (f"SQLite nueva migrada de {result.before or 'vacía'} a {info.revision}; "
                f"{info.row_counts['Causales']} causales sembradas")

    def check_postgres_driver(self) -> str:
        """A célula may share a PostgreSQL store: its driver must be there to load."""
        store.connect(POSTGRES_PROBE_URL, self.paths.database_file).dispose()
        return "psycopg disponible (sin conectarse a ningún servidor)"

    def open_window(self) -> str:
        _app, seen = start_application()
        self.backoffice = create_profile(self._db, BACKOFFICE)
        self.supervisor = create_profile(self._db, SUPERVISOR)
        self.driver = WindowDriver(self._db, self.backoffice, self.paths)
        return f"{seen}; dos perfiles creados con el diálogo de identificación"

    def import_base(self) -> str:
        path = write_sample_base(
            self.home / f"Base Mal Escalados {DEFAULT_BASE_DAY:%d-%m-%Y}.xlsx", SAMPLE_ROWS)
        summary = self._driver.import_base(path)
        _require(summary.imported == SAMPLE_ROWS and summary.base_date == DEFAULT_BASE_DAY,
                 f"se esperaban {SAMPLE_ROWS} cuentas del {DEFAULT_BASE_DAY:%d/%m/%Y}: "
                 f"{summary.message}")
        stored = review_pages.counts(self._db, ReviewFilters()).total
        _require(stored == SAMPLE_ROWS, f"la base de datos tiene {stored} cuentas, no "
                 f"{SAMPLE_ROWS}")
        return f"{summary.message[:-1]} de la base del {summary.base_date:%d/%m/%Y}"

    def save_verdict(self) -> str:
        case_id = self._driver.review_first_account(OBSERVACIONES)
        saved = review.detail(self._db, case_id)
        _require(saved.row.status is CaseStatus.REVISADA
                 and saved.row.procedencia is Procedencia.PROCEDE
                 and saved.motivo is ProcedeMotivo.PROCEDIMIENTO
                 and len(saved.causal_ids) == 1 and saved.observaciones == OBSERVACIONES,
                 f"el veredicto leído no es el guardado: {saved.row}")
        return (f"cuenta {saved.row.cuenta}: {saved.row.primary_causal}, "
                f"{saved.row.procedencia.label.lower()}, guardado y leído de vuelta")

    def save_record(self) -> str:
        assert self.supervisor is not None
        self._driver.switch_user(self.supervisor)
        point = inoperatividad.user_point(self._db, self.supervisor)
        if point is None:
            raise SelfTestError(f"no hay punto de atención para {SUPERVISOR.unit}")
        data = RecordInput(
            attention_point_id=point.id, responsible_name=SUPERVISOR.full_name,
            responsible_role=ResponsibleRole.SUPERVISOR,
            started_at=local_now(self._db.clock, LIMA) - timedelta(minutes=30),
            applications=("SIAC_UNICO",), request_type=RequestType.CONSULTAS,
            request_code="MIGRACION_PLAN", scenario=Scenario.FALLA_MASIVA,
            motivo="FALLA_MASIVA_APLICATIVO", detail=OBSERVACIONES,
            not_intermittent=True, whole_point_down=True)
        record = self._driver.save_inoperatividad(data)
        saved = inoperatividad.get_record(self._db, record.id)
        _require(saved.number == record.number and saved.status is RecordStatus.ABIERTO
                 and saved.data.started_at == data.started_at
                 and saved.data.applications == data.applications
                 and saved.data.request_code == data.request_code
                 and saved.data.detail == OBSERVACIONES,
                 f"el registro leído no es el guardado: {saved.data}")
        return f"registro {saved.number} guardado y leído de vuelta"

    def record_pdf(self) -> str:
        path = self._driver.write_record_pdf()
        content = path.read_bytes()
        _require(content.startswith(b"%PDF-") and len(content) > 1000,
                 f"{path.name} no es un PDF")
        printed = path.with_name("impreso.pdf")
        pages = self._driver.print_to_file(path, printed)
        _require(pages > 0 and printed.read_bytes().startswith(b"%PDF-"),
                 "la impresión del formato no produjo páginas")
        return f"{path.name}, {len(content) // 1024} KB; impreso: {pages} páginas"

    def signed_package(self) -> str:
        """The point's key made in the temporary home, the package signed and its signature
        checked back: the bundle carries the cryptography library and it works."""
        assert self.supervisor is not None
        point = inoperatividad.user_point(self._db, self.supervisor)
        assert point is not None
        path = exchange.export_events(self._db, self.paths.exports_dir / "autoprueba.swatpkg",
                                      point.id, self.paths.package_keys_dir)
        signer = package_keys.package_signer(self._db, path)
        own = package_keys.local_fingerprint(self.paths.package_keys_dir, point.code)
        _require(signer.fingerprint == own, f"la huella del paquete ({signer.fingerprint}) no "
                 f"es la de la clave del punto ({own})")
        return f"{path.name} firmado por {point.code} (huella {own})"

    def export_corte(self) -> str:
        assert self.backoffice is not None
        period = period_for(PeriodKind.DIARIO, DEFAULT_BASE_DAY)
        files = reports.export_corte(self._db, self.backoffice, period, self.paths.exports_dir)
        with zipfile.ZipFile(files.xlsx) as workbook:
            _require("xl/workbook.xml" in workbook.namelist(), f"{files.xlsx.name} no es xlsx")
        _require(files.pdf.read_bytes().startswith(b"%PDF-"), f"{files.pdf.name} no es un PDF")
        return f"{files.xlsx.name} y {files.pdf.name}"

    def check_holidays(self) -> str:
        day, word = KNOWN_HOLIDAY
        found = {d.day: d.description for d in inoperatividad_flow.days_off(self._db, day.year)}
        _require(word in found.get(day, ""),
                 f"el {day:%d/%m/%Y} no figura como «{word}» entre los feriados de Perú")
        return f"{len(found)} días no laborables en {day.year}, p. ej. «{found[day]}»"

    def close_window(self) -> str:
        self._driver.close()
        self.driver = None
        return "sin cambios pendientes"

    def dispose(self) -> None:
        if self.driver is not None:
            self.driver.window.close()
            self.driver = None
        if self.db is not None:
            self.db.dispose()
            self.db = None


class _SlotErrors:
    """An exception raised inside a Qt slot does not reach the caller; PySide hands it to
    ``sys.excepthook``. Kept here, it fails the check that was running."""

    def __init__(self) -> None:
        self.caught: list[BaseException] = []
        self._previous = sys.excepthook

    def __enter__(self) -> _SlotErrors:
        sys.excepthook = self._hook
        return self

    def __exit__(self, *_exc: object) -> None:
        sys.excepthook = self._previous

    def _hook(self, _type: type[BaseException], exc: BaseException,
              _tb: TracebackType | None) -> None:
        self.caught.append(exc)


def run_self_test(out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run every check in a new temporary home; 0 if all passed, 1 at the first failure."""
    out = out or sys.stdout
    err = err or sys.stderr
    home = Path(tempfile.mkdtemp(prefix="swat-autoprueba-"))
    print(f"{APP_NAME} {__version__}: autoprueba en {home} (carpeta temporal; sus datos no "
          "se tocan)", file=out, flush=True)
    test = SelfTest(home)
    checks = test.checks()
    failed = False
    with _SlotErrors() as slot_errors, offscreen_messages():
        try:
            for name, check in checks:
                try:
                    seen = check()
                    if slot_errors.caught:
                        raise slot_errors.caught[0]
                except Exception as exc:
                    failed = True
                    print(f"  [FALLO] {name}: {exc}", file=out, flush=True)
                    if not isinstance(exc, SelfTestError):
                        traceback.print_exception(exc, file=err)
                    break
                print(f"  [ok] {name}: {seen}", file=out, flush=True)
        finally:
            test.dispose()
    if failed:
        print(f"Autoprueba fallida. Los archivos quedaron en {home}", file=out, flush=True)
        return EXIT_FAILED
    shutil.rmtree(home, ignore_errors=True)
    print(f"Autoprueba superada: {len(checks)} comprobaciones.", file=out, flush=True)
    return EXIT_OK
