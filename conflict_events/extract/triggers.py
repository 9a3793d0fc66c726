"""Trigger words and cues for event extraction, compiled from reference/event_triggers.yaml.

The YAML holds the linguistic data (what words make a strike, a meeting, a hedge, a future
cue); this module only compiles it and answers "where do triggers of type T stand in this text".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

TRIGGERS_FILE = Path(__file__).resolve().parent.parent / "reference" / "event_triggers.yaml"
_FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class Trigger:
    event_type: str
    sub_type: str | None
    start: int
    end: int
    strength: float
    needs_target: bool = False  # a weak verb ("damaged"): only an event with a named target


@dataclass(frozen=True)
class TriggerPattern:
    sub_type: str | None
    pattern: re.Pattern[str]
    strength: float
    needs_target: bool = False


@dataclass(frozen=True, eq=False)
class TriggerRules:
    hedges: re.Pattern[str]
    negation: re.Pattern[str]
    question: re.Pattern[str]
    clause_breaks: re.Pattern[str]
    future: re.Pattern[str]
    same_day: re.Pattern[str]
    first_person: re.Pattern[str]
    by_type: dict[str, tuple[TriggerPattern, ...]]
    strike_sub_type_words: dict[str, re.Pattern[str]]
    weapon_category_sub_type: dict[str, str]
    strike_back_reference: re.Pattern[str]
    strike_generic_targets: re.Pattern[str]
    strike_habitual: re.Pattern[str]
    strike_weapon_used: re.Pattern[str]
    meeting_place_named: str  # template with {place}
    meeting_generic: re.Pattern[str]
    meeting_not_yet: re.Pattern[str]
    leader_titles: re.Pattern[str]
    speech_verbs: re.Pattern[str]
    lead_in_cues: re.Pattern[str]
    min_quote_words: int
    pronoun: re.Pattern[str]
    not_speech: re.Pattern[str]
    habitual: re.Pattern[str]
    according_to_types: frozenset[str]
    proposal_needs: re.Pattern[str]
    sanction_object: re.Pattern[str]
    aid_object: re.Pattern[str]
    strike_languages: tuple[str, ...]
    prefilter: dict[str, tuple[str, ...]]  # event type -> words one of which a sentence must hold


def _any(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), _FLAGS)


def _patterns(entries: list[dict[str, Any]], sub_type: str | None) -> list[TriggerPattern]:
    return [
        TriggerPattern(
            entry.get("sub_type", sub_type),
            re.compile(entry["pattern"], _FLAGS),
            float(entry["strength"]),
            bool(entry.get("needs_target", False)),
        )
        for entry in entries
    ]


def _compile(data: dict[str, Any]) -> TriggerRules:
    strike = data["strike"]
    meeting = data["meeting"]
    statement = data["statement"]
    by_type: dict[str, list[TriggerPattern]] = {"strike": _patterns(strike["triggers"], None)}
    by_type["meeting"] = [p for sub, entries in meeting["triggers"].items() for p in _patterns(entries, sub)]
    for kind in ("proposal", "sanction", "aid"):
        by_type[kind] = [
            p for sub, entries in data[kind].items() if isinstance(entries, list) for p in _patterns(entries, sub)
        ]
    statement_verbs = re.compile(statement["verbs"], _FLAGS)
    return TriggerRules(
        hedges=_any(data["hedges"]),
        negation=re.compile(data["negation"], _FLAGS),
        question=re.compile(data["question"]),
        clause_breaks=re.compile(data["clause_breaks"], _FLAGS),
        future=_any(data["future_cues"]),
        same_day=_any(data["same_day_cues"]),
        # Case matters: "US" is a country, "us" is the author.
        first_person=re.compile(data["first_person"]),
        by_type={k: tuple(v) for k, v in by_type.items()},
        strike_sub_type_words={k: re.compile(v, _FLAGS) for k, v in strike["sub_type_words"].items()},
        weapon_category_sub_type=dict(strike["weapon_category_sub_type"]),
        strike_back_reference=re.compile(strike["back_reference"], _FLAGS),
        strike_generic_targets=re.compile(strike["generic_targets"], _FLAGS),
        strike_habitual=re.compile(strike["habitual"], _FLAGS),
        strike_weapon_used=re.compile(strike["weapon_used"], _FLAGS),
        meeting_place_named=meeting["place_named"],
        meeting_generic=re.compile(meeting["generic"], _FLAGS),
        meeting_not_yet=re.compile(meeting["not_yet"], _FLAGS),
        leader_titles=re.compile(meeting["leader_titles"], _FLAGS),
        speech_verbs=statement_verbs,
        lead_in_cues=re.compile(statement["lead_in_cues"], _FLAGS),
        min_quote_words=int(statement["min_quote_words"]),
        pronoun=re.compile(statement["pronoun"], _FLAGS),
        not_speech=re.compile(statement["not_speech"], _FLAGS),
        habitual=re.compile(statement["habitual"], _FLAGS),
        according_to_types=frozenset(statement["according_to_types"]),
        proposal_needs=re.compile(data["proposal"]["needs"], _FLAGS),
        sanction_object=re.compile(data["sanction"]["object"], _FLAGS),
        aid_object=re.compile(data["aid"]["object"], _FLAGS),
        strike_languages=tuple(data.get("strike_languages", ())),
        prefilter={kind: tuple(str(w).lower() for w in words) for kind, words in data["prefilter"].items()},
    )


@lru_cache(maxsize=4)
def load_rules(path: Path = TRIGGERS_FILE) -> TriggerRules:
    with path.open(encoding="utf-8") as handle:
        return _compile(yaml.safe_load(handle))


def _combined(patterns: tuple[TriggerPattern, ...]) -> re.Pattern[str]:
    """One alternation per type, strongest first: at each position the strongest trigger wins."""
    return re.compile("|".join(f"(?P<_t{i}>{tp.pattern.pattern})" for i, tp in enumerate(patterns)), _FLAGS)


@lru_cache(maxsize=16)
def _ordered(rules: TriggerRules, event_type: str) -> tuple[tuple[TriggerPattern, ...], re.Pattern[str]]:
    patterns = tuple(sorted(rules.by_type.get(event_type, ()), key=lambda tp: -tp.strength))
    return patterns, _combined(patterns)


def find_triggers(text: str, event_type: str, rules: TriggerRules) -> list[Trigger]:
    """Non-overlapping trigger matches of one event type, leftmost first (the stronger wins a tie)."""
    patterns, combined = _ordered(rules, event_type)
    found: list[Trigger] = []
    for match in combined.finditer(text):
        if match.end() == match.start():
            continue
        name = match.lastgroup
        if name is None or not name.startswith("_t"):
            name = next(k for k, v in match.groupdict().items() if v is not None)
        tp = patterns[int(name[2:])]
        found.append(Trigger(event_type, tp.sub_type, match.start(), match.end(), tp.strength, tp.needs_target))
    return found


def statement_verbs(text: str, rules: TriggerRules) -> list[Trigger]:
    return [Trigger("statement", None, m.start(), m.end(), 0.6) for m in rules.speech_verbs.finditer(text)]
