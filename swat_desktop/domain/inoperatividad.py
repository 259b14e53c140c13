"""Inoperatividad (seed 004): the rules a *Formato Manual* record must meet before it is
saved, the title of its draft and the contingency e-mail.

What a record is (its codes, catalogues and stored form) is domain.inoperatividad_record,
re-exported here for the many callers that name it from this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urlencode

from swat_desktop.domain.base_format import normalize_header
from swat_desktop.domain.formatting import LIMA, format_datetime
from swat_desktop.domain.identity import Role
from swat_desktop.domain.inoperatividad_record import (
    EARLIEST_MOMENT,
    FORM_SECTIONS,
    FUTURE_TOLERANCE,
    INVALID_TIME,
    MAX_CORRELATIVO,
    SICAR,
    SISACT_FAMILY,
    AttentionPointView,
    Catalogue,
    CustomerRequest,
    InoperatividadRecord,
    Option,
    RecordInput,
    RecordStatus,
    RequestType,
    ResponsibleRole,
    Scenario,
    record_from_dict,
    record_to_dict,
)
from swat_desktop.domain.inoperatividad_texts import MAX_DETAIL as MAX_DETAIL  # re-exported
from swat_desktop.domain.inoperatividad_texts import MAX_LINE as MAX_LINE
from swat_desktop.domain.inoperatividad_texts import text_errors
from swat_desktop.domain.permissions import Action, refusal

FALLAS_MAILBOX = "fallasatc@claro.com.pe"
CONTINGENCY_COPIES = ("analistascontroleinformacion@claro.com.pe",
                      "controlypresupuestoatp@claro.com.pe")

__all__ = [
    "CONTINGENCY_COPIES",
    "EARLIEST_MOMENT",
    "FALLAS_MAILBOX",
    "FORM_SECTIONS",
    "FUTURE_TOLERANCE",
    "INVALID_TIME",
    "MAX_CORRELATIVO",
    "MAX_DETAIL",
    "MAX_LINE",
    "SICAR",
    "SISACT_FAMILY",
    "AttentionPointView",
    "Catalogue",
    "CustomerRequest",
    "InoperatividadRecord",
    "Option",
    "RecordInput",
    "RecordStatus",
    "RequestType",
    "ResponsibleRole",
    "Scenario",
    "record_from_dict",
    "record_to_dict",
]


def is_critical(catalogue: Catalogue, request: str) -> bool:
    return request in {o.label for o in catalogue.critical_requests} | {
        o.code for o in catalogue.critical_requests}


def validate_record(data: RecordInput, catalogue: Catalogue, role: Role,
                    now: datetime) -> dict[str, str]:
    """Field → Spanish message for every rule of the seed the record breaks."""
    errors: dict[str, str] = {}
    if data.attention_point_id is None:
        errors["attention_point"] = "Elija el punto de atención."
    if not data.responsible_name.strip():
        errors["responsible_name"] = "Escriba el nombre del responsable del punto."
    if data.responsible_role is None:
        errors["responsible_role"] = "Indique si es jefe, supervisor o coordinador."
    _check_times(data, now, errors)
    _check_applications(data, catalogue, errors)
    _check_request(data, catalogue, errors)
    _check_scenario(data, catalogue, role, errors)
    if not data.not_intermittent:
        errors["not_intermittent"] = ("Confirme que los sistemas no están solo lentos o "
                                      "intermitentes: la intermitencia no es inoperatividad.")
    if not data.whole_point_down:
        errors["whole_point_down"] = ("Confirme que no se puede registrar en ninguna PC del "
                                      "punto: si alguna funciona, se atiende en ella.")
    if data.alert_sent and data.alert_at is None:
        errors["alert_at"] = "Indique la hora en que se alertó al buzón Fallas de Sistemas."
    for key, message in text_errors(record_to_dict(data)).items():  # every free text
        errors.setdefault(key, message)
    _check_customers(data, catalogue, errors)
    if ("critical_attention" not in errors and data.request_type is RequestType.RECLAMOS
            and not data.critical_attention.strip()):
        errors["critical_attention"] = ("Reclamos, apelaciones y quejas son trámites críticos: "
                                        "deben atenderse igual. Escriba cómo se atendieron.")
    return errors


def involves_critical(data: RecordInput, catalogue: Catalogue) -> bool:
    """Whether the form must say how critical transactions were still attended: a customer
    asked for one, or the record itself is about Reclamos (claims, appeals and complaints are
    a critical transaction)."""
    return data.request_type is RequestType.RECLAMOS or _critical_customer(data, catalogue)


def _critical_customer(data: RecordInput, catalogue: Catalogue) -> bool:
    return any(c.critical or is_critical(catalogue, c.request) for c in data.customers)


def _check_times(data: RecordInput, now: datetime, errors: dict[str, str]) -> None:
    if data.started_at is None:
        errors["started_at"] = "Indique la fecha y hora de inicio."
        return
    for key, moment in (("started_at", data.started_at), ("ended_at", data.ended_at),
                        ("alert_at", data.alert_at)):
        if moment is not None and moment < EARLIEST_MOMENT:
            errors[key] = f"El año {moment.year} es anterior a 2000: revise la fecha."
    if "started_at" in errors:
        return
    if data.started_at > now + FUTURE_TOLERANCE:
        errors["started_at"] = "El inicio no puede estar en el futuro."
    if "ended_at" in errors:
        pass
    elif data.ended_at is not None and data.ended_at <= data.started_at:
        errors["ended_at"] = "El fin debe ser posterior al inicio."
    elif data.ended_at is not None and data.ended_at > now + FUTURE_TOLERANCE:
        errors["ended_at"] = "El fin no puede estar en el futuro."
    if "alert_at" not in errors and data.alert_at is not None and \
            data.alert_at > now + FUTURE_TOLERANCE:
        errors["alert_at"] = "La hora de la alerta no puede estar en el futuro."


def _check_applications(data: RecordInput, catalogue: Catalogue,
                        errors: dict[str, str]) -> None:
    known = {o.code for o in catalogue.applications}
    chosen = set(data.applications)
    if not chosen:
        errors["applications"] = "Marque al menos un aplicativo afectado."
    elif chosen - known:
        errors["applications"] = "Uno de los aplicativos no está en el catálogo."
    elif SICAR in chosen and (not chosen & SISACT_FAMILY or not data.sicar_payment):
        errors["applications"] = ("SICAR solo se registra junto con SISACT o SISACT Prepago, "
                                  "cuando la transacción requiere un pago para finalizar.")


def _check_request(data: RecordInput, catalogue: Catalogue, errors: dict[str, str]) -> None:
    if data.request_type is None:
        errors["request_type"] = "Elija el tipo de trámite regulado."
        return
    refused = next((o for o in catalogue.non_regulated if o.code == data.request_code), None)
    if refused is not None:
        errors["request_code"] = (f"No corresponde registrar inoperatividad: {refused.detail}")
    elif data.request_type is RequestType.CONSULTAS:
        if not data.request_code:
            errors["request_code"] = "Elija qué consulta regulada pidió el cliente."
        elif data.request_code not in {o.code for o in catalogue.consultas}:
            errors["request_code"] = "La consulta no está en la lista de consultas reguladas."


def _check_scenario(data: RecordInput, catalogue: Catalogue, role: Role,
                    errors: dict[str, str]) -> None:
    if data.scenario is None:
        errors["scenario"] = "Elija el escenario."
        return
    if data.scenario is Scenario.ERROR_PRUEBAS:
        said = refusal(role, Action.RECORD_ERROR_PRUEBAS)
        if said:
            errors["scenario"] = said
    motivos = {o.code for o in catalogue.motivos.get(data.scenario.value, ())}
    if not data.motivo:
        errors["motivo"] = "Elija el motivo de ocurrencia."
    elif data.motivo not in motivos:
        errors["motivo"] = "El motivo de ocurrencia no corresponde al escenario elegido."


def _check_customers(data: RecordInput, catalogue: Catalogue,
                     errors: dict[str, str]) -> None:
    """After the texts' own limits: a customer's text too long is said as that."""
    for number, customer in enumerate(data.customers, start=1):
        if not (customer.document.strip() or customer.line.strip()):
            errors["customers"] = f"Cliente {number}: escriba el documento o la línea."
            return
        if not customer.request.strip():
            errors["customers"] = f"Cliente {number}: indique qué solicitó."
            return
        refused = next((o for o in catalogue.non_regulated
                        if customer.request.strip() in (o.code, o.label)), None)
        if refused is not None:
            errors["customers"] = (f"Cliente {number}: «{refused.label}» no es una solicitud "
                                   f"regulada. {refused.detail}")
            return
        said = None if "customers" in errors else _request_type_error(
            data, catalogue, customer.request)
        if said:
            errors["customers"] = f"Cliente {number}: {said}"
            return
    if _critical_customer(data, catalogue) and not data.critical_attention.strip():
        errors["critical_attention"] = ("Hay trámites críticos: deben atenderse igual. "
                                        "Escriba cómo se atendieron.")


def request_type_of(catalogue: Catalogue, request: str) -> str | None:
    """The request type a customer's request belongs to; None for a request typed in that
    no list names, or that names requests of two types.

    Compared by words without case, accents or punctuation, as people type them: the
    request may be the start of a catalogue entry («Migración de plan» for «Migración de
    plan, a prepago o a postpago») or start with one («Reclamo por cobro indebido»); the
    longest such entry decides."""
    typed = normalize_header(request).split()
    if not typed:
        return None
    best: dict[str, int] = {}
    for kind in catalogue.request_types:
        for option in catalogue.requests_of(kind.code):
            for words in (normalize_header(option.label).split(),
                          normalize_header(option.code.replace("_", " ")).split()):
                shared = min(len(words), len(typed))
                if words and words[:shared] == typed[:shared]:
                    best[kind.code] = max(best.get(kind.code, 0), shared)
    if not best:
        return None
    longest = max(best.values())
    winners = [code for code, length in best.items() if length == longest]
    return winners[0] if len(winners) == 1 else None


def _request_type_error(data: RecordInput, catalogue: Catalogue, request: str) -> str | None:
    """A record is of one request type (004: one record per type and point), so a customer
    asking for another type's request belongs in that type's record. A request typed in is
    taken for Reclamos, Altas and Bajas, whose lists are examples; Consultas are only those
    of the regulated list."""
    if data.request_type is None:
        return None
    chosen = data.request_type.value
    owner = request_type_of(catalogue, request)
    if owner is None:
        if chosen != RequestType.CONSULTAS.value:
            return None
        return (f"«{request.strip()}» no está en la lista de consultas reguladas: elija una "
                "de la lista.")
    if owner == chosen:
        return None
    return (f"«{request.strip()}» es un trámite de "
            f"{catalogue.label(catalogue.request_types, owner)} y este registro es de "
            f"{catalogue.label(catalogue.request_types, chosen)}: anótelo en un registro de "
            f"{catalogue.label(catalogue.request_types, owner)}.")


@dataclass(frozen=True)
class EmailDraft:
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    body: str


def draft_title(data: RecordInput, catalogue: Catalogue, point_name: str) -> str:
    """How a draft is named when it is offered back: what, where and since when."""
    parts = [point_name or "Punto sin elegir"]
    if data.request_type is not None:
        parts.append(catalogue.label(catalogue.request_types, data.request_type.value))
    return " · ".join(parts)


def contingency_email(record: InoperatividadRecord, catalogue: Catalogue) -> EmailDraft:
    """The message the seed asks for when the registration cannot be made in ATC."""
    data = record.data
    apps = ", ".join(catalogue.label(catalogue.applications, a) for a in data.applications)
    request = catalogue.label(catalogue.request_types, data.request_type.value) \
        if data.request_type else ""
    if data.request_code:
        request += f" — {catalogue.label(catalogue.consultas, data.request_code)}"
    scenario = catalogue.label(catalogue.scenarios, data.scenario.value) if data.scenario else ""
    motivo = catalogue.motivo_label(data.scenario.value, data.motivo) if data.scenario else ""
    started = format_datetime(data.started_at, LIMA) if data.started_at else ""
    lines = [
        "Estimados:",
        "",
        "No es posible registrar el evento de inoperatividad en el Sistema Administrativo ATC. "
        "Se registró en el Formato Manual con estos datos y se regularizará en ATC cuando el "
        "sistema se restablezca:",
        "",
        f"Correlativo: {record.number}",
        f"Punto de atención: {record.point.name} ({record.point.kind_label}, "
        f"{record.point.channel_label})",
        f"Responsable: {data.responsible_name}"
        + (f" ({data.responsible_role.value})" if data.responsible_role else ""),
        f"Inicio: {started} (hora de Lima)",
        f"Aplicativos afectados: {apps}",
        f"Tipo de trámite: {request}",
        f"Escenario: {scenario}",
        f"Motivo de ocurrencia: {motivo}",
        f"Clientes que solicitaron el trámite: {len(data.customers)}",
    ]
    if data.alert_sent and data.alert_at is not None:
        lines.append(f"Alerta al buzón Fallas de Sistemas: {format_datetime(data.alert_at, LIMA)}"
                     + (f", referencia {data.alert_reference}" if data.alert_reference else ""))
    if data.detail:
        lines += ["", f"Detalle: {data.detail}"]
    lines += ["", "Saludos,", data.responsible_name]
    return EmailDraft(
        to=(FALLAS_MAILBOX,), cc=CONTINGENCY_COPIES,
        subject=f"Inoperatividad sin registro en ATC — {record.point.name} — {record.number}",
        body="\n".join(lines),
    )


# Outlook and Windows' ShellExecute cut a mailto: link at about 2,000 characters, silently:
# past this length the message goes as an .eml file instead.
MAILTO_LIMIT = 1800


def mailto_url(draft: EmailDraft) -> str | None:
    """The same message as a mailto: link for the system's mail client, with CRLF line breaks
    (RFC 6068), or None when it would be too long for one and must go as an .eml."""
    body = draft.body.replace("\r\n", "\n").replace("\n", "\r\n")
    query = urlencode({"cc": ",".join(draft.cc), "subject": draft.subject, "body": body},
                      quote_via=quote)
    link = f"mailto:{','.join(draft.to)}?{query}"
    return link if len(link) <= MAILTO_LIMIT else None
