"""The daily, weekly and monthly cuts as PDF, read back with pypdf."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pypdf import PdfReader

from swat_desktop.domain.indicators import COUNTING_RULE, DENOMINATOR_NOTE
from swat_desktop.domain.periods import PeriodKind
from swat_desktop.domain.reports import AUDIENCE
from swat_desktop.io.corte_pdf import EMPTY_MESSAGE, write_corte_pdf
from tests.io.report_samples import (
    FIRST_ADVISOR,
    LONG_ADVISOR,
    sample_corte,
    sample_crowded_corte,
    sample_indicators,
)


def _pages(path: Path) -> list[str]:
    """Each page's text with runs of whitespace as one space: wrapped lines read as one."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def test_page_one_answers_how_many_out_of_what_and_how_counted(tmp_path: Path) -> None:
    report = sample_corte()
    path = write_corte_pdf(tmp_path / "corte.pdf", report)

    first = _pages(path)[0]
    for expected in (
        "Corte semanal mal escalados — semana 47 de 2026 (16/11 al 22/11/2026)",
        "Periodo: 16/11/2026 al 22/11/2026 (semanal)", "Alcance: Todos los asesores",
        "Generado el 23/11/2026 08:00 (hora de Bogotá) por María Fernanda Rojas",
        f"Dirigido a: {AUDIENCE}",
        "400 Registros enviados denominador",
        "400 Registros válidos ninguno rechazado",
        "381 Revisadas 95,25 % de lo enviado",
        "363 Mal escaladas contadas 90,75 % de lo enviado",
        "341 Procede", "40 No procede",
        "18 Reclamaciones aceptadas", "14 Reclamaciones rechazadas",
        "8 Reclamaciones pendientes", "4 Recurrencias",
        DENOMINATOR_NOTE, COUNTING_RULE,
        "Quedan 19 cuentas sin revisar",
        "Tendencia diaria", "lun 16/11", "dom 22/11/2026",
    ):
        assert expected in first, expected


def test_the_cut_has_every_table_with_spanish_numbers(tmp_path: Path) -> None:
    path = write_corte_pdf(tmp_path / "corte.pdf", sample_corte())

    pages = _pages(path)
    for number, page in enumerate(pages, start=1):
        assert f"Página {number} de {len(pages)}" in page
    text = " ".join(pages)
    for expected in (
        "Ranking completo de asesores",
        f"1 {FIRST_ADVISOR} 1032456789 Carolina Beltrán 60 56 48 8 6 50 12,50 % 2",
        "Total 400 381 341 40 18 363 90,75 % 4",
        "C04 Opción errada 96 24,00 %", "C11 Sin incidencia de T&D 52 13,00 %",
        "Recurrencias tras un compromiso de mejoramiento",
        "00456789 20/11/2026 C11 Sin incidencia de T&D 03/11/2026",
        "Reclamaciones a Gestión Soporte del periodo",
        "REC-2026-0007 16/11/2026 09:00 16/11/2026 10:00 17/11/2026 10:00 Resuelta 10 6 4 0",
        "REC-2026-0008", "Vencida", "REC-2026-0009", "En plazo",
        "REC-2026-0010 22/11/2026 17:00 Sin enviar — Sin enviar 3 0 0 3",
    ):
        assert expected in text, expected
    assert LONG_ADVISOR in text  # whole in the table, however long


def test_the_ranking_chart_shows_the_top_fifteen_with_short_labels(tmp_path: Path) -> None:
    report = sample_corte()
    path = write_corte_pdf(tmp_path / "corte.pdf", report)

    text = " ".join(_pages(path))
    assert "Los 15 con mayor %; la tabla trae el ranking completo." in text
    ranked = [a for a in report.indicators.advisors if a.counted > 0]
    # Chart and table for the top 15; only the table for the ones below.
    assert text.count(ranked[14].asesor_nombre) == 2
    assert text.count(ranked[15].asesor_nombre) == 1
    # The too-long name is cut with an ellipsis in the chart, never spilled over the bars.
    assert "María de los Ángeles Castañeda Villa…" in text
    assert "96 (24,00 %)" in text  # the causales' bars carry count and share
    assert "4 (1,00 %)" in text


def test_the_pages_are_landscape_a4(tmp_path: Path) -> None:
    path = write_corte_pdf(tmp_path / "corte.pdf", sample_corte())

    box = PdfReader(path).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


def test_a_daily_cut_has_one_day(tmp_path: Path) -> None:
    path = write_corte_pdf(tmp_path / "diario.pdf", sample_corte(kind=PeriodKind.DIARIO))

    pages = _pages(path)
    assert "Corte diario mal escalados — 18/11/2026" in pages[0]
    assert "Periodo: 18/11/2026 (diario)" in pages[0]
    assert "mié 18/11/2026 400 400 381 363 90,75 %" in pages[0]
    assert "jue 19/11" not in " ".join(pages)


def test_a_monthly_cut_lists_every_day_under_its_chart(tmp_path: Path) -> None:
    path = write_corte_pdf(tmp_path / "mensual.pdf", sample_corte(kind=PeriodKind.MENSUAL))

    text = " ".join(_pages(path))
    assert "Corte mensual mal escalados — noviembre de 2026" in text
    assert "Detalle por día" in text
    assert "dom 01/11/2026" in text
    assert "lun 30/11/2026" in text
    assert "Total 400 400 381 363 90,75 %" in text


def test_an_empty_period_says_so_instead_of_empty_charts(tmp_path: Path) -> None:
    path = write_corte_pdf(tmp_path / "vacio.pdf", sample_corte(empty=True))

    pages = _pages(path)
    assert len(pages) == 1
    assert EMPTY_MESSAGE in pages[0]
    assert DENOMINATOR_NOTE in pages[0]
    assert "Ranking" not in pages[0]
    assert "Tendencia diaria" not in pages[0]


def test_a_period_with_nothing_counted_yet_draws_no_empty_chart(tmp_path: Path) -> None:
    """Records arrived but nobody reviewed them: every numerator is zero."""
    indicators = sample_indicators()
    advisors = tuple(replace(a, reviewed=0, procede=0, no_procede=0, claims_accepted=0,
                             claims_rejected=0, counted=0, recurrences=0, percent=0.0)
                     for a in indicators.advisors)
    untouched = replace(
        indicators, reviewed=0, counted=0, procede=0, no_procede=0, claims_pending=0,
        claims_accepted=0, claims_rejected=0, recurrences=0, advisors=advisors, causales=(),
        days=tuple(replace(d, reviewed=0, counted=0) for d in indicators.days),
    )
    report = replace(sample_corte(), indicators=untouched, recurrences=(), claims=())
    path = write_corte_pdf(tmp_path / "sin_revisar.pdf", report)

    text = " ".join(_pages(path))
    assert "Ningún asesor tiene cuentas mal escaladas contadas en el periodo." in text
    assert "No hay causales registradas en el periodo." in text
    assert "Quedan 400 cuentas sin revisar" in text
    assert "0 Mal escaladas contadas 0,00 % de lo enviado" in text
    assert "Sin recurrencias en el periodo." in text
    assert "Sin reclamaciones en el periodo." in text


def test_a_long_range_and_a_long_catalogue_still_fit_the_pages(tmp_path: Path) -> None:
    """Charts cannot break across pages: they must cap themselves instead of failing."""
    report = sample_crowded_corte()
    path = write_corte_pdf(tmp_path / "rango.pdf", report)

    text = " ".join(_pages(path))
    assert "Corte rango de fechas mal escalados — 01/09/2026 al 31/12/2026" in text
    assert "Las 15 más frecuentes; la tabla las trae todas." in text
    assert "C30 Causal de prueba número 30 10 2,50 %" in text  # the table has them all
    assert text.count("C16 Causal de prueba número 16") == 1  # the chart stops at 15
    assert "jue 31/12/2026" in text
