"""Events, event_actors and event_mentions from clustered candidates: picked attributes, summary,
confidence, stable ids."""

from __future__ import annotations

import datetime as dt

import polars as pl

from conflict_events import schema
from conflict_events.extract.merge.pairs import (
    PLACE_RANK,
    SOURCE_RANK,
    SUB_TYPE_RANK,
    candidate_ids,
    features,
    norm,
)
from conflict_events.extract.merge.summaries import summary
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


def _confidence(strength: float, mentions: int, sources: int, explicit_date: bool) -> float:
    score = strength + min(0.15, 0.05 * (mentions - 1)) + min(0.2, 0.1 * (sources - 1))
    score += 0.05 if explicit_date else -0.05
    return round(min(0.99, max(0.05, score)), 3)


def _quote(quotes: list[str]) -> str | None:
    """The cluster's quotations (in order of document and sentence), each once: one contained in
    another is dropped."""
    kept: list[str] = []
    for q in quotes:
        if any(q in other for other in kept):
            continue
        kept = [other for other in kept if other not in q]
        kept.append(q)
    if not kept:
        return None
    # Prefer real quotations over short scare-quoted words.
    long = [q for q in kept if len(q.split()) >= 4]
    return " … ".join(long or kept)


# The orders in which a cluster's candidates are read (the first one wins).
_BY_STRENGTH = (["strength", "doc_id", "cand_idx"], [True, False, False])
_PLACE_FIELDS = ["location_name", "admin1", "admin1_code", "country_code", "latitude", "longitude", "geo_precision"]
_DATE_FIELDS = ["date_start", "date_end", "date_precision", "date_source"]
_IGNORED_SUB_TYPES = ["", "unspecified", "reported"]  # and null


def _first(column: str, by: list[str | pl.Expr], descending: list[bool]) -> pl.Expr:
    return pl.col(column).sort_by(by, descending=descending).first()


def _strongest(column: str, *, skip_nulls: bool = False) -> pl.Expr:
    """The column of the strongest candidate (ties: document, candidate order); with skip_nulls, of
    the strongest candidate that has it."""
    ordered = pl.col(column).sort_by(_BY_STRENGTH[0], descending=_BY_STRENGTH[1])
    return (ordered.drop_nulls() if skip_nulls else ordered).first().alias(column)


def _picked(members: pl.DataFrame) -> pl.DataFrame:
    """Per cluster, the attributes picked from its candidates: type and target from the strongest
    mention, dates from the best-dated one (a date in the sentence over context over the report
    window, then the narrowest range), the place from the most specific one, the most specific
    sub_type, and counts."""
    order = ["doc_id", "cand_idx"]
    span = (pl.col("date_end") - pl.col("date_start")).dt.total_days().fill_null(10**6)
    date_rank = [
        pl.col("date_source").replace_strict(SOURCE_RANK, default=3, return_dtype=pl.Int64),
        span,
        pl.col("date_start").fill_null(dt.date.max),
        *order,
    ]
    place_rank = [
        pl.col("place_type").fill_null("").replace_strict(PLACE_RANK, default=9, return_dtype=pl.Int64),
        "strength",
        *order,
    ]
    sub_rank = (
        pl.when(pl.col("sub_type").is_null() | pl.col("sub_type").is_in(_IGNORED_SUB_TYPES))
        .then(99)
        .otherwise(pl.col("sub_type").replace_strict(SUB_TYPE_RANK, default=5, return_dtype=pl.Int64))
    )
    by_sub = [sub_rank, "strength", *order]
    return members.group_by("cluster").agg(
        _strongest("event_type"),
        _strongest("sub_type").alias("_strongest_sub"),
        _first("sub_type", by_sub, [False, True, False, False]).alias("_best_sub"),
        sub_rank.min().alias("_best_sub_rank"),
        *[_first(c, date_rank, [False] * 5).alias(c) for c in _DATE_FIELDS],
        *[_first(c, place_rank, [False, True, False, False]).alias(c) for c in ["place_id", *_PLACE_FIELDS]],
        *[_strongest(c, skip_nulls=True) for c in ("target_name", "target_type", "weapon_id", "weapon_name")],
        _strongest("doc_id").alias("_anchor_doc"),
        _strongest("anchor_sent").alias("_anchor_sent"),
        _strongest("mentions").alias("_anchor_mentions"),
        (pl.col("status") == "occurred").any().alias("_occurred"),
        pl.col("mentions").list.len().sum().alias("mention_count"),
        pl.col("doc_id").n_unique().alias("source_count"),
        pl.col("strength").max().alias("_strength"),
        pl.col("published_at").min().alias("first_reported_at"),
        _first("doc_id", order, [False, False]).alias("first_doc"),
        _first("cand_idx", order, [False, False]).alias("first_cand"),
        pl.col("quote").sort_by("doc_id", "first_sent").drop_nulls().alias("_quotes"),
    )


def _anchor_sentences(picked: pl.DataFrame, texts: pl.DataFrame) -> pl.DataFrame:
    """cluster, sentence: the strongest candidate's trigger sentence (its first evidence sentence
    when the trigger sentence is not among its evidence)."""
    spans = (
        picked.select("cluster", "_anchor_doc", "_anchor_sent", pl.col("_anchor_mentions").alias("m"))
        .explode("m")
        .drop_nulls("m")
        .with_row_index("_pos")
        .unnest("m")
        .sort(pl.col("sent_idx") != pl.col("_anchor_sent"), "_pos")
        .group_by("cluster", maintain_order=True)
        .first()
    )
    return spans.join(texts.rename({"doc_id": "_anchor_doc"}), on="_anchor_doc", how="left").select(
        "cluster", pl.col("text").str.slice(pl.col("char_start"), pl.col("char_end") - pl.col("char_start")).alias(
            "sentence"
        )
    )


def _dated_and_capped(picked: pl.DataFrame) -> pl.DataFrame:
    """status, and an event that took place ends no later than its first report."""
    reported = pl.col("first_reported_at").dt.date()
    capped = pl.col("_occurred") & reported.is_not_null() & pl.col("date_end").is_not_null() & (
        pl.col("date_end") > reported
    )
    return picked.with_columns(
        pl.when(pl.col("_occurred")).then(pl.lit("occurred")).otherwise(pl.lit("planned")).alias("status"),
        pl.when(pl.col("_best_sub_rank") < 99).then("_best_sub").otherwise("_strongest_sub").alias("sub_type"),
        pl.when(capped).then(reported).otherwise("date_end").alias("date_end"),
        pl.when(capped)
        .then(pl.min_horizontal(pl.col("date_start").fill_null(reported), reported))
        .otherwise("date_start")
        .alias("date_start"),
        *[pl.when(pl.col("place_id").is_not_null()).then(c).alias(c) for c in _PLACE_FIELDS],
    )


def _described(events: pl.DataFrame, actors: pl.DataFrame) -> pl.DataFrame:
    """quote, confidence, summary and base_id per cluster: per event (not per candidate) in Python,
    as they are string rules over a handful of values."""
    names = actors.group_by("cluster", maintain_order=True).agg(pl.struct("actor_id", "role", "name").alias("_actors"))
    rows = events.join(names, on="cluster", how="left")
    described = []
    for ev in rows.iter_rows(named=True):
        ev_actors = ev["_actors"] or []
        ev["quote"] = _quote(ev["_quotes"] or [])
        summary_text = summary(ev, ev_actors, ev["weapon_name"])
        ident = "\x1f".join(
            [
                ev["event_type"],
                str(ev["date_start"]),
                ev["place_id"] or "",
                norm(ev["target_name"]),
                ",".join(sorted({a["actor_id"] for a in ev_actors})),
                norm(ev["quote"])[:80] if ev["event_type"] == "statement" else "",
            ]
        )
        described.append(
            {
                "cluster": ev["cluster"],
                "quote": ev["quote"],
                "summary": summary_text,
                "confidence": _confidence(
                    ev["_strength"], ev["mention_count"], ev["source_count"], ev["date_source"] == "sentence"
                ),
                "base_id": "evt_" + short_hash(ident),
            }
        )
    schema_ = {"cluster": pl.UInt64, "quote": pl.String, "summary": pl.String, "confidence": pl.Float64,
               "base_id": pl.String}  # fmt: skip
    return events.join(pl.DataFrame(described, schema=schema_), on="cluster", how="left")


# Kept per cluster beside its event (not published): what the event ids are disambiguated by.
CLUSTER_COLUMNS = {
    "cluster": pl.UInt64,  # the smallest candidate id (pairs.candidate_ids) of the cluster
    "base_id": pl.String,  # evt_ + hash of the defining features, before any suffix
    "evidence_doc": pl.String,  # the earliest evidence span (doc_id, char_start, char_end)
    "evidence_start": pl.Int64,
    "evidence_end": pl.Int64,
    "first_doc": pl.String,  # the first candidate (doc_id, cand_idx): the order of clusters
    "first_cand": pl.Int64,
}
_EVENT_INPUTS = [
    "cluster", "doc_id", "cand_idx", "anchor_sent", "event_type", "sub_type", "status", "date_start", "date_end",
    "date_precision", "date_source", "place_id", "location_name", "place_type", *schema.EVENT_PLACE_TARGET_WEAPON,
    "weapon_name", "quote", "actors", "strength", "mentions", "first_sent",
]  # fmt: skip
CLUSTER_EVENTS = {**{k: v for k, v in EVENTS.items() if k != "event_id"}, **CLUSTER_COLUMNS}
CLUSTER_ACTORS = {"cluster": pl.UInt64, "actor_id": pl.String, "role": pl.String}
CLUSTER_MENTIONS = {"cluster": pl.UInt64, "doc_id": pl.String, "sentence": pl.String, "char_start": pl.Int64,
                    "char_end": pl.Int64, "extractor_version": pl.String}


def reporting_candidates(candidates: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """The candidates that can make events (not from reader comments, with evidence), with their
    merge features and stable candidate ids (`cid`)."""
    reporting = documents.filter(pl.col("source_kind").fill_null("") != "comment").select("doc_id")
    cands = (
        candidates.join(reporting, on="doc_id", how="semi")
        .filter(pl.col("mentions").list.len() > 0)
        .sort("doc_id", "cand_idx")
        .with_columns(candidate_ids())
    )
    return features(cands)


def cluster_events(
    feats: pl.DataFrame, documents: pl.DataFrame, extractor_version: str
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """One event per cluster of `feats` (features with a `cluster` column): CLUSTER_EVENTS,
    CLUSTER_ACTORS and CLUSTER_MENTIONS. `documents` (doc_id, text, published_at) must hold every
    document of the clusters."""
    if feats.height == 0:
        return schema.empty(CLUSTER_EVENTS), schema.empty(CLUSTER_ACTORS), schema.empty(CLUSTER_MENTIONS)
    docs = documents.join(feats.select("doc_id").unique(), on="doc_id", how="semi")
    texts = docs.select("doc_id", "text")
    members = feats.select(_EVENT_INPUTS).join(docs.select("doc_id", "published_at"), on="doc_id", how="left")
    # Every actor of the cluster once, in the order its candidates (document, candidate) name them.
    actors = (
        members.sort("doc_id", "cand_idx")
        .select("cluster", "actors")
        .explode("actors")
        .drop_nulls("actors")
        .unnest("actors")
        .unique(["cluster", "actor_id", "role"], keep="first", maintain_order=True)
    )
    evidence = (
        members.select("cluster", "doc_id", "mentions")
        .explode("mentions")
        .drop_nulls("mentions")
        .unnest("mentions")
        .select("cluster", "doc_id", "char_start", "char_end")
        .unique()
    )
    earliest = (
        evidence.sort("doc_id", "char_start", "char_end")
        .group_by("cluster", maintain_order=True)
        .first()
        .rename({"doc_id": "evidence_doc", "char_start": "evidence_start", "char_end": "evidence_end"})
    )
    picked = _dated_and_capped(_picked(members))
    events = picked.join(_anchor_sentences(picked, texts), on="cluster", how="left").join(
        earliest, on="cluster", how="left"
    )
    events_frame = schema.conform(_described(events, actors), CLUSTER_EVENTS)
    mentions = evidence.join(texts, on="doc_id", how="left").with_columns(
        pl.col("text").str.slice(pl.col("char_start"), pl.col("char_end") - pl.col("char_start")).alias("sentence"),
        pl.lit(extractor_version).alias("extractor_version"),
    )
    return (
        events_frame,
        schema.conform(actors, CLUSTER_ACTORS),
        schema.conform(mentions, CLUSTER_MENTIONS),
    )


def event_ids(cluster_events: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """cluster -> event_id: clusters with identical defining features (one base_id) get distinct ids,
    suffixed -2, -3, ... in order of their earliest evidence (then of their first candidate)."""
    return (
        cluster_events.lazy()
        .select("cluster", "base_id", "evidence_doc", "evidence_start", "evidence_end", "first_doc", "first_cand")
        .sort("base_id", "evidence_doc", "evidence_start", "evidence_end", "first_doc", "first_cand")
        .with_columns((pl.int_range(pl.len()).over("base_id") + 1).alias("_n"))
        .select(
            "cluster",
            pl.when(pl.col("_n") == 1)
            .then(pl.col("base_id"))
            .otherwise(pl.col("base_id") + "-" + pl.col("_n").cast(pl.String))
            .alias("event_id"),
        )
        .collect()
    )


def contract_frames(
    cluster_events: pl.LazyFrame, cluster_actors: pl.LazyFrame, cluster_mentions: pl.LazyFrame
) -> tuple[pl.LazyFrame, pl.LazyFrame, pl.LazyFrame]:
    """Per-cluster frames -> events, event_actors, event_mentions (ids disambiguated), as lazy queries:
    only the id of each cluster is computed here, the tables are built as they are written, in the
    order the merge stores them (schema.ROW_ORDER is applied by who needs it: a global sort would hold
    the table in memory). A cluster's actors and mentions are distinct (build.cluster_events), and
    its id is its own, so the rows are distinct too."""
    ids = event_ids(cluster_events).lazy()
    events = schema.conform(cluster_events.join(ids, on="cluster", how="left"), EVENTS)
    actors = schema.conform(cluster_actors.join(ids, on="cluster", how="inner"), EVENT_ACTORS)
    mentions = schema.conform(cluster_mentions.join(ids, on="cluster", how="inner"), EVENT_MENTIONS)
    return events, actors, mentions


def merge_events(
    candidates: pl.DataFrame, documents: pl.DataFrame, extractor_version: str = "unknown"
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Candidates (extract.events.CANDIDATES) -> events, event_actors, event_mentions, from scratch."""
    from conflict_events.extract.merge.state import MergeState, apply, update_merge

    empty = MergeState.empty()
    delta, _change = update_merge(empty, candidates, [], documents, extractor_version)
    tables = zip(("events", "event_actors", "event_mentions"), apply(empty, delta).tables(), strict=True)
    events, actors, mentions = pl.collect_all([frame.sort(schema.ROW_ORDER[name]) for name, frame in tables])
    return events, actors, mentions
