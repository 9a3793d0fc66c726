"""Who does what in a sentence: subjects, agents, participants and targets around a trigger.

Works on the actor mentions of one sentence (offsets within the sentence).  The rules are
surface patterns, not a parser: the subject is the actor in subject position (sentence or clause
start, after a comma, after "while"/"that"...) or the nearest actor before the verb with nothing
verb-like in between; participants are the actors of the trigger's clause; a target is the
actor after the trigger introduced by "on", "against", "at" or "to".

The patterns, the actor types each role admits and the window sizes are data
(reference/role_patterns.yaml, looked up by path through text/rules.py); every function takes
`patterns` (a Rules of that shape), the shipped file by default.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from conflict_events.text.quotes import quoted_spans
from conflict_events.text.rules import Rules, load_rules_file

ROLES_FILE = Path(__file__).resolve().parent.parent / "reference" / "role_patterns.yaml"


def role_rules(path: Path = ROLES_FILE) -> Rules:
    """The role patterns, types and windows (reference/role_patterns.yaml), compiled once per file."""
    return load_rules_file(path)


def actor_types(role: str, patterns: Rules | None = None) -> frozenset[str]:
    """The actor types that may fill a role (`actor_types.<role>` in the role patterns)."""
    return frozenset((patterns or role_rules()).words(f"actor_types.{role}"))


SPEAKER_TYPES = actor_types("speaker")
ATTACKER_TYPES = actor_types("attacker")
PARTICIPANT_TYPES = actor_types("participant")
INITIATOR_TYPES = actor_types("initiator")


def _window(patterns: Rules, name: str) -> int:
    return int(patterns.value(f"windows.{name}"))


class ActorMention(NamedTuple):
    start: int
    end: int
    actor_id: str
    actor_type: str
    match_kind: str
    country_code: str | None
    name: str
    title: str | None
    surface: str


def is_modifier(sentence: str, m: ActorMention, patterns: Rules | None = None) -> bool:
    """A name used as an adjective ("the Trump administration", "Russia's invasion")."""
    return bool((patterns or role_rules()).pattern("modifier_after").match(sentence[m.end :]))


def gap_is_broken(gap: str, patterns: Rules | None = None) -> bool:
    """Words between a subject and its verb that show the verb belongs to another subject."""
    return bool((patterns or role_rules()).pattern("broken_gap").search(gap))


@lru_cache(maxsize=4096)
def _clause_breaks(sentence: str, rules: Rules) -> tuple[tuple[int, int], ...]:
    """The clause breaks of a sentence outside quotations, in order. Cached: every trigger of a
    sentence asks for its clause, and the sentence's breaks do not change between them."""
    quoted = quoted_spans(sentence)
    return tuple(
        brk.span()
        for brk in rules.pattern("clause_breaks").finditer(sentence)
        # "“useful but long,” he said": the quoted words have no clauses of ours
        if not any(a < brk.start() < b for a, b in quoted)
    )


def clause_bounds(sentence: str, pos: int, rules: Rules) -> tuple[int, int]:
    """The clause around `pos`: from the last clause break before it to the first after it."""
    start, end = 0, len(sentence)
    for brk_start, brk_end in _clause_breaks(sentence, rules):
        if brk_end <= pos:
            start = brk_end
        elif brk_start >= pos:
            end = brk_start
            break
    return start, end


def role_capable(
    sentence: str, mentions: list[ActorMention], types: frozenset[str], patterns: Rules | None = None
) -> list[ActorMention]:
    modifier = (patterns or role_rules()).pattern("modifier_after")
    return [m for m in mentions if m.actor_type in types and not modifier.match(sentence[m.end :])]


def _with_coordinated(
    sentence: str, head: ActorMention, pool: list[ActorMention], limit: int, patterns: Rules
) -> list[ActorMention]:
    """The head plus actors joined to it by "and" / commas ("the US and Germany"), before `limit`."""
    coordination = patterns.pattern("coordination")
    group = [head]
    last = head
    for m in sorted(pool, key=lambda x: x.start):
        if m.start < last.end or m.end > limit or m.actor_id in {g.actor_id for g in group}:
            continue
        if coordination.match(sentence[last.end : m.start]):
            group.append(m)
            last = m
    return group


def subject_before(
    sentence: str,
    mentions: list[ActorMention],
    pos: int,
    types: frozenset[str],
    *,
    clause_start: int = 0,
    max_gap: int | None = None,
    patterns: Rules | None = None,
) -> list[ActorMention]:
    """The actor(s) doing the verb at `pos`: a passive agent ("by X") after it, else the nearest
    actor before it with a clean gap, else the actor in subject position of the clause."""
    p = patterns or role_rules()
    max_gap = _window(p, "subject_gap") if max_gap is None else max_gap
    coordination = p.pattern("coordination")
    pool = role_capable(sentence, mentions, types, p)
    before = [m for m in pool if m.end <= pos and m.start >= clause_start]
    if not before:
        return []
    # Nearest with nothing verb-like in between.
    for m in sorted(before, key=lambda x: -x.end):
        if p.pattern("object_lead").search(sentence[: m.start]):
            continue  # "after meeting with NATO chief Mark Rutte, Trump said": Rutte is an object
        gap = p.pattern("time_adverbial").sub(" ", sentence[m.end : pos])
        if p.pattern("purpose_gap").match(gap):
            gap = " "  # "X, in order to disrupt Y, struck Z": X struck
        if len(gap) <= max_gap and not gap_is_broken(gap, p):
            head = m
            # Walk back over a coordinated group ending at this mention ("the US and Germany").
            # A comma alone is no coordination here: "Speaking about Ukraine, the Russian President
            # said" and "After his meeting with X, Y said" put the subject after the comma.
            earlier = [
                x
                for x in before
                if x.end <= head.start
                and coordination.match(sentence[x.end : head.start])
                and sentence[x.end : head.start].strip() != ","
            ]
            if earlier:
                first = max(earlier, key=lambda x: x.end)
                return _with_coordinated(sentence, first, pool, pos, p)
            return [head]
    # Subject position: the first actor standing where a subject stands, with no rival actor after it.
    for m in sorted(before, key=lambda x: x.start):
        gap = sentence[m.end : pos]
        if len(gap) > _window(p, "subject_position_gap") or p.pattern("new_subject").search(gap):
            break
        if p.pattern("subject_before").search(sentence[clause_start : m.start]):
            group = _with_coordinated(sentence, m, pool, pos, p)
            # A later actor is a rival subject unless a preposition makes it an object ("dealings with X").
            ids = {g.actor_id for g in group}
            rivals = [
                x
                for x in before
                if x.start > group[-1].end
                and x.actor_id not in ids
                and not p.pattern("object_before").search(sentence[: x.start])
            ]
            if not rivals:
                return group
            break
    return []


def agent_after(
    sentence: str, mentions: list[ActorMention], pos: int, types: frozenset[str], patterns: Rules | None = None
) -> list[ActorMention]:
    """Passive agent: "... was struck by Russia", "... were outlined by the Zelensky government"."""
    p = patterns or role_rules()
    agent_before, reach = p.pattern("agent_before"), _window(p, "agent_reach")
    pool = [m for m in mentions if m.actor_type in types and m.start >= pos]
    for m in sorted(pool, key=lambda x: x.start):
        if agent_before.search(sentence[pos : m.start]) and m.start - pos <= reach:
            return [m]
    return []


def targets_after(
    sentence: str,
    mentions: list[ActorMention],
    pos: int,
    limit: int,
    types: frozenset[str],
    *,
    direct_object: bool = True,
    patterns: Rules | None = None,
) -> list[ActorMention]:
    """Actors after the trigger introduced by on/against/at/to (the hit, sanctioned or aided side)."""
    p = patterns or role_rules()
    target_before, lead = p.pattern("target_before"), _window(p, "target_lead")
    pool = role_capable(sentence, mentions, types, p)
    out: list[ActorMention] = []
    for m in sorted(pool, key=lambda x: x.start):
        if pos <= m.start <= limit and target_before.search(sentence[max(pos, m.start - lead) : m.start]):
            out.append(m)
            break
    if out:
        out = _with_coordinated(sentence, out[0], pool, limit, p)
    # Plural demonym objects ("threatened the Russians") count as direct objects.
    if not out and direct_object:
        reach = _window(p, "direct_object_reach")
        for m in sorted(pool, key=lambda x: x.start):
            if pos <= m.start <= min(limit, pos + reach):
                out.append(m)
                break
    return out


def reporters(
    sentence: str, mentions: list[ActorMention], rules: Rules, patterns: Rules | None = None
) -> set[tuple[int, int]]:
    """Spans of the actors that report the sentence rather than act in it: "X said", ", said X",
    ", повідомляє X", "according to X" (`rules`: the trigger rules, whose speech verbs these are)."""
    return set(_reporters(sentence, tuple(mentions), rules, patterns or role_rules()))


@lru_cache(maxsize=4096)
def _reporters(
    sentence: str, mentions: tuple[ActorMention, ...], rules: Rules, p: Rules
) -> frozenset[tuple[int, int]]:
    """reporters(), cached: every trigger of a sentence asks, and the answer does not change between them."""
    after_reach, according_reach = _window(p, "reporter_after_reach"), _window(p, "according_to_reach")
    verbs = rules.pattern("statement.verbs")
    before_gap = rules.pattern("statement.reporter_before_gap")
    after_gap = rules.pattern("statement.speaker_after_gap")
    lead = rules.pattern("statement.speaker_after_lead")
    out: set[tuple[int, int]] = set()
    for verb in verbs.finditer(sentence):
        follows_lead = bool(lead.search(sentence[: verb.start()]))
        for m in mentions:
            says_before = m.end <= verb.start() and before_gap.match(sentence[m.end : verb.start()])
            says_after = (
                follows_lead
                and verb.end() <= m.start <= verb.end() + after_reach
                and after_gap.match(sentence[verb.end() : m.start])
            )
            if says_before or says_after:
                out.add((m.start, m.end))
    for according in rules.pattern("statement.according_to").finditer(sentence):
        after = [m for m in mentions if according.end() <= m.start <= according.end() + according_reach]
        if after:
            first = min(after, key=lambda m: m.start)
            out.add((first.start, first.end))
    return frozenset(out)


def collapse_participants(mentions: list[ActorMention]) -> list[ActorMention]:
    """Distinct sides of a meeting: a state or body drops out when a person of it is present."""
    by_id: dict[str, ActorMention] = {}
    for m in mentions:
        by_id.setdefault(m.actor_id, m)
    people_countries = {m.country_code for m in by_id.values() if m.actor_type == "person" and m.country_code}
    return [
        m
        for m in by_id.values()
        if m.actor_type == "person" or not (m.country_code and m.country_code in people_countries)
    ]


def last_person_before(
    history: list[list[ActorMention]], sentence_mentions: list[ActorMention], pos: int, sentence: str
) -> ActorMention | None:
    """Resolve "he"/"she": the last person named before `pos` in this sentence, else the first
    person of the nearest earlier sentence naming one (a sentence-initial "he" continues that
    sentence's subject: "Zelensky, in Ankara for talks with Erdogan, condemned it. 'It shows...',
    he wrote")."""
    here = [m for m in sentence_mentions if m.actor_type == "person" and m.end <= pos]
    if here:
        return max(here, key=lambda m: m.end)
    for mentions in reversed(history):
        people = [m for m in mentions if m.actor_type == "person"]
        if people:
            return min(people, key=lambda m: m.start)
    return None
