"""Event candidates from sentences: strikes, meetings, statements, proposals, sanctions, aid.

`extract_candidates(findings)` returns one row per event candidate (schema CANDIDATES), each
with its evidence sentences (`mentions`), roles, date, place, target, weapon and quote.
Merging candidates into real-world events is normalise/merge.py's job.

How it works
1. Vectorised pre-filter (Polars, Aho-Corasick): each sentence of a non-comment document is
   tagged with the event types whose pre-filter words it holds (reference/event_triggers.yaml);
   English sentences may hold any type, Ukrainian and Russian ones strikes only, other
   languages none. Only tagged documents go further.
2. Vectorised dating: each sentence gets its own resolved date, else the nearest earlier dated
   sentence of its paragraph (or a day-precise lead sentence up to three sentences before)
   ("context"), else the report window: the week ending on the publication day ("window",
   week precision - never an invented day). Occurred events are clipped to the publication day.
3. Per document (Python, over tagged sentences only): trigger matches, hedge / negation /
   question / advice / forecast filters, roles from surface patterns (extract/roles.py), then
   document-level steps: a strike named again ("the attack was made with ...") gives its weapon
   to the strike before it; blockquotes and quoted paragraphs are attributed to the speaker of
   their lead-in; transcript labels ("Vladimir Putin: ...") give one statement per speaker;
   summits named only by their place get the leaders of the states named with them, or borrow
   the people named with the same place elsewhere in the document.
Precision first: a candidate needs the actors its type requires (two sides for a meeting, a
speaker that is not the author, an attacker or a named target for a strike).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import polars as pl

from conflict_events import schema
from conflict_events.extract import roles as R
from conflict_events.extract.quotes import is_quoted_paragraph, quotations, scare_quote, strip_outer_quotes
from conflict_events.extract.triggers import Trigger, TriggerRules, find_triggers, load_rules
from conflict_events.normalise.actors import load_actor_reference

ACTOR_ROLE = pl.Struct({"actor_id": pl.String, "role": pl.String, "name": pl.String})
EVIDENCE = pl.Struct({"sent_idx": pl.Int64, "char_start": pl.Int64, "char_end": pl.Int64})

CANDIDATES = {
    "doc_id": pl.String,
    "cand_idx": pl.Int64,  # order of the candidate within its document
    "anchor_sent": pl.Int64,  # sent_idx of the sentence holding the trigger
    "event_type": pl.String,
    "sub_type": pl.String,
    "status": pl.String,
    "date_start": pl.Date,
    "date_end": pl.Date,
    "date_precision": pl.String,
    "date_source": pl.String,  # sentence | context | window
    "place_id": pl.String,
    "location_name": pl.String,
    "place_type": pl.String,
    **schema.EVENT_PLACE_TARGET_WEAPON,
    "weapon_name": pl.String,
    "quote": pl.String,
    "actors": pl.List(ACTOR_ROLE),
    "strength": pl.Float64,
    "place_named": pl.Boolean,  # a meeting named by its place ("the Anchorage summit")
    "mentions": pl.List(EVIDENCE),
    "published_at": schema.UTC_TS,
}

_PLACE_RANK = {"facility": 0, "city": 1, "admin1": 2, "country": 3}
_SPEAKING = R.SPEAKER_TYPES
_MAX_BLOCKQUOTE_CHARS = 1500


@dataclass
class Findings:
    """Everything the entity finders found, as frames keyed by (doc_id, sent_idx)."""

    sentences: pl.DataFrame  # schema.SENTENCES
    actors: pl.DataFrame | None = None  # MENTIONS + match_kind, actor_type, country_code, name, title
    dates: pl.DataFrame | None = None  # doc_id, sent_idx, date_start, date_end, date_precision, date_is_future
    places: pl.DataFrame | None = None  # MENTIONS + place_id, name, place_type, admin1, ..., geo_precision
    weapons: pl.DataFrame | None = None  # MENTIONS (entity_id = weapon_id) + category, name
    targets: pl.DataFrame | None = None  # MENTIONS + target_type, target_name, place_id
    place_info: pl.DataFrame | None = None  # places table, to look up a target's place


@dataclass(frozen=True)
class Place:
    start: int
    end: int
    place_id: str
    name: str
    place_type: str
    admin1: str | None
    admin1_code: str | None
    country_code: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: str | None
    surface: str


@dataclass(frozen=True)
class Target:
    start: int
    end: int
    target_type: str
    target_name: str
    place_id: str | None
    surface: str


@dataclass(frozen=True)
class Weapon:
    start: int
    end: int
    weapon_id: str
    category: str | None
    name: str


@dataclass
class Sentence:
    idx: int
    para: int
    start: int
    end: int
    text: str
    in_blockquote: bool
    date: tuple[dt.date, dt.date, str, str]  # start, end, precision, source
    is_future: bool
    published: dt.datetime | None
    kinds: frozenset[str] = frozenset()  # event types whose pre-filter words the sentence holds
    actors: list[R.ActorMention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    weapons: list[Weapon] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


@dataclass
class Candidate:
    event_type: str
    sub_type: str
    anchor: Sentence
    strength: float
    actors: list[tuple[R.ActorMention, str]] = field(default_factory=list)
    place: Place | None = None
    target: Target | None = None
    weapon: Weapon | None = None
    quote: str | None = None
    status: str = "occurred"
    evidence: list[Sentence] = field(default_factory=list)
    place_named: bool = False

    def speaker_id(self) -> str | None:
        return next((m.actor_id for m, role in self.actors if role == "speaker"), None)


# ---------------------------------------------------------------------------------------------
# Frames -> per-document Python structures
# ---------------------------------------------------------------------------------------------


def _frame(frame: pl.DataFrame | None, docs: pl.Series) -> pl.DataFrame | None:
    if frame is None or frame.height == 0:
        return None
    return frame.filter(pl.col("doc_id").is_in(docs.implode()))


def _col(frame: pl.DataFrame, name: str) -> pl.Expr:
    return pl.col(name) if name in frame.columns else pl.lit(None)


def _dated_sentences(sentences: pl.DataFrame, dates: pl.DataFrame | None) -> pl.DataFrame:
    """Sentences with a date: own, else nearest earlier in the paragraph, else the report window."""
    if dates is not None and dates.height:
        keep = [c for c in ("date_start", "date_end", "date_precision", "date_is_future") if c in dates.columns]
        sentences = sentences.join(
            dates.select("doc_id", "sent_idx", *keep).unique(["doc_id", "sent_idx"]),
            on=["doc_id", "sent_idx"],
            how="left",
        )
    for name, dtype in (
        ("date_start", pl.Date),
        ("date_end", pl.Date),
        ("date_precision", pl.String),
        ("date_is_future", pl.Boolean),
    ):
        if name not in sentences.columns:
            sentences = sentences.with_columns(pl.lit(None, dtype=dtype).alias(name))
        else:
            sentences = sentences.with_columns(pl.col(name).cast(dtype))
    published = pl.col("published_at").dt.date()
    own = pl.col("date_start").is_not_null()
    para = ["doc_id", "paragraph_idx"]
    # Context: the nearest earlier dated sentence of the paragraph, else a dated lead sentence up to
    # three sentences before (it dates the short paragraphs of a bulletin that follow it).
    # Across paragraphs only the day-precise date of the document's lead sentence (a bulletin's
    # "Overnight on 21 October, ...") is carried.
    near = ["doc_id"]
    day = (pl.col("date_precision") == "day") & (pl.col("sent_idx") <= 1)
    sentences = sentences.sort("doc_id", "sent_idx").with_columns(
        pl.when(own).then(pl.lit("sentence")).alias("date_source"),
        pl.coalesce(
            pl.col("date_start").forward_fill().over(para),
            pl.when(day).then(pl.col("date_start")).forward_fill(limit=3).over(near),
        ).alias("_ctx_start"),
        pl.coalesce(
            pl.col("date_end").forward_fill().over(para),
            pl.when(day).then(pl.col("date_end")).forward_fill(limit=3).over(near),
        ).alias("_ctx_end"),
        pl.coalesce(
            pl.col("date_precision").forward_fill().over(para),
            pl.when(day).then(pl.col("date_precision")).forward_fill(limit=3).over(near),
        ).alias("_ctx_precision"),
    )
    from_context = ~own & pl.col("_ctx_start").is_not_null()
    window = pl.col("date_start").is_null()
    return sentences.with_columns(
        pl.when(from_context).then(pl.lit("context")).otherwise(pl.col("date_source")).alias("date_source"),
        pl.when(from_context).then(pl.col("_ctx_start")).otherwise(pl.col("date_start")).alias("date_start"),
        pl.when(from_context).then(pl.col("_ctx_end")).otherwise(pl.col("date_end")).alias("date_end"),
        pl.when(from_context)
        .then(pl.col("_ctx_precision"))
        .otherwise(pl.col("date_precision"))
        .alias("date_precision"),
    ).with_columns(
        pl.when(window).then(pl.lit("window")).otherwise(pl.col("date_source")).alias("date_source"),
        pl.when(window).then(published - pl.duration(days=6)).otherwise(pl.col("date_start")).alias("date_start"),
        pl.when(window).then(published).otherwise(pl.col("date_end")).alias("date_end"),
        pl.when(window).then(pl.lit("week")).otherwise(pl.col("date_precision")).alias("date_precision"),
    )


def _group_rows(frame: pl.DataFrame | None, columns: list[str]) -> dict[tuple[str, int], list[tuple[Any, ...]]]:
    out: dict[tuple[str, int], list[tuple[Any, ...]]] = {}
    if frame is None:
        return out
    selected = frame.select("doc_id", "sent_idx", *[(_col(frame, c)).alias(c) for c in columns]).sort(
        "doc_id", "sent_idx", "start"
    )
    for row in selected.iter_rows():
        out.setdefault((row[0], row[1]), []).append(row[2:])
    return out


def _documents(findings: Findings) -> dict[str, list[Sentence]]:
    rules = load_rules()
    sentences = findings.sentences
    if sentences.height == 0:
        return {}
    language = pl.col("language").fill_null("en").str.to_lowercase().str.slice(0, 2)
    english = language == "en"
    eligible = sentences.filter(
        (pl.col("source_kind").fill_null("") != "comment") & (english | language.is_in(list(rules.strike_languages)))
    )
    eligible = eligible.with_columns(
        pl.concat_list(
            [
                pl.when(pl.col("sentence").str.contains_any(list(words), ascii_case_insensitive=True))
                .then(pl.lit(kind))
                .otherwise(pl.lit(None, dtype=pl.String))
                for kind, words in rules.prefilter.items()
            ]
        )
        .list.drop_nulls()
        .alias("_kinds")
    ).with_columns(
        # Other languages: strikes only (the only type with triggers in them).
        pl.when(english)
        .then(pl.col("_kinds"))
        .otherwise(pl.col("_kinds").list.set_intersection(pl.lit(["strike"])))
        .alias("_kinds")
    )
    hits = eligible.filter(pl.col("_kinds").list.len() > 0)
    docs = hits.get_column("doc_id").unique()
    eligible = eligible.filter(pl.col("doc_id").is_in(docs.implode()))
    if eligible.height == 0:
        return {}
    dated = _dated_sentences(eligible, _frame(findings.dates, docs))

    actors = _group_rows(
        _frame(findings.actors, docs),
        ["start", "end", "entity_id", "actor_type", "match_kind", "country_code", "name", "title", "surface"],
    )
    places_frame = _frame(findings.places, docs)
    place_cols = [
        "start", "end", "place_id", "name", "place_type", "admin1", "admin1_code",
        "country_code", "latitude", "longitude", "geo_precision", "surface",
    ]  # fmt: skip
    if places_frame is not None and "place_id" not in places_frame.columns:
        places_frame = places_frame.with_columns(pl.col("entity_id").alias("place_id"))
    places = _group_rows(places_frame, place_cols)
    weapons = _group_rows(_frame(findings.weapons, docs), ["start", "end", "entity_id", "category", "name"])
    targets = _group_rows(
        _frame(findings.targets, docs), ["start", "end", "target_type", "target_name", "place_id", "surface"]
    )

    out: dict[str, list[Sentence]] = {}
    columns = [
        "doc_id", "sent_idx", "paragraph_idx", "char_start", "char_end", "sentence", "in_blockquote",
        "date_start", "date_end", "date_precision", "date_source", "date_is_future", "published_at", "_kinds",
    ]  # fmt: skip
    for row in dated.select(columns).sort("doc_id", "sent_idx").iter_rows():
        (doc_id, idx, para, start, end, text, in_bq, d0, d1, prec, source, future, published, kinds) = row
        key = (doc_id, idx)
        sent = Sentence(
            idx=idx,
            para=para,
            start=start,
            end=end,
            text=text,
            in_blockquote=bool(in_bq),
            date=(d0, d1, prec or "week", source or "window"),
            is_future=bool(future),
            published=published,
            kinds=frozenset(kinds or ()),
        )
        sent.actors = [
            R.ActorMention(a[0], a[1], a[2], a[3] or "organisation", a[4] or "alias", a[5], a[6] or a[2], a[7], a[8])
            for a in actors.get(key, [])
        ]
        sent.places = [
            Place(p[0], p[1], p[2], p[3] or p[11], p[4] or "city", *p[5:11], p[11]) for p in places.get(key, [])
        ]
        sent.weapons = [Weapon(w[0], w[1], w[2], w[3], w[4] or w[2]) for w in weapons.get(key, [])]
        sent.targets = [Target(t[0], t[1], t[2] or "other", t[3] or t[5], t[4], t[5]) for t in targets.get(key, [])]
        out.setdefault(doc_id, []).append(sent)
    return out


def _place_lookup(findings: Findings) -> dict[str, Place]:
    info = findings.place_info
    if info is None or info.height == 0:
        return {}
    cols = ["place_id", "name", "place_type", "admin1", "admin1_code", "country_code", "latitude", "longitude"]
    lookup: dict[str, Place] = {}
    for row in info.select([_col(info, c).alias(c) for c in cols]).iter_rows():
        precision = {"facility": "point", "city": "city", "admin1": "admin1", "country": "country"}.get(row[2] or "")
        lookup[row[0]] = Place(0, 0, row[0], row[1], row[2] or "city", row[3], row[4], row[5], row[6], row[7],
                               precision, row[1])  # fmt: skip
    return lookup


# ---------------------------------------------------------------------------------------------
# Shared checks
# ---------------------------------------------------------------------------------------------


def _hedged(text: str, rules: TriggerRules, *, negation: bool = True) -> bool:
    if rules.hedges.search(text):
        return True
    return negation and bool(rules.negation.search(text))


def _negated(sentence: str, start: int, end: int, rules: TriggerRules) -> bool:
    """A negation right before or inside the trigger ("did not meet", "no strikes on")."""
    return bool(rules.negation.search(sentence[max(0, start - 25) : end]))


def _passive_recipient(sentence: str, start: int) -> bool:
    """ "Putin is presented with a plan": the subject receives, it does not act."""
    return bool(re.search(r"\b(?:is|are|was|were|be|been|being)\s+$", sentence[max(0, start - 12) : start]))


def _is_question(sent: Sentence, rules: TriggerRules) -> bool:
    return bool(rules.question.search(sent.text))


def _status(sent: Sentence, clause: str, rules: TriggerRules) -> str:
    return "planned" if rules.future.search(clause) or sent.is_future else "occurred"


def _most_precise(places: list[Place], after: int = 0) -> Place | None:
    if not places:
        return None
    return min(places, key=lambda p: (_PLACE_RANK.get(p.place_type, 4), p.start < after, p.start))


# ---------------------------------------------------------------------------------------------
# Strikes
# ---------------------------------------------------------------------------------------------


def _strike_sub_type(sent: Sentence, weapon: Weapon | None, trig: Trigger, rules: TriggerRules) -> str:
    if weapon and weapon.category in rules.weapon_category_sub_type:
        return rules.weapon_category_sub_type[weapon.category]
    for sub, pattern in rules.strike_sub_type_words.items():
        if pattern.search(sent.text):
            return sub
    return trig.sub_type or "unspecified"


@lru_cache(maxsize=1)
def _states_by_country() -> dict[str, tuple[str, str]]:
    """country code -> (actor_id, name) of the state actor (the reference's first state of it)."""
    actors = load_actor_reference().actors.filter(pl.col("actor_type") == "state")
    out: dict[str, tuple[str, str]] = {}
    for actor_id, name, country in actors.select("actor_id", "name", "country_code").iter_rows():
        if country:
            out.setdefault(country, (actor_id, name))
    return out


def _with_states(attackers: list[R.ActorMention]) -> list[R.ActorMention]:
    """A national armed force strikes for its state: "the Defence Forces struck ..." is Ukraine's strike too."""
    out = list(attackers)
    ids = {m.actor_id for m in attackers}
    for m in attackers:
        state = _states_by_country().get(m.country_code or "") if m.actor_type == "armed_force" else None
        if state and state[0] not in ids:
            ids.add(state[0])
            out.append(R.ActorMention(m.start, m.end, state[0], "state", "derived", m.country_code, state[1], None,
                                      m.surface))  # fmt: skip
    return out


def _strikes(
    sent: Sentence,
    rules: TriggerRules,
    place_lookup: dict[str, Place],
    history: list[list[R.ActorMention]] | None = None,
    recent: list[Candidate] | None = None,
) -> list[Candidate]:
    triggers = find_triggers(sent.text, "strike", rules)
    if not triggers or _is_question(sent, rules):
        return []
    out: list[Candidate] = []
    seen: set[tuple[str | None, str | None]] = set()
    for i, trig in enumerate(triggers):
        region_end = triggers[i + 1].start if i + 1 < len(triggers) else len(sent.text)
        c0, c1 = R.clause_bounds(sent.text, trig.start, rules)
        if _hedged(sent.text[c0:c1], rules, negation=False) or _negated(sent.text, trig.start, trig.end, rules):
            continue
        if rules.strike_habitual.search(sent.text[c0 : trig.start]):
            continue  # "keeps bombing homes": a habit, not one strike
        # Target: the first named target after the trigger, else the nearest one after the trigger
        # before it ("the refinery had been struck"), else anywhere in the sentence.
        region_start = triggers[i - 1].end if i > 0 else 0
        after_targets = [t for t in sent.targets if trig.start <= t.start < region_end]
        before_targets = [t for t in sent.targets if region_start <= t.start < trig.start]
        target = (after_targets or before_targets[-1:] or sent.targets or [None])[0]
        if trig.needs_target and not (after_targets or before_targets):
            continue  # "damaged relations": a weak verb with nothing hit
        place: Place | None = None
        if target and target.place_id:
            place = next((p for p in sent.places if p.place_id == target.place_id), None) or place_lookup.get(
                target.place_id
            )
        region_places = [p for p in sent.places if region_start <= p.start < region_end]
        if i > 0 and not (after_targets or before_targets or region_places):
            continue  # a later trigger with nothing of its own names the same strike again
        if place is None:
            place = _most_precise(region_places or sent.places, trig.start)
        named_place = place is not None and place.place_type != "country"
        named_target = (
            target is not None
            and not rules.strike_generic_targets.search(target.surface or "")
            and (target.place_id is not None or any(w[:1].isupper() for w in (target.target_name or "").split()))
        )
        weapon = next((w for w in sent.weapons if w.start >= c0), sent.weapons[0] if sent.weapons else None)
        attackers = R.agent_after(sent.text, sent.actors, trig.end, R.ATTACKER_TYPES) or R.subject_before(
            sent.text, sent.actors, trig.start, R.ATTACKER_TYPES, max_gap=80
        )
        if not attackers:  # "Russian strikes hit ...": the actor phrase holds the trigger itself
            attackers = [
                m for m in R.role_capable(sent.text, sent.actors, R.ATTACKER_TYPES) if m.start <= trig.start < m.end
            ]
        if not attackers and recent:
            # "Energy facilities in two regions were also damaged" after "Russia launched 400 drones":
            # a strike reported without its attacker continues the strike just before it.
            if not (named_place or named_target):
                # "The buildings were hit by Kh-101 missiles": more about that strike, not a new one.
                if weapon is not None and recent[-1].weapon is None:
                    recent[-1].weapon = weapon
                    recent[-1].sub_type = _strike_sub_type(sent, weapon, trig, rules)
                if sent not in recent[-1].evidence:
                    recent[-1].evidence.append(sent)
                continue
            attackers = [m for m, role in recent[-1].actors if role == "initiator"]
        if not attackers and history:
            # "The refinery in Samara was hit." after "Units of the Defence Forces carried out strikes":
            # the armed force named just before is the attacker.
            forces = [m for mentions in history[-3:] for m in mentions if m.actor_type == "armed_force"]
            attackers = forces[-1:]
        # A place alone ("air strikes near Kupiansk") is front-line routine, not one strike: an
        # attacker or a named target is needed too.
        if not (attackers or named_target):
            continue
        if not (named_place or named_target or (weapon and attackers)):
            continue
        if target is not None and not named_target and not named_place:
            continue
        key = (place.place_id if place else None, target.target_name if named_target and target else None)
        if key in seen:
            continue
        seen.add(key)
        cand = Candidate("strike", _strike_sub_type(sent, weapon, trig, rules), sent, trig.strength)
        attacker_ids = {a.actor_id for a in attackers}
        attackers = _with_states(attackers)
        cand.actors = [(a, "initiator") for a in attackers]
        hit = R.targets_after(
            sent.text, sent.actors, trig.end, region_end, frozenset({"state", "armed_force"}), direct_object=False
        )
        cand.actors += [(a, "target") for a in hit if a.actor_id not in attacker_ids]
        cand.place = place
        cand.target = target if named_target else None
        cand.weapon = weapon
        cand.status = _status(sent, sent.text[c0:c1], rules)
        if cand.status == "planned":
            continue  # "Russia will strike Kyiv again": a forecast, not an announced event
        cand.evidence = [sent]
        out.append(cand)
        if place is not None and cand.target is None:
            # "hit power plants in Kharkiv and Dnipro": one strike per coordinated town.
            for other in _coordinated_places(sent, place, region_end):
                if (other.place_id, None) in seen:
                    continue
                seen.add((other.place_id, None))
                twin = Candidate("strike", cand.sub_type, sent, cand.strength, list(cand.actors), other)
                twin.weapon, twin.status, twin.evidence = cand.weapon, cand.status, [sent]
                out.append(twin)
    return out


def _fold_unlocated_strikes(cands: list[Candidate]) -> list[Candidate]:
    """A strike with neither a town nor a named target ("Russia launched 430 drones and 19 missiles")
    is the summary of the located strikes of the same attacker reported around it in the document:
    its weapon and evidence go to the nearest of them instead of standing as an event of its own."""
    strikes = [c for c in cands if c.event_type == "strike"]

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
        mate.actors += [(m, r) for m, r in cand.actors if m.actor_id not in attackers(mate) and r == "initiator"]
        mate.evidence += [s for s in cand.evidence if s not in mate.evidence]
        dropped.add(id(cand))
    return [c for c in cands if id(c) not in dropped]


def _coordinated_places(sent: Sentence, first: Place, limit: int) -> list[Place]:
    """Towns joined to `first` by "and" or commas ("in Kharkiv, Sumy and Dnipro")."""
    out: list[Place] = []
    last = first
    for p in sorted(sent.places, key=lambda p: p.start):
        if p.start < last.end or p.start >= limit or p.place_type not in ("city", "facility"):
            continue
        if not re.match(r"^\s*(?:,|and|,\s*and|as\s+well\s+as)\s*$", sent.text[last.end : p.start]):
            break
        out.append(p)
        last = p
    return out


def _strike_back_references(doc: list[Sentence], cands: list[Candidate], rules: TriggerRules) -> None:
    """The attack was carried out with Storm Shadow missiles": weapon and evidence for the strike before."""
    strikes = [c for c in cands if c.event_type == "strike"]
    if not strikes:
        return
    used = {c.anchor.idx for c in strikes}
    for sent in doc:
        if sent.idx in used:
            continue
        if not rules.strike_back_reference.search(sent.text):
            # "Neptune missiles were used.": the weapons of the strike reported just before.
            prior = [c for c in strikes if sent.idx - c.anchor.idx == 1 and c.weapon is None]
            if sent.weapons and prior and rules.strike_weapon_used.search(sent.text) and not sent.places:
                strike, weapon = prior[0], sent.weapons[0]
                strike.weapon = weapon
                strike.sub_type = rules.weapon_category_sub_type.get(weapon.category or "", strike.sub_type)
                strike.evidence.append(sent)
            continue
        if sent.places and any(p.place_type != "country" for p in sent.places):
            continue
        prior = [c for c in strikes if 0 < sent.idx - c.anchor.idx <= 3]
        if not prior:
            continue
        cand = max(prior, key=lambda c: c.anchor.idx)
        if sent.weapons and cand.weapon is None:
            cand.weapon = sent.weapons[0]
            category_sub = rules.weapon_category_sub_type.get(cand.weapon.category or "")
            if category_sub:
                cand.sub_type = category_sub
        if sent not in cand.evidence:
            cand.evidence.append(sent)


# ---------------------------------------------------------------------------------------------
# Meetings
# ---------------------------------------------------------------------------------------------


def _meeting_place(sent: Sentence, after: int) -> Place | None:
    """Where a meeting was held: a place introduced by in/at/to ("met in Geneva") first."""
    located = [
        p
        for p in sent.places
        if re.search(r"\b(?:in|at|to|near)\s+(?:the\s+)?$", sent.text[max(0, p.start - 12) : p.start])
    ]
    if located:
        return _most_precise(located, after)
    return _most_precise([p for p in sent.places if p.place_type not in ("country", "facility")], after)


def _meetings(
    sent: Sentence, rules: TriggerRules, history: list[list[R.ActorMention]] | None = None
) -> list[Candidate]:
    if _is_question(sent, rules):
        return []
    out: list[Candidate] = []
    triggers = find_triggers(sent.text, "meeting", rules)
    generic = rules.meeting_generic.search(sent.text)
    kinds_done: set[bool] = set()  # a call and an in-person meeting are never the same meeting
    for trig in triggers:
        if (trig.sub_type == "call") in kinds_done:
            continue
        c0, c1 = R.clause_bounds(sent.text, trig.start, rules)
        clause = sent.text[c0:c1]
        if _hedged(clause, rules, negation=False) or rules.negation.search(
            sent.text[max(c0, trig.start - 60) : trig.end]
        ):
            continue
        if rules.meeting_not_yet.search(sent.text[max(0, trig.start - 20) : trig.end]):
            continue
        if generic and generic.start() <= trig.start <= generic.end():
            continue
        in_clause = [m for m in sent.actors if c0 <= m.start and m.end <= c1]
        # "the President's lengthy telephone call with ...": the possessor holds the call.
        owners = [
            m
            for m in in_clause
            if m.actor_type == "person" and re.match(r"['’]s\s+(?:[\w-]+\s+){0,3}$", sent.text[m.end : trig.start])
        ]
        capable = R.role_capable(sent.text, in_clause, R.PARTICIPANT_TYPES)
        people = R.collapse_participants(owners + [m for m in capable if m not in owners])
        if len(people) == 1 and history is not None:
            # "He then travelled to Paris and met Emmanuel Macron": he is the last person named.
            lead = sent.text[c0 : trig.start]
            if re.match(r"^\s*(?:[A-Z]\w*\s+){0,3}?(?:he|she)\b", lead, re.IGNORECASE) and not any(
                m.end <= trig.start for m in people
            ):
                person = R.last_person_before(history, [], trig.start, sent.text)
                if person is not None and person.actor_id != people[0].actor_id:
                    people = [person, *people]
        if len(people) < 2:
            continue
        cand = Candidate("meeting", trig.sub_type or "talks", sent, trig.strength)
        cand.actors = [(m, "participant") for m in people]
        cand.place = _meeting_place(sent, trig.start)
        cand.status = _status(sent, clause, rules)
        cand.evidence = [sent]
        out.append(cand)
        # One meeting of each kind per sentence: further triggers name the same meeting.
        kinds_done.add(trig.sub_type == "call")
    if out:
        return out
    # A meeting named by its place: "the Anchorage summit", "talks in Geneva".
    for place in sent.places:
        if place.place_type == "country":
            continue
        named = re.compile(rules.meeting_place_named.replace("{place}", re.escape(place.surface)), re.IGNORECASE)
        match = named.search(sent.text)
        if not match:
            continue
        window = sent.text[max(0, match.start() - 30) : match.end() + 10]
        if rules.meeting_not_yet.search(sent.text[max(0, match.start() - 20) : match.end()]):
            continue
        if _hedged(window, rules) or re.search(
            r"\b(?:possible|potential|proposed|new)\s*$", sent.text[: match.start()]
        ):
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
        cand.status = _status(sent, sent.text, rules)
        cand.evidence = [sent]
        return [cand]
    return []


def _leader_of(state: R.ActorMention, doc: list[Sentence], rules: TriggerRules) -> R.ActorMention | None:
    """The person of the state's country with a leader's title, named somewhere in the document."""
    for sent in doc:
        for m in sent.actors:
            if (
                m.actor_type == "person"
                and m.country_code
                and m.country_code == state.country_code
                and m.title
                and rules.leader_titles.search(m.title)
            ):
                return m
    return None


def _complete_place_named_meetings(doc: list[Sentence], cands: list[Candidate], rules: TriggerRules) -> list[Candidate]:
    """Give a summit named by its place its participants: states become their leaders when the
    document names them; with fewer than two, borrow the people named with the same place."""
    kept: list[Candidate] = []
    for cand in cands:
        if cand.event_type != "meeting" or not (cand.place_named or cand.sub_type == "summit"):
            kept.append(cand)
            continue
        people: list[R.ActorMention] = []
        for m, _ in cand.actors:
            # Summits are between leaders; "the Russia-Ukraine talks in Istanbul" were delegations.
            leader = _leader_of(m, doc, rules) if m.actor_type == "state" and cand.sub_type == "summit" else None
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


# ---------------------------------------------------------------------------------------------
# Statements
# ---------------------------------------------------------------------------------------------


def _speaker_at(
    sent: Sentence, verb_start: int, verb_end: int, history: list[list[R.ActorMention]], rules: TriggerRules
) -> list[R.ActorMention]:
    text = sent.text
    c0, _ = R.clause_bounds(text, verb_start, rules)
    # “...,” X said  -> the name right after the closing quote, before the verb.
    speakers = R.subject_before(text, sent.actors, verb_start, _SPEAKING, clause_start=c0)
    speakers = [m for m in speakers if m.match_kind != "demonym"]
    if speakers:
        return speakers[:1]
    # "..., said X" / "said Foreign Minister X"
    after = [m for m in sent.actors if m.actor_type in _SPEAKING and verb_end <= m.start <= verb_end + 40]
    if (
        after
        and re.match(r"^\s*(?:[A-Z][\w’'-]*\s+){0,4}$", text[verb_end : after[0].start])
        and re.search(r"[,”\"]\s*$", text[:verb_start])
    ):
        return after[:1]
    # "He said ..." -> the last person named before.
    lead = text[max(c0, verb_start - 30) : verb_start]
    pronouns = list(rules.pronoun.finditer(lead))
    pronoun = pronouns[-1] if pronouns else None
    if pronoun is not None and not R._BROKEN_GAP.search(lead[pronoun.end() :]):
        person = R.last_person_before(history, sent.actors, verb_start, text)
        if person is not None:
            return [person]
    return []


def _statements(sent: Sentence, history: list[list[R.ActorMention]], rules: TriggerRules) -> list[Candidate]:
    text = sent.text
    if rules.not_speech.search(text):
        return []
    quotes = quotations(text, rules.min_quote_words)
    # "according to X" attributes the whole sentence.
    according = re.search(r"\baccording\s+to\s+", text, re.IGNORECASE)
    for verb in rules.speech_verbs.finditer(text):
        c0, _ = R.clause_bounds(text, verb.start(), rules)
        before = text[c0 : verb.start()]
        for q in quotes:  # the quoted words may say anything; only the reporting clause counts
            if q.start >= c0:
                before = before.replace(text[q.start : q.end], " ")
        # Negation next to the verb, ignoring the quoted words ("“... not enough,” he wrote").
        if _hedged(before, rules, negation=False) or rules.negation.search(before[-25:] + verb.group(0)):
            continue
        if rules.first_person.search(before[-25:]) or rules.habitual.search(before[-40:]):
            continue
        if _is_question(sent, rules) and not quotes:
            continue
        speakers = _speaker_at(sent, verb.start(), verb.end(), history, rules)
        if not speakers:
            continue
        return [_statement(sent, speakers[0], quotes, 0.65)]
    if according:
        after = [
            m
            for m in sent.actors
            if m.actor_type in rules.according_to_types and according.end() <= m.start <= according.end() + 30
        ]
        after = [m for m in after if not R.is_modifier(text, m)]
        if after and not _hedged(text[: according.start()], rules, negation=False):
            return [_statement(sent, after[0], quotes, 0.55)]
    return []


def _statement(sent: Sentence, speaker: R.ActorMention, quotes: list[Any], strength: float) -> Candidate:
    cand = Candidate("statement", "quote" if quotes else "reported", sent, strength + (0.1 if quotes else 0.0))
    cand.actors = [(speaker, "speaker")]
    cand.quote = " … ".join(q.text for q in quotes) if quotes else scare_quote(sent.text)
    cand.evidence = [sent]
    return cand


def _quoted_paragraphs(doc: list[Sentence]) -> list[list[Sentence]]:
    """Runs of sentences forming one blockquote or quoted paragraph (consecutive paragraphs join)."""
    by_para: dict[int, list[Sentence]] = {}
    for sent in doc:
        by_para.setdefault(sent.para, []).append(sent)
    runs: list[list[Sentence]] = []
    last_para = None
    for para in sorted(by_para):
        sents = by_para[para]
        quoted = all(s.in_blockquote for s in sents) or is_quoted_paragraph(" ".join(s.text for s in sents))
        if not quoted:
            continue
        if runs and last_para is not None and para == last_para + 1:
            runs[-1].extend(sents)
        else:
            runs.append(list(sents))
        last_para = para
    return runs


_SPEAKER_LABEL = re.compile(r"^(?P<label>[^:\n“”\"]{3,90}?):\s+(?=\S)")


def _transcript_statements(doc: list[Sentence], rules: TriggerRules) -> list[Candidate]:
    """Transcripts ("Vladimir Putin: Good afternoon ..."): one statement per speaker and document,
    quoting the paragraphs the speaker's label opens."""
    firsts: dict[int, Sentence] = {}
    for sent in doc:
        firsts.setdefault(sent.para, sent)
    by_speaker: dict[str, Candidate] = {}
    quotes: dict[str, list[str]] = {}
    current: str | None = None  # the speaker whose turn is running (paragraphs without a label)
    for para, first in sorted(firsts.items()):
        label = _SPEAKER_LABEL.match(first.text)
        if not label or rules.first_person.search(label.group("label")):
            if current is not None and not first.in_blockquote:
                quotes[current].append(" ".join(s.text for s in doc if s.para == para))
            continue
        current = None
        people = [
            m
            for m in first.actors
            if m.actor_type == "person" and m.end <= label.end("label") and m.match_kind != "demonym"
        ]
        # The label is a name with its title, nothing else ("President of Russia Vladimir Putin").
        if not people or re.search(r"\b(?:said|says|told|wrote|asked)\b", label.group("label"), re.IGNORECASE):
            continue
        speaker = people[-1]
        words = " ".join(s.text for s in doc if s.para == para)[label.end() :]
        cand = by_speaker.get(speaker.actor_id)
        if cand is None:
            cand = Candidate("statement", "quote", first, 0.7)
            cand.actors = [(speaker, "speaker")]
            by_speaker[speaker.actor_id] = cand
            quotes[speaker.actor_id] = []
        cand.evidence.append(first)
        quotes[speaker.actor_id].append(words.strip())
        current = speaker.actor_id
    for actor_id, cand in by_speaker.items():
        text = " … ".join(quotes[actor_id])
        if len(text) > _MAX_BLOCKQUOTE_CHARS:
            text = text[:_MAX_BLOCKQUOTE_CHARS].rsplit(" ", 1)[0]
        cand.quote = text
    return list(by_speaker.values())


def _attribute_blockquotes(doc: list[Sentence], cands: list[Candidate], rules: TriggerRules) -> list[Candidate]:
    """A quoted paragraph belongs to the speaker of its lead-in: the statement in the paragraph
    before it, else the subject of a lead-in sentence with an attribution cue ("X said:")."""
    new: list[Candidate] = []
    for run in _quoted_paragraphs(doc):
        first = run[0]
        lead_para = [s for s in doc if s.para == first.para - 1 and not s.in_blockquote]
        if not lead_para:
            continue
        lead = lead_para[-1]
        if rules.first_person.search(lead.text):
            continue
        inner = [q.text for s in run for q in quotations(s.text, rules.min_quote_words)]
        quote_text = " … ".join(inner) if inner else " ".join(s.text for s in run)
        if len(quote_text) > _MAX_BLOCKQUOTE_CHARS:
            quote_text = quote_text[:_MAX_BLOCKQUOTE_CHARS].rsplit(" ", 1)[0]
        quote_text = strip_outer_quotes(quote_text)
        lead_idx = {s.idx for s in lead_para}
        statements = [c for c in cands + new if c.event_type == "statement" and c.anchor.idx in lead_idx]
        if statements:
            cand = max(statements, key=lambda c: c.anchor.idx)
            cand.quote = quote_text
            cand.sub_type = "quote"
            cand.strength = max(cand.strength, 0.75)
            cand.evidence.extend(s for s in run if s not in cand.evidence)
            continue
        if not rules.lead_in_cues.search(lead.text):
            continue
        pool = [m for m in R.role_capable(lead.text, lead.actors, _SPEAKING) if m.match_kind != "demonym"]
        people = [m for m in pool if m.actor_type == "person"]
        speaker = (people or pool or [None])[0]
        if speaker is None:
            continue
        cand = Candidate("statement", "quote", lead, 0.7)
        cand.actors = [(speaker, "speaker")]
        cand.quote = quote_text
        cand.evidence = [lead, *run]
        new.append(cand)
    return cands + new


# ---------------------------------------------------------------------------------------------
# Proposals, sanctions, aid
# ---------------------------------------------------------------------------------------------


def _simple(
    sent: Sentence,
    event_type: str,
    rules: TriggerRules,
    *,
    needs: re.Pattern[str],
    allow_negation: frozenset[str] = frozenset(),
    priority: tuple[str, ...] = (),
) -> list[Candidate]:
    if _is_question(sent, rules) or not needs.search(sent.text):
        return []
    triggers = find_triggers(sent.text, event_type, rules)
    if priority:
        triggers.sort(key=lambda t: priority.index(t.sub_type) if t.sub_type in priority else len(priority))
    for trig in triggers:
        c0, c1 = R.clause_bounds(sent.text, trig.start, rules)
        clause = sent.text[c0:c1]
        if _hedged(clause, rules, negation=False):
            continue
        if event_type in ("sanction", "aid"):
            # The verb must govern the thing: "announced sanctions", "pledged €2 billion in aid".
            near = sent.text[max(c0, trig.start - 40) : min(c1, trig.end + 60)]
            if not needs.search(near):
                continue
            if event_type == "aid" and rules.sanction_object.search(sent.text[trig.start : min(c1, trig.end + 60)]):
                continue
        if trig.sub_type not in allow_negation and _negated(sent.text, trig.start, trig.end, rules):
            continue
        agents = R.agent_after(sent.text, sent.actors, trig.end, R.INITIATOR_TYPES)
        if event_type == "sanction" and not agents:
            passive = _passive_sanction(sent, trig, c1)
            if passive is not None:
                return [passive]
        if not agents and _passive_recipient(sent.text, trig.start):
            continue
        initiators = R.agent_after(sent.text, sent.actors, trig.end, R.INITIATOR_TYPES) or R.subject_before(
            sent.text, sent.actors, trig.start, R.INITIATOR_TYPES, max_gap=80
        )
        if not initiators:
            continue
        cand = Candidate(event_type, trig.sub_type or "", sent, trig.strength)
        ids = {m.actor_id for m in initiators}
        cand.actors = [(m, "initiator") for m in initiators]
        others = R.targets_after(sent.text, sent.actors, trig.end, c1, R.INITIATOR_TYPES)
        cand.actors += [(m, "target") for m in others if m.actor_id not in ids]
        cand.status = _status(sent, clause, rules) if event_type == "proposal" else "occurred"
        cand.place = _meeting_place(sent, trig.start) if event_type == "proposal" else None
        cand.weapon = sent.weapons[0] if event_type == "aid" and sent.weapons else None
        cand.evidence = [sent]
        return [cand]
    return []


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
    cand.actors = [(initiators[0], "initiator"), *((m, "target") for m in targets)]
    cand.evidence = [sent]
    return cand


# ---------------------------------------------------------------------------------------------
# Dates, rows
# ---------------------------------------------------------------------------------------------


def _date_of(cand: Candidate, rules: TriggerRules) -> tuple[dt.date, dt.date, str, str]:
    sent = cand.anchor
    start, end, precision, source = sent.date
    published = sent.published.date() if sent.published else None
    if cand.event_type == "statement" and precision in ("month", "year") and published is not None:
        # "in its summary of 2025 it stated ...": the month or year is what was talked about;
        # the statement itself is dated by the report.
        start, end, precision, source = published - dt.timedelta(days=6), published, "week", "window"
    if published is not None and any(rules.same_day.search(s.text) for s in cand.evidence[:1]):
        start, end, precision, source = published, published, "day", "sentence"
    elif published is not None and cand.status == "planned" and source == "window":
        start, end = published, published + dt.timedelta(days=6)
    if published is not None and cand.status == "occurred" and end is not None and end > published:
        end = published
        start = min(start, end) if start is not None else end
    return start, end, precision, source


def _row(doc_id: str, cand_idx: int, cand: Candidate, rules: TriggerRules) -> dict[str, Any]:
    start, end, precision, source = _date_of(cand, rules)
    place = cand.place
    seen: set[tuple[str, str]] = set()
    actor_rows = []
    for m, role in cand.actors:
        if (m.actor_id, role) not in seen:
            seen.add((m.actor_id, role))
            actor_rows.append({"actor_id": m.actor_id, "role": role, "name": m.name})
    evidence = sorted({s.idx: s for s in cand.evidence}.values(), key=lambda s: s.idx)
    return {
        "doc_id": doc_id,
        "cand_idx": cand_idx,
        "anchor_sent": cand.anchor.idx,
        "event_type": cand.event_type,
        "sub_type": cand.sub_type,
        "status": cand.status,
        "date_start": start,
        "date_end": end,
        "date_precision": precision,
        "date_source": source,
        "place_id": place.place_id if place else None,
        "location_name": place.name if place else None,
        "place_type": place.place_type if place else None,
        "admin1": place.admin1 if place else None,
        "admin1_code": place.admin1_code if place else None,
        "country_code": place.country_code if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "geo_precision": place.geo_precision if place else None,
        "target_name": cand.target.target_name if cand.target else None,
        "target_type": cand.target.target_type if cand.target else None,
        "weapon_id": cand.weapon.weapon_id if cand.weapon else None,
        "weapon_name": cand.weapon.name if cand.weapon else None,
        "quote": cand.quote,
        "actors": actor_rows,
        "strength": cand.strength,
        "place_named": cand.place_named,
        "mentions": [{"sent_idx": s.idx, "char_start": s.start, "char_end": s.end} for s in evidence],
        "published_at": cand.anchor.published,
    }


def candidates_of_document(doc: list[Sentence], rules: TriggerRules, place_lookup: dict[str, Place]) -> list[Candidate]:
    cands: list[Candidate] = []
    history: list[list[R.ActorMention]] = []
    for sent in doc:
        kinds = sent.kinds
        if "strike" in kinds:
            recent = [c for c in cands if c.event_type == "strike" and 0 < sent.idx - c.anchor.idx <= 2]
            cands += _strikes(sent, rules, place_lookup, history[-3:], recent)
        if "meeting" in kinds:
            cands += _meetings(sent, rules, history[-3:])
        if "statement" in kinds:
            cands += _statements(sent, history[-3:], rules)
        if "proposal" in kinds:
            cands += _simple(sent, "proposal", rules, needs=rules.proposal_needs)
        if "sanction" in kinds:
            cands += _simple(
                sent, "sanction", rules, needs=rules.sanction_object, priority=("lifted", "threatened", "imposed")
            )
        if "aid" in kinds:
            cands += _simple(
                sent,
                "aid",
                rules,
                needs=rules.aid_object,
                allow_negation=frozenset({"refused"}),
                priority=("refused", "pledged", "delivered"),
            )
        history.append(sent.actors)
    _strike_back_references(doc, cands, rules)
    cands = _fold_unlocated_strikes(cands)
    cands = _complete_place_named_meetings(doc, cands, rules)
    cands = _attribute_blockquotes(doc, cands, rules)
    cands += _transcript_statements(doc, rules)
    return [c for c in cands if c.actors or c.event_type == "strike"]


def _too_vague(row: dict[str, Any]) -> bool:
    """An event dated only to a year ("the bridge attack in 2022") is background, not news."""
    return row["date_precision"] == "year" and row["event_type"] != "statement"


def extract_candidates(findings: Findings) -> pl.DataFrame:
    """Event candidates (schema CANDIDATES) of every English, non-comment document."""
    rules = load_rules()
    place_lookup = _place_lookup(findings)
    rows: list[dict[str, Any]] = []
    for doc_id, doc in _documents(findings).items():
        for i, cand in enumerate(candidates_of_document(doc, rules, place_lookup)):
            row = _row(doc_id, i, cand, rules)
            if not _too_vague(row):
                rows.append(row)
    if not rows:
        return schema.empty(CANDIDATES)
    return pl.DataFrame(rows, schema=CANDIDATES)
