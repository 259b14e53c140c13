"""Who receives the cuts, and the e-mail that carries one (step 8 of the procedure).

"Se emite esta información tanto a las áreas de formación y calidad, como al personal
administrativo de la operación": two groups of people, each a name and an address, shared by
everybody working on the store (one list for the célula, not one per computer). The e-mail is
a draft the backoffice sends from their own mail client: the application has no mail server.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.formatting import format_count
from swat_desktop.domain.indicators import Indicators, format_percent, sent_and_valid
from swat_desktop.domain.inoperatividad import EmailDraft
from swat_desktop.domain.reports import CorteReport

SETTING_KEY = "corte_destinatarios"
NAME_LIMIT = 120
ADDRESS_LIMIT = 254  # the longest address SMTP carries
# One address, nothing that would split or break the header it goes in.
_ADDRESS = re.compile(r"[^@\s<>()\[\],;:\"\\]+@[^@\s<>()\[\],;:\"\\]+\.[^@\s<>()\[\],;:\"\\.]+")
_NAME_FORBIDDEN = set('<>"\\,;')
WHERE_TO_CONFIGURE = ("Configúrelos en Mal escalados → Indicadores → «Destinatarios…» o con "
                      "«swat-desktop report destinatarios agregar» (solo el backoffice).")
NO_RECIPIENTS = f"No hay destinatarios de los cortes configurados. {WHERE_TO_CONFIGURE}"
TOP_SHOWN = 3  # advisors and causales named in the body; the files hold the rest


class RecipientGroup(StrEnum):
    FORMACION_CALIDAD = "formacion_calidad"
    ADMINISTRACION = "administracion"

    @property
    def label(self) -> str:
        return _GROUP_LABELS[self]


_GROUP_LABELS = {RecipientGroup.FORMACION_CALIDAD: "Formación y calidad",
                 RecipientGroup.ADMINISTRACION: "Administración de la operación"}


@dataclass(frozen=True)
class Recipient:
    group: RecipientGroup
    name: str
    address: str

    @property
    def header(self) -> str:
        """«Name <address>»: the mail client shows the name, the header encoder quotes it."""
        return f"{self.name} <{self.address}>" if self.name else self.address


def clean_recipient(group: RecipientGroup, name: str, address: str,
                    current: Sequence[Recipient]) -> Recipient:
    """The recipient as it will be kept, or a ValidationError naming the field in Spanish."""
    name = " ".join(name.split())
    address = address.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["nombre"] = "Escriba el nombre del destinatario."
    elif len(name) > NAME_LIMIT:
        errors["nombre"] = f"El nombre tiene {len(name)} caracteres; el máximo es {NAME_LIMIT}."
    elif not name.isprintable() or _NAME_FORBIDDEN & set(name):
        errors["nombre"] = ("El nombre no puede llevar < > \" \\ , ; ni caracteres de control: "
                            "escríbalo como se lee, p. ej. Ana Ruiz.")
    if not address:
        errors["correo"] = "Escriba el correo del destinatario."
    elif len(address) > ADDRESS_LIMIT or not _ADDRESS.fullmatch(address):
        errors["correo"] = (f"«{address[:60]}» no es una dirección de correo: escríbala como "
                            "nombre@dominio.com, una sola por destinatario.")
    elif any(r.group is group and r.address.casefold() == address.casefold() for r in current):
        errors["correo"] = f"{address} ya está entre los destinatarios de {group.label}."
    if errors:
        raise ValidationError(errors)
    return Recipient(group, name, address)


def recipients_from_setting(value: Any) -> tuple[Recipient, ...]:
    """The stored list, read defensively: the setting is JSON anybody with the database file
    could have edited, and an entry that is not a valid recipient is left out, never sent to."""
    found: list[Recipient] = []
    if not isinstance(value, Mapping):
        return ()
    for group in RecipientGroup:
        entries = value.get(group.value)
        for entry in entries if isinstance(entries, list) else ():
            if not isinstance(entry, Mapping):
                continue
            name, address = entry.get("nombre"), entry.get("correo")
            if not isinstance(name, str) or not isinstance(address, str):
                continue
            try:
                found.append(clean_recipient(group, name, address, found))
            except ValidationError:
                continue
    return tuple(found)


def setting_value(recipients: Iterable[Recipient]) -> dict[str, list[dict[str, str]]]:
    """The JSON kept in the shared settings (and in the audit's before and after)."""
    kept = list(recipients)
    return {group.value: [{"nombre": r.name, "correo": r.address}
                          for r in kept if r.group is group] for group in RecipientGroup}


def corte_email(report: CorteReport, recipients: Sequence[Recipient],
                attachments: Sequence[str]) -> EmailDraft:
    """The cut's e-mail: to both groups, the title as subject, the two indicators with their
    denominator in the body so it can be read without opening the files."""
    if not recipients:
        raise ValidationError({"destinatarios": NO_RECIPIENTS})
    return EmailDraft(to=tuple(r.header for r in recipients), cc=(), subject=report.title,
                      body=corte_body(report, attachments))


def corte_body(report: CorteReport, attachments: Sequence[str]) -> str:
    ind = report.indicators
    period = report.period
    span = (f"{period.start:%d/%m/%Y}" if period.start == period.end
            else f"del {period.start:%d/%m/%Y} al {period.end:%d/%m/%Y}")
    lines = [
        "Buen día:",
        "",
        f"Adjunto el {report.title[0].lower()}{report.title[1:]} ({span}), alcance: "
        f"{ind.scope}.",
        "",
        f"Denominador: {sent_and_valid(ind.records, ind.valid)}"
        + (f" ({format_count(ind.rejected)} rechazados al importar por datos inválidos)."
           if ind.rejected else "."),
        "",
        *_indicator_lines(ind),
        "",
        "Archivos adjuntos: " + ", ".join(attachments) + ".",
        "",
        f"Generado por {report.generated_by} con SWAT Desktop.",
    ]
    return "\n".join(lines) + "\n"


def _indicator_lines(ind: Indicators) -> list[str]:
    if ind.is_empty:
        return ["No hay registros en el periodo: no se importó ninguna base con esas fechas."]
    lines = [
        f"1. % cuentas mal escaladas por asesor: {format_count(ind.counted)} cuentas mal "
        f"escaladas de {format_count(ind.records)} registros enviados = "
        f"{format_percent(ind.percent)} ({format_count(ind.reviewed)} revisadas, "
        f"{format_count(ind.pending)} por revisar).",
    ]
    lines += [f"   - {a.asesor_nombre}: {format_count(a.counted)} · {format_percent(a.percent)}"
              for a in ind.advisors[:TOP_SHOWN] if a.counted]
    lines.append("2. % recurrencia por tipo de error (causal):")
    shown = [c for c in ind.causales[:TOP_SHOWN] if c.accounts]
    lines += [f"   - {c.code} {c.name}: {format_count(c.accounts)} · {format_percent(c.percent)}"
              for c in shown] or ["   - Ninguna cuenta mal escalada todavía."]
    return lines
