"""The column-wide trigger pre-test rules patterns out, never in: with it, find_triggers finds what it
finds without it, on sentences that hit each trigger family and the exceptions its lookarounds make."""

from __future__ import annotations

import polars as pl
import pytest

from conflict_events.extract.triggers import _ordered, find_triggers, load_rules, possible_triggers
from conflict_events.text.rules import Rules

SENTENCES = [
    "Russian forces struck the oil depot in Odesa overnight with Shahed drones.",
    "The minister hit back at critics of the plan on Tuesday.",
    "Russia launched 120 attack drones and six ballistic missiles at Kharkiv.",
    "A pre-launched drone was found in the field.",
    "The army targeted the Saratov refinery for the third time this month.",
    "Kherson came under heavy shelling in the morning.",
    "Zelensky met Macron in Paris, and the two leaders held talks on air defence.",
    "Rubio sat down with Lavrov on the sidelines of the summit.",
    "Trump and Putin will meet in Budapest next week.",
    "Ukraine presented a revised 20-point peace plan to the envoys.",
    "The European Union imposed its 19th package of sanctions on Russian oil traders.",
    "Norway pledged 1.5 billion euros for Ukrainian air defence, and Germany delivered two Patriot systems.",
    "ЗСУ уразили нафтопереробний завод у Рязані.",
    "“We did not strike the city,” the spokesman said.",
    "Nothing in this sentence is an event.",
]


@pytest.fixture(scope="module")
def rules() -> Rules:
    return load_rules()


TYPES = ["strike", "meeting", "proposal", "sanction", "aid"]


@pytest.mark.parametrize("event_type", TYPES)
def test_no_pattern_that_matches_is_ruled_out(rules: Rules, event_type: str) -> None:
    possible = pl.DataFrame({"sentence": SENTENCES}).select(
        possible_triggers(pl.col("sentence"), event_type, rules)
    ).to_series().to_list()
    patterns = _ordered(rules, event_type)
    for text, indices in zip(SENTENCES, possible, strict=True):
        matching = {i for i, tp in enumerate(patterns) if tp.pattern.search(text)}
        assert matching <= set(indices), text
        assert find_triggers(text, event_type, rules, tuple(indices)) == find_triggers(text, event_type, rules)


def test_the_pre_test_rules_out_most_patterns_of_a_sentence(rules: Rules) -> None:
    # What makes it worth running: a sentence leaves only the few patterns whose words it holds.
    (possible,) = pl.DataFrame({"sentence": [SENTENCES[0]]}).select(
        possible_triggers(pl.col("sentence"), "strike", rules)
    ).to_series().to_list()
    assert 0 < len(possible) < len(_ordered(rules, "strike")) / 2


def test_a_loosened_match_is_still_judged_by_the_full_pattern(rules: Rules) -> None:
    # "hit back" passes the loosened "hit" but not the lookahead that excludes it.
    text = SENTENCES[1]
    (possible,) = pl.DataFrame({"sentence": [text]}).select(
        possible_triggers(pl.col("sentence"), "strike", rules)
    ).to_series().to_list()
    assert possible
    assert find_triggers(text, "strike", rules, tuple(possible)) == []


def test_no_possible_pattern_means_no_trigger(rules: Rules) -> None:
    assert find_triggers(SENTENCES[0], "strike", rules, ()) == []
    assert find_triggers(SENTENCES[0], "strike", rules)
