"""Where the triggers of one event type stand in a text (rules from reference/event_triggers.yaml).

The YAML holds the linguistic data (what words make a strike, a meeting, a hedge, a future
cue), loaded generically by text/rules.py; this module only answers "where do triggers of
type T stand in this text", the strongest trigger winning at each position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from conflict_events.text.rules import Rules, TriggerPattern, load_rules_file

TRIGGERS_FILE = Path(__file__).resolve().parent.parent / "reference" / "event_triggers.yaml"


@dataclass(frozen=True)
class Trigger:
    event_type: str
    sub_type: str | None
    start: int
    end: int
    strength: float
    requires: frozenset[str] = frozenset()  # see text.rules.TriggerPattern


def load_rules(path: Path = TRIGGERS_FILE) -> Rules:
    return load_rules_file(path)


@lru_cache(maxsize=32)
def _ordered(rules: Rules, event_type: str) -> tuple[tuple[TriggerPattern, ...], re.Pattern[str]]:
    """One alternation per type, strongest first: at each position the strongest trigger wins."""
    patterns = tuple(sorted(rules.trigger_patterns(event_type), key=lambda tp: -tp.strength))
    combined = "|".join(f"(?P<_t{i}>{tp.pattern.pattern})" for i, tp in enumerate(patterns))
    return patterns, re.compile(combined, re.IGNORECASE)


def find_triggers(text: str, event_type: str, rules: Rules) -> list[Trigger]:
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
        found.append(Trigger(event_type, tp.sub_type, match.start(), match.end(), tp.strength, tp.requires))
    return found
