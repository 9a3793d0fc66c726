"""All candidates of one document (sentence passes, then document passes) and of a Findings."""

from __future__ import annotations

import polars as pl

from conflict_events import schema
from conflict_events.extract import roles as R
from conflict_events.extract.events.loading import documents_of, places_by_id
from conflict_events.extract.events.meetings import complete_place_named_meetings, meetings_in
from conflict_events.extract.events.model import CANDIDATES, Candidate, Findings, Place, Sentence
from conflict_events.extract.events.quoted import attribute_blockquotes, transcript_statements
from conflict_events.extract.events.rows import candidates_frame
from conflict_events.extract.events.simple import simple_events_in
from conflict_events.extract.events.statements import drop_event_attributions, statements_in
from conflict_events.extract.events.strike_passes import (
    fold_town_strikes_into_targets,
    fold_unlocated_strikes,
    strike_back_references,
)
from conflict_events.extract.events.strikes import strikes_in
from conflict_events.extract.triggers import load_rules
from conflict_events.memory import collector_paused
from conflict_events.text.rules import Rules


def candidates_of_document(doc: list[Sentence], rules: Rules, place_lookup: dict[str, Place]) -> list[Candidate]:
    cands: list[Candidate] = []
    history: list[list[R.ActorMention]] = []
    last_city: Place | None = None
    for sent in doc:
        kinds = sent.kinds
        if "strike" in kinds:
            reach = rules.value("strike.context_window")
            recent = [c for c in cands if c.event_type == "strike" and 0 < sent.idx - c.anchor.idx <= reach]
            cands += strikes_in(sent, rules, place_lookup, history[-3:], recent, last_city)
        if "meeting" in kinds:
            cands += meetings_in(sent, rules, history[-3:])
        if "statement" in kinds:
            cands += statements_in(sent, history[-3:], rules)
        for kind in rules.words("simple_event_types"):
            if kind in kinds:
                cands += simple_events_in(sent, kind, rules)
        history.append(sent.actors)
        last_city = next((p for p in reversed(sent.places) if p.place_type == "city"), last_city)
    strike_back_references(doc, cands, rules)
    cands = [c for c in fold_unlocated_strikes(cands, rules) if not c.context_only]
    cands = fold_town_strikes_into_targets(cands)
    cands = complete_place_named_meetings(doc, cands, rules)
    cands = attribute_blockquotes(doc, cands, rules)
    cands = drop_event_attributions(doc, cands, rules)
    cands += transcript_statements(doc, rules)
    return [c for c in cands if c.actors or c.event_type == "strike"]


def extract_candidates(findings: Findings, rules: Rules | None = None) -> pl.DataFrame:
    """Event candidates (schema CANDIDATES) of every non-comment document (rules: default file)."""
    rules = rules or load_rules()
    place_lookup = places_by_id(findings)
    with collector_paused():
        frames = [
            candidates_frame(
                ((doc_id, candidates_of_document(doc, rules, place_lookup)) for doc_id, doc in chunk.items()), rules
            )
            for chunk in documents_of(findings, rules)
        ]
    return pl.concat(frames) if frames else schema.empty(CANDIDATES)
