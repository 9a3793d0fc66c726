"""Checks shared by every event family: hedges, negation, questions, planned status, best place."""

from __future__ import annotations

import re

from conflict_events.extract.events.model import PLACE_RANK, Place, Sentence
from conflict_events.text.rules import Rules


def hedged(text: str, rules: Rules, *, negation: bool = True) -> bool:
    if rules.pattern("hedges").search(text):
        return True
    return negation and bool(rules.pattern("negation").search(text))


def negated(sentence: str, start: int, end: int, rules: Rules) -> bool:
    """A negation right before or inside the trigger ("did not meet", "no strikes on")."""
    return bool(rules.pattern("negation").search(sentence[max(0, start - 25) : end]))


def passive_recipient(sentence: str, start: int) -> bool:
    """ "Putin is presented with a plan": the subject receives, it does not act."""
    return bool(re.search(r"\b(?:is|are|was|were|be|been|being)\s+$", sentence[max(0, start - 12) : start]))


def is_question(sent: Sentence, rules: Rules) -> bool:
    return bool(rules.pattern("question").search(sent.text))


def status_of(sent: Sentence, clause: str, rules: Rules) -> str:
    return "planned" if rules.pattern("future_cues").search(clause) or sent.is_future else "occurred"


def most_precise(places: list[Place], after: int = 0) -> Place | None:
    if not places:
        return None
    return min(places, key=lambda p: (PLACE_RANK.get(p.place_type, 4), p.start < after, p.start))
