"""Hand-made report data for the writers' tests (PDF and xlsx) and the PDF screenshots.

The figures are consistent with each other the way the services produce them: the base of the
period has 400 records, all valid (a test with rejected rows replaces ``valid``), the first
advisor has 50 counted accounts (12,50 %), a counted account is a reviewed one without an
accepted reclamación, and the totals are the advisors' sums. Names carry accents and an
ampersand, and one advisor's name is too long for a chart label.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from swat_desktop.domain.claims import ClaimSummary
from swat_desktop.domain.feedback import (
    CausalCount,
    Commitment,
    CompromisoDocument,
    FeedbackState,
    FeedbackSummary,
)
from swat_desktop.domain.formatting import BOGOTA
from swat_desktop.domain.indicators import (
    AdvisorFigure,
    CausalFigure,
    DayFigure,
    Indicators,
    Recurrence,
    percent,
)
from swat_desktop.domain.periods import Period, PeriodKind, period_for
from swat_desktop.domain.reports import CorteReport

REFERENCE_DAY = date(2026, 11, 18)  # a Wednesday of ISO week 47
RECORDS = 400
FIRST_ADVISOR = "José Ñúñez Pérez"
LONG_ADVISOR = "María de los Ángeles Castañeda Villamizar de la Torre Santamaría"
GENERATED_AT = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)  # 08:00 in Bogotá
GENERATED_BY = "María Fernanda Rojas"
SUPERVISORS = ("Carolina Beltrán", "Jaime Gómez Castillo", "Ricardo Muñoz Arango")

# id, name, accounts in the base, reviewed, no procede, claims accepted, rejected, recurrences
_ADVISORS: tuple[tuple[str, str, int, int, int, int, int, int], ...] = (
    ("1032456789", FIRST_ADVISOR, 60, 56, 8, 6, 1, 2),
    ("1019876543", LONG_ADVISOR, 45, 45, 5, 2, 2, 1),
    ("52345678", "Ana Lucía Ruiz Gómez", 40, 38, 4, 1, 2, 0),
    ("80123456", "Luis Ángel Martínez", 34, 34, 3, 1, 1, 1),
    ("1098765432", "Sofía Hernández Ospina", 30, 28, 4, 2, 1, 0),
    ("1020304050", "Camilo Andrés Pérez", 28, 28, 2, 0, 2, 0),
    ("1012345678", "Daniela Rincón Vargas", 25, 24, 3, 1, 1, 0),
    ("79876543", "Jhon Fredy Castaño", 22, 22, 2, 1, 1, 0),
    ("1030405060", "Paola Andrea Sánchez", 20, 19, 1, 0, 1, 0),
    ("1040506070", "Andrés Felipe Quiñones", 18, 18, 2, 1, 0, 0),
    ("1050607080", "Valentina Díaz Moreno", 16, 15, 1, 0, 1, 0),
    ("1060708090", "Óscar Iván Muñoz", 14, 14, 2, 1, 1, 0),
    ("1070809010", "Natalia Guzmán Restrepo", 12, 11, 1, 1, 0, 0),
    ("1080901020", "Julián Cárdenas", 10, 10, 0, 0, 0, 0),
    ("1090102030", "Lorena Patiño", 9, 8, 1, 0, 0, 0),
    ("1001020304", "Brayan Estiven Ríos", 8, 7, 0, 0, 0, 0),
    ("1002030405", "Yesica Alejandra Peña", 5, 4, 1, 1, 0, 0),
    ("1003040506", "Kevin Ordóñez", 4, 0, 0, 0, 0, 0),
)

# code, name, accounts (an account with several causales is in several rows)
_CAUSALES: tuple[tuple[str, str, int], ...] = (
    ("C04", "Opción errada", 96),
    ("C13", "Notas incompletas o erradas", 71),
    ("C11", "Sin incidencia de T&D", 52),
    ("C01", "Cuentas dispersas o lejanas", 33),
    ("C06", "Aviso informativo o PMA programado", 21),
    ("C08", "Seriales fuera de inventario", 14),
    ("C09", "Opción de TV incorrecta", 9),
    ("C10", "No relaciona correo electrónico", 4),
)

_DAY_WEIGHTS = (7.0, 6.5, 6.0, 6.2, 5.8, 4.5, 4.0)  # Monday to Sunday: weekends are quieter


def _advisor(row: tuple[str, str, int, int, int, int, int, int], index: int) -> AdvisorFigure:
    asesor_id, name, accounts, reviewed, no_procede, accepted, rejected, recurrences = row
    counted = reviewed - accepted
    return AdvisorFigure(
        asesor_id=asesor_id, asesor_nombre=name, supervisor=SUPERVISORS[index % 3],
        accounts=accounts, reviewed=reviewed, procede=reviewed - no_procede,
        no_procede=no_procede, claims_accepted=accepted, claims_rejected=rejected,
        counted=counted, recurrences=recurrences, percent=percent(counted, RECORDS),
    )


def _split(total: int, weights: list[float]) -> list[int]:
    """``total`` shared out in proportion to ``weights``, summing exactly to ``total``."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: parts[i] - raw[i])
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _days(period_days: list[date], reviewed: int, counted: int) -> tuple[DayFigure, ...]:
    weights = [_DAY_WEIGHTS[d.weekday()] for d in period_days]
    return tuple(
        DayFigure(day, records=r, reviewed=v, counted=c, valid=r)
        for day, r, v, c in zip(period_days, _split(RECORDS, weights), _split(reviewed, weights),
                                _split(counted, weights), strict=True)
    )


def sample_indicators(empty: bool = False, kind: PeriodKind = PeriodKind.SEMANAL) -> Indicators:
    """The period's indicators; ``empty`` is a period whose bases had no records at all."""
    period = period_for(kind, REFERENCE_DAY)
    if empty:
        return Indicators(
            period=period, scope="Todos los asesores", records=0, reviewed=0, counted=0,
            procede=0, no_procede=0, claims_pending=0, claims_accepted=0, claims_rejected=0,
            recurrences=0, advisors=(), causales=(),
            days=tuple(DayFigure(d, 0, 0, 0, 0) for d in period.dates()), valid=0,
        )
    advisors = sorted((_advisor(row, i) for i, row in enumerate(_ADVISORS)),
                      key=lambda a: (-a.percent, a.asesor_nombre))
    reviewed = sum(a.reviewed for a in advisors)
    counted = sum(a.counted for a in advisors)
    no_procede = sum(a.no_procede for a in advisors)
    accepted = sum(a.claims_accepted for a in advisors)
    rejected = sum(a.claims_rejected for a in advisors)
    return Indicators(
        period=period, scope="Todos los asesores", records=RECORDS, reviewed=reviewed,
        counted=counted, procede=reviewed - no_procede, no_procede=no_procede,
        claims_pending=no_procede - accepted - rejected, claims_accepted=accepted,
        claims_rejected=rejected, recurrences=sum(a.recurrences for a in advisors),
        advisors=tuple(advisors),
        causales=tuple(CausalFigure(code, name, n, percent(n, RECORDS))
                       for code, name, n in _CAUSALES),
        days=_days(period.dates(), reviewed, counted), valid=RECORDS,
    )


def sample_recurrences() -> tuple[Recurrence, ...]:
    return (
        Recurrence("1032456789", FIRST_ADVISOR, "00123456", date(2026, 11, 17), "C04",
                   "Opción errada", date(2026, 11, 10)),
        Recurrence("1032456789", FIRST_ADVISOR, "00987654", date(2026, 11, 19), "C13",
                   "Notas incompletas o erradas", date(2026, 11, 10)),
        Recurrence("1019876543", LONG_ADVISOR, "00456789", date(2026, 11, 20), "C11",
                   "Sin incidencia de T&D", date(2026, 11, 3)),
        Recurrence("80123456", "Luis Ángel Martínez", "00333222", date(2026, 11, 21), "C04",
                   "Opción errada", date(2026, 11, 12)),
    )


def _claim(serial: int, created: datetime, sent: datetime | None, items: int, accepted: int,
           rejected: int) -> ClaimSummary:
    return ClaimSummary(
        id=serial, uuid=f"00000000-0000-4000-8000-{serial:012d}", number=f"REC-2026-{serial:04d}",
        created_at=created, created_by=GENERATED_BY, sent_at=sent, note="", items=items,
        pending=items - accepted - rejected, accepted=accepted, rejected=rejected, version=1,
    )


def sample_claims() -> tuple[ClaimSummary, ...]:
    """One resolved, one waiting within its 24 hours, one overdue and one not sent yet."""
    def at(day: int, hour: int) -> datetime:
        return datetime(2026, 11, day, hour, 0, tzinfo=BOGOTA)

    return (
        _claim(7, at(16, 9), at(16, 10), items=10, accepted=6, rejected=4),
        _claim(8, at(19, 11), at(19, 15), items=9, accepted=4, rejected=3),
        _claim(9, at(22, 16), at(22, 18), items=5, accepted=0, rejected=0),
        _claim(10, at(22, 17), None, items=3, accepted=0, rejected=0),
    )


def sample_corte(empty: bool = False, kind: PeriodKind = PeriodKind.SEMANAL) -> CorteReport:
    return CorteReport(
        indicators=sample_indicators(empty, kind),
        recurrences=() if empty else sample_recurrences(),
        claims=() if empty else sample_claims(),
        generated_at=GENERATED_AT,
        generated_by=GENERATED_BY,
    )


def sample_crowded_corte() -> CorteReport:
    """A free four-month range with 30 causales: more days and bars than any chart can show."""
    period = Period(date(2026, 9, 1), date(2026, 12, 31))
    indicators = sample_indicators()
    causales = tuple(CausalFigure(f"C{n:02d}", f"Causal de prueba número {n}", 40 - n,
                                  percent(40 - n, RECORDS)) for n in range(1, 31))
    return replace(sample_corte(), indicators=replace(
        indicators, period=period, causales=causales,
        days=_days(period.dates(), indicators.reviewed, indicators.counted)))


_LONG_PARAGRAPH = (
    "Se revisaron una por una las cuentas mal escaladas del periodo junto con las notas de "
    "escalamiento en RR y la interacción de soporte en T&D. El asesor reconoce que en varios "
    "casos escaló por la opción de falla de internet cuando el usuario reportaba un problema de "
    "televisión, y que no cerró la interacción de soporte en la herramienta antes de escalar. "
)


def _commitments(long: bool) -> tuple[Commitment, ...]:
    if not long:
        return (
            Commitment("Validar la tipología reportada por el usuario antes de elegir la opción "
                       "de escalamiento en Diagnosticador.", date(2026, 11, 30)),
            Commitment("Cerrar la interacción de soporte en T&D® antes de escalar.",
                       date(2026, 11, 30)),
            Commitment("Registrar notas completas: síntoma, pruebas realizadas y resultado.",
                       None),
        )
    return tuple(
        Commitment(f"Compromiso número {n}: revisar el paso a paso de soporte en T&D®, "
                   "verificar los avisos informativos y los mantenimientos PMA programados de la "
                   "zona, confirmar el nodo y la dirección del cliente y dejar las notas de "
                   "escalamiento completas con el síntoma y las pruebas realizadas.",
                   date(2026, 12, 1) + timedelta(days=n))
        for n in range(1, 21)
    )


def sample_compromiso(long: bool = False) -> CompromisoDocument:
    """A signed session; ``long`` fills discussion, plan and commitments to several pages."""
    discussion = ("\n\n".join([_LONG_PARAGRAPH * 3] * 4) if long else
                  "Se revisaron las 5 cuentas mal escaladas del periodo.\n"
                  "El asesor reconoce los errores de opción y de notas.")
    plan = ("\n\n".join([_LONG_PARAGRAPH * 2] * 3) if long else
            "Acompañamiento del supervisor durante dos semanas y confirmación de proceso diaria.")
    session = FeedbackSummary(
        id=12, uuid="00000000-0000-4000-8000-000000000012", asesor_id="1032456789",
        asesor_nombre=FIRST_ADVISOR, period_start=date(2026, 11, 16),
        period_end=date(2026, 11, 22), session_date=date(2026, 11, 24),
        supervisor="Carolina Beltrán", attendees="Carolina Beltrán, José Ñúñez Pérez, "
        "María Fernanda Rojas (backoffice)", discussion=discussion, plan=plan,
        commitments=_commitments(long), follow_up=date(2026, 12, 8),
        state=FeedbackState.REALIZADA, causal_ids=(4, 11, 13), created_by="mrojas", version=1,
    )
    errors = (
        CausalCount(4, "C04", "Opción errada", 3, "Confirmar con el usuario el servicio afectado "
                    "y escalar por la tipología que reporta; ante fallas de TV elegir la opción "
                    "de TV, no la de internet."),
        CausalCount(11, "C11", "Sin incidencia de T&D", 2, "Registrar la incidencia en T&D® y "
                    "cerrar la interacción de soporte antes de escalar (mínimo 3 minutos)."),
        CausalCount(13, "C13", "Notas incompletas o erradas", 1, "Notas con síntoma, pruebas "
                    "realizadas, resultado y datos de contacto."),
    )
    return CompromisoDocument(session=session, errors=errors, total_errors=5,
                              backoffice="María Fernanda Rojas", generated_at=GENERATED_AT)
