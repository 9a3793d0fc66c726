"""Where the triggers of one event type stand in a text (rules from reference/event_triggers.yaml).

The YAML holds the linguistic data (what words make a strike, a meeting, a hedge, a future
cue), loaded generically by text/rules.py; this module only answers "where do triggers of
type T stand in this text", the strongest trigger winning at each position.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import polars as pl

from conflict_events.text.prefilter import column_prefilter
from conflict_events.text.rules import Rules, TriggerPattern, load_rules_file

TRIGGERS_FILE = Path(__file__).resolve().parent.parent / "reference" / "event_triggers.yaml"


class Trigger(NamedTuple):
    event_type: str
    sub_type: str | None
    start: int
    end: int
    strength: float
    requires: frozenset[str] = frozenset()  # see text.rules.TriggerPattern


def load_rules(path: Path = TRIGGERS_FILE) -> Rules:
    return load_rules_file(path)


@lru_cache(maxsize=32)
def _ordered(rules: Rules, event_type: str) -> tuple[TriggerPattern, ...]:
    """The trigger patterns of one type, strongest first: at each position the strongest one wins."""
    return tuple(sorted(rules.trigger_patterns(event_type), key=lambda tp: -tp.strength))


@lru_cache(maxsize=512)
def _alternation(rules: Rules, event_type: str, indices: tuple[int, ...] | None) -> re.Pattern[str]:
    """One alternation of the type's patterns (all, or those at `indices` of _ordered), in order."""
    patterns = _ordered(rules, event_type)
    chosen = range(len(patterns)) if indices is None else indices
    return re.compile("|".join(f"(?P<_t{i}>{patterns[i].pattern.pattern})" for i in chosen), re.IGNORECASE)


def possible_triggers(text: pl.Expr, event_type: str, rules: Rules) -> pl.Expr:
    """For each text of a column, the indices of the type's trigger patterns that can match it: each
    pattern loosened into one the Rust engine runs column-wide (text.prefilter); a pattern it cannot
    run stays possible everywhere. What find_triggers takes as `possible`."""
    indices = [
        pl.when(text.str.contains(loose)).then(pl.lit(i)) if loose is not None else pl.lit(i)
        for i, loose in enumerate(
            column_prefilter(tp.pattern.pattern, ignore_case=True) for tp in _ordered(rules, event_type)
        )
    ]
    if not indices:
        return pl.lit([], dtype=pl.List(pl.Int32))
    return pl.concat_list(indices).list.drop_nulls().cast(pl.List(pl.Int32))


def find_triggers(text: str, event_type: str, rules: Rules, possible: tuple[int, ...] | None = None) -> list[Trigger]:
    """Non-overlapping trigger matches of one event type, leftmost first (the stronger wins a tie).

    `possible`: the indices (possible_triggers') of the only patterns that can match `text`,
    ruled on beforehand for a whole column; None tries them all. Patterns ruled out cannot match, so
    leaving them out of the alternation changes nothing but the time it takes."""
    if possible is not None and not possible:
        return []
    patterns = _ordered(rules, event_type)
    found: list[Trigger] = []
    for match in _alternation(rules, event_type, possible).finditer(text):
        if match.end() == match.start():
            continue
        name = match.lastgroup
        if name is None or not name.startswith("_t"):
            name = next(k for k, v in match.groupdict().items() if v is not None)
        tp = patterns[int(name[2:])]
        found.append(Trigger(event_type, tp.sub_type, match.start(), match.end(), tp.strength, tp.requires))
    return found
