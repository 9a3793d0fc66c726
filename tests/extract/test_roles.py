"""Role patterns, the actor types a role admits and window sizes are data (reference/role_patterns.yaml):
an edited copy of the file changes who fills a role, with no code change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from conflict_events.extract import roles as R
from conflict_events.text.rules import Rules, read_rules


def _patterns_with(tmp_path: Path, edit: Callable[[dict], None]) -> Rules:
    data = yaml.safe_load(R.ROLES_FILE.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "role_patterns.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return read_rules(path)


def _actor(sentence: str, surface: str, actor_type: str = "state") -> R.ActorMention:
    start = sentence.index(surface)
    slug = surface.lower().replace(" ", "-")
    return R.ActorMention(start, start + len(surface), slug, actor_type, "alias", None, surface, None, surface)


def test_a_new_time_adverbial_is_one_line_of_data(tmp_path: Path) -> None:
    sentence = "Officials said Russia at dawn struck the port of Odesa."
    verb = sentence.index("struck")
    russia = [_actor(sentence, "Russia")]
    # "at" reads as a preposition between subject and verb: the shipped rules find no attacker.
    assert R.subject_before(sentence, russia, verb, R.ATTACKER_TYPES) == []

    def add_dawn(data: dict) -> None:
        data["time_adverbial"] += r"|\bat\s+(?:dawn|dusk|night)\b"

    found = R.subject_before(sentence, russia, verb, R.ATTACKER_TYPES, patterns=_patterns_with(tmp_path, add_dawn))
    assert [m.actor_id for m in found] == ["russia"]


def test_window_sizes_come_from_the_data(tmp_path: Path) -> None:
    sentence = "The refinery was struck in the small hours of a long, dark and very cold winter night by Ukraine."
    verb_end = sentence.index("struck") + len("struck")
    ukraine = [_actor(sentence, "Ukraine")]
    assert R.agent_after(sentence, ukraine, verb_end, R.ATTACKER_TYPES) == []

    def widen(data: dict) -> None:
        data["windows"]["agent_reach"] = 120

    found = R.agent_after(sentence, ukraine, verb_end, R.ATTACKER_TYPES, _patterns_with(tmp_path, widen))
    assert [m.actor_id for m in found] == ["ukraine"]


def test_which_actors_may_fill_a_role_is_data(tmp_path: Path) -> None:
    assert "person" not in R.ATTACKER_TYPES

    def people_attack(data: dict) -> None:
        data["actor_types"]["attacker"].append("person")

    assert "person" in R.actor_types("attacker", _patterns_with(tmp_path, people_attack))
