"""Hand-made inoperatividad records for the Formato Manual's tests, benchmark and PNG renders.

A realistic morning at CAC San Isidro: SIAC ÚNICO and SGA down by a falla masiva, alerted to
the Fallas de Sistemas mailbox at 10:20, three customers who asked for a consulta while it
lasted. ``long`` stretches every free-text field (with markup characters and line breaks) and
adds enough customers to run the table onto another page, so the layout is judged at its worst.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from swat_desktop.domain.attention_points import AttentionPointKind, Channel
from swat_desktop.domain.formatting import LIMA
from swat_desktop.domain.inoperatividad import (
    MAX_DETAIL,
    AttentionPointView,
    Catalogue,
    CustomerRequest,
    InoperatividadRecord,
    RecordInput,
    RecordStatus,
    RequestType,
    ResponsibleRole,
    Scenario,
)
from swat_desktop.io.inoperatividad_catalogue import read_catalogue
from swat_desktop.paths import resource

POINT_NAME = "CAC San Isidro"
POINT_CODE = "CAC-SAN-ISIDRO"
LONG_POINT_NAME = ("CAC San Isidro — Centro Comercial Camino Real, módulo de atención "
                   "preferencial y plataforma de reclamos")
RESPONSIBLE = "Rosa Elvira Quispe Huamán"
LONG_RESPONSIBLE = "María de los Ángeles Huamaní Ccopa de la Cruz y Sánchez-Cerro Villanueva"
CREATED_BY = "Rosa Quispe Huamán"
ALERT_REFERENCE = "INC-2026-11-0042"
CRITICAL_REQUEST = "Bloqueo de línea y equipo por robo o pérdida"
MIGRATION = "Migración de plan, a prepago o a postpago"
DAY = datetime(2026, 11, 21, tzinfo=LIMA)
LONG_CUSTOMERS = 34  # more than one page of rows

# (minutes after the start, request) of the three customers of every sample
_CUSTOMERS = ((12, MIGRATION), (25, "Cambio de titularidad"), (51, "Reposición de chip"))
_CRITICAL_ATTENTION = (
    "Se bloquearon la línea y el equipo (IMEI) llamando al 123 desde el teléfono fijo "
    "del CAC; ticket BLQ-88213. Se entregó al cliente la constancia del bloqueo.")
_DETAIL = (
    "Desde las 09:40 SIAC ÚNICO no carga la ficha del cliente y SGA devuelve «Error 503 – "
    "servicio no disponible» al registrar la migración. Probado en las 6 PC del CAC y con dos "
    "usuarios distintos; el Sistema Administrativo ATC tampoco abre.")
_LONG_DETAIL_BLOCK = (
    "SIAC ÚNICO & SGA: la pantalla queda en blanco tras <Buscar cliente> y luego aparece "
    "«Error 503 – servicio no disponible». Se reinició el navegador, se limpió la caché y se "
    "probó con cable y con Wi-Fi; ninguna de las PC del punto logra registrar la solicitud. ")


def sample_catalogue() -> Catalogue:
    """The real catalogue shipped with the application, so labels in tests are the printed ones."""
    return read_catalogue(resource("catalogues", "inoperatividad.json"))


def _point(long: bool) -> AttentionPointView:
    kind = AttentionPointKind.CAC
    return AttentionPointView(
        id=1, code=POINT_CODE, name=LONG_POINT_NAME if long else POINT_NAME, kind=kind.value,
        kind_label=kind.label, channel=Channel.PRESENCIAL.value,
        channel_label=Channel.PRESENCIAL.label)


def _document(n: int, index: int) -> str:
    """A DNI (8 digits) different for every record and customer."""
    return f"{10_000_000 + 2_654_435_761 * (3 * n + index) % 80_000_000:08d}"


def _line(n: int, index: int) -> str:
    """A Peruvian mobile line: nine digits starting with 9."""
    return f"9{40_503_119 * (3 * n + index + 7) % 100_000_000:08d}"


def _customers(n: int, critical: bool, long: bool) -> tuple[CustomerRequest, ...]:
    start = DAY.replace(hour=9, minute=40)
    customers = [
        CustomerRequest(at=(start + timedelta(minutes=minute)).time(),
                        document=f"DNI {_document(n, index)}", line=_line(n, index),
                        request=request, critical=False)
        for index, (minute, request) in enumerate(_CUSTOMERS)
    ]
    if critical:
        customers[2] = CustomerRequest(at=customers[2].at, document=customers[2].document,
                                       line=customers[2].line, request=CRITICAL_REQUEST,
                                       critical=True)
    if long:
        customers += [
            CustomerRequest(
                at=(start + timedelta(minutes=60 + 4 * index)).time(),
                document=f"CE {_document(n, index)}0",
                line=f"Servicio fijo {index:06d} — Av. Javier Prado Este 4200, San Isidro",
                request=(f"{MIGRATION} con renovación de equipo y cambio de ciclo de "
                         f"facturación (cliente {index + 1})"),
                critical=index % 7 == 0)
            for index in range(len(customers), LONG_CUSTOMERS)
        ]
    return tuple(customers)


def sample_record(n: int = 1, critical: bool = False, long: bool = False) -> InoperatividadRecord:
    """Record ``n`` (its correlativo) of CAC San Isidro: a Consultas event by falla masiva.

    ``critical`` makes the third customer a stolen phone (a critical request, attended anyway
    and described); ``long`` fills every text to its limit and adds customers past a page.
    """
    started = DAY.replace(hour=9, minute=40)
    detail = (_LONG_DETAIL_BLOCK * 20)[:MAX_DETAIL - 40] + "\n\nFin del detalle." if long \
        else _DETAIL
    attention = " ".join([_CRITICAL_ATTENTION] * (6 if long else 1)) if critical or long else ""
    data = RecordInput(
        attention_point_id=1,
        responsible_name=LONG_RESPONSIBLE if long else RESPONSIBLE,
        responsible_role=ResponsibleRole.SUPERVISOR,
        started_at=started,
        ended_at=started + timedelta(hours=3, minutes=15),
        applications=("SIAC_UNICO", "SGA"),
        request_type=RequestType.CONSULTAS,
        request_code="MIGRACION_PLAN",
        scenario=Scenario.FALLA_MASIVA,
        motivo="FALLA_MASIVA_APLICATIVO",
        detail=detail,
        alert_sent=True,
        alert_at=DAY.replace(hour=10, minute=20),
        alert_reference=(f"{ALERT_REFERENCE} (correo a fallasatc@claro.com.pe con copia a "
                         "Control e Información)") if long else ALERT_REFERENCE,
        not_intermittent=True,
        whole_point_down=True,
        customers=_customers(n, critical, long),
        critical_attention=attention,
    )
    return InoperatividadRecord(
        id=n, uuid=f"6f1c2a9e-4b7d-4c1e-9a3f-{n:012d}", correlativo=n, point=_point(long),
        data=data, status=RecordStatus.ABIERTO, created_by=CREATED_BY,
        created_at=started + timedelta(minutes=55), annul_reason="", version=1)


# The regulator's report ---------------------------------------------------------------------

FORMULA_LIKE = "=HYPERLINK(\"http://x\")"  # typed by someone; must reach the file as text
_POINTS = ("CAC San Isidro", "CAC Arequipa Centro", "Call center 123")
_CODES = ("CAC-SAN-ISIDRO", "CAC-AREQUIPA-CENTRO", "CC-123")  # the longest code of all
_SCENARIOS = ("Por falla masiva",
              "Por evento no previsto (corte de luz, inundaciones, infraestructura)")


def sample_report_rows(count: int = 3, long: bool = False) -> list[dict[str, object]]:
    """Rows as services.inoperatividad_report.report_rows gives them: every key of the column
    file, times as naive Lima datetimes, durations and yes/no as text. The second row's
    observation starts like a formula; ``long`` stretches the free texts."""
    rows = []
    for index in range(count):
        started = datetime(2026, 12, 1 + index % 28, 9 + index % 8, 40)
        minutes = 45 + 37 * index
        unforeseen = index % 3 == 1
        observations = ("Procesos: fuera del horario comunicado por Fallas; 14 tipificaciones "
                        "de migración frente a 31 del día anterior." if index % 3 == 2 else "")
        if index == 1:
            observations = FORMULA_LIKE
        if long:
            observations = " ".join([observations or "Sin observaciones de Procesos."] * 4)
        rows.append({
            "correlativo": f"{_CODES[index % 3]}-"
                           f"{index + 1:06d}",
            "punto": LONG_POINT_NAME if long and index == 0 else _POINTS[index % 3],
            "canal": "Telefónico" if index % 3 == 2 else "Presencial",
            "tipo_tramite": ("Consultas", "Reclamos", "Altas")[index % 3],
            "consulta": MIGRATION if index % 3 == 0 else "",
            "aplicativos": ("SIAC ÚNICO, SGA", "Web Asesor reclamos",
                            "SISACT, SICAR")[index % 3],
            "escenario": _SCENARIOS[1] if unforeseen else _SCENARIOS[0],
            "motivo": "Sin fluido eléctrico en el punto de atención" if unforeseen
            else "Falla masiva de aplicativo",
            "inicio": started,
            "fin": started + timedelta(minutes=minutes),
            "duracion": f"{minutes // 60} h {minutes % 60:02d} min",
            "motivo_cierre": "Inconveniente de conectividad" if unforeseen
            else "Falla masiva de aplicativo",
            "ventana_falla_masiva": "Fuera" if unforeseen else "Dentro",
            "mayor_una_hora": "Sí" if minutes > 60 else "No",
            "observaciones_evaluacion": observations,
            "numero_atc": f"ATC-{778812 + index}",
            "respuesta_procesos": "Procede reportar",
            "aprobado_por": "Gerente: Gabriela Ruiz; Director: Daniel Soto",
            "origen": "Papel transcrito" if index % 3 == 2 else "Pantalla",
        })
    return rows
