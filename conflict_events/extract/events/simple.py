"""Proposals, sanctions and aid: one generic pass - a trigger of the type, the thing it governs
(`<type>.needs`), an initiator before or after it, targets after it."""

from __future__ import annotations

import re

from conflict_events.extract import roles as R
from conflict_events.extract.events.checks import hedged, is_question, negated, passive_recipient, status_of
from conflict_events.extract.events.meetings import meeting_place
from conflict_events.extract.events.model import Candidate, Sentence
from conflict_events.extract.triggers import Trigger, find_triggers
from conflict_events.text.rules import Rules


def simple_events_in(
    sent: Sentence,
    event_type: str,
    rules: Rules,
) -> list[Candidate]:
    needs = rules.pattern(f"{event_type}.needs")
    priority = rules.words(f"{event_type}.sub_type_priority") if rules.has(f"{event_type}.sub_type_priority") else ()
    allow_negation = (
        rules.words(f"{event_type}.negated_sub_types") if rules.has(f"{event_type}.negated_sub_types") else ()
    )
    if is_question(sent, rules) or not needs.search(sent.text):
        return []
    triggers = find_triggers(sent.text, event_type, rules, sent.possible_triggers.get(event_type))
    if priority:
        triggers.sort(key=lambda t: priority.index(t.sub_type) if t.sub_type in priority else len(priority))
    for trig in triggers:
        c0, c1 = R.clause_bounds(sent.text, trig.start, rules)
        clause = sent.text[c0:c1]
        if rules.pattern("reported_future").search(sent.text[: trig.start]):
            # "agreed with X that Germany would contribute": a plan reported, not a hedge.
            clause = rules.pattern("reported_future_modal").sub(" will ", clause)
        conditional = rules.has(f"{event_type}.conditional_sub_types") and trig.sub_type in rules.words(
            f"{event_type}.conditional_sub_types"
        )
        if not conditional and hedged(clause, rules, negation=False):
            continue
        if event_type in ("sanction", "aid"):
            # The verb must govern the thing: "announced sanctions", "pledged €2 billion in aid".
            near = sent.text[max(c0, trig.start - 40) : min(c1, trig.end + 60)]
            if not needs.search(near):
                continue
            if event_type == "aid" and rules.pattern("sanction.needs").search(
                sent.text[trig.start : min(c1, trig.end + 60)]
            ):
                continue
        if trig.sub_type not in allow_negation and negated(sent.text, trig.start, trig.end, rules):
            continue
        agents = R.agent_after(sent.text, sent.actors, trig.end, R.INITIATOR_TYPES)
        if event_type == "sanction" and not agents:
            passive = _passive_sanction(sent, trig, c1)
            if passive is not None:
                return [passive]
        progressive = sent.text[trig.start : trig.end].lower().endswith("ing")  # "is buying" is active
        if not agents and not progressive and passive_recipient(sent.text, trig.start):
            continue
        initiators = (
            R.agent_after(sent.text, sent.actors, trig.end, R.INITIATOR_TYPES)
            or _states_by_their_leaders(sent, trig, event_type, rules)
            or R.subject_before(sent.text, sent.actors, trig.start, R.INITIATOR_TYPES, max_gap=80)
        )
        if not initiators:
            continue
        initiators += _announcers(sent, initiators, rules)
        cand = Candidate(event_type, trig.sub_type or "", sent, trig.strength)
        cand.trigger_start = trig.start
        ids = {m.actor_id for m in initiators}
        cand.actors = [(m, "initiator") for m in initiators]
        others = R.targets_after(sent.text, sent.actors, trig.end, c1, R.INITIATOR_TYPES) or _other_sides(
            sent, trig, c1, event_type, rules
        )
        cand.actors += [(m, "target") for m in others if m.actor_id not in ids]
        cand.status = status_of(sent, clause, rules) if event_type == "proposal" else "occurred"
        cand.place = meeting_place(sent, trig.start, rules) if event_type == "proposal" else None
        cand.weapon = sent.weapons[0] if event_type == "aid" and sent.weapons else None
        cand.evidence = [sent]
        return [cand]
    return []


def _announcers(sent: Sentence, initiators: list[R.ActorMention], rules: Rules) -> list[R.ActorMention]:
    """A person of the initiating state who reports the measure decides it too ("Trump announced that
    the US will impose tariffs")."""
    countries = {m.country_code for m in initiators if m.actor_type == "state" and m.country_code}
    ids = {m.actor_id for m in initiators}
    announced = rules.pattern("announced_by")
    return [
        m
        for m in sent.actors
        if m.actor_type == "person"
        and m.country_code in countries
        and m.actor_id not in ids
        and announced.match(sent.text[m.end :])
    ][:1]


def _other_sides(sent: Sentence, trig: Trigger, clause_end: int, event_type: str, rules: Rules) -> list[R.ActorMention]:
    """The other side when no preposition names a target: a proposal's counterpart ("during a call with
    X"), the state whose possession is sanctioned or aided ("Russia's shadow fleet")."""
    after = sorted((m for m in sent.actors if trig.end <= m.start < clause_end), key=lambda m: m.start)
    lead_path, possessor_path = f"{event_type}.counterpart_lead", f"{event_type}.possessor_target"
    if rules.has(lead_path):
        lead = rules.pattern(lead_path)
        # Every actor of the phrase the lead governs ("with U.S. President Donald Trump": the US and Trump).
        return [m for m in after if m.actor_type in R.INITIATOR_TYPES and lead.search(sent.text[trig.end : m.start])]
    if rules.has(possessor_path):
        possessor = rules.pattern(possessor_path)
        return [m for m in after if m.actor_type == "state" and possessor.match(sent.text[m.end :])][:1]
    return []


def _states_by_their_leaders(sent: Sentence, trig: Trigger, event_type: str, rules: Rules) -> list[R.ActorMention]:
    """'the call made by the leaders of A, B and C for ...': the states A, B and C propose."""
    path = f"{event_type}.by_leaders_of"
    if not rules.has(path):
        return []
    lead = rules.pattern(path).search(sent.text, trig.start, trig.end + 40)
    if lead is None:
        return []
    after = (m for m in sent.actors if m.actor_type == "state" and m.start >= lead.end())
    group: list[R.ActorMention] = []
    for m in sorted(after, key=lambda m: m.start):
        gap = sent.text[group[-1].end if group else lead.end() : m.start]
        joined = re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", gap) if group else not gap.strip()
        if not joined:
            break
        group.append(m)
    return group


def _passive_sanction(sent: Sentence, trig: Trigger, clause_end: int) -> Candidate | None:
    """Headline passive ("Rosneft and Lukoil sanctioned alongside 44 tankers, as the UK steps up
    pressure"; "two banks were sanctioned by Britain"): the names before the participle are the
    targets; the initiator is a state named elsewhere in the sentence."""
    text = sent.text
    if text[trig.start : trig.end].lower() != "sanctioned":
        return None
    before = text[: trig.start]
    pool = R.role_capable(text, sent.actors, R.INITIATOR_TYPES)
    targets_before = [m for m in pool if m.end <= trig.start]
    if not targets_before:
        return None
    last = max(targets_before, key=lambda m: m.end)
    if not re.fullmatch(r"\s*(?:(?:is|are|was|were|have\s+been|has\s+been|had\s+been|also)\s+)*", before[last.end :]):
        return None
    group = [
        m
        for m in targets_before
        if m.end <= last.start and re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", text[m.end : last.start])
    ]
    targets = [*group[-1:], last]
    ids = {m.actor_id for m in targets}
    initiators = [m for m in pool if m.actor_type == "state" and m.start > trig.end and m.actor_id not in ids]
    if not initiators:
        return None
    cand = Candidate("sanction", trig.sub_type or "imposed", sent, trig.strength)
    cand.trigger_start = trig.start
    cand.actors = [(initiators[0], "initiator"), *((m, "target") for m in targets)]
    cand.evidence = [sent]
    return cand
