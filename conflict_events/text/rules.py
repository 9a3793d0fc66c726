"""Linguistic rules as data: a YAML file of cues, looked up by dotted path, compiled on first use.

No field per cue: `rules.pattern("strike.habitual")` compiles whatever the file holds at that
path (a regular expression, or a list of them joined as alternatives), `rules.value(path)` gives
the raw value (numbers, word lists, maps), `rules.trigger_patterns(kind)` the trigger entries of
one event type. A new cue is a new key in the file plus the one line of code that uses it; a new
phrase for an existing cue is a line in the file only.

Patterns match case-insensitively, except those whose path is listed under `case_sensitive`
("US" is a country, "us" is the author).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class TriggerPattern:
    sub_type: str | None
    pattern: re.Pattern[str]
    strength: float
    # What else the sentence must give: `target` (a weak verb, "damaged", needs a named target),
    # `context` ("two people were killed in X" continues a strike reported just before).
    requires: frozenset[str] = frozenset()


class Rules:
    """The cues of one rules file. Hashable by identity, so compiled lookups can be cached."""

    def __init__(self, data: dict[str, Any], source: str = "<memory>") -> None:
        self.source = source
        self._data = data
        self._patterns: dict[str, re.Pattern[str]] = {}
        self._values: dict[str, Any] = {}
        self._triggers: dict[str, tuple[TriggerPattern, ...]] = {}
        self._case_sensitive = frozenset(data.get("case_sensitive", ()))

    def value(self, path: str) -> Any:
        if path in self._values:
            return self._values[path]
        node: Any = self._data
        for key in path.split("."):
            if not isinstance(node, dict) or key not in node:
                raise KeyError(f"{self.source}: no rule at {path!r}")
            node = node[key]
        self._values[path] = node
        return node

    def has(self, path: str) -> bool:
        try:
            self.value(path)
        except KeyError:
            return False
        return True

    def pattern(self, path: str) -> re.Pattern[str]:
        compiled = self._patterns.get(path)
        if compiled is None:
            compiled = self._compile(path, self.value(path))
            self._patterns[path] = compiled
        return compiled

    def _compile(self, path: str, raw: Any) -> re.Pattern[str]:
        flags = 0 if path in self._case_sensitive else re.IGNORECASE
        if isinstance(raw, str):
            return re.compile(raw, flags)
        if isinstance(raw, list) and all(isinstance(p, str) for p in raw):
            return re.compile("|".join(f"(?:{p})" for p in raw), flags)
        raise TypeError(f"{self.source}: rule {path!r} is not a pattern or a list of patterns")

    def words(self, path: str) -> tuple[str, ...]:
        return tuple(str(w) for w in self.value(path))

    def trigger_patterns(self, event_type: str) -> tuple[TriggerPattern, ...]:
        """`<type>.triggers`: a list of entries, or a map sub_type -> list of entries."""
        found = self._triggers.get(event_type)
        if found is None:
            raw = self.value(f"{event_type}.triggers")
            groups = raw.items() if isinstance(raw, dict) else [(None, raw)]
            found = tuple(
                TriggerPattern(
                    entry.get("sub_type", sub_type),
                    re.compile(entry["pattern"], re.IGNORECASE),
                    float(entry["strength"]),
                    frozenset(entry.get("requires", ())),
                )
                for sub_type, entries in groups
                for entry in entries
            )
            self._triggers[event_type] = found
        return found


def read_rules(path: Path) -> Rules:
    with path.open(encoding="utf-8") as handle:
        return Rules(yaml.safe_load(handle) or {}, str(path))


@lru_cache(maxsize=8)
def load_rules_file(path: Path) -> Rules:
    """One shared, compiled-once Rules per file."""
    return read_rules(path)
