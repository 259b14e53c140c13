"""The Asignación choice kept per person in config/local.json (a real file each time)."""

from __future__ import annotations

import json
from pathlib import Path

from swat_desktop.domain.identity import Role, UserProfile
from swat_desktop.services import review_settings

AGENT = UserProfile(7, "mrojas", "María Rojas", Role.AGENTE_CELULA, "Célula Bogotá")
BOSS = UserProfile(8, "bortiz", "Bea Ortiz", Role.BACKOFFICE, "Célula Bogotá")


def test_before_any_choice_an_agent_sees_their_own_and_the_others_everything(
        tmp_path: Path) -> None:
    settings = tmp_path / "local.json"
    assert review_settings.review_assignment(settings, AGENT) == AGENT.id
    assert review_settings.review_assignment(settings, BOSS) is None
    review_settings.remember_review_assignment(settings, AGENT, AGENT.id)  # the default
    assert not settings.exists()  # nothing chosen, nothing written


def test_each_person_gets_back_their_own_choice(tmp_path: Path) -> None:
    settings = tmp_path / "local.json"
    settings.write_text(json.dumps({"current_login": "mrojas"}), encoding="utf-8")
    review_settings.remember_review_assignment(settings, AGENT, None)
    review_settings.remember_review_assignment(settings, BOSS, 0)
    assert review_settings.review_assignment(settings, AGENT) is None
    assert review_settings.review_assignment(settings, BOSS) == 0
    review_settings.remember_review_assignment(settings, BOSS, AGENT.id)  # one reviewer
    assert review_settings.review_assignment(settings, BOSS) == AGENT.id
    review_settings.remember_review_assignment(settings, AGENT, AGENT.id)
    assert review_settings.review_assignment(settings, AGENT) == AGENT.id
    stored = json.loads(settings.read_text(encoding="utf-8"))
    assert stored == {"current_login": "mrojas",  # the rest of the file is kept
                      "revision_asignacion": {"mrojas": "mias", "bortiz": 7}}


def test_a_value_edited_by_hand_into_nonsense_counts_as_no_choice(tmp_path: Path) -> None:
    settings = tmp_path / "local.json"
    for junk in ({"mrojas": True}, {"mrojas": -3}, {"mrojas": "x"}, "todas", [1]):
        settings.write_text(json.dumps({"revision_asignacion": junk}), encoding="utf-8")
        assert review_settings.review_assignment(settings, AGENT) == AGENT.id, junk
