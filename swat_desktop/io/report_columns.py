"""The columns of the *Reporte de Eventos de Inoperatividad de los Sistemas de Atención*, read
from resources/reports/inoperatividad_report.json.

The regulator's official column set is not public, so which columns the report has, their
order, titles and widths live in a data file an administrator can edit without a new release.
The keys are the values the service knows how to fill (``KEYS``); anything else is refused with
a Spanish message naming the key and the file, before a report is half written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from swat_desktop.domain.reports import ColumnKind

# Every value a report row can carry, and how it is written (text or a date with its time).
KEYS: dict[str, ColumnKind] = {
    "correlativo": ColumnKind.TEXT,
    "punto": ColumnKind.TEXT,
    "canal": ColumnKind.TEXT,
    "tipo_tramite": ColumnKind.TEXT,
    "consulta": ColumnKind.TEXT,
    "aplicativos": ColumnKind.TEXT,
    "escenario": ColumnKind.TEXT,
    "motivo": ColumnKind.TEXT,
    "inicio": ColumnKind.DATETIME,
    "fin": ColumnKind.DATETIME,
    "duracion": ColumnKind.TEXT,
    "motivo_cierre": ColumnKind.TEXT,
    "ventana_falla_masiva": ColumnKind.TEXT,
    "mayor_una_hora": ColumnKind.TEXT,
    "observaciones_evaluacion": ColumnKind.TEXT,
    "numero_atc": ColumnKind.TEXT,
    "respuesta_procesos": ColumnKind.TEXT,
    "aprobado_por": ColumnKind.TEXT,
    # Criterios de Evaluación 3 and 4 (services.inoperatividad_criteria.criteria_values), one
    # line each: optional, «sin datos» when the tipificaciones of those days were not imported.
    "criterios_3_4": ColumnKind.TEXT,
    "origen": ColumnKind.TEXT,
}
# Values people typed (Procesos' note, the approvers' names): a long word there, such as a
# pasted link, may be cut across lines in the PDF. The other values are codes, catalogue
# labels and dates, which are never cut: a correlativo split in two is misread.
TYPED_KEYS = frozenset({"observaciones_evaluacion", "aprobado_por"})
MIN_WIDTH, MAX_WIDTH = 4, 80  # characters: narrower hides the value, wider hides the sheet


class ColumnFileError(ValueError):
    """The column file cannot be used; the message is Spanish and says what to fix."""


@dataclass(frozen=True)
class ReportColumn:
    key: str
    title: str
    width: int  # characters in the workbook; in the PDF, the column's share of the page
    kind: ColumnKind

    @property
    def typed(self) -> bool:
        return self.key in TYPED_KEYS


def read_columns(path: Path) -> tuple[ReportColumn, ...]:
    name = path.name
    try:
        # utf-8-sig: Windows' Notepad starts the UTF-8 files it saves with a byte-order mark.
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ColumnFileError(f"No existe el archivo de columnas del reporte {path}.") from None
    except UnicodeDecodeError:
        raise ColumnFileError(f"No se pudo leer {name}: no está guardado en UTF-8. Ábralo en "
                              "el Bloc de notas y use Guardar como con la codificación "
                              "UTF-8.") from None
    except OSError as exc:
        raise ColumnFileError(f"No se pudo leer {name} ({exc.strerror}).") from None
    if not text.strip():
        raise ColumnFileError(f"{name} está vacío: debe ser una lista de columnas con «key», "
                              "«title» y «width».")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ColumnFileError(f"No se pudo leer {name}: no es un JSON válido (revise la línea "
                              f"{exc.lineno}, columna {exc.colno}: falta o sobra una coma, "
                              "comilla o llave).") from None
    if not isinstance(raw, list) or not raw:
        raise ColumnFileError(f"{name} debe ser una lista de columnas con «key», «title» y "
                              "«width».")
    columns = [_column(item, number, name) for number, item in enumerate(raw, start=1)]
    seen: set[str] = set()
    for column in columns:
        if column.key in seen:
            raise ColumnFileError(f"La columna «{column.key}» figura dos veces en {name}.")
        seen.add(column.key)
    return tuple(columns)


def _column(item: object, number: int, name: str) -> ReportColumn:
    where = f"La columna {number} de {name}"
    if not isinstance(item, dict):
        raise ColumnFileError(f"{where} debe tener «key», «title» y «width».")
    key, title, width = item.get("key"), item.get("title"), item.get("width")
    if not isinstance(key, str) or key not in KEYS:
        raise ColumnFileError(
            f"{where} tiene la clave desconocida «{key}». Claves posibles: "
            f"{', '.join(KEYS)}.")
    if not isinstance(title, str) or not title.strip():
        raise ColumnFileError(f"{where} («{key}») no tiene título.")
    if isinstance(width, bool) or not isinstance(width, int) \
            or not MIN_WIDTH <= width <= MAX_WIDTH:
        raise ColumnFileError(f"{where} («{key}») debe tener un ancho entero entre "
                              f"{MIN_WIDTH} y {MAX_WIDTH}.")
    return ReportColumn(key, title.strip(), width, KEYS[key])
