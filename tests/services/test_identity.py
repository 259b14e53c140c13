"""Profiles are saved with an audit row in the same transaction and remembered per machine."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from swat_desktop.domain.errors import ValidationError
from swat_desktop.domain.identity import ProfileInput, Role, UnitKind, UserProfile
from swat_desktop.paths import AppPaths
from swat_desktop.services import audit, identity
from swat_desktop.services.store import Database
from swat_desktop.storage.models import AttentionPoint, AuditLog, User


def _count(db: Database, model: type) -> int:
    with db.session_scope() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_new_profile_is_stored_normalized_and_audited(db: Database) -> None:
    profile = identity.save_profile(
        db, ProfileInput(" MRojas ", "  María   Rojas ", Role.BACKOFFICE, " Célula  Bogotá ")
    )
    assert profile == UserProfile(profile.id, "mrojas", "María Rojas", Role.BACKOFFICE,
                                  "Célula Bogotá")
    [entry] = audit.recent_entries(db)
    assert (entry.user_login, entry.entity, entry.entity_id, entry.action) == (
        "mrojas", "user", str(profile.id), "crear")
    assert entry.before is None
    assert entry.after == {"login": "mrojas", "full_name": "María Rojas", "role": "backoffice",
                           "unit": "Célula Bogotá"}


def test_an_edit_records_before_and_after_and_no_change_records_nothing(
    db: Database, agent: UserProfile
) -> None:
    identity.save_profile(db, ProfileInput(agent.login, agent.full_name, agent.role, agent.unit),
                          new=False)
    assert len(audit.recent_entries(db)) == 1
    changed = identity.save_profile(
        db, ProfileInput(agent.login, agent.full_name, Role.BACKOFFICE, agent.unit), new=False
    )
    assert changed.id == agent.id
    assert changed.role is Role.BACKOFFICE
    latest = audit.recent_entries(db)[0]
    assert latest.action == "modificar"
    assert latest.before is not None
    assert latest.before["role"] == "agente_celula"
    assert latest.after is not None
    assert latest.after["role"] == "backoffice"


def test_an_invalid_profile_writes_nothing(db: Database) -> None:
    with pytest.raises(ValidationError) as caught:
        identity.save_profile(db, ProfileInput("x", "", Role.SUPERVISOR_CAC, ""))
    assert set(caught.value.errors) == {"login", "full_name", "unit"}
    assert _count(db, User) == 0
    assert _count(db, AuditLog) == 0


def test_a_new_profile_never_takes_over_an_existing_login(
    db: Database, agent: UserProfile
) -> None:
    with pytest.raises(ValidationError, match="Ya existe un perfil con el usuario «mrojas»"):
        identity.save_profile(db, ProfileInput("MRojas", "Intrusa", Role.PROCESOS, ""))
    assert identity.find_user(db, "mrojas") == agent
    assert len(audit.recent_entries(db)) == 1


def test_a_cac_supervisor_is_linked_to_an_attention_point_reused_by_code(db: Database) -> None:
    for login, point in (("jquispe", "CAC Chiclayo Centro"), ("lhuaman", "cac chiclayo-centro")):
        identity.save_profile(db, ProfileInput(login, "Nombre Apellido", Role.SUPERVISOR_CAC,
                                               point))
    with db.session_scope() as session:
        [point] = session.scalars(select(AttentionPoint)
                                  .where(AttentionPoint.name.like("%Chiclayo%"))).all()
        assert (point.code, point.kind, point.channel) == \
            ("CAC-CHICLAYO-CENTRO", "cac", "presencial")
        linked = session.scalars(select(User.attention_point_id)).all()
        assert linked == [point.id, point.id]
    suggestions = identity.unit_suggestions(db, UnitKind.ATTENTION_POINT)
    assert "CAC Chiclayo Centro" in suggestions
    assert "CAC San Isidro" in suggestions  # shipped in resources/catalogues
    created = [e for e in audit.recent_entries(db) if e.entity == "attention_point"]
    assert [(e.entity_id, e.action, e.user_login) for e in created] == [
        ("CAC-CHICLAYO-CENTRO", "crear", "jquispe")]


def test_unit_suggestions_come_from_profiles_of_the_same_kind(
    db: Database, agent: UserProfile
) -> None:
    identity.save_profile(db, ProfileInput("pperez", "Pedro Pérez", Role.PROCESOS, "Procesos Lima"))
    assert identity.unit_suggestions(db, UnitKind.CELULA) == ["Célula Soporte Bogotá"]
    assert identity.unit_suggestions(db, UnitKind.NONE) == ["Procesos Lima"]


def test_the_current_user_is_remembered_in_a_local_file(
    db: Database, agent: UserProfile, paths: AppPaths
) -> None:
    assert identity.current_user(db, paths.local_settings_file) is None
    identity.remember_login(paths.local_settings_file, agent.login)
    assert identity.current_user(db, paths.local_settings_file) == agent
    assert not paths.local_settings_file.with_suffix(".tmp").exists()


def test_a_damaged_local_file_or_an_unknown_login_means_asking_again(
    db: Database, agent: UserProfile, tmp_path: Path
) -> None:
    damaged = tmp_path / "local.json"
    damaged.write_text("{no es json", encoding="utf-8")
    assert identity.current_user(db, damaged) is None
    identity.remember_login(damaged, "nadie")
    assert identity.current_user(db, damaged) is None
