"""Document-level strike passes: unlocated strike summaries fold into the located strikes around
them; a later sentence naming the strike again ("the attack was made with ...") adds its weapon."""

from __future__ import annotations

from conflict_events.extract.events.checks import hedged, most_precise
from conflict_events.extract.events.model import Candidate, Place, Sentence
from conflict_events.text.rules import Rules


def fold_unlocated_strikes(cands: list[Candidate], rules: Rules) -> list[Candidate]:
    """A strike with neither a town nor a named target ("Russia launched 430 drones and 19 missiles")
    is the summary of the located strikes of the same attacker reported around it in the document:
    its weapon and evidence go to the nearest of them instead of standing as an event of its own."""
    strikes = [c for c in cands if c.event_type == "strike"]
    vague = rules.words("strike.place_target_types")

    def located(c: Candidate) -> bool:
        return c.target is not None or (c.place is not None and c.place.place_type != "country")

    def attackers(c: Candidate) -> set[str]:
        return {m.actor_id for m, role in c.actors if role == "initiator"}

    dropped: set[int] = set()
    for cand in strikes:
        if located(cand):
            continue
        mates = [
            c
            for c in strikes
            if located(c)
            and id(c) not in dropped
            and abs(c.anchor.idx - cand.anchor.idx) <= 3
            and (not attackers(c) or not attackers(cand) or attackers(c) & attackers(cand))
        ]
        if not mates:
            continue
        mate = min(mates, key=lambda c: (abs(c.anchor.idx - cand.anchor.idx), c.anchor.idx))
        if mate.weapon is None and cand.weapon is not None:
            mate.weapon, mate.sub_type = cand.weapon, cand.sub_type
        if mate.target is None and cand.target_type and mate.target_type in (None, *vague):
            mate.target_type = cand.target_type  # "a strike on residential buildings": what the town's strike hit
        mate.actors += [(m, r) for m, r in cand.actors if m.actor_id not in attackers(mate) and r == "initiator"]
        mate.evidence += [s for s in cand.evidence if s not in mate.evidence]
        dropped.add(id(cand))
    return [c for c in cands if id(c) not in dropped]


def fold_town_strikes_into_targets(cands: list[Candidate]) -> list[Candidate]:
    """A strike on a town or region with no target of its own, reported within two sentences of a
    strike by the same attacker on a named target in the same region ("struck the refinery";
    "debris fell in the city, the governor said"), is that strike seen from the town: it folds in."""
    strikes = [c for c in cands if c.event_type == "strike"]

    def attackers(c: Candidate) -> set[str]:
        return {m.actor_id for m, role in c.actors if role == "initiator"}

    dropped: set[int] = set()
    for cand in strikes:
        if cand.target is not None or cand.place is None or cand.place.place_type not in ("city", "admin1"):
            continue
        region = cand.place.admin1_code or cand.place.place_id
        mates = [
            c
            for c in strikes
            if c.target is not None
            and id(c) not in dropped
            and c.place is not None
            and region in (c.place.admin1_code, c.place.place_id)
            and abs(c.anchor.idx - cand.anchor.idx) <= 2
            and (not attackers(cand) or attackers(c) & attackers(cand))
        ]
        if not mates:
            continue
        mate = min(mates, key=lambda c: (abs(c.anchor.idx - cand.anchor.idx), c.anchor.idx))
        mate.weapon = mate.weapon or cand.weapon
        mate.evidence += [s for s in cand.evidence if s not in mate.evidence]
        dropped.add(id(cand))
    return [c for c in cands if id(c) not in dropped]


def strike_back_references(doc: list[Sentence], cands: list[Candidate], rules: Rules) -> None:
    """The attack was carried out with Storm Shadow missiles": weapon and evidence for the strike before."""
    strikes = [c for c in cands if c.event_type == "strike"]
    if not strikes:
        return
    used = {c.anchor.idx for c in strikes}
    for sent in doc:
        if sent.idx in used:
            continue
        if not rules.pattern("strike.back_reference").search(sent.text):
            # "Neptune missiles were used.": the weapons of the strike reported just before.
            prior = [c for c in strikes if sent.idx - c.anchor.idx == 1 and c.weapon is None]
            if sent.weapons and prior and rules.pattern("strike.weapon_used").search(sent.text) and not sent.places:
                strike, weapon = prior[0], sent.weapons[0]
                strike.weapon = weapon
                strike.sub_type = rules.value("strike.weapon_category_sub_type").get(
                    weapon.category or "", strike.sub_type
                )
                strike.evidence.append(sent)
            continue
        prior = [c for c in strikes if 0 < sent.idx - c.anchor.idx <= 3]
        if not prior:
            continue
        cand = max(prior, key=lambda c: c.anchor.idx)
        located = [p for p in sent.places if p.place_type != "country"]
        if located:
            # "The attack hit mainly the Poltava region": the strike just reported reached that place.
            place = most_precise(located)
            if place is not None and not _strikes_at(strikes, place) and not hedged(sent.text, rules, negation=False):
                strikes.append(_strike_at(cand, sent, place))
                cands.append(strikes[-1])
            continue
        if sent.weapons and cand.weapon is None:
            cand.weapon = sent.weapons[0]
            category_sub = rules.value("strike.weapon_category_sub_type").get(cand.weapon.category or "")
            if category_sub:
                cand.sub_type = category_sub
        if sent not in cand.evidence:
            cand.evidence.append(sent)


def _strikes_at(strikes: list[Candidate], place: Place) -> bool:
    return any(c.place is not None and c.place.place_id == place.place_id for c in strikes)


def _strike_at(before: Candidate, sent: Sentence, place: Place) -> Candidate:
    """The strike `before` (its attacker, weapon and kind) at the place a later sentence names."""
    cand = Candidate("strike", before.sub_type, sent, before.strength)
    cand.actors = [(m, role) for m, role in before.actors if role == "initiator"]
    cand.place, cand.weapon, cand.status, cand.evidence = place, before.weapon, before.status, [sent]
    return cand
