"""The workbook that goes to Gestión Soporte with the reclamación form: one line per account.

Every line carries the claim number, so rows pasted into another sheet still say where they
came from.
"""

from __future__ import annotations

from pathlib import Path

from swat_desktop.domain.claims import ClaimDocument
from swat_desktop.io.xlsx_export import write_table

HEADERS = ("Reclamación", "Fecha base", "Cuenta", "Fecha escalamiento", "Id asesor", "Asesor",
           "Causales", "Observaciones", "Evidencia", "Resultado", "Motivo del rechazo")


def write_claim_workbook(path: Path, document: ClaimDocument) -> Path:
    number = document.claim.number
    rows = (
        (number, i.base_date, i.cuenta, i.fecha_escalamiento, i.asesor_id, i.asesor_nombre,
         i.causales, i.observaciones, i.evidence, i.outcome.label, i.reason)
        for i in document.items
    )
    return write_table(path, number, HEADERS, rows)
