"""Each use case reads and writes in one transaction: a report composed of several reads, or a
write that returns what it wrote, must not mix two states of a shared store (issue 15).

The engine's ``begin`` event counts the transactions each public function opens."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import event

from swat_desktop.domain.cut_distribution import RecipientGroup
from swat_desktop.domain.identity import UserProfile
from swat_desktop.domain.inoperatividad_flow import ClosureInput
from swat_desktop.services import cut_distribution, feedback, reports
from swat_desktop.services import inoperatividad_flow as flow
from swat_desktop.services import inoperatividad_pads as pads
from swat_desktop.services import inoperatividad_report as report
from swat_desktop.services.indicators import Scope
from swat_desktop.services.store import Database
from tests.fixtures.inoperatividad import (
    control_informacion,
    save_reportable_record,
    save_sample_record,
)
from tests.fixtures.month import Month, build

T = TypeVar("T")


@contextmanager
def transactions(db: Database) -> Iterator[list[int]]:
    """The number of transactions begun inside the block (one list item each)."""
    begun: list[int] = []

    def count(_connection: object) -> None:
        begun.append(1)

    event.listen(db.engine, "begin", count)
    try:
        yield begun
    finally:
        event.remove(db.engine, "begin", count)


def once(db: Database, use_case: Callable[[], T]) -> T:
    with transactions(db) as begun:
        result = use_case()
    assert len(begun) == 1, f"{len(begun)} transactions"
    return result


@pytest.fixture
def month(db: Database, agent: UserProfile, tmp_path: Path) -> Month:
    return build(db, agent, tmp_path)


def test_the_mal_escalados_reports_read_once(db: Database, month: Month) -> None:
    data = once(db, lambda: reports.consolidado(db, month.backoffice, month.period))
    assert data.rows
    once(db, lambda: reports.corte(db, month.backoffice, month.period))
    once(db, lambda: reports.corte(db, month.backoffice, month.period, Scope("ecm1")))
    document = once(db, lambda: feedback.compromiso(db, month.backoffice, month.session_id))
    assert document.total_errors


def test_the_cut_by_mail_reads_its_recipients_and_the_cut_once(
        db: Database, month: Month, tmp_path: Path) -> None:
    cut_distribution.add_recipient(db, month.backoffice, RecipientGroup.ADMINISTRACION,
                                   "Ana Ruiz", "aruiz@claro.com.co")
    mail = once(db, lambda: cut_distribution.mail_corte(db, month.backoffice, month.period,
                                                        tmp_path / "salida"))
    assert mail.eml.is_file()


def test_the_flow_writes_return_what_they_wrote_in_the_same_transaction(db: Database) -> None:
    record = save_sample_record(db)
    control = control_informacion(db)
    assert record.data.started_at is not None
    closed = once(db, lambda: flow.close(db, control, record.id, record.version, ClosureInput(
        record.data.started_at + timedelta(minutes=30), "CONECTIVIDAD", "Enlace restablecido")))
    assert closed.record.status.value == "cerrado"
    regularized = once(db, lambda: flow.regularize(db, control, record.id,
                                                   closed.flow.version, "ATC-77"))
    assert regularized.flow.atc_number == "ATC-77"


def test_the_flow_reads_read_once(db: Database) -> None:
    record, control = save_reportable_record(db)
    once(db, lambda: flow.flow_record(db, record.id))
    once(db, lambda: flow.flow_records(db, record.point.id))
    once(db, lambda: flow.queue(db))
    started = record.data.started_at
    assert started is not None
    rows = once(db, lambda: report.report_rows(db, started.date(), started.date()))
    assert len(rows) == 1
    once(db, lambda: report.deadlines(db))
    once(db, lambda: report.mark_reported(db, control, [record.id]))


def test_the_pads_write_and_read_once(db: Database, tmp_path: Path) -> None:
    record = save_sample_record(db)  # the point's supervisor, CAC San Isidro, number 1
    control = control_informacion(db)
    taken = once(db, lambda: pads.reserve(db, control, record.point.code, 2))
    assert [r.number for r in taken] == [2, 3]
    _, printed = once(db, lambda: pads.write_pad(db, control, record.point.code, 1,
                                                 tmp_path / "t.pdf"))
    assert [r.number for r in printed] == [4]
    assert len(once(db, lambda: pads.reservations(db, record.point.code))) == 3
    annulled = once(db, lambda: pads.annul_reservation(db, control, record.point.code, 4,
                                                       "Hoja perdida"))
    assert annulled.state.value == "anulado"
    assert once(db, lambda: pads.transcription_of(db, record.id)) is None
    assert once(db, lambda: pads.to_transcribe(db, control, record.point.code, 2)).number == 2
