"""Merge event candidates into real-world events, within and across documents.

`merge_events(candidates, documents) -> (events, event_actors, event_mentions)`

Which candidates are one event (pairs found with Polars joins, clusters by union-find):
- within a document (self-join on doc_id + event_type): dates overlap, or one of the two is
  dated only by the report window (a later mention of the same summit without its date);
  - strike: same place or same target, attackers not in conflict;
  - meeting: two shared participants, or the same place and one shared participant;
  - statement: same speaker, and evidence at most two sentences apart or the same quote;
  - proposal / sanction / aid: same sub_type and a shared initiator;
- across documents (join on blocking keys: place, target, participant pair, speaker + quote
  shingle, initiator, each with the ISO weeks the date range touches): same rules, but the
  dates must overlap.

Event ids are stable: `evt_` + hash of the cluster's defining features - event type, date_start,
place_id, target name, sorted actor ids and (statements) the start of the quote. Document
offsets are not used, so the id does not depend on which source reported first; two runs over
the same input give the same ids. Clusters whose features coincide get a suffix in order of
their earliest evidence (doc_id, offset), also deterministic.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import polars as pl

from conflict_events import schema
from conflict_events.extract.triggers import load_rules
from conflict_events.ids import short_hash

EXTRA_EVENT_COLUMNS = {"mention_count": pl.Int64, "place_id": pl.String}

EVENTS = {
    "event_id": pl.String,
    "event_type": pl.String,
    "sub_type": pl.String,
    "status": pl.String,
    "date_start": pl.Date,
    "date_end": pl.Date,
    "date_precision": pl.String,
    "summary": pl.String,
    "location_name": pl.String,
    **schema.EVENT_PLACE_TARGET_WEAPON,
    "quote": pl.String,
    "source_count": pl.Int64,
    "confidence": pl.Float64,
    "first_reported_at": schema.UTC_TS,
    **EXTRA_EVENT_COLUMNS,
}
EVENT_ACTORS = {"event_id": pl.String, "actor_id": pl.String, "role": pl.String}
EVENT_MENTIONS = {
    "event_id": pl.String,
    "doc_id": pl.String,
    "sentence": pl.String,
    "char_start": pl.Int64,
    "char_end": pl.Int64,
    "extractor_version": pl.String,
}

_SOURCE_RANK = {"sentence": 0, "context": 1, "window": 2}
_PLACE_RANK = {"facility": 0, "city": 1, "admin1": 2, "country": 3}
_KEY_ROLE = {"strike": "initiator", "meeting": "participant", "statement": "speaker"}
# When mentions disagree, the more specific sub_type wins ("the Anchorage summit" over "talks").
_SUB_TYPE_RANK = {"summit": 0, "call": 1, "talks": 2}
_MAX_BLOCK_WEEKS = 6
_SUMMARY_CHARS = 200
# "said on Tuesday that ...": the words between the speech verb and "that" (a time, an audience).
_THAT = re.compile(r"^(?P<between>[^.;:“”\"]{0,40}?)\bthat\s+", re.IGNORECASE)
_SHINGLE = 4


def _norm(text: str | None) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", (text or "").lower()).split())


def _norm_expr(column: str) -> pl.Expr:
    """_norm as a Polars expression (ASCII letters and digits, single spaces; null stays null)."""
    return pl.col(column).str.to_lowercase().str.replace_all(r"[^a-z0-9]+", " ").str.strip_chars(" ").replace("", None)


def _features(candidates: pl.DataFrame) -> pl.DataFrame:
    """Per candidate: key actor ids (role that defines the event), all actor ids, evidence span."""
    key_role = (
        pl.col("event_type").replace_strict(_KEY_ROLE, default="initiator", return_dtype=pl.String).alias("_key_role")
    )
    frame = candidates.with_columns(key_role)
    keys = (
        frame.select("cid", "_key_role", "actors")
        .explode("actors")
        .drop_nulls("actors")
        .unnest("actors")
        .filter(pl.col("role") == pl.col("_key_role"))
        .group_by("cid")
        .agg(pl.col("actor_id").unique().sort().alias("key_actors"))
    )
    sents = pl.col("mentions").list.eval(pl.element().struct.field("sent_idx"))
    return (
        frame.join(keys, on="cid", how="left")
        .with_columns(
            pl.col("key_actors").fill_null(pl.lit([], dtype=pl.List(pl.String))),
            sents.list.min().alias("first_sent"),
            sents.list.max().alias("last_sent"),
            _norm_expr("quote").alias("quote_norm"),
            _norm_expr("target_name").alias("target_norm"),
        )
        .drop("_key_role")
    )


def _compatible(pairs: pl.DataFrame, *, same_doc: bool) -> pl.DataFrame:
    """Keep the pairs (columns x and x_r) that describe one event."""
    overlap = (pl.col("date_start") <= pl.col("date_end_r")) & (pl.col("date_start_r") <= pl.col("date_end"))
    if same_doc:
        dates_ok = overlap | (pl.col("date_source") == "window") | (pl.col("date_source_r") == "window")
    else:
        dates_ok = overlap
    shared = pl.col("key_actors").list.set_intersection(pl.col("key_actors_r")).list.len()
    either_empty = (pl.col("key_actors").list.len() == 0) | (pl.col("key_actors_r").list.len() == 0)
    same_place = pl.col("place_id").is_not_null() & (pl.col("place_id") == pl.col("place_id_r"))
    same_target = (pl.col("target_norm").fill_null("") != "") & (pl.col("target_norm") == pl.col("target_norm_r"))
    kind = pl.col("event_type")
    strike = (same_place | same_target) & (either_empty | (shared > 0))
    places_clash = pl.col("place_id").is_not_null() & pl.col("place_id_r").is_not_null() & ~same_place
    # One shared participant and the same place is enough only when a mention names the meeting by
    # its place ("after the Florida meeting, Witkoff ..."); otherwise the same host meeting two guests
    # in the same palace would merge.
    named_by_place = pl.col("place_named").fill_null(False) | pl.col("place_named_r").fill_null(False)
    # A phone call and a meeting in person are different events even between the same people.
    # Every pair must agree on both, so a chain of pairs cannot join a call to a summit either.
    call_clash = (pl.col("sub_type") == "call") != (pl.col("sub_type_r") == "call")
    meeting = ((shared >= 2) | (same_place & (shared >= 1) & named_by_place)) & ~places_clash & ~call_clash
    distance = pl.max_horizontal(
        pl.col("first_sent_r") - pl.col("last_sent"), pl.col("first_sent") - pl.col("last_sent_r"), pl.lit(0)
    )
    same_quote = (pl.col("quote_norm").fill_null("") != "") & (
        pl.col("quote_norm").str.contains(pl.col("quote_norm_r").str.slice(0, 40), literal=True)
        | pl.col("quote_norm_r").str.contains(pl.col("quote_norm").str.slice(0, 40), literal=True)
    )
    if same_doc:
        statement = (shared > 0) & ((distance <= 2) | same_quote)
    else:
        both_reported = pl.col("quote_norm").is_null() & pl.col("quote_norm_r").is_null()
        same_day = (pl.col("date_start") == pl.col("date_end")) & (pl.col("date_start") == pl.col("date_start_r"))
        statement = (shared > 0) & (
            same_quote | (both_reported & same_day & (pl.col("date_end_r") == pl.col("date_start")))
        )
    other = (pl.col("sub_type") == pl.col("sub_type_r")) & (shared > 0)
    rule = (
        pl.when(kind == "strike")
        .then(strike)
        .when(kind == "meeting")
        .then(meeting)
        .when(kind == "statement")
        .then(statement)
        .otherwise(other)
    )
    # A planned (or cancelled) event and one that took place are two events, whatever the type.
    same_status = pl.col("status").fill_null("") == pl.col("status_r").fill_null("")
    return pairs.filter(dates_ok & same_status & rule)


_PAIR_COLUMNS = [
    "cid", "doc_id", "event_type", "sub_type", "status", "date_start", "date_end", "date_source", "place_id",
    "location_name", "target_norm", "key_actors", "first_sent", "last_sent", "quote_norm", "place_named",
]  # fmt: skip
# Pair generation joins only these narrow columns; the rules' columns are joined to the survivors.
_KEY_COLUMNS = ["cid", "doc_id", "date_start", "date_end"]
_PAIR_SLICE = 50_000


def _with_features(pairs: pl.DataFrame, feats: pl.DataFrame) -> pl.DataFrame:
    """Candidate pairs (cid, cid_r) with every rule column of both sides (right side suffixed _r)."""
    left = feats.select(_PAIR_COLUMNS)
    right = left.rename({c: f"{c}_r" for c in _PAIR_COLUMNS})
    return pairs.select("cid", "cid_r").join(left, on="cid", how="inner").join(right, on="cid_r", how="inner")


def _within_document_pairs(feats: pl.DataFrame) -> pl.DataFrame:
    keys = feats.select("cid", "doc_id", "event_type")
    pairs = keys.join(keys, on=["doc_id", "event_type"], how="inner", suffix="_r").filter(
        pl.col("cid") < pl.col("cid_r")
    )
    return _compatible(_with_features(pairs, feats), same_doc=True).select("cid", "cid_r")


def _unlocated_strike_pairs(feats: pl.DataFrame) -> pl.DataFrame:
    """One report, one strike: a strike candidate with neither place nor target ("the Defence Forces
    hit a key enterprise") joins the nearest located or targeted strike of its document with an
    overlapping date - by the same attacker, else one whose attacker is not named ("apartment blocks
    in Kyiv were hit" after "the Russians launched 430 drones"). Only one, so it never chains two
    located strikes together."""
    strikes = feats.filter(pl.col("event_type") == "strike").select(
        "cid", "doc_id", "status", "date_start", "date_end", "key_actors", "first_sent", "last_sent",
        (pl.col("place_id").is_null() & pl.col("target_norm").is_null()).alias("_bare"),
    )  # fmt: skip
    bare = strikes.filter(pl.col("_bare") & (pl.col("key_actors").list.len() > 0)).drop("_bare")
    located = strikes.filter(~pl.col("_bare")).drop("_bare")
    distance = pl.max_horizontal(
        pl.col("first_sent_r") - pl.col("last_sent"), pl.col("first_sent") - pl.col("last_sent_r"), pl.lit(0)
    )
    return (
        bare.join(located, on=["doc_id", "status"], how="inner", suffix="_r")
        .with_columns(
            (pl.col("key_actors").list.set_intersection(pl.col("key_actors_r")).list.len() > 0).alias("_same"),
            distance.alias("_distance"),
        )
        .filter(
            (pl.col("_same") | (pl.col("key_actors_r").list.len() == 0))
            & (pl.col("date_start") <= pl.col("date_end_r"))
            & (pl.col("date_start_r") <= pl.col("date_end"))
        )
        .sort("cid", pl.col("_same").not_(), "_distance", "cid_r")
        .group_by("cid", maintain_order=True)
        .first()
        .select(pl.min_horizontal("cid", "cid_r").alias("cid"), pl.max_horizontal("cid", "cid_r").alias("cid_r"))
    )


def _place_supported(pairs: pl.DataFrame, texts: pl.DataFrame) -> pl.DataFrame:
    """Drop meeting pairs across documents where only one side has a place and the other document
    never names it: merging would carry that place into a report that does not support it."""
    text_of = texts.select("doc_id", pl.col("text").str.to_lowercase().alias("_text"))
    one_sided = (pl.col("event_type") == "meeting") & (pl.col("place_id").is_null() != pl.col("place_id_r").is_null())
    name = pl.coalesce("location_name", "location_name_r").str.to_lowercase()
    other_text = pl.when(pl.col("place_id").is_null()).then(pl.col("_text")).otherwise(pl.col("_text_r"))
    checked = pairs.filter(one_sided)
    if checked.height == 0:
        return pairs
    checked = checked.join(text_of, on="doc_id", how="left").join(
        text_of.rename({"doc_id": "doc_id_r", "_text": "_text_r"}), on="doc_id_r", how="left"
    )
    unsupported = checked.filter(~other_text.fill_null("").str.contains(name.fill_null(""), literal=True))
    return pairs.join(unsupported.select("cid", "cid_r"), on=["cid", "cid_r"], how="anti")


def _actor_keys(feats: pl.DataFrame) -> pl.DataFrame:
    """(cid, actor) for every key actor."""
    return feats.select("cid", pl.col("key_actors").alias("actor")).explode("actor").drop_nulls("actor")


def _shingle_expr(words: pl.Expr, limit: int = 24) -> pl.Expr:
    """The first `limit` runs of _SHINGLE words of a word list (the whole list when shorter)."""
    n = words.list.len()
    return pl.concat_list(
        [
            pl.when((pl.lit(i) == 0) | (n - _SHINGLE >= i))
            .then(words.list.slice(i, _SHINGLE).list.join(" "))
            .otherwise(pl.lit(None, dtype=pl.String))
            for i in range(limit)
        ]
    ).list.drop_nulls()


def _block_keys(feats: pl.DataFrame) -> pl.DataFrame:
    """(cid, key) blocking keys across documents: two candidates are compared only when they share
    a key and an ISO week. Keys per type: strike - place, target; meeting - each pair of
    participants, place + participant; statement - speaker + quote shingle (quoted) or speaker +
    day (reported, which must be single-day on the same day to merge); others - sub_type + initiator."""
    kind = pl.col("event_type")
    actors = _actor_keys(feats)
    with_actor = feats.select("cid", "event_type", "sub_type", "place_id", "quote_norm", "date_start", "date_end").join(
        actors, on="cid", how="inner"
    )
    strikes = feats.filter(kind == "strike")
    meetings = with_actor.filter(kind == "meeting")
    statements = with_actor.filter(kind == "statement")
    quoted = statements.filter(pl.col("quote_norm").is_not_null())
    same_day = pl.col("date_start").is_not_null() & (pl.col("date_start") == pl.col("date_end"))
    parts = [
        strikes.filter(pl.col("place_id").is_not_null()).select("cid", ("p:" + pl.col("place_id")).alias("key")),
        strikes.filter(pl.col("target_norm").is_not_null()).select("cid", ("t:" + pl.col("target_norm")).alias("key")),
        meetings.join(meetings.select("cid", pl.col("actor").alias("other")), on="cid")
        .filter(pl.col("actor") < pl.col("other"))
        .select("cid", ("m:" + pl.col("actor") + "+" + pl.col("other")).alias("key")),
        meetings.filter(pl.col("place_id").is_not_null()).select(
            "cid", ("mp:" + pl.col("place_id") + "+" + pl.col("actor")).alias("key")
        ),
        quoted.select("cid", "actor", _shingle_expr(pl.col("quote_norm").str.split(" ")).alias("shingle"))
        .explode("shingle")
        .drop_nulls("shingle")
        .select("cid", ("q:" + pl.col("actor") + ":" + pl.col("shingle")).alias("key")),
        statements.filter(pl.col("quote_norm").is_null() & same_day).select(
            "cid", ("r:" + pl.col("actor") + ":" + pl.col("date_start").cast(pl.String)).alias("key")
        ),
        with_actor.filter(~kind.is_in(["strike", "meeting", "statement"])).select(
            "cid", ("o:" + pl.col("sub_type").fill_null("") + ":" + pl.col("actor")).alias("key")
        ),
    ]
    return pl.concat(parts).unique()


def _weeks_expr() -> pl.Expr:
    """Mondays of the ISO weeks a date range touches (none for ranges longer than _MAX_BLOCK_WEEKS)."""
    end = pl.col("date_end").fill_null(pl.col("date_start"))
    short = (end - pl.col("date_start")).dt.total_days() <= 7 * _MAX_BLOCK_WEEKS
    return (
        pl.when(pl.col("date_start").is_not_null() & short)
        .then(pl.date_ranges(pl.col("date_start").dt.truncate("1w"), end, interval="1w"))
        .otherwise(pl.lit(None, dtype=pl.List(pl.Date)))
    )


def _cross_document_pairs(feats: pl.DataFrame, texts: pl.DataFrame) -> pl.DataFrame:
    keyed = (
        _block_keys(feats)
        .join(feats.select(*_KEY_COLUMNS, "event_type", _weeks_expr().alias("week")), on="cid", how="inner")
        .explode("week")
        .drop_nulls("week")
        # Integer block and document numbers: the join below copies them into every pair row.
        .select(
            "cid",
            pl.struct("event_type", "key", "week").rank("dense").alias("block"),
            pl.col("doc_id").rank("dense").alias("doc"),
            "date_start",
            "date_end",
        )
    )
    # Narrow join, filtered at once (different documents, overlapping dates): the wide rule columns
    # are joined only to the pairs that survive, which keeps the peak memory small.
    pairs = (
        keyed.lazy()
        .join(keyed.lazy(), on="block", how="inner", suffix="_r")
        .filter(
            (pl.col("cid") < pl.col("cid_r"))
            & (pl.col("doc") != pl.col("doc_r"))
            & (pl.col("date_start") <= pl.col("date_end_r"))
            & (pl.col("date_start_r") <= pl.col("date_end"))
        )
        .select("cid", "cid_r")
        .unique()
        .collect()
    )
    # The rule columns (lists, strings) are wide: check the pairs a slice at a time.
    kept = [
        _place_supported(
            _compatible(_with_features(pairs.slice(offset, _PAIR_SLICE), feats), same_doc=False), texts
        ).select("cid", "cid_r")
        for offset in range(0, pairs.height, _PAIR_SLICE)
    ]
    return pl.concat(kept) if kept else pl.DataFrame(schema={"cid": pl.Int64, "cid_r": pl.Int64})


def _clusters(n: int, pairs: pl.DataFrame) -> pl.DataFrame:
    """Connected components of the pair graph (union-find with path halving over the pairs only):
    cid -> label, the smallest cid of its cluster."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for a, b in zip(pairs["cid"].to_list(), pairs["cid_r"].to_list(), strict=True):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    linked = list(parent)
    labels = pl.DataFrame(
        {"cid": linked, "label": [find(i) for i in linked]}, schema={"cid": pl.Int64, "label": pl.Int64}
    )
    everyone = pl.DataFrame({"cid": pl.int_range(0, n, eager=True, dtype=pl.Int64)})
    return everyone.join(labels, on="cid", how="left").with_columns(pl.col("label").fill_null(pl.col("cid")))


# ---------------------------------------------------------------------------------------------
# One event per cluster
# ---------------------------------------------------------------------------------------------


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


def _summary(ev: dict[str, Any], actors: list[dict[str, Any]], weapon_name: str | None) -> str:
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
            quote = ev["quote"] if len(ev["quote"]) <= 200 else ev["quote"][:197].rsplit(" ", 1)[0] + "…"
            return f"{who} said: “{quote}”"
        return _reported(who, ev["sentence"]) or f"{who} made a public statement."
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


def _trim(text: str, limit: int = _SUMMARY_CHARS) -> str:
    text = text.strip().rstrip(' .;,:!?"”’')
    if len(text) <= limit:
        return text
    return text[: limit - 3].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _reported(who: str, sentence: str | None) -> str | None:
    """What a reported statement said, in the sentence's own words: speaker, speech verb (with its
    audience when it is "told"), and the complement clause ("X said the plan differs from ...").
    None when the sentence has no speech verb followed by a clause of at least three words."""
    if not who or not sentence:
        return None
    verb = load_rules().speech_verbs.search(sentence)
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
    complement = _trim(rest.lstrip(" ,:"))
    if len(complement.split()) < 3 or complement[:1] in "“\"'‘":
        return None
    return f"{who} {phrase} {complement}."


def _confidence(strength: float, mentions: int, sources: int, explicit_date: bool) -> float:
    score = strength + min(0.15, 0.05 * (mentions - 1)) + min(0.2, 0.1 * (sources - 1))
    score += 0.05 if explicit_date else -0.05
    return round(min(0.99, max(0.05, score)), 3)


def _pick(rows: list[dict[str, Any]], key: str) -> Any:
    for r in rows:
        if r[key] is not None:
            return r[key]
    return None


def _quote(rows: list[dict[str, Any]]) -> str | None:
    quotes: list[str] = []
    for r in sorted(rows, key=lambda r: (r["doc_id"], r["first_sent"])):
        q = r["quote"]
        if not q or any(q in other for other in quotes):
            continue
        quotes = [other for other in quotes if other not in q]
        quotes.append(q)
    if not quotes:
        return None
    # Prefer real quotations over short scare-quoted words.
    long = [q for q in quotes if len(q.split()) >= 4]
    return " … ".join(long or quotes)


def _anchor_sentence(row: dict[str, Any], texts: dict[str, str]) -> str | None:
    """The text of the candidate's trigger sentence (its first evidence sentence otherwise)."""
    spans = row["mentions"] or []
    anchored = [m for m in spans if m["sent_idx"] == row["anchor_sent"]] or spans
    text = texts.get(row["doc_id"])
    if not anchored or text is None:
        return None
    return text[anchored[0]["char_start"] : anchored[0]["char_end"]]


def _event(
    rows: list[dict[str, Any]], published: dict[str, dt.datetime], texts: dict[str, str]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    by_strength = sorted(rows, key=lambda r: (-r["strength"], r["doc_id"], r["cand_idx"]))
    first = by_strength[0]
    dated = min(
        rows,
        key=lambda r: (
            _SOURCE_RANK.get(r["date_source"], 3),
            (r["date_end"] - r["date_start"]).days if r["date_start"] and r["date_end"] else 10**6,
            r["date_start"] or dt.date.max,
        ),
    )
    placed = min(
        rows,
        key=lambda r: (_PLACE_RANK.get(r["place_type"] or "", 9), -r["strength"], r["doc_id"], r["cand_idx"]),
    )
    subs = [r["sub_type"] for r in by_strength if r["sub_type"] not in (None, "", "unspecified", "reported")]
    subs.sort(key=lambda sub: _SUB_TYPE_RANK.get(sub, 5))  # stable: by strength within a rank
    sub_type = subs[0] if subs else first["sub_type"]
    actors: list[dict[str, Any]] = []
    for r in rows:
        for a in r["actors"] or []:
            if not any(x["actor_id"] == a["actor_id"] and x["role"] == a["role"] for x in actors):
                actors.append(a)
    docs = sorted({r["doc_id"] for r in rows})
    first_reported = min((published[d] for d in docs if published.get(d) is not None), default=None)
    status = "occurred" if any(r["status"] == "occurred" for r in rows) else "planned"
    start, end = dated["date_start"], dated["date_end"]
    if status == "occurred" and first_reported is not None and end is not None and end > first_reported.date():
        end = first_reported.date()
        start = min(start, end) if start else end
    mention_count = sum(len(r["mentions"] or []) for r in rows)
    has_place = placed["place_id"] is not None
    ev = {
        "event_type": first["event_type"],
        "sub_type": sub_type,
        "status": status,
        "date_start": start,
        "date_end": end,
        "date_precision": dated["date_precision"],
        "location_name": placed["location_name"] if has_place else None,
        "admin1": placed["admin1"] if has_place else None,
        "admin1_code": placed["admin1_code"] if has_place else None,
        "country_code": placed["country_code"] if has_place else None,
        "latitude": placed["latitude"] if has_place else None,
        "longitude": placed["longitude"] if has_place else None,
        "geo_precision": placed["geo_precision"] if has_place else None,
        "place_id": placed["place_id"],
        "target_name": _pick(by_strength, "target_name"),
        "target_type": _pick(by_strength, "target_type"),
        "weapon_id": _pick(by_strength, "weapon_id"),
        "quote": _quote(rows),
        "source_count": len(docs),
        "confidence": _confidence(
            max(r["strength"] for r in rows), mention_count, len(docs), dated["date_source"] == "sentence"
        ),
        "first_reported_at": first_reported,
        "mention_count": mention_count,
    }
    ev["sentence"] = _anchor_sentence(first, texts)
    ev["summary"] = _summary(ev, actors, _pick(by_strength, "weapon_name"))
    del ev["sentence"]
    ident = "\x1f".join(
        [
            ev["event_type"],
            str(ev["date_start"]),
            ev["place_id"] or "",
            _norm(ev["target_name"]),
            ",".join(sorted({a["actor_id"] for a in actors})),
            _norm(ev["quote"])[:80] if ev["event_type"] == "statement" else "",
        ]
    )
    ev["event_id"] = "evt_" + short_hash(ident)
    return ev, actors


def merge_events(
    candidates: pl.DataFrame, documents: pl.DataFrame, extractor_version: str = "unknown"
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Candidates (extract.events.CANDIDATES) -> events, event_actors, event_mentions."""
    empty = (schema.empty(EVENTS), schema.empty(EVENT_ACTORS), schema.empty(EVENT_MENTIONS))
    if candidates.height == 0:
        return empty
    docs = documents.select("doc_id", "text", "published_at", pl.col("source_kind").fill_null("")).unique(
        "doc_id", keep="first"
    )
    reporting = docs.filter(pl.col("source_kind") != "comment").get_column("doc_id")
    cands = (
        candidates.filter(pl.col("doc_id").is_in(reporting.implode()) & (pl.col("mentions").list.len() > 0))
        .sort("doc_id", "cand_idx")
        .with_row_index("cid")
        .with_columns(pl.col("cid").cast(pl.Int64))
    )
    if cands.height == 0:
        return empty
    feats = _features(cands)
    pairs = pl.concat(
        [_within_document_pairs(feats), _unlocated_strike_pairs(feats), _cross_document_pairs(feats, docs)]
    ).unique()
    roots = _clusters(cands.height, pairs)
    rows = feats.join(roots.rename({"label": "cluster"}), on="cid", how="left").sort("cid").to_dicts()
    published = dict(docs.select("doc_id", "published_at").iter_rows())
    texts = dict(docs.select("doc_id", "text").iter_rows())

    grouped: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        grouped.setdefault(r["cluster"], []).append(r)
    built = []
    for members in grouped.values():
        ev, actors = _event(members, published, texts)
        evidence = sorted({(r["doc_id"], m["char_start"], m["char_end"]) for r in members for m in r["mentions"]})
        built.append((ev, actors, evidence))
    _disambiguate(built)
    events = [ev for ev, _, _ in built]
    actor_rows = [
        {"event_id": ev["event_id"], "actor_id": a["actor_id"], "role": a["role"]}
        for ev, actors, _ in built
        for a in actors
    ]
    mention_rows = [
        {"event_id": ev["event_id"], "doc_id": d, "char_start": s, "char_end": e}
        for ev, _, evidence in built
        for d, s, e in evidence
    ]

    events_frame = pl.DataFrame(events, schema_overrides={k: v for k, v in EVENTS.items() if k != "event_id"})
    events_frame = schema.conform(events_frame, EVENTS).sort("event_id")
    actors_frame = schema.conform(pl.DataFrame(actor_rows, schema=EVENT_ACTORS), EVENT_ACTORS)
    actors_frame = actors_frame.unique().sort("event_id", "role", "actor_id")
    mentions = (
        pl.DataFrame(
            mention_rows,
            schema={"event_id": pl.String, "doc_id": pl.String, "char_start": pl.Int64, "char_end": pl.Int64},
        )
        .join(docs.select("doc_id", "text"), on="doc_id", how="left")
        .with_columns(
            pl.col("text").str.slice(pl.col("char_start"), pl.col("char_end") - pl.col("char_start")).alias("sentence"),
            pl.lit(extractor_version).alias("extractor_version"),
        )
    )
    mentions = schema.conform(mentions, EVENT_MENTIONS).unique().sort("event_id", "doc_id", "char_start")
    return events_frame, actors_frame, mentions


def _disambiguate(built: list[tuple[dict[str, Any], list[dict[str, Any]], list[tuple[str, int, int]]]]) -> None:
    """Give clusters with identical defining features distinct ids, in order of earliest evidence."""
    by_id: dict[str, list[int]] = {}
    for i, (ev, _, _) in enumerate(built):
        by_id.setdefault(ev["event_id"], []).append(i)
    for idxs in by_id.values():
        if len(idxs) < 2:
            continue
        ordered = sorted(idxs, key=lambda i: built[i][2][0])
        for n, i in enumerate(ordered[1:], start=2):
            built[i][0]["event_id"] = f"{built[i][0]['event_id']}-{n}"
