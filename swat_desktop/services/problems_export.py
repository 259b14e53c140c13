"""The rows an import rejected or skipped, and the cells it cleaned, as an xlsx the backoffice
can send back."""

from __future__ import annotations

from pathlib import Path

from swat_desktop.domain.mal_escalados import ImportSummary
from swat_desktop.io.atomic import check_target
from swat_desktop.io.xlsx_export import write_table

HEADERS = ("Hoja", "Fila", "Columna", "Motivo", "Tipo")


def workbook_path(path: Path) -> Path:
    """Where the rows go (always .xlsx), refused in Spanish when its folder is missing or is
    a file: asked before an import, so that a mistyped folder is not found after it."""
    target = path.with_suffix(".xlsx")
    check_target(target)
    return target


def export(path: Path, summary: ImportSummary) -> Path:
    rows = [(p.sheet, p.row, p.column, p.reason, "Rechazada") for p in summary.rejected]
    rows += [(p.sheet, p.row, p.column, p.reason, "Duplicada") for p in summary.duplicate_rows]
    rows += [(p.sheet, p.row, p.column, p.reason, "Limpiada") for p in summary.cleaned]
    rows.sort(key=lambda r: (r[0], r[1]))
    return write_table(path.with_suffix(".xlsx"), "Filas no importadas", HEADERS, rows)
