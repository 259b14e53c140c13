"""The CONSOLIDADO MAL ESCALADO SOPORTE and the daily, weekly and monthly cuts.

The consolidado reads a month (about 100,000 reviewed accounts) with two flat queries and
joins the causales in Python: one row per account, the way the writer wants them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from swat_desktop.domain.claims import Outcome
from swat_desktop.domain.formatting import BOGOTA
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.mal_escalados import CaseStatus, ProcedeMotivo, Procedencia
from swat_desktop.domain.periods import Period
from swat_desktop.domain.reports import ConsolidadoData, ConsolidadoRow, CorteReport
from swat_desktop.io.atomic import ensure_folder
from swat_desktop.io.consolidado_xlsx import write_consolidado
from swat_desktop.io.corte_pdf import write_corte_pdf
from swat_desktop.io.corte_xlsx import write_corte_xlsx
from swat_desktop.services import claims, indicators
from swat_desktop.services.handle import Store, session_scope
from swat_desktop.services.indicators import EVERYONE, Scope
from swat_desktop.storage.models import (
    Causal,
    MalEscaladoCase,
    MalEscaladoCaseCausal,
    Reclamacion,
    ReclamacionItem,
    User,
)

Case = MalEscaladoCase
Primary = aliased(Causal)
Reviewer = aliased(User)

_PROCEDENCIA = {p.value: p.label for p in Procedencia}
_MOTIVO = {m.value: m.label for m in ProcedeMotivo}
_OUTCOME = {o.value: o.label for o in Outcome}


def _local(moment: datetime | None) -> datetime | None:
    """Excel has no time zones: the review time is written as Bogotá wall-clock time."""
    return None if moment is None else moment.astimezone(BOGOTA).replace(tzinfo=None)


def consolidado_rows(db: Store, period: Period) -> list[ConsolidadoRow]:
    """Every reviewed account of the period's bases, by base date and account."""
    with session_scope(db, snapshot=True) as session:
        return _consolidado_rows(session, period)


def _consolidado_rows(session: Session, period: Period) -> list[ConsolidadoRow]:
    in_period = (Case.base_date.between(period.start, period.end),
                 Case.status == CaseStatus.REVISADA.value)
    main = (
        select(Case.id, Case.base_date, Case.cuenta, Case.fecha_escalamiento, Case.asesor_id,
               Case.asesor_nombre, Case.supervisor, Primary.code, Primary.name,
               Case.procedencia, Case.motivo, Case.observaciones, Reclamacion.year,
               Reclamacion.sequence, ReclamacionItem.outcome, Reviewer.full_name,
               Case.reviewed_at)
        .outerjoin(Primary, Primary.id == Case.primary_causal_id)
        .outerjoin(Reviewer, Reviewer.id == Case.reviewed_by)
        .outerjoin(ReclamacionItem, ReclamacionItem.case_id == Case.id)
        .outerjoin(Reclamacion, Reclamacion.id == ReclamacionItem.reclamacion_id)
        .where(*in_period)
        .order_by(Case.base_date, Case.cuenta, Case.id)
    )
    every_causal = (
        select(MalEscaladoCaseCausal.case_id, Causal.code, Causal.name)
        .join(Causal, Causal.id == MalEscaladoCaseCausal.causal_id)
        .join(Case, Case.id == MalEscaladoCaseCausal.case_id)
        .where(*in_period)
        .order_by(MalEscaladoCaseCausal.case_id, MalEscaladoCaseCausal.position)
    )
    causales: dict[int, list[str]] = defaultdict(list)
    for case_id, code, name in session.execute(every_causal):
        causales[case_id].append(f"{code} {name}")
    rows = session.execute(main).all()
    out: list[ConsolidadoRow] = []
    for (case_id, base_date, cuenta, fecha, asesor_id, asesor, supervisor, code, name,
         procedencia, motivo, observaciones, year, sequence, outcome, reviewer,
         reviewed_at) in rows:
        claim = (f"{claims.claim_number(year, sequence)} · {_OUTCOME[outcome]}"
                 if year is not None else "")
        out.append((
            base_date, cuenta, fecha, asesor_id, asesor, supervisor,
            f"{code} {name}" if code else "", "; ".join(causales.get(case_id, ())),
            _PROCEDENCIA.get(procedencia or "", ""), _MOTIVO.get(motivo or "", ""),
            observaciones, claim, reviewer or "", _local(reviewed_at),
        ))
    return out


def consolidado(db: Store, actor: UserProfile, period: Period) -> ConsolidadoData:
    """The rows and the indicators of one read: the sheet and its summary never disagree."""
    with session_scope(db, snapshot=True) as session:
        return ConsolidadoData(
            period=period, rows=_consolidado_rows(session, period),
            indicators=indicators.compute_in(session, period), generated_at=db.clock.now(),
            generated_by=actor.full_name,
        )


def consolidado_file_name(period: Period) -> str:
    return f"CONSOLIDADO MAL ESCALADO SOPORTE {period.file_tag}.xlsx"


def export_consolidado(db: Store, actor: UserProfile, period: Period,
                       folder: Path) -> Path:
    ensure_folder(folder)  # before a month is read: a --salida that is a file is said at once
    return write_consolidado(folder / consolidado_file_name(period),
                             consolidado(db, actor, period))


def corte(db: Store, actor: UserProfile, period: Period,
          scope: Scope = EVERYONE) -> CorteReport:
    """Figures, recurrences and claims of one read of the store."""
    with session_scope(db, snapshot=True) as session:
        return corte_in(session, db, actor, period, scope)


def corte_in(session: Session, db: Store, actor: UserProfile, period: Period,
             scope: Scope = EVERYONE) -> CorteReport:
    """``corte`` inside the caller's snapshot (the cut's e-mail reads its recipients in it)."""
    return CorteReport(
        indicators=indicators.compute_in(session, period, scope),
        recurrences=tuple(indicators.recurrences_in(session, period, scope)),
        claims=tuple(claims.claims_of_bases_in(session, period.start, period.end,
                                               scope.asesor_id, scope.supervisor)),
        generated_at=db.clock.now(), generated_by=actor.full_name,
    )


@dataclass(frozen=True)
class CorteFiles:
    xlsx: Path
    pdf: Path
    report: CorteReport  # what the files say: the command line prints its denominator


def corte_file_stem(period: Period, scope: Scope = EVERYONE) -> str:
    stem = f"Corte mal escalados {period.kind.value} {period.file_tag}"
    narrowed = scope.asesor_id or scope.supervisor
    if narrowed:
        stem += " " + re.sub(r'[\\/:*?"<>|]+', " ", narrowed).strip()
    return stem


def export_corte(db: Store, actor: UserProfile, period: Period, folder: Path,
                 scope: Scope = EVERYONE) -> CorteFiles:
    """The same cut as a workbook and as a PDF, ready to send; narrowed like the screen."""
    ensure_folder(folder)
    return write_corte_files(corte(db, actor, period, scope), folder, scope)


def write_corte_files(report: CorteReport, folder: Path, scope: Scope = EVERYONE) -> CorteFiles:
    stem = corte_file_stem(report.period, scope)
    return CorteFiles(xlsx=write_corte_xlsx(folder / f"{stem}.xlsx", report),
                      pdf=write_corte_pdf(folder / f"{stem}.pdf", report), report=report)
