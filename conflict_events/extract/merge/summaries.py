"""One readable sentence per event for the events table."""

from __future__ import annotations

import re
from typing import Any

from conflict_events.extract.triggers import load_rules

_THAT = re.compile(r"^(?P<between>[^.;:“”\"]{0,40}?)\bthat\s+", re.IGNORECASE)
SUMMARY_CHARS = 200


def _names(actors: list[dict[str, Any]], role: str) -> list[str]:
    seen: list[str] = []
    for a in actors:
        if a["role"] == role and a["name"] not in seen:
            seen.append(a["name"])
    return seen


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def summary(ev: dict[str, Any], actors: list[dict[str, Any]], weapon_name: str | None) -> str:
    kind, sub, planned = ev["event_type"], ev["sub_type"], ev["status"] == "planned"
    where = ev["location_name"]
    if kind == "strike":
        who = _join(_names(actors, "initiator"))
        what = ev["target_name"] or where or "a target"
        region = f" in {ev['admin1']}" if ev["admin1"] and ev["admin1"] not in what else ""
        with_weapon = f" with {weapon_name}" if weapon_name else ""
        verb = "is to strike" if planned else "struck"
        return f"{who} {verb} {what}{region}{with_weapon}." if who else f"{what}{region} was struck{with_weapon}."
    if kind == "meeting":
        who = _join(_names(actors, "participant"))
        place = f" in {where}" if where else ""
        if sub == "call":
            return f"{who} {'are to speak' if planned else 'spoke'} by phone."
        noun = "a summit" if sub == "summit" else "talks"
        return f"{who} {'are to hold' if planned else 'held'} {noun}{place}."
    if kind == "statement":
        who = _join(_names(actors, "speaker"))
        if ev["quote"] and sub == "quote":
            return f"{who} said: “{trim(ev['quote'])}”"
        fallback = f"Statement by {who}, as reported: {trim(ev['sentence'])}." if ev["sentence"] else None
        return reported(who, ev["sentence"]) or fallback or f"{who} issued a statement."
    who = _join(_names(actors, "initiator"))
    target = _join(_names(actors, "target"))
    if kind == "proposal":
        noun = {"peace_plan": "a peace plan", "ceasefire": "a ceasefire", "agreement": "an agreement"}.get(sub, sub)
        if planned:
            return f"{who} {'are to reach' if sub == 'agreement' else 'plan to put forward'} {noun}."
        return f"{who} {'reached' if sub == 'agreement' else 'put forward'} {noun}."
    if kind == "sanction":
        verb = {"imposed": "imposed", "threatened": "threatened", "lifted": "lifted"}.get(sub, sub)
        on = f" on {target}" if target else ""
        return f"{who} {verb} sanctions{on}."
    verb = {"delivered": "delivered", "pledged": "pledged", "refused": "withheld"}.get(sub, sub)
    thing = weapon_name or "aid"
    to = f" to {target}" if target else ""
    return f"{who} {verb} {thing}{to}."


def trim(text: str, limit: int = SUMMARY_CHARS) -> str:
    """At most `limit` characters, cut after a whole clause (at a comma, semicolon or dash) when
    one ends past half the limit, else after a whole word, marked with an ellipsis."""
    text = text.strip().rstrip(' .;,:!?"”’')
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    clause_end = max(head.rfind(", "), head.rfind("; "), head.rfind(" – "), head.rfind(" — "))
    if clause_end > limit // 2:
        return head[:clause_end].rstrip(" ,;:–—") + "…"
    return head.rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def reported(who: str, sentence: str | None) -> str | None:
    """What a reported statement said, in the sentence's own words: speaker, speech verb (with its
    audience when it is "told"), and the complement clause ("X said the plan differs from ...").
    None when the sentence has no speech verb followed by a clause of at least three words."""
    if not who or not sentence:
        return None
    verb = load_rules().pattern("statement.verbs").search(sentence)
    if verb is None:
        return None
    rest = sentence[verb.end() :]
    phrase = verb.group(0)
    that = _THAT.match(rest)
    if that:
        between = that.group("between").strip(" ,")
        if between and phrase.lower().startswith("told"):
            phrase = f"{phrase} {between}"
        rest = rest[that.end() :]
    elif phrase.lower().startswith("told"):
        return None  # "told reporters: ..." - the audience and the words cannot be told apart
    complement = trim(rest.lstrip(" ,:"))
    if len(complement.split()) < 3 or complement[:1] in "“\"'‘":
        return None
    return f"{who} {phrase} {complement}."
