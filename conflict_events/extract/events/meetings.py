"""Meetings in one sentence (two sides, a place, planned or held), meetings named only by their
place ("the Anchorage summit"), and the document pass that gives such summits their leaders."""

from __future__ import annotations

import re

from conflict_events.extract import roles as R
from conflict_events.extract.events.checks import hedged, is_question, most_precise, status_of
from conflict_events.extract.events.model import Candidate, Place, Sentence
from conflict_events.extract.events.states import state_of
from conflict_events.extract.triggers import Trigger, find_triggers
from conflict_events.text.rules import Rules


def meeting_place(sent: Sentence, after: int, rules: Rules) -> Place | None:
    """Where a meeting was held: a place introduced by in/at/to ("met in Geneva") first."""
    held_in = rules.pattern("meeting.held_in_before")
    located = [p for p in sent.places if held_in.search(sent.text[max(0, p.start - 12) : p.start])]
    if located:
        return most_precise(located, after)
    return most_precise([p for p in sent.places if p.place_type not in ("country", "facility")], after)


def _sides(
    sent: Sentence,
    start: int,
    end: int,
    clause: tuple[int, int],
    history: list[list[R.ActorMention]] | None,
    rules: Rules,
) -> list[R.ActorMention]:
    """The participants of the meeting whose trigger spans start..end: the actors of its clause
    (never a place it was held in: "at the meeting in Italy"), the possessor of the call, the
    subject of the main clause for "after meeting with X", "he" for the last person named. Two
    people make the meeting theirs (states named beside them are talked about); one side alone
    ("holding talks with Russia and Ukraine") is no meeting."""
    text = sent.text
    c0, c1 = clause
    located = rules.pattern("meeting.located_before")
    places = {(p.start, p.end) for p in sent.places if located.search(text[max(0, p.start - 12) : p.start])}
    # The reporter of the sentence meets nobody in it ("Peskov confirmed that Witkoff will come"), unless
    # it speaks of its own meeting ("Zelensky said he had a call with Trump").
    own = rules.pattern("meeting.reporter_takes_part")
    reporters = {
        (a, b) for a, b in R.reporters(text, sent.actors, rules) if not (b <= start and own.search(text[b:start]))
    }
    in_clause = [
        m
        for m in sent.actors
        if c0 <= m.start and m.end <= c1 and (m.start, m.end) not in places and (m.start, m.end) not in reporters
    ]
    owners = [
        m
        for m in in_clause
        if m.actor_type == "person" and rules.pattern("meeting.possessor_gap").match(text[m.end : start])
    ]
    capable = R.role_capable(text, in_clause, R.PARTICIPANT_TYPES)
    people = R.collapse_participants(owners + [m for m in capable if m not in owners])
    if c0 > 0 and rules.pattern("meeting.participial_lead").search(text[:c0]):
        # "The President, after meeting with X, declared ...": the main clause's subject met X.
        main = [m for m in R.role_capable(text, sent.actors, R.PARTICIPANT_TYPES) if m.end <= c0]
        people = R.collapse_participants(main[:1] + people)
    # No side before the trigger and one person after it: "where he is meeting with X".
    alone = bool(people) and sum(1 for m in people if m.actor_type == "person") <= 1
    alone = alone and not any(m.end <= start for m in people)
    if alone and history is not None and rules.pattern("meeting.pronoun_lead").match(text[c0:start]):
        # "He then travelled to Paris and met Emmanuel Macron": he is the last person named.
        person = R.last_person_before(history, sent.actors, start, text)
        if person is not None and person.actor_id not in {m.actor_id for m in people}:
            people = [person, *people]
    persons = [m for m in people if m.actor_type == "person"]
    if len(persons) >= 2:
        people = persons
    two_sided = rules.pattern("meeting.two_sided").search(text[start : end + 12])
    if not two_sided and not owners and not any(m.end <= start for m in people):
        return []
    return people


def _side_after(sent: Sentence, pos: int, rules: Rules) -> bool:
    """An actor right after `pos`, past titles and names only ("with his Turkish counterpart X")."""
    reach, gap = rules.value("meeting.side_after_reach"), rules.pattern("meeting.side_after_gap")
    return any(0 <= m.start - pos <= reach and gap.match(sent.text[pos : m.start]) for m in sent.actors)


def _last_two_people(sent: Sentence, pos: int, history: list[list[R.ActorMention]] | None) -> list[R.ActorMention]:
    """The two people "the two men" stands for: named before it in this sentence, then in the ones before."""
    found: list[R.ActorMention] = []
    for mentions in [[m for m in sent.actors if m.end <= pos], *reversed(history or [])]:
        for m in mentions:
            if m.actor_type == "person" and m.match_kind != "demonym" and m.actor_id not in {f.actor_id for f in found}:
                found.append(m)
        if len(found) >= 2:
            return found[:2]
    return []


def _main_subject(sent: Sentence, after: int) -> list[R.ActorMention]:
    """The person right after a participial phrase ("Speaking with X, Trump said"): its subject."""
    people = [m for m in sent.actors if m.actor_type == "person" and m.start >= after]
    first = min(people, key=lambda m: m.start, default=None)
    return [first] if first is not None and not sent.text[after : first.start].strip(" ,").count(" ") > 3 else []


def _another_meeting(
    sent: Sentence, trig: Trigger, clause_end: int, found: list[Candidate], rules: Rules
) -> Candidate | None:
    """The meeting a later "talks between A, B and C" of the sentence names, when its sides are not those
    of a meeting found before it."""
    if not rules.pattern("meeting.both_sides_follow").search(sent.text[trig.start : trig.end]):
        return None
    capable = R.role_capable(sent.text, sent.actors, R.PARTICIPANT_TYPES)
    sides = R.collapse_participants([m for m in capable if trig.end <= m.start and m.end <= clause_end])
    ids = {m.actor_id for m in sides}
    if len(ids) < 2 or any(ids == {m.actor_id for m, _ in c.actors} for c in found):
        return None
    status = status_of(sent, sent.text[trig.start : clause_end], rules)
    return _meeting(sent, trig, sides, meeting_place(sent, trig.start, rules), status)


def _meeting(
    sent: Sentence, trig: Trigger, people: list[R.ActorMention], place: Place | None, status: str
) -> Candidate:
    """The meeting of `people` the trigger names, held (or planned) at `place`."""
    cand = Candidate("meeting", trig.sub_type or "talks", sent, trig.strength)
    cand.trigger_start = trig.start
    cand.actors = [(m, "participant") for m in people]
    cand.place, cand.status, cand.evidence = place, status, [sent]
    return cand


def meetings_in(sent: Sentence, rules: Rules, history: list[list[R.ActorMention]] | None = None) -> list[Candidate]:
    if is_question(sent, rules):
        return []
    out: list[Candidate] = []
    triggers = find_triggers(sent.text, "meeting", rules, sent.possible_triggers.get("meeting"))
    generic = rules.pattern("meeting.generic").search(sent.text)
    kinds_done: set[bool] = set()  # a call and an in-person meeting are never the same meeting
    for trig in triggers:
        c0, c1 = R.clause_bounds(sent.text, trig.start, rules)
        if (trig.sub_type == "call") in kinds_done:
            # A further trigger of the kind names the same meeting, unless it names both sides of another.
            other = _another_meeting(sent, trig, c1, out, rules)
            out += [other] if other is not None else []
            continue
        participial = bool(rules.pattern("meeting.participial_trigger").match(sent.text[trig.start : trig.end]))
        if participial:
            comma = sent.text.find(",", trig.end)
            c1 = comma if comma > 0 else c1
        clause = sent.text[c0:c1]
        reported_future = bool(rules.pattern("reported_future").search(sent.text[: trig.start]))
        if reported_future:
            # "said that he would hold a call with X on Monday": a plan reported, not a hedge.
            clause = rules.pattern("reported_future_modal").sub(" will ", clause)
        if hedged(clause, rules, negation=False) or rules.pattern("negation").search(
            sent.text[max(c0, trig.start - 60) : trig.end]
        ):
            continue
        if rules.pattern("meeting.not_yet").search(sent.text[max(0, trig.start - 20) : trig.end]):
            continue
        if generic and generic.start() <= trig.start <= generic.end():
            continue
        if rules.pattern("meeting.offered").search(sent.text[c0 : trig.start]):
            continue  # "offered to hold talks in Istanbul": a proposal
        if rules.pattern("meeting.needs_side_after").search(sent.text[trig.start : trig.end]) and not _side_after(
            sent, trig.end, rules
        ):
            continue  # "dragging out talks with no intention of ...": nobody is met
        if participial:
            guests = [m for m in sent.actors if trig.end <= m.start and m.end <= c1]
            people = R.collapse_participants(
                R.role_capable(sent.text, guests, R.PARTICIPANT_TYPES) + _main_subject(sent, c1)
            )
            persons = [m for m in people if m.actor_type == "person"]
            people = persons if len(persons) >= 2 else people
        elif rules.pattern("meeting.the_two").search(sent.text[c0 : trig.start]):
            people = _last_two_people(sent, trig.start, history)
        else:
            people = _sides(sent, trig.start, trig.end, (c0, c1), history, rules)
        place = meeting_place(sent, trig.start, rules)
        if len(people) == 1 and place is not None and rules.pattern("meeting.visit").match(sent.text[trig.start :]):
            host = state_of(place.country_code, place.start, place.end, place.surface)
            people += [host] if host is not None and host.actor_id != people[0].actor_id else []
        if len(people) < 2:
            continue
        if participial and place is not None and not c0 <= place.start < c1:
            place = None  # the phrase says where they stood; a place after it is talked about
        cand = _meeting(sent, trig, people, place, status_of(sent, clause, rules))
        cand.by_leaders = bool(rules.pattern("meeting.leaders_of").search(sent.text[c0 : trig.start]))
        out.append(cand)
        # One meeting of each kind per sentence: further triggers name the same meeting.
        kinds_done.add(trig.sub_type == "call")
    if out:
        return out
    # A meeting named by its place: "the Anchorage summit", "talks in Geneva".
    for place in sent.places:
        if place.place_type == "country":
            continue
        named = re.compile(
            rules.value("meeting.place_named").replace("{place}", re.escape(place.surface)), re.IGNORECASE
        )
        match = named.search(sent.text)
        if not match:
            continue
        window = sent.text[max(0, match.start() - 30) : match.end() + 10]
        if rules.pattern("meeting.not_yet").search(sent.text[max(0, match.start() - 20) : match.end()]):
            continue
        if hedged(window, rules) or re.search(r"\b(?:possible|potential|proposed|new)\s*$", sent.text[: match.start()]):
            continue
        sub = "summit" if "summit" in match.group(0).lower() else "talks"
        cand = Candidate("meeting", sub, sent, 0.55)
        cand.place_named = True
        cand.place = place
        # People near the phrase; states only inside it ("the Russia-US summit"), to become leaders.
        near = [
            m
            for m in sent.actors
            if (m.actor_type == "person" and match.start() - 60 <= m.start and m.end <= match.end() + 60)
            or (m.actor_type != "person" and match.start() - 20 <= m.start and m.end <= match.end())
        ]
        people = R.collapse_participants(R.role_capable(sent.text, near, R.PARTICIPANT_TYPES))
        cand.actors = [(m, "participant") for m in people]
        cand.status = status_of(sent, sent.text, rules)
        cand.evidence = [sent]
        return [cand]
    return []


def _leader_of(state: R.ActorMention, doc: list[Sentence], rules: Rules) -> R.ActorMention | None:
    """The person of the state's country with a leader's title, named somewhere in the document."""
    for sent in doc:
        for m in sent.actors:
            if (
                m.actor_type == "person"
                and m.country_code
                and m.country_code == state.country_code
                and m.title
                and rules.pattern("meeting.leader_titles").search(m.title)
            ):
                return m
    return None


def complete_place_named_meetings(doc: list[Sentence], cands: list[Candidate], rules: Rules) -> list[Candidate]:
    """Give a summit named by its place its participants: states become their leaders when the
    document names them; with fewer than two, borrow the people named with the same place."""
    kept: list[Candidate] = []
    for cand in cands:
        if cand.event_type != "meeting" or not (cand.place_named or cand.sub_type == "summit" or cand.by_leaders):
            kept.append(cand)
            continue
        people: list[R.ActorMention] = []
        for m, _ in cand.actors:
            # Summits are between leaders; "the Russia-Ukraine talks in Istanbul" were delegations.
            by_leaders = cand.sub_type == "summit" or cand.by_leaders
            leader = _leader_of(m, doc, rules) if m.actor_type == "state" and by_leaders else None
            people.append(leader or m)
        people = R.collapse_participants(people)
        if sum(1 for m in people if m.actor_type == "person") < 2 and cand.place is not None:
            pid = cand.place.place_id
            nearby = sorted(doc, key=lambda s: abs(s.idx - cand.anchor.idx))
            for sent in nearby:
                if not any(p.place_id == pid for p in sent.places):
                    continue
                persons = R.collapse_participants(
                    [m for m in R.role_capable(sent.text, sent.actors, frozenset({"person"}))]
                )
                if len(persons) >= 2:
                    people = persons
                    break
        if len(people) >= 2:
            cand.actors = [(m, "participant") for m in people]
            kept.append(cand)
    return kept
