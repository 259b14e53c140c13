"""Audit trail entries as read back, and how a change reads to a person."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from swat_desktop.domain.identity import Role


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    user_login: str
    user_name: str
    entity: str
    entity_id: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


ENTITY_LABELS = {
    "user": "Usuario",
    "attention_point": "Punto de atención",
    "setting": "Parámetro",
    "causal": "Causal",
    "mal_escalado_base": "Base mal escalados",
    "mal_escalado": "Cuenta mal escalada",
    "reclamacion": "Reclamación",
    "retroalimentacion": "Retroalimentación",
    "inoperatividad": "Registro de inoperatividad",
    "falla_masiva": "Falla masiva comunicada",
    "dia_no_laborable": "Día no laborable",
    "paquete": "Paquete de eventos",
    "talonario": "Talonario de formatos numerados",
    "practica": "Práctica de gestión",
    "tipificaciones": "Tipificaciones importadas",
    "asignacion_tipificaciones": "Columnas del reporte de tipificaciones",
    "atencion_online": "Informe de Atención Online",
}

FIELD_LABELS = {
    "login": "Usuario",
    "full_name": "Nombre",
    "role": "Rol",
    "unit": "Unidad",
    "cuenta": "Cuenta",
    "causales": "Causales",
    "procedencia": "Procedencia",
    "motivo": "Motivo",
    "observaciones": "Observaciones",
    "asignadas": "Asignadas",
    "archivo": "Archivo",
    "fecha_base": "Fecha de la base",
    "importadas": "Importadas",
    "cuentas_eliminadas": "Cuentas eliminadas",
    "numero": "Número",
    "cuentas": "Cuentas",
    "nota": "Nota",
    "enviada": "Enviada",
    "resultado": "Resultado",
    "motivo_rechazo": "Motivo del rechazo",
    "asesor": "Asesor",
    "fecha_sesion": "Fecha de la sesión",
    "estado": "Estado",
    "compromisos": "Compromisos",
    "plan": "Plan de mejora",
    "seguimiento": "Seguimiento",
    "descripcion": "Descripción",
    "desde": "Desde",
    "hasta": "Hasta",
    "cantidad": "Cantidad",
    "version_formato": "Versión del formato",
    "llenado_por": "Llenó el formato en papel",
    "registro": "Registro",
    "practica": "Práctica",
    "version_catalogo": "Versión del catálogo",
    "fecha": "Fecha",
    "hora": "Hora",
    "participantes": "Con quién",
    "duracion": "Duración (min)",
    "notas": "Notas",
    "fecha_seguimiento": "Vence el seguimiento",
    "vinculos": "Cuentas y asesores",
    "hoja": "Hoja",
    "cantidades": "Cantidades por día, canal y trámite",
    "tipificaciones": "Tipificaciones",
    "omitidas": "Filas de trámites no regulados",
    "publicas": "Publicaciones públicas",
    "inbox": "Mensajes por inbox",
    "grupo": "Grupo",
    "correo": "Correo",
    "nombre": "Nombre",
}

_VALUE_LABELS: dict[str, Callable[[Any], str]] = {
    "role": lambda value: Role(value).label if value in set(Role) else str(value),
}


ACTION_LABELS = {
    "crear": "Creación",
    "modificar": "Modificación",
    "importar": "Importación",
    "activar": "Activación",
    "desactivar": "Desactivación",
    "veredicto": "Veredicto",
    "cambiar_veredicto": "Cambio de veredicto",
    "asignar": "Asignación",
    "anular": "Anulación",
    "enviar": "Envío",
    "resultado": "Resultado de la reevaluación",
    "quitar_cuenta": "Cuenta retirada",
    "descartar": "Descarte",
    "regularizar": "Regularización en ATC",
    "deshacer_regularizacion": "Regularización deshecha",
    "cerrar": "Cierre",
    "respuesta_procesos": "Respuesta de Procesos",
    "aprobar_gerente": "Aprobación del Gerente",
    "aprobar_director": "Aprobación del Director",
    "resolver_conflicto": "Conflicto resuelto con el paquete",
    "reportar": "Reportado al regulador",
    "eliminar": "Eliminación",
    "conservar_conflicto": "Conflicto resuelto con la versión de este equipo",
    "reservar": "Reserva de correlativos",
    "transcribir": "Transcripción del formato en papel",
    "registrar": "Registro",
    "corregir": "Corrección",
    "recordar": "Asignación recordada",
    "agregar_destinatario": "Destinatario de los cortes agregado",
    "quitar_destinatario": "Destinatario de los cortes quitado",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def entity_label(entity: str) -> str:
    return ENTITY_LABELS.get(entity, entity)


def _value(field: str, value: Any) -> str:
    if value is None or value == "":
        return "(vacío)"
    return _VALUE_LABELS.get(field, str)(value)


def describe_change(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """One line in Spanish: every field of a new record, only what changed in an edit."""
    before, after = before or {}, after or {}
    parts = []
    for field in dict.fromkeys([*after, *before]):
        label = FIELD_LABELS.get(field, field)
        if field not in before:
            parts.append(f"{label}: {_value(field, after[field])}")
        elif field not in after:
            parts.append(f"{label}: {_value(field, before[field])} → (eliminado)")
        elif before[field] != after[field]:
            parts.append(
                f"{label}: {_value(field, before[field])} → {_value(field, after[field])}"
            )
    return " · ".join(parts)
