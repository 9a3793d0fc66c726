"""A new trigger phrase or speech verb is a line in the rules file, no code: the extractor run
with a copy of the rules file that holds one more line finds what the shipped file does not."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conflict_events.extract.events import extract_candidates
from conflict_events.extract.triggers import TRIGGERS_FILE
from conflict_events.text.rules import Rules, read_rules
from tests.extract.events.test_events import documents, findings


def _rules_with(tmp_path: Path, edit: callable) -> Rules:
    data = yaml.safe_load(TRIGGERS_FILE.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "event_triggers.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return read_rules(path)


def _types(text: str, rules: Rules | None = None) -> list[str]:
    return extract_candidates(findings(documents(text)), rules).get_column("event_type").to_list()


def test_a_new_strike_phrase_is_one_line_of_data(tmp_path: Path) -> None:
    text = "Russia zapped the port of Odesa with drones overnight."
    assert "strike" not in _types(text)

    def add_phrase(data: dict) -> None:
        data["strike"]["triggers"].append({"pattern": r"\bzapped\b", "strength": 0.6})
        data["prefilter"]["strike"].append("zapped")

    strikes = extract_candidates(findings(documents(text)), _rules_with(tmp_path, add_phrase))
    strike = strikes.filter(strikes["event_type"] == "strike").row(0, named=True)
    assert strike["location_name"] == "Odesa"
    assert {a["actor_id"] for a in strike["actors"]} == {"russia"}


def test_a_new_speech_verb_is_one_line_of_data(tmp_path: Path) -> None:
    text = "“The talks were useful but long,” Lavrov quipped."
    assert "statement" not in _types(text)

    def add_verb(data: dict) -> None:
        data["statement"]["verbs"].append(r"\bquipped\b")
        data["prefilter"]["statement"].append("quipped")

    assert "statement" in _types(text, _rules_with(tmp_path, add_verb))


def test_rules_are_looked_up_by_path_and_compiled_generically() -> None:
    rules = Rules({"case_sensitive": ["a.exact"], "a": {"words": ["x", "y"], "exact": "US", "loose": ["us", "we"]}})
    assert rules.pattern("a.loose").search("WE")
    assert not rules.pattern("a.exact").search("us")
    assert rules.words("a.words") == ("x", "y")
    with pytest.raises(KeyError):
        rules.value("a.missing")
    with pytest.raises(TypeError):
        rules.pattern("a")
