"""CONSOLIDADO rows for the xlsx writers' tests, next to report_samples' indicators.

The rows are what makes a consolidado hard to write: text that Excel would run as a formula,
advisors whose sheet names collide once cut to 31 characters or differ only in case, names
with characters a sheet name cannot hold, a reviewed account without a review time, empty
cells.
"""

from __future__ import annotations

from datetime import date, datetime

from swat_desktop.domain.periods import PeriodKind
from swat_desktop.domain.reports import ConsolidadoData, ConsolidadoRow
from tests.io.report_samples import GENERATED_AT, GENERATED_BY, sample_indicators

HOSTILE = ('=HYPERLINK("http://x")', "+57 300 555 0000", "@SUM(A1)", "-1", "=1+1",
           "http://claro.com.co/soporte")
# Two e-mail logins equal in their first 31 characters, and one id twice but for its case.
LONG_ID_A = "maria.fernanda.rojas.gomez@claro.com.co"
LONG_ID_B = "maria.fernanda.rojas.gomez@claro.com.pe"
C04 = "C04 Opción errada"
C06 = "C06 Aviso informativo o PMA programado"  # longer than a sheet name
C13 = "C13 Notas incompletas o erradas"

_ADVISORS = {
    "1032456789": ("José Ñúñez Pérez", "Carolina Beltrán"),
    LONG_ID_A: ("María Fernanda Rojas", "Jaime Gómez Castillo"),
    LONG_ID_B: ("María Fernanda Rojas", "Jaime Gómez Castillo"),
    "ECM77": ("Ana [temporal]: Ruiz/Gómez", "Ricardo Muñoz Arango"),
    "ecm77": ("ana [temporal]: ruiz/gómez", "Ricardo Muñoz Arango"),
    "52345678": ("Álvaro Zúñiga", "Carolina Beltrán"),
}


def _row(day: int, cuenta: str, asesor_id: str, causal: str, observaciones: str,
         reviewed: datetime | None, procede: bool = True) -> ConsolidadoRow:
    name, supervisor = _ADVISORS[asesor_id]
    base = date(2026, 11, day)
    return (
        base, cuenta, datetime(2026, 11, day - 1, 17, 42, 13), asesor_id, name, supervisor,
        causal, f"{causal}; {C13}" if causal != C13 else causal,
        "Procede" if procede else "No procede", "Error de procedimiento" if procede else "",
        observaciones, "" if procede else "REC-2026-0007", "Laura Ortiz Cárdenas", reviewed,
    )


def consolidado_rows() -> list[ConsolidadoRow]:
    """Twelve reviewed accounts, by base date and cuenta, as the service hands them over."""
    hostile = iter(HOSTILE)
    return [
        _row(3, "00012345678", "1032456789", C04, next(hostile), datetime(2026, 11, 3, 9, 5)),
        _row(3, "1234567890", LONG_ID_A, C06, "Aviso 745001122 vigente en la zona",
             datetime(2026, 11, 3, 9, 40)),
        _row(3, "2234567890", LONG_ID_B, C04, next(hostile), datetime(2026, 11, 3, 10, 2),
             procede=False),
        _row(4, "00012345679", "ECM77", C13, next(hostile), datetime(2026, 11, 4, 8, 15)),
        _row(4, "3234567890", "ecm77", C13, "Notas sin pruebas realizadas", None),
        _row(4, "4234567890", "1032456789", C06, next(hostile), datetime(2026, 11, 4, 11, 59)),
        _row(5, "5234567890", "52345678", C04, "", datetime(2026, 11, 5, 14, 30)),
        _row(5, "6234567890", LONG_ID_A, C13, next(hostile), datetime(2026, 11, 5, 15, 1)),
        _row(5, "7234567890", "1032456789", C13, "Escala sin validar nodo & dirección",
             datetime(2026, 11, 5, 16, 45)),
        _row(6, "8234567890", "52345678", C06, next(hostile), datetime(2026, 11, 6, 7, 58),
             procede=False),
        _row(6, "9234567890", LONG_ID_B, C04, "Cliente «sin señal» en TV", datetime(
            2026, 11, 6, 8, 0)),
        _row(7, "9934567890", "1032456789", C04, "Reincide en opción errada",
             datetime(2026, 11, 7, 18, 20)),
    ]


def sample_consolidado(empty: bool = False) -> ConsolidadoData:
    indicators = sample_indicators(empty=empty, kind=PeriodKind.MENSUAL)
    return ConsolidadoData(
        period=indicators.period, rows=[] if empty else consolidado_rows(),
        indicators=indicators, generated_at=GENERATED_AT, generated_by=GENERATED_BY,
    )
