"""Statements in one sentence: a speech verb with its speaker (before it, after a quote, a pronoun
for the last person named), or "according to X"."""

from __future__ import annotations

from typing import Any

from conflict_events.extract import roles as R
from conflict_events.extract.events.checks import hedged, is_question
from conflict_events.extract.events.model import SPEAKING, Candidate, Sentence
from conflict_events.text.quotes import Quotation, quotations, scare_quote
from conflict_events.text.rules import Rules


def _speaker_at(
    sent: Sentence,
    verb_start: int,
    verb_end: int,
    history: list[list[R.ActorMention]],
    rules: Rules,
    quotes: list[Quotation],
) -> list[R.ActorMention]:
    text = sent.text
    c0, _ = R.clause_bounds(text, verb_start, rules)
    # Names inside the quoted words are what is talked about, never who talks.
    outside = [m for m in sent.actors if not any(q.start <= m.start < q.end for q in quotes)]
    # "..., said X" / "said Foreign Minister X" / "– заявив міністр X": after a comma, quote or dash.
    follows_lead = bool(rules.pattern("statement.speaker_after_lead").search(text[:verb_start]))
    after = [m for m in outside if m.actor_type in SPEAKING and verb_end <= m.start <= verb_end + 60]
    if after and follows_lead and rules.pattern("statement.speaker_after_gap").match(text[verb_end : after[0].start]):
        return after[:1]
    # “...,” X said  -> the name right after the closing quote, before the verb.
    speakers = R.subject_before(text, outside, verb_start, SPEAKING, clause_start=c0)
    speakers = [m for m in speakers if m.match_kind != "demonym"]
    if speakers:
        return _apposition_head(text, outside, speakers[0], rules) or speakers[:1]
    # "..., he added" / "– emphasised the diplomat": the last person named.
    if follows_lead and rules.pattern("statement.speaker_after_reference").match(text[verb_end:]):
        person = R.last_person_before(history, outside, verb_start, text)
        if person is not None:
            return [person]
    # "He said ..." -> the last person named before.
    lead = text[max(c0, verb_start - 30) : verb_start]
    pronouns = list(rules.pattern("statement.pronoun").finditer(lead))
    pronoun = pronouns[-1] if pronouns else None
    if pronoun is not None and not R.gap_is_broken(lead[pronoun.end() :]):
        person = R.last_person_before(history, outside, verb_start, text)
        if person is not None:
            return [person]
    return []


def _apposition_head(
    text: str, mentions: list[R.ActorMention], speaker: R.ActorMention, rules: Rules
) -> list[R.ActorMention]:
    """A body named inside a person's apposition ("X, chief executive of the firm Y, said") is
    where the person works: the person speaks."""
    if speaker.actor_type == "person":
        return []
    gap = rules.pattern("statement.apposition_gap")
    heads = [m for m in mentions if m.actor_type == "person" and m.end <= speaker.start]
    return [m for m in heads if gap.fullmatch(text[m.end : speaker.start])][-1:]


def statements_in(sent: Sentence, history: list[list[R.ActorMention]], rules: Rules) -> list[Candidate]:
    text = sent.text
    if rules.pattern("statement.not_speech").search(text):
        return []
    quotes = quotations(text, rules.value("statement.min_quote_words"))
    # "according to X" attributes the whole sentence.
    according = rules.pattern("statement.according_to").search(text)
    for verb in rules.pattern("statement.verbs").finditer(text):
        c0, _ = R.clause_bounds(text, verb.start(), rules)
        before = text[c0 : verb.start()]
        for q in quotes:  # the quoted words may say anything; only the reporting clause counts
            if q.start >= c0:
                before = before.replace(text[q.start : q.end], " ")
        # Negation next to the verb, ignoring the quoted words ("“... not enough,” he wrote").
        if hedged(before, rules, negation=False) or rules.pattern("negation").search(before[-25:] + verb.group(0)):
            continue
        if rules.pattern("statement.passive_before").search(before):
            continue  # "X was warned about ...": nothing X said
        if rules.pattern("first_person").search(before[-25:]) or rules.pattern("statement.habitual").search(
            before[-40:]
        ):
            continue
        if is_question(sent, rules) and not quotes:
            continue
        speakers = _speaker_at(sent, verb.start(), verb.end(), history, rules, quotes)
        if not speakers:
            continue
        return [_statement(sent, speakers[0], quotes, 0.65)]
    if according:
        after = [
            m
            for m in sent.actors
            if m.actor_type in rules.value("statement.according_to_types")
            and according.end() <= m.start <= according.end() + 30
        ]
        after = [m for m in after if not R.is_modifier(text, m)]
        if after and not hedged(text[: according.start()], rules, negation=False):
            return [_statement(sent, after[0], quotes, 0.55)]
    return []


def _statement(sent: Sentence, speaker: R.ActorMention, quotes: list[Any], strength: float) -> Candidate:
    cand = Candidate("statement", "quote" if quotes else "reported", sent, strength + (0.1 if quotes else 0.0))
    cand.actors = [(speaker, "speaker")]
    cand.quote = " … ".join(q.text for q in quotes) if quotes else scare_quote(sent.text)
    cand.evidence = [sent]
    return cand


def drop_event_attributions(doc: list[Sentence], cands: list[Candidate], rules: Rules) -> list[Candidate]:
    """A reported statement (no quotation, not even a quoted word) whose content is an event found in its
    own sentence ("the governor said a drone hit the depot"), or in the sentence before when it points back
    at it ("Про це він написав ..."), is that event's attribution, not a statement of its own."""
    pointer = rules.pattern("statement.pointer_lead")
    by_idx = {sent.idx: sent for sent in doc}
    events_at = {c.anchor.idx for c in cands if c.event_type != "statement"}

    def attribution(c: Candidate) -> bool:
        if c.event_type != "statement" or c.sub_type != "reported" or c.quote:
            return False  # words of its own ("had been “productive”") make it a statement
        idx = c.anchor.idx
        return idx in events_at or (idx - 1 in events_at and bool(pointer.match(by_idx[idx].text)))

    return [c for c in cands if not attribution(c)]
