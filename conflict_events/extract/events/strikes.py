"""Strikes in one sentence: trigger, target, place, weapon and attacker (subject, passive agent,
the actor phrase holding the trigger, the strike just before, or the armed force named before)."""

from __future__ import annotations

from conflict_events.extract import roles as R
from conflict_events.extract.events.checks import hedged, is_question, most_precise, negated, status_of
from conflict_events.extract.events.model import Candidate, Place, Sentence, Target, Weapon
from conflict_events.extract.events.states import state_of
from conflict_events.extract.triggers import Trigger, find_triggers
from conflict_events.text.rules import Rules


def strike_sub_type(sent: Sentence, weapon: Weapon | None, trig: Trigger, rules: Rules) -> str:
    if weapon and weapon.category in rules.value("strike.weapon_category_sub_type"):
        return rules.value("strike.weapon_category_sub_type")[weapon.category]
    for sub in rules.value("strike.sub_type_words"):
        if rules.pattern(f"strike.sub_type_words.{sub}").search(sent.text):
            return sub
    return trig.sub_type or "unspecified"


def _with_states(attackers: list[R.ActorMention]) -> list[R.ActorMention]:
    """A national armed force strikes for its state: "the Defence Forces struck ..." is Ukraine's strike too."""
    out = list(attackers)
    ids = {m.actor_id for m in attackers}
    for m in attackers:
        state = state_of(m.country_code, m.start, m.end, m.surface) if m.actor_type == "armed_force" else None
        if state and state.actor_id not in ids:
            ids.add(state.actor_id)
            out.append(state)
    return out


def _attackers_in_sentence(sent: Sentence, trig: Trigger, rules: Rules) -> list[R.ActorMention]:
    """The attacker the sentence gives: passive agent, subject, or the actor phrase holding the
    trigger ("Russian strikes hit ..."); never the reporter ("X said that Russia struck Y")."""
    text = sent.text
    reporters = R.reporters(text, sent.actors, rules)
    pool = [m for m in sent.actors if (m.start, m.end) not in reporters]
    attackers = R.agent_after(text, pool, trig.end, R.ATTACKER_TYPES) or R.subject_before(
        text, pool, trig.start, R.ATTACKER_TYPES, max_gap=80
    )
    if not attackers:
        attackers = [m for m in R.role_capable(text, pool, R.ATTACKER_TYPES) if m.start <= trig.start < m.end]
    if not attackers and reporters:
        # "the General Staff said its forces struck ...": the reporter is the attacker it names.
        own = [m for m in sent.actors if (m.start, m.end) in reporters and m.actor_type in R.ATTACKER_TYPES]
        if own and rules.pattern("strike.reporter_own_forces").search(text[own[0].end : trig.start]):
            attackers = own[:1]
    if not attackers:
        attackers = _instrument_owner(sent, pool, trig, rules) or _forces_owner(sent, pool, trig, rules)
    return attackers


def _forces_owner(sent: Sentence, pool: list[R.ActorMention], trig: Trigger, rules: Rules) -> list[R.ActorMention]:
    """The state whose forces are the subject ("Ukraine's special forces destroyed ...")."""
    forces = rules.pattern("strike.possessor_forces")
    for m in sorted(pool, key=lambda x: -x.end):
        if m.end > trig.start or m.actor_type not in R.ATTACKER_TYPES:
            continue
        own = forces.match(sent.text[m.end : trig.start])
        if own and not sent.text[m.end + own.end() : trig.start].strip(" ,"):
            return [m]
    return []


def _instrument_owner(sent: Sentence, pool: list[R.ActorMention], trig: Trigger, rules: Rules) -> list[R.ActorMention]:
    """A state's weapons in the trigger's clause strike for it, wherever they stand ("shelters from
    Russian missiles that were attacking the city", "hit by Ukrainian drones")."""
    c0, c1 = R.clause_bounds(sent.text, trig.start, rules)
    instrument = rules.pattern("strike.instrument_demonym")
    return [
        m for m in pool if m.match_kind == "demonym" and c0 <= m.start and m.end <= c1 and instrument.search(m.surface)
    ][:1]


def _context_attackers(
    history: list[list[R.ActorMention]] | None, recent: list[Candidate] | None
) -> list[R.ActorMention]:
    """A strike reported without its attacker continues the strike before it, else the armed
    force named just before ("Units of the Defence Forces carried out strikes. The refinery in
    Samara was hit.")."""
    if recent:
        return [m for m, role in recent[-1].actors if role == "initiator"]
    forces = [m for mentions in (history or [])[-3:] for m in mentions if m.actor_type == "armed_force"]
    return forces[-1:]


def _with_quoted_name(sent: Sentence, target: Target | None, rules: Rules) -> Target | None:
    """A target word followed by a quoted name takes the name ("the “Zaria” pumping station")."""
    if target is None:
        return None
    after = rules.pattern("strike.target_name_after").match(sent.text[target.end :])
    before = rules.pattern("strike.target_name_before").search(sent.text[: target.start])
    name = after or before
    if name is None:
        return target
    label = f"{name.group('name').strip()} {target.target_name}"
    return Target(target.start, target.end, target.target_type, label, target.place_id, target.surface)


def _is_named_target(target: Target | None, rules: Rules) -> bool:
    return (
        target is not None
        and target.target_type not in rules.words("strike.place_target_types")
        and not rules.pattern("strike.generic_targets").search(target.surface or "")
        and (target.place_id is not None or any(w[:1].isupper() for w in (target.target_name or "").split()))
    )


def _strike_places(sent: Sentence, rules: Rules) -> list[Place]:
    """Places that can locate a strike: not a word of a quoted name ("the “Kuybyshev–Tikhoretsk”
    pipeline" is no strike on Kuybyshev), not a dateline ("Kyiv — Russia launched ...")."""
    names = [m.span() for m in rules.pattern("strike.quoted_name").finditer(sent.text)]
    acting, dateline = rules.pattern("strike.place_as_actor"), rules.pattern("strike.dateline_after")
    return [
        p
        for p in sent.places
        if not any(a <= p.start and p.end <= b for a, b in names)
        and not acting.match(sent.text[p.end :])
        and not (not sent.text[: p.start].strip() and dateline.match(sent.text[p.end :]))
    ]


def strikes_in(
    sent: Sentence,
    rules: Rules,
    place_lookup: dict[str, Place],
    history: list[list[R.ActorMention]] | None = None,
    recent: list[Candidate] | None = None,
    last_city: Place | None = None,
) -> list[Candidate]:
    """`last_city`: the last city the document named before this sentence (what "the city" stands for)."""
    triggers = find_triggers(sent.text, "strike", rules, sent.possible_triggers.get("strike"))
    if not triggers or is_question(sent, rules):
        return []
    places = _strike_places(sent, rules)
    out: list[Candidate] = []
    seen: set[tuple[str | None, str | None]] = set()
    for i, trig in enumerate(triggers):
        if "context" in trig.requires and not recent:
            continue  # "two people were killed in Odesa" is a strike only after one was reported
        region_start = triggers[i - 1].end if i > 0 else 0
        region_end = triggers[i + 1].start if i + 1 < len(triggers) else len(sent.text)
        c0, c1 = R.clause_bounds(sent.text, trig.start, rules)
        if hedged(sent.text[c0:c1], rules, negation=False) or negated(sent.text, trig.start, trig.end, rules):
            continue
        if rules.pattern("strike.habitual").search(sent.text[c0 : trig.start]):
            continue  # "keeps bombing homes": a habit, not one strike
        if rules.pattern("strike.campaign").search(sent.text[c0:c1]):
            continue  # "strikes on Kyiv and other cities": a campaign, not one strike
        # Target: the first named target after the trigger, else the nearest one after the trigger
        # before it ("the refinery had been struck"), else anywhere in the sentence.
        after_targets = [t for t in sent.targets if trig.start <= t.start < region_end]
        before_targets = [t for t in sent.targets if region_start <= t.start < trig.start]
        target = (after_targets or before_targets[-1:] or sent.targets or [None])[0]
        if "target" in trig.requires and not (after_targets or before_targets):
            continue  # "damaged relations": a weak verb with nothing hit
        place: Place | None = None
        if target and target.place_id:
            place = next((p for p in places if p.place_id == target.place_id), None) or place_lookup.get(
                target.place_id
            )
        region_places = [p for p in places if region_start <= p.start < region_end]
        if i > 0 and not (after_targets or before_targets or region_places):
            continue  # a later trigger with nothing of its own names the same strike again
        if place is None:
            place = most_precise(region_places or places, trig.start)
        if place is None and rules.pattern("strike.city_anaphora").match(sent.text[trig.end :]):
            place = last_city  # "an attack on the city": the city named last
        named = _with_quoted_name(sent, target, rules)
        if place is None and recent and named is not target:
            # "Also struck: the “Zaria” pumping station.": in the region of the strike just before.
            place = recent[-1].place
        target = named
        named_place = place is not None and place.place_type != "country"
        named_target = _is_named_target(target, rules)
        weapon = next((w for w in sent.weapons if w.start >= c0), sent.weapons[0] if sent.weapons else None)
        attackers = [] if "context" in trig.requires else _attackers_in_sentence(sent, trig, rules)
        if not attackers and recent and not (named_place or named_target):
            # "The buildings were hit by Kh-101 missiles": more about the strike before, not a new one.
            if weapon is not None and recent[-1].weapon is None:
                recent[-1].weapon = weapon
                recent[-1].sub_type = strike_sub_type(sent, weapon, trig, rules)
            if sent not in recent[-1].evidence:
                recent[-1].evidence.append(sent)
            continue
        attackers = attackers or _context_attackers(history, recent)
        # A place alone ("air strikes near Kupiansk") is front-line routine, not one strike: an
        # attacker or a named target is needed too.
        if not (attackers or named_target):
            continue
        # A strike on an unnamed target somewhere unnamed ("a strike on residential buildings in
        # western Ukraine") is context: the place the next sentences name is where it hit.
        unnamed_only = target is not None and not named_target and not named_place
        context_only = unnamed_only or not (named_place or named_target or weapon)
        if context_only and (i > 0 or not attackers):
            continue
        key = (place.place_id if place else None, target.target_name if named_target and target else None)
        if key in seen:
            continue
        seen.add(key)
        cand = Candidate("strike", strike_sub_type(sent, weapon, trig, rules), sent, trig.strength)
        cand.trigger_start = trig.start
        attacker_ids = {a.actor_id for a in attackers}
        cand.actors = [(a, "initiator") for a in _with_states(attackers)]
        hit = R.targets_after(
            sent.text, sent.actors, trig.end, region_end, frozenset({"state", "armed_force"}), direct_object=False
        )
        cand.actors += [(a, "target") for a in hit if a.actor_id not in attacker_ids]
        cand.place = place
        cand.target = target if named_target else None
        # An unnamed target the trigger governs still says what kind of thing was hit.
        governed = (after_targets or before_targets[-1:] or [None])[0]
        cand.target_type = governed.target_type if cand.target is None and governed is not None else None
        cand.weapon = weapon
        cand.status = status_of(sent, sent.text[c0:c1], rules)
        if cand.status == "planned":
            continue  # "Russia will strike Kyiv again": a forecast, not an announced event
        cand.evidence = [sent]
        # "Russia launched a barrage of drones overnight": no place of its own, but the attacker of
        # the places the next sentences name ("... came under attack"); dropped unless folded.
        cand.context_only = context_only
        out.append(cand)
        if cand.target is not None:
            # "attacked the Ryazan refinery, as well as an oil depot in Luhansk": one strike per target.
            out += _other_targets(cand, after_targets, places, place_lookup, seen, rules)
        if not context_only:
            # "struck a boat base in Crimea, a repair unit near Antratsyt, and a depot in Makiivka".
            out += _list_item_strikes(cand, sent, places, trig, region_end, seen, rules)
        if place is not None and cand.target is None and not context_only:
            # "hit power plants in Kharkiv and Dnipro": one strike per place of the list.
            for other in _listed_places(sent, places, place, region_end, rules):
                if (other.place_id, None) in seen:
                    continue
                seen.add((other.place_id, None))
                twin = Candidate("strike", cand.sub_type, sent, cand.strength, list(cand.actors), other)
                twin.weapon, twin.status, twin.evidence = cand.weapon, cand.status, [sent]
                twin.target_type = cand.target_type
                out.append(twin)
    return out


def _listed_places(sent: Sentence, places: list[Place], place: Place, limit: int, rules: Rules) -> list[Place]:
    """The other places of the list `place` stands in ("in Kharkiv, Sumy and Dnipro"; "the
    Vinnytsia and Poltava regions, and the region of Kharkiv"), before `limit`."""
    gap = rules.pattern("strike.place_list_gap")
    ordered = sorted((p for p in places if p.place_type != "country" and p.start < limit), key=lambda p: p.start)
    chains: list[list[Place]] = []
    for p in ordered:
        if chains and p.start >= chains[-1][-1].end and gap.fullmatch(sent.text[chains[-1][-1].end : p.start]):
            chains[-1].append(p)
        elif not chains or p.start >= chains[-1][-1].end:
            chains.append([p])
    chain = next((c for c in chains if place in c), [])
    return [p for p in chain if p.place_id != place.place_id]


def _other_targets(
    cand: Candidate,
    targets: list[Target],
    places: list[Place],
    place_lookup: dict[str, Place],
    seen: set[tuple[str | None, str | None]],
    rules: Rules,
) -> list[Candidate]:
    """Twins of `cand` for the further named targets its trigger governs, each at its own place."""
    out: list[Candidate] = []
    for other in targets:
        if other is cand.target or not _is_named_target(other, rules):
            continue
        key = (other.place_id, other.target_name)
        if key in seen or (cand.target is not None and other.target_name == cand.target.target_name):
            continue
        seen.add(key)
        place = None
        if other.place_id:
            place = next((p for p in places if p.place_id == other.place_id), None) or place_lookup.get(other.place_id)
        inside = [p for p in places if other.start <= p.start < other.end]
        twin = Candidate("strike", cand.sub_type, cand.anchor, cand.strength, list(cand.actors))
        twin.place = place or most_precise(inside) or cand.place
        twin.target, twin.weapon, twin.status, twin.evidence = other, cand.weapon, cand.status, [cand.anchor]
        out.append(twin)
    return out


def _list_item_strikes(
    cand: Candidate,
    sent: Sentence,
    places: list[Place],
    trig: Trigger,
    limit: int,
    seen: set[tuple[str | None, str | None]],
    rules: Rules,
) -> list[Candidate]:
    """A digest list after one trigger ("hit A in X, B near Y, and C in Z"): the first item is
    `cand` (it takes its item's place), every further item with a place of a region not named
    before is a strike of its own."""
    cuts = [m for m in rules.pattern("strike.list_separator").finditer(sent.text, trig.end, limit)]
    if not cuts:
        return []
    bounds = [trig.end, *(m.start() for m in cuts), limit]
    items = [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1)]
    regions = {(p.admin1_code or p.place_id) for p in ([cand.place] if cand.place else [])}
    first = most_precise([p for p in places if items[0][0] <= p.start < items[0][1] and p.place_type != "country"])
    if first is not None and cand.target is None and cand.place is not None and first.place_id != cand.place.place_id:
        seen.discard((cand.place.place_id, None))
        seen.add((first.place_id, None))
        cand.place, regions = first, {first.admin1_code or first.place_id}
    out: list[Candidate] = []
    for a, b in items[1:]:
        place = most_precise([p for p in places if a <= p.start < b and p.place_type != "country"])
        if place is None:
            continue
        region = place.admin1_code or place.place_id
        if region in regions or any(key[0] == place.place_id for key in seen):
            continue
        regions.add(region)
        seen.add((place.place_id, None))
        target = next((t for t in sent.targets if a <= t.start < b and _is_named_target(t, rules)), None)
        twin = Candidate("strike", cand.sub_type, sent, cand.strength, list(cand.actors), place, target)
        twin.weapon, twin.status, twin.evidence = cand.weapon, cand.status, [sent]
        out.append(twin)
    return out
