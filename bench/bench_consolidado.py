"""Writing a month's CONSOLIDADO (100,000 reviewed accounts), against a bare xlsxwriter.

The backoffice writes the consolidado at every cut (step 8) while it waits, and at the end of
the month it holds about 100,000 reviewed accounts, each written three times: on "Detalle", on
its advisor's sheet (about 400 of them) and on its causal's sheet (13). The yardstick is the
plainest xlsxwriter workbook of the same content: the same sheets with the same values, default
workbook options, one ``write_row`` per row and no format at all (dates left for xlsxwriter to
convert, shown as bare serial numbers). The target is ``consolidado`` ≤ 1.0× that baseline:
the real writer adds date and percent formats, frozen headers, filters, widths, and text that
can never become a formula, and must still not be slower.

The rows, the indicators and the advisors are generated once per run, untimed, in memory:
Spanish names with accents, 13 causales C01–C13, free-text observaciones (some of them starting
with "-" or "+", as typed), dates across November 2026. ``SWAT_BENCH_ROWS`` changes the number of
accounts for a quick run. Each sample writes a new file in a temporary folder.
"""

from __future__ import annotations

import gc
import random
import tempfile
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import xlsxwriter

from bench.common import Result, base_rows, timed
from swat_desktop.domain.indicators import (
    AdvisorFigure,
    CausalFigure,
    DayFigure,
    Indicators,
    percent,
)
from swat_desktop.domain.periods import PeriodKind, period_for
from swat_desktop.domain.reports import (
    COL_ASESOR,
    COL_ASESOR_ID,
    COL_CAUSAL,
    CONSOLIDADO_COLUMNS,
    ConsolidadoData,
    ConsolidadoRow,
)
from swat_desktop.io.consolidado_xlsx import write_consolidado
from swat_desktop.io.xlsx_layout import advisor_cells, causal_cells, key_figures

MONTH = period_for(PeriodKind.MENSUAL, date(2026, 11, 1))
ADVISORS = 400
SUPERVISORS = 30
RECORDS_PER_REVIEWED = 3  # the bases hold more rows than the célula finds mal escalados
WARM_UP_ROWS = 300
TARGET_RATIO = 1.0

Writer = Callable[[Path, ConsolidadoData], Path]

BASELINE_NAME = "xlsxwriter_bare"
NOTES = {
    "consolidado": "write_consolidado: Indicadores + Detalle + one sheet per causal and per "
    "advisor, formats, frozen headers, filters, widths, text never a formula; "
    f"target ≤ {TARGET_RATIO:.1f}x the same cells written bare",
}

_FIRST = ("José", "María", "Juan", "Ana", "Luis", "Andrés", "Sebastián", "Julián", "Óscar",
          "Sofía", "Valentina", "Camila", "Mónica", "Angélica", "Jesús", "Nicolás", "Martín",
          "Iván", "Héctor", "Rubén", "Ramón", "Joaquín", "Germán", "Fabián", "Érika", "Inés",
          "Lucía", "Raúl", "Adrián", "Efraín", "Yesid", "Leidy", "Yuliana", "Dayana")
_SURNAMES = ("Gómez", "Rodríguez", "Martínez", "García", "López", "Hernández", "Sánchez",
             "Ramírez", "Pérez", "Díaz", "Muñoz", "Rojas", "Jiménez", "Álvarez", "Suárez",
             "Gutiérrez", "Ñúñez", "Peña", "Quiñones", "Cárdenas", "Londoño", "Mejía", "Ibáñez",
             "Benítez", "Velásquez", "Beltrán", "Acuña", "Durán", "Bohórquez", "Patiño", "Marín",
             "Calderón", "Rincón", "Galán")
_CAUSALES = ("Cuentas dispersas o lejanas", "Nodo diferente", "Cuenta desconectada o cancelada",
             "Opción errada", "Red externa y visita a la vez", "Aviso informativo o PMA programado",
             "Vecinos del mismo HHPP en otro piso", "Seriales fuera de inventario",
             "Opción de TV incorrecta", "No relaciona correo electrónico",
             "Sin incidencia de T&D", "Soporte T&D errado", "Notas incompletas o erradas")
_OBSERVACIONES = (
    "El asesor escala por Diagnosticador sin validar el nodo del cliente",
    "No relaciona seriales del decodificador afectado; se informa al supervisor",
    "- Cliente con aviso informativo vigente en la zona, no debía escalarse",
    "+57 300 555 0000 no contesta; notas de escalamiento incompletas",
    "Se evidencia visita técnica programada y escalamiento por red externa a la vez",
    "Interacción de T&D de 2 minutos, sin cierre en la herramienta",
    "Cuenta desconectada por mora desde el 02/11; escalamiento improcedente",
    "Gestión Soporte rechaza sin revisar la incidencia; se reclama",
)
_MOTIVOS = ("Error de procedimiento", "Falta de información")


def _person(rng: random.Random) -> str:
    first, second = rng.sample(_FIRST, 2)
    return f"{first} {second} {rng.choice(_SURNAMES)} {rng.choice(_SURNAMES)}"


def generate_rows(count: int, seed: int = 11) -> list[ConsolidadoRow]:
    """``count`` reviewed accounts of MONTH, by base date and cuenta, as the service gives them."""
    rng = random.Random(seed)
    supervisors = [_person(rng) for _ in range(SUPERVISORS)]
    advisors = [(f"ecm{10_000 + i * 37}", _person(rng), rng.choice(supervisors))
                for i in range(ADVISORS)]
    reviewers = [_person(rng) for _ in range(12)]
    causales = [f"C{i:02d} {name}" for i, name in enumerate(_CAUSALES, start=1)]
    days = MONTH.dates()
    rows: list[ConsolidadoRow] = []
    for n in range(count):
        day = days[n * len(days) // count]
        advisor_id, name, supervisor = rng.choice(advisors)
        escalated = datetime.combine(day, time(rng.randint(6, 21), rng.randint(0, 59)))
        primary, *others = rng.sample(causales, rng.choice((1, 1, 1, 2)))
        procede = rng.random() < 0.8
        rows.append((
            day, str(rng.randint(10_000_000, 9_999_999_999)), escalated - timedelta(days=1),
            advisor_id, name, supervisor, primary, "; ".join((primary, *others)),
            "Procede" if procede else "No procede", rng.choice(_MOTIVOS) if procede else "",
            rng.choice(_OBSERVACIONES), "" if procede else f"REC-2026-{n % 900 + 1:04d}",
            rng.choice(reviewers), escalated + timedelta(hours=rng.randint(2, 30)),
        ))
    rows.sort(key=lambda r: (r[0], r[1]))
    return rows


def generate_data(rows: list[ConsolidadoRow]) -> ConsolidadoData:
    """Indicators consistent with the rows, over bases RECORDS_PER_REVIEWED times larger."""
    records = len(rows) * RECORDS_PER_REVIEWED
    per_advisor = Counter((r[COL_ASESOR_ID], r[COL_ASESOR], r[5]) for r in rows)
    per_causal = Counter(r[COL_CAUSAL] for r in rows)
    per_day = Counter(r[0] for r in rows)
    advisors = sorted(
        (AdvisorFigure(i, name, sup, n * RECORDS_PER_REVIEWED, n, n, 0, 0, 0, n, 0,
                       percent(n, records))
         for (i, name, sup), n in per_advisor.items()),
        key=lambda a: -a.percent)
    causales = tuple(CausalFigure(c[:3], c[4:], n, percent(n, records))
                     for c, n in per_causal.most_common())
    days = tuple(DayFigure(d, per_day[d] * RECORDS_PER_REVIEWED, per_day[d], per_day[d],
                           per_day[d] * RECORDS_PER_REVIEWED)
                 for d in MONTH.dates())
    indicators = Indicators(MONTH, "Todos los asesores", records, len(rows), len(rows),
                            len(rows), 0, 0, 0, 0, 0, tuple(advisors), causales, days, records)
    return ConsolidadoData(MONTH, rows, indicators, datetime(2026, 12, 1, 13, 0, tzinfo=UTC),
                           "Bench User")


def write_bare(path: Path, data: ConsolidadoData) -> Path:
    """The baseline: the same sheets and values with nothing but ``write_row``."""
    workbook = xlsxwriter.Workbook(str(path))
    headers = [c.title for c in CONSOLIDADO_COLUMNS]
    summary = workbook.add_worksheet("Indicadores")
    lines = [(data.title,), ("Periodo", data.period.label),
             *((label, value) for label, value, _ in key_figures(data.indicators)),
             *map(advisor_cells, data.indicators.advisors),
             *map(causal_cells, data.indicators.causales)]
    for n, line in enumerate(lines):
        summary.write_row(n, 0, line)
    detail = workbook.add_worksheet("Detalle")
    detail.write_row(0, 0, headers)
    groups: dict[str, list[ConsolidadoRow]] = {}
    for row in data.rows:
        groups.setdefault(row[COL_CAUSAL][:31], []).append(row)
    for row in data.rows:
        groups.setdefault(f"{row[COL_ASESOR_ID]} {row[COL_ASESOR]}"[:31], []).append(row)
    for n, row in enumerate(data.rows, start=1):
        detail.write_row(n, 0, row)
    for name, rows in groups.items():
        sheet = workbook.add_worksheet(name)
        sheet.write_row(0, 0, headers)
        for n, row in enumerate(rows, start=1):
            sheet.write_row(n, 0, row)
    workbook.close()
    return path


def _sample(write: Writer, data: ConsolidadoData, path: Path) -> float:
    gc.collect()  # one sample's garbage is not paid by the next one
    seconds, _ = timed(lambda: write(path, data))
    return seconds


def run(repeats: int) -> list[Result]:
    rows = base_rows()
    print(f"  generating {rows:,} reviewed accounts (untimed)…", flush=True)
    data = generate_data(generate_rows(rows))
    warm_up = generate_data(generate_rows(WARM_UP_ROWS))
    figure: list[float] = []
    baseline: list[float] = []
    with tempfile.TemporaryDirectory(prefix="swat-bench-consolidado-") as tmp:
        folder = Path(tmp)
        write_consolidado(folder / "warm-up.xlsx", warm_up)
        write_bare(folder / "warm-up-bare.xlsx", warm_up)
        for _ in range(repeats):
            figure.append(_sample(write_consolidado, data, folder / "consolidado.xlsx"))
            baseline.append(_sample(write_bare, data, folder / "bare.xlsx"))
    return [Result.from_samples("consolidado", figure, BASELINE_NAME, baseline,
                                NOTES["consolidado"])]
