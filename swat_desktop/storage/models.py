"""Tables of the core schema. Every change here needs an Alembic revision in migrations/.

The tables live in one module per procedure (tables_mal_escalados, tables_inoperatividad) and
one for what both share (tables_shared), on tables_base's Base; this module re-exports every
one, so ``from swat_desktop.storage.models import User`` and Alembic's ``Base.metadata`` see
them all.
"""

from swat_desktop.storage.tables_base import NAMING, SEARCH_TABLE, SEARCH_TERMS, Base, in_models
from swat_desktop.storage.tables_criteria import (
    AtencionOnlineReport,
    TipificacionCount,
    TipificacionImport,
)
from swat_desktop.storage.tables_inoperatividad import (
    CatalogueItem,
    CorrelativoCounter,
    CorrelativoReservation,
    FallaWindowRow,
    InoperatividadDraft,
    InoperatividadRecordRow,
    NonWorkingDay,
    PointKey,
)
from swat_desktop.storage.tables_mal_escalados import (
    Causal,
    FeedbackCausal,
    FeedbackCommitment,
    FeedbackSession,
    ImportProfile,
    MalEscaladoBase,
    MalEscaladoCase,
    MalEscaladoCaseCausal,
    MalEscaladoCausalCount,
    MalEscaladoSource,
    Reclamacion,
    ReclamacionItem,
)
from swat_desktop.storage.tables_practices import PracticeLink, PracticeSession
from swat_desktop.storage.tables_shared import (
    AttentionPoint,
    AuditLog,
    Setting,
    User,
)

__all__ = [
    "NAMING",
    "SEARCH_TABLE",
    "SEARCH_TERMS",
    "AtencionOnlineReport",
    "AttentionPoint",
    "AuditLog",
    "Base",
    "CatalogueItem",
    "Causal",
    "CorrelativoCounter",
    "CorrelativoReservation",
    "FallaWindowRow",
    "FeedbackCausal",
    "FeedbackCommitment",
    "FeedbackSession",
    "ImportProfile",
    "InoperatividadDraft",
    "InoperatividadRecordRow",
    "MalEscaladoBase",
    "MalEscaladoCase",
    "MalEscaladoCaseCausal",
    "MalEscaladoCausalCount",
    "MalEscaladoSource",
    "NonWorkingDay",
    "PointKey",
    "PracticeLink",
    "PracticeSession",
    "Reclamacion",
    "ReclamacionItem",
    "Setting",
    "TipificacionCount",
    "TipificacionImport",
    "User",
    "in_models",
]
