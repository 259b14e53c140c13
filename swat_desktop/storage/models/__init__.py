"""Tables of the core schema. Every change here needs an Alembic revision in migrations/.

One module per procedure (and one for what both share); this package re-exports every table,
so ``from swat_desktop.storage.models import User`` and Alembic's ``Base.metadata`` see them all.
"""

from swat_desktop.storage.models.base import NAMING, SEARCH_TABLE, SEARCH_TERMS, Base, in_models
from swat_desktop.storage.models.core import (
    AttentionPoint,
    AuditLog,
    Setting,
    User,
)
from swat_desktop.storage.models.inoperatividad import (
    CatalogueItem,
    CorrelativoCounter,
    FallaWindowRow,
    InoperatividadDraft,
    InoperatividadRecordRow,
    NonWorkingDay,
    PointKey,
)
from swat_desktop.storage.models.mal_escalados import (
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

__all__ = [
    "NAMING",
    "SEARCH_TABLE",
    "SEARCH_TERMS",
    "AttentionPoint",
    "AuditLog",
    "Base",
    "CatalogueItem",
    "Causal",
    "CorrelativoCounter",
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
    "Reclamacion",
    "ReclamacionItem",
    "Setting",
    "User",
    "in_models",
]
