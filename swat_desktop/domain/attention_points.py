"""Kinds of attention point covered by the inoperatividad procedure and their channel."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class Channel(StrEnum):
    PRESENCIAL = "presencial"
    TELEFONICO = "telefonico"

    @property
    def label(self) -> str:
        return {Channel.PRESENCIAL: "Presencial", Channel.TELEFONICO: "Telefónico"}[self]


class AttentionPointKind(StrEnum):
    CAC = "cac"
    ACD_REGULADO = "acd_regulado"
    CALL_CENTER_123 = "call_center_123"
    CALL_CENTER_135 = "call_center_135"

    @property
    def label(self) -> str:
        return {
            AttentionPointKind.CAC: "CAC",
            AttentionPointKind.ACD_REGULADO: "ACD regulado",
            AttentionPointKind.CALL_CENTER_123: "Call center 123",
            AttentionPointKind.CALL_CENTER_135: "Call center 135",
        }[self]

    @property
    def channel(self) -> Channel:
        if self in (AttentionPointKind.CAC, AttentionPointKind.ACD_REGULADO):
            return Channel.PRESENCIAL
        return Channel.TELEFONICO


def code_from_name(name: str) -> str:
    """A stable, readable code for a point typed by name ("CAC San Isidro" -> "CAC-SAN-ISIDRO")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z0-9]+", "-", ascii_name.upper()).strip("-")[:40]
