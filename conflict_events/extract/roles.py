"""Who does what in a sentence: subjects, agents, participants and targets around a trigger.

Works on the actor mentions of one sentence (offsets within the sentence).  The rules are
surface patterns, not a parser: the subject is the actor in subject position (sentence or clause
start, after a comma, after "while"/"that"...) or the nearest actor before the verb with nothing
verb-like in between; participants are the actors of the trigger's clause; a target is the
actor after the trigger introduced by "on", "against", "at" or "to".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from conflict_events.text.quotes import quoted_spans
from conflict_events.text.rules import Rules

SPEAKER_TYPES = frozenset({"person", "government_body", "state", "organisation", "armed_force"})
ATTACKER_TYPES = frozenset({"state", "armed_force", "government_body"})
PARTICIPANT_TYPES = frozenset({"person", "state", "government_body", "organisation"})
INITIATOR_TYPES = frozenset({"person", "state", "government_body", "organisation", "armed_force"})

# Text right after a name that makes the name a modifier of something else ("the Trump
# administration", "Russia's invasion"), not an actor in its own right.
_MODIFIER_AFTER = re.compile(
    r"^(?:['’]s?\b|\s+(?:administration|government|regime|team|camp|era|cabinet|officials?|"
    r"plan|proposal|side|delegation's|narrative|war|invasion|forces'|conflict|crisis|issue|question|"
    r"settlement|peace|-led|-backed|negotiator|envoy|spokes(?:man|woman|person)|minister|secretary|president|"
    r"chief|head|leader|commander|ambassador|representative|delegate|general|prime|foreign|defen[cs]e|deputy)(?!\w))",
    re.IGNORECASE,
)
# Text just before a name that puts it in subject position.
_SUBJECT_BEFORE = re.compile(
    r"(?:^|[,;:(—–]\s*|\b(?:and|that|why|when|while|after|as|then|also|meanwhile|today|yesterday|"
    r"earlier|later|overnight)\s+)(?:(?:the|a|an)\s+)?(?:[A-Z][\w.’'-]*\s+){0,5}$"
)
# Words between a subject and its verb that show the verb belongs to another subject.
_BROKEN_GAP = re.compile(
    r"\b(?:and|or|for|that|which|who|whom|to|of|with|than|because|when|where|by|from|into|about|"
    r"says?|said|while|if|his|her|their|its|in|at|on|during|after|before)\b|[;:()“”\"]",
    re.IGNORECASE,
)
_COORDINATION = re.compile(r"^\s*(?:,|and|,\s*and|&|as\s+well\s+as)\s*(?:the\s+)?$", re.IGNORECASE)
_TARGET_BEFORE = re.compile(r"\b(?:on|against|at|to|toward|towards|into|over)\s+(?:the\s+)?$", re.IGNORECASE)
# "..., and the Russian dictator says": a coordinated clause with a subject of its own.
_NEW_SUBJECT = re.compile(r",?\s+(?:and|or|but)\s+(?:then\s+)?(?:the|a|an|he|she|they|it|we|I)\s", re.IGNORECASE)
# A preposition, or a past-tense verb ("thanked the President"), makes the next actor an object.
_OBJECT_BEFORE = re.compile(
    r"\b(?:with|of|to|for|by|on|about|against|from|between|toward|towards|at|in|into|over|[a-z]+ed)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# A time adverbial between a subject and its verb ("Russia on Monday launched") breaks nothing.
_TIME_ADVERBIAL = re.compile(
    r"\b(?:on|last|this|early|late)\s+(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|night|week)"
    r"|\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\s+\d{1,2})\b|\b(?:overnight|yesterday|today|earlier|later)\b",
    re.IGNORECASE,
)
# A preposition (not "of": "President of Russia Vladimir Putin") and title words before a name.
_OBJECT_LEAD = re.compile(
    r"\b(?:with|to|for|by|about|against|from|between|toward|towards|at|into|over)\s+(?:the\s+)?(?:[A-Z][\w.’'-]*\s+){0,4}$"
)
_AGENT_BEFORE = re.compile(r"\bby\s+(?:the\s+)?(?:[A-Z][\w.’'-]*\s+){0,4}$")


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    actor_id: str
    actor_type: str
    match_kind: str
    country_code: str | None
    name: str
    title: str | None
    surface: str


def is_modifier(sentence: str, m: ActorMention) -> bool:
    """A name used as an adjective ("the Trump administration", "Russia's invasion")."""
    return bool(_MODIFIER_AFTER.match(sentence[m.end :]))


def clause_bounds(sentence: str, pos: int, rules: Rules) -> tuple[int, int]:
    """The clause around `pos`: from the last clause break before it to the first after it."""
    start, end = 0, len(sentence)
    quoted = quoted_spans(sentence)
    for brk in rules.pattern("clause_breaks").finditer(sentence):
        if any(a < brk.start() < b for a, b in quoted):
            continue  # "“useful but long,” he said": the quoted words have no clauses of ours
        if brk.end() <= pos:
            start = brk.end()
        elif brk.start() >= pos:
            end = brk.start()
            break
    return start, end


def role_capable(sentence: str, mentions: list[ActorMention], types: frozenset[str]) -> list[ActorMention]:
    return [m for m in mentions if m.actor_type in types and not is_modifier(sentence, m)]


def _with_coordinated(sentence: str, head: ActorMention, pool: list[ActorMention], limit: int) -> list[ActorMention]:
    """The head plus actors joined to it by "and" / commas ("the US and Germany"), before `limit`."""
    group = [head]
    last = head
    for m in sorted(pool, key=lambda x: x.start):
        if m.start < last.end or m.end > limit or m.actor_id in {g.actor_id for g in group}:
            continue
        if _COORDINATION.match(sentence[last.end : m.start]):
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
    max_gap: int = 60,
) -> list[ActorMention]:
    """The actor(s) doing the verb at `pos`: a passive agent ("by X") after it, else the nearest
    actor before it with a clean gap, else the actor in subject position of the clause."""
    pool = role_capable(sentence, mentions, types)
    before = [m for m in pool if m.end <= pos and m.start >= clause_start]
    if not before:
        return []
    # Nearest with nothing verb-like in between.
    for m in sorted(before, key=lambda x: -x.end):
        if _OBJECT_LEAD.search(sentence[: m.start]):
            continue  # "after meeting with NATO chief Mark Rutte, Trump said": Rutte is an object
        gap = _TIME_ADVERBIAL.sub(" ", sentence[m.end : pos])
        if len(gap) <= max_gap and not _BROKEN_GAP.search(gap):
            head = m
            # Walk back over a coordinated group ending at this mention ("the US and Germany").
            # A comma alone is no coordination here: "Speaking about Ukraine, the Russian President
            # said" and "After his meeting with X, Y said" put the subject after the comma.
            earlier = [
                x
                for x in before
                if x.end <= head.start
                and _COORDINATION.match(sentence[x.end : head.start])
                and sentence[x.end : head.start].strip() != ","
            ]
            if earlier:
                first = max(earlier, key=lambda x: x.end)
                return _with_coordinated(sentence, first, pool, pos)
            return [head]
    # Subject position: the first actor standing where a subject stands, with no rival actor after it.
    for m in sorted(before, key=lambda x: x.start):
        gap = sentence[m.end : pos]
        if len(gap) > 160 or _NEW_SUBJECT.search(gap):
            break
        if _SUBJECT_BEFORE.search(sentence[clause_start : m.start]):
            group = _with_coordinated(sentence, m, pool, pos)
            # A later actor is a rival subject unless a preposition makes it an object ("dealings with X").
            ids = {g.actor_id for g in group}
            rivals = [
                x
                for x in before
                if x.start > group[-1].end and x.actor_id not in ids and not _OBJECT_BEFORE.search(sentence[: x.start])
            ]
            if not rivals:
                return group
            break
    return []


def agent_after(sentence: str, mentions: list[ActorMention], pos: int, types: frozenset[str]) -> list[ActorMention]:
    """Passive agent: "... was struck by Russia", "... were outlined by the Zelensky government"."""
    pool = [m for m in mentions if m.actor_type in types and m.start >= pos]
    for m in sorted(pool, key=lambda x: x.start):
        if _AGENT_BEFORE.search(sentence[pos : m.start]) and m.start - pos <= 60:
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
) -> list[ActorMention]:
    """Actors after the trigger introduced by on/against/at/to (the hit, sanctioned or aided side)."""
    pool = role_capable(sentence, mentions, types)
    out: list[ActorMention] = []
    for m in sorted(pool, key=lambda x: x.start):
        if pos <= m.start <= limit and _TARGET_BEFORE.search(sentence[max(pos, m.start - 40) : m.start]):
            out.append(m)
            break
    if out:
        out = _with_coordinated(sentence, out[0], pool, limit)
    # Plural demonym objects ("threatened the Russians") count as direct objects.
    if not out and direct_object:
        for m in sorted(pool, key=lambda x: x.start):
            if pos <= m.start <= min(limit, pos + 25):
                out.append(m)
                break
    return out


def reporters(sentence: str, mentions: list[ActorMention], rules: Rules) -> set[tuple[int, int]]:
    """Spans of the actors that report the sentence rather than act in it: "X said", ", said X",
    ", повідомляє X", "according to X"."""
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
                and verb.end() <= m.start <= verb.end() + 60
                and after_gap.match(sentence[verb.end() : m.start])
            )
            if says_before or says_after:
                out.add((m.start, m.end))
    for according in rules.pattern("statement.according_to").finditer(sentence):
        after = [m for m in mentions if according.end() <= m.start <= according.end() + 30]
        if after:
            first = min(after, key=lambda m: m.start)
            out.add((first.start, first.end))
    return out


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
