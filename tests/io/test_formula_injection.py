"""No workbook the application writes can run a formula that came from outside.

A store is seeded with hostile text (= + - @ tab and carriage return at the start: links,
DDE calls, arithmetic) in every free-text field the exports carry: advisor ids, names and
supervisors from the base, the sheet name of the base, observations, evidence, notes, rejection
reasons, user names, the attention point's name, the form's responsible and detail, Procesos'
note, the approvers, the ATC number. Every export is produced from it and every cell of every
sheet is read back with openpyxl: no cell is a formula, and every text that starts like one
carries Excel's quote prefix, so it stays text even after someone edits the cell. Each hostile
field must reach at least one such cell, so a field that stops being exported, or a new one
left unchecked, shows up here.

The exports are found in the source (every function of services/ and io/ that ends in a
workbook being created) and compared with ``EXPORTS``: a new export fails this test until it
is produced and scanned here.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from swat_desktop.domain.claims import Outcome
from swat_desktop.domain.clock import FixedClock
from swat_desktop.domain.cut_distribution import RecipientGroup
from swat_desktop.domain.identity import ProfileInput, Role, UserProfile
from swat_desktop.domain.inoperatividad import RequestType
from swat_desktop.domain.inoperatividad_flow import ClosureInput, ProcesosAnswer
from swat_desktop.domain.mal_escalados import (
    ImportSummary,
    ProcedeMotivo,
    Procedencia,
    ReviewFilters,
    ReviewSort,
    SortKey,
    VerdictInput,
)
from swat_desktop.domain.periods import PeriodKind, period_for
from swat_desktop.domain.practices import LinkKind, PracticeInput, PracticeLink
from swat_desktop.io.report_columns import KEYS, ReportColumn
from swat_desktop.io.sample_base import write_sample_base
from swat_desktop.io.xlsx_export import FORMULA_PREFIXES
from swat_desktop.services import (
    base_import,
    catalogue,
    claims,
    cut_distribution,
    identity,
    inoperatividad,
    inoperatividad_report,
    practices,
    problems_export,
    reports,
    review,
    store,
)
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services.store import Database
from tests.bad_inputs.corpus import generator
from tests.conftest import TEST_NOW
from tests.fixtures.inoperatividad import for_request, good_input
from tests.fixtures.listing import listed_ids, rows_of

PACKAGE = Path(__file__).resolve().parents[2] / "swat_desktop"
# One hostile text per field, each naming its field so the scan knows where it came from.
HOSTILE = {
    "revisor": '=HYPERLINK("http://x","y") revisor',
    "creador": "+1+1 creador",
    "generador": "-2+3 generador",
    "responsable": "@SUM(A1) responsable",
    "punto": "=cmd|' /C calc'!A0 punto",
    "asesor_id": "\t=1+1 asesor_id",
    "asesor_nombre": "\r=1+1 asesor_nombre",
    "supervisor": '=HYPERLINK("http://x","y") supervisor',
    "observaciones": "+1+1 observaciones\x01",  # a control character, pasted with it
    "evidencia": "-2+3 evidencia",
    "rechazo": "@SUM(A1) rechazo",
    "nota": "=cmd|' /C calc'!A0 nota",
    "causal": "\t=1+1 causal",
    "detalle": "+1+1 detalle",
    "critico": "-2+3 critico",
    "procesos": "@SUM(A1) procesos",
    "gerente": "=1+1 gerente",
    "director": "-1+1 director",
    "hoja": "+1+1 hoja",  # the name of the base's sheet, in the rejected rows' export
    "cuenta": "-1-1",  # the only hostile shape an account (letters, digits, -) can take
    "atc": "-2-3",  # the same for an ATC number
    "lider": "=1+1 lider",  # a leader's name, on the practices' registry
    "participantes": "+1+1 participantes",
    "notas": "-2+3 notas",
    "seguimiento": "@SUM(A1) seguimiento",
}
# Formulas the application writes on purpose, by export and sheet: none so far (the charts of
# the cut point at their data ranges, which are not cell formulas).
DELIBERATE_FORMULAS: dict[str, set[str]] = {}


@dataclass
class World:
    db: Database
    folder: Path
    summary: ImportSummary
    backoffice: UserProfile
    control: UserProfile
    claim_id: int
    leader: UserProfile


def _user(db: Database, login: str, name: str, role: Role, unit: str) -> UserProfile:
    return identity.save_profile(db, ProfileInput(login, name, role, unit))


def _mal_escalados(db: Database, folder: Path) -> tuple[ImportSummary, UserProfile, int]:
    make = generator()
    agent = _user(db, "mrojas", HOSTILE["revisor"], Role.AGENTE_CELULA, "Célula Bogotá")
    backoffice = _user(db, "lgarcia", HOSTILE["creador"], Role.BACKOFFICE, "Célula Bogotá")
    moment = make.Date(datetime(2026, 11, 20, 8))
    hostile = [HOSTILE["asesor_id"], HOSTILE["asesor_nombre"], HOSTILE["supervisor"]]
    rows = [
        [make.HEADERS[0], *make.HEADERS[1:]],
        [HOSTILE["cuenta"], moment, *hostile, "Cali", "=1+1"],
        ["1002", moment, *hostile, "Cali", "-1"],
        ["1003", moment, "ecm2", "Beto Díaz", "Lucía Peña", "Cali", ""],
        ["", moment, "ecm2", "Beto Díaz", "", "", ""],  # rejected: no account
        ["1003", moment, "ecm2", "Beto Díaz", "Lucía Peña", "Cali", ""],  # duplicate
    ]
    path = folder / "Base Mal Escalados 20-11-2026.xlsx"
    path.write_bytes(make.xlsx(make.Sheet(HOSTILE["hoja"], rows)))
    summary = base_import.run_import(db, agent, base_import.analyze(db, path))
    causal = catalogue.add_causal(db, backoffice, "C99", HOSTILE["causal"], "Prueba")
    ids = {r.cuenta: r.id for r in rows_of(db, listed_ids(
        db, ReviewFilters(), ReviewSort(SortKey.CUENTA)))}
    verdicts = {HOSTILE["cuenta"]: Procedencia.NO_PROCEDE, "1002": Procedencia.PROCEDE,
                "1003": Procedencia.NO_PROCEDE}
    for cuenta, procedencia in verdicts.items():
        review.save_verdict(db, agent, ids[cuenta], VerdictInput(
            (causal.id,), procedencia, ProcedeMotivo.PROCEDIMIENTO, HOSTILE["observaciones"]),
            expected_version=1)
    disputed = ids[HOSTILE["cuenta"]]
    claim = claims.create_claim(db, backoffice, [disputed, ids["1003"]], note=HOSTILE["nota"],
                                evidence={disputed: HOSTILE["evidencia"]})
    claim = claims.mark_sent(db, backoffice, claim.id, claim.version)
    claim = claims.record_outcome(db, backoffice, claim.id, claim.version, [disputed],
                                  Outcome.RECHAZADA, HOSTILE["rechazo"])
    return summary, backoffice, claim.id


def _inoperatividad(db: Database) -> UserProfile:
    supervisor = _user(db, "jquispe", HOSTILE["responsable"], Role.SUPERVISOR_CAC,
                       HOSTILE["punto"])
    control = _user(db, "cinfo", HOSTILE["generador"], Role.CONTROL_INFORMACION, "Control")
    data = replace(good_input(db, supervisor), responsible_name=HOSTILE["responsable"],
                   detail=HOSTILE["detalle"], critical_attention=HOSTILE["critico"])
    waiting = inoperatividad.save_record(db, supervisor, data)
    reported = inoperatividad.save_record(
        db, supervisor, for_request(data, RequestType.RECLAMOS))
    assert waiting.data.started_at is not None
    step = flow.close(db, control, reported.id, reported.version, ClosureInput(
        waiting.data.started_at + timedelta(minutes=30), "CONECTIVIDAD", HOSTILE["detalle"]))
    step = flow.regularize(db, control, reported.id, step.flow.version, HOSTILE["atc"])
    step = flow.answer_procesos(db, control, reported.id, step.flow.version,
                                ProcesosAnswer.PROCEDE, HOSTILE["procesos"])
    step = flow.approve(db, control, reported.id, step.flow.version, "gerente",
                        HOSTILE["gerente"])
    flow.approve(db, control, reported.id, step.flow.version, "director", HOSTILE["director"])
    return control


def _practices(db: Database) -> UserProfile:
    """A Confirmación de proceso held on the cut's Monday, about the hostile account."""
    leader = _user(db, "atorres", HOSTILE["lider"], Role.SUPERVISOR, "Célula Bogotá")
    practices.record_practice(db, leader, PracticeInput(
        "CP", MONDAY, time(9, 0), HOSTILE["participantes"], 30, HOSTILE["notas"],
        HOSTILE["seguimiento"], links=(PracticeLink(LinkKind.CUENTA, HOSTILE["cuenta"]),)))
    return leader


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("hostil")
    db, _ = store.open_store(None, folder / "swat.sqlite3", folder / "backups",
                             FixedClock(TEST_NOW))
    summary, backoffice, claim_id = _mal_escalados(db, folder)
    control = _inoperatividad(db)
    yield World(db, folder / "exports", summary, backoffice, control, claim_id,
                _practices(db))
    db.dispose()


NOVEMBER = period_for(PeriodKind.MENSUAL, date(2026, 11, 20))
MONDAY = date(2026, 11, 23)  # TEST_NOW's day: a practice is recorded once it was held
ALL_COLUMNS = tuple(ReportColumn(key, key, 20, kind) for key, kind in KEYS.items())

Producer = Callable[[World], Path]


def _mailed_corte(w: World) -> Path:
    """The cut the .eml carries is the same workbook as the export: scanned all the same."""
    if not cut_distribution.recipients(w.db):
        cut_distribution.add_recipient(w.db, w.backoffice, RecipientGroup.ADMINISTRACION,
                                       "Administración", "admin@claro.com.co")
    return cut_distribution.mail_corte(w.db, w.backoffice, NOVEMBER, w.folder).files.xlsx


# Every export, by the function that writes it: how to produce it from the hostile store, and
# which hostile fields must reach a cell of its own (at the start of the cell).
EXPORTS: dict[str, tuple[Producer, set[str]]] = {
    "swat_desktop.services.problems_export.export": (
        lambda w: problems_export.export(w.folder / "rechazos.xlsx", w.summary), {"hoja"}),
    "swat_desktop.services.claims.export_claim": (
        lambda w: claims.export_claim(w.db, w.claim_id, w.folder / "reclamacion.xlsx"),
        {"cuenta", "asesor_id", "asesor_nombre", "observaciones", "evidencia", "rechazo"}),
    "swat_desktop.services.reports.export_consolidado": (
        lambda w: reports.export_consolidado(w.db, w.backoffice, NOVEMBER, w.folder),
        {"cuenta", "asesor_id", "asesor_nombre", "supervisor", "observaciones", "revisor",
         "creador"}),
    "swat_desktop.services.reports.export_corte": (
        lambda w: reports.export_corte(w.db, w.backoffice, NOVEMBER, w.folder).xlsx,
        {"asesor_id", "asesor_nombre", "supervisor", "nota", "creador"}),
    "swat_desktop.services.cut_distribution.mail_corte": (
        _mailed_corte, {"asesor_id", "asesor_nombre", "supervisor", "nota", "creador"}),
    "swat_desktop.services.inoperatividad_flow.export_queue": (
        lambda w: flow.export_queue(w.db, w.folder / "cola.xlsx"),
        {"punto", "responsable", "detalle"}),
    "swat_desktop.services.inoperatividad_report.export_report": (
        lambda w: inoperatividad_report.export_report(
            w.db, w.control, date(2026, 11, 1), date(2026, 11, 30), w.folder, ALL_COLUMNS)[0],
        {"punto", "atc"}),
    "swat_desktop.services.practices.export_week": (
        lambda w: practices.export_week(w.db, w.leader, MONDAY, w.folder).xlsx,
        {"lider", "participantes", "notas", "seguimiento"}),
    # Synthetic rows for the benchmarks, no outside text: scanned all the same.
    "swat_desktop.io.sample_base.write_sample_base": (
        lambda w: write_sample_base(w.folder / "muestra.xlsx", 50), set()),
}


def _calls(function: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            callee = node.func
            names.add(callee.attr if isinstance(callee, ast.Attribute) else
                      callee.id if isinstance(callee, ast.Name) else "")
    return names


def discovered_exports() -> set[str]:
    """Functions of services/ and io/ that end in a workbook being created (``Workbook(...)``
    of openpyxl or xlsxwriter, directly or through other such functions) and that no other
    such function calls: the places an export starts."""
    calls: dict[str, set[str]] = {}
    for layer in ("services", "io"):
        for source in sorted((PACKAGE / layer).glob("*.py")):
            module = f"swat_desktop.{layer}.{source.stem}"
            for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef):
                    calls[f"{module}.{node.name}"] = _calls(node)
    writers: set[str] = set()
    wanted = {"Workbook"}
    while True:
        found = {name for name, called in calls.items() if called & wanted}
        if found <= writers:
            break
        writers |= found
        wanted |= {name.rsplit(".", 1)[1] for name in found}
    called_by_writers = set().union(*(calls[w] for w in writers))
    return {w for w in writers if w.rsplit(".", 1)[1] not in called_by_writers}


def test_every_export_in_the_source_is_scanned_here() -> None:
    assert discovered_exports() == set(EXPORTS)


def test_only_services_and_io_create_workbooks() -> None:
    """The discovery above looks there only: a window or the command line writing a workbook
    of its own would escape it (and break the layers)."""
    elsewhere = [source.relative_to(PACKAGE) for source in PACKAGE.rglob("*.py")
                 if source.parent.name not in ("services", "io")
                 and "Workbook" in _calls(ast.parse(source.read_text(encoding="utf-8")))]
    assert elsewhere == []


def _visible(text: str) -> str:
    """The hostile text as the stores and the writers keep it: trimmed, without control
    characters (xlsxwriter escapes them, openpyxl cannot store them)."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text).strip()


def _dangerous(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


@pytest.mark.parametrize("export", sorted(EXPORTS))
def test_no_export_lets_a_hostile_text_run_as_a_formula(world: World, export: str) -> None:
    produce, fields = EXPORTS[export]
    path = produce(world)
    workbook = load_workbook(path)
    reached: set[str] = set()
    for sheet in workbook.worksheets:
        allowed = DELIBERATE_FORMULAS.get(export, set())
        for row in sheet.iter_rows():
            for cell in row:
                where = f"{path.name} › {sheet.title}!{cell.coordinate}: {cell.value!r}"
                if cell.data_type == "f":
                    assert sheet.title in allowed, f"fórmula en {where}"
                if _dangerous(cell.value):
                    assert cell.data_type == "s", where
                    assert cell.quotePrefix, f"sin prefijo de comilla en {where}"
                    reached |= {f for f in fields if _visible(HOSTILE[f]) in str(cell.value)}
    assert reached == fields, f"campos hostiles que no llegaron a {path.name}: {fields - reached}"
