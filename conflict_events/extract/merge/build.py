"""Events, event_actors and event_mentions from clustered candidates: picked attributes, summary,
confidence, stable ids."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

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
            SOURCE_RANK.get(r["date_source"], 3),
            (r["date_end"] - r["date_start"]).days if r["date_start"] and r["date_end"] else 10**6,
            r["date_start"] or dt.date.max,
        ),
    )
    placed = min(
        rows,
        key=lambda r: (PLACE_RANK.get(r["place_type"] or "", 9), -r["strength"], r["doc_id"], r["cand_idx"]),
    )
    subs = [r["sub_type"] for r in by_strength if r["sub_type"] not in (None, "", "unspecified", "reported")]
    subs.sort(key=lambda sub: SUB_TYPE_RANK.get(sub, 5))  # stable: by strength within a rank
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
    ev["summary"] = summary(ev, actors, _pick(by_strength, "weapon_name"))
    del ev["sentence"]
    ident = "\x1f".join(
        [
            ev["event_type"],
            str(ev["date_start"]),
            ev["place_id"] or "",
            norm(ev["target_name"]),
            ",".join(sorted({a["actor_id"] for a in actors})),
            norm(ev["quote"])[:80] if ev["event_type"] == "statement" else "",
        ]
    )
    ev["event_id"] = "evt_" + short_hash(ident)
    return ev, actors


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


_CHUNK_CANDIDATES = 20_000


def _clusters_in_chunks(feats: pl.DataFrame) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """(cluster, its candidates as dicts in (doc_id, cand_idx) order), a chunk of about
    _CHUNK_CANDIDATES candidates at a time: Python dicts of every candidate at once would be the
    merge's peak memory."""
    sizes = feats.group_by("cluster").len().sort("cluster")
    chunks = sizes.select("cluster", (pl.col("len").cum_sum() // _CHUNK_CANDIDATES).alias("_chunk"))
    numbered = feats.select(_EVENT_INPUTS).join(chunks, on="cluster", how="left")
    for part in numbered.sort("doc_id", "cand_idx").partition_by("_chunk", maintain_order=True):
        grouped: dict[int, list[dict[str, Any]]] = {}
        # Only the columns _event reads: turning rows into dicts is the costly step.
        for r in part.drop("_chunk").to_dicts():
            grouped.setdefault(r["cluster"], []).append(r)
        yield from grouped.items()


def cluster_events(
    feats: pl.DataFrame, documents: pl.DataFrame, extractor_version: str
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """One event per cluster of `feats` (features with a `cluster` column): CLUSTER_EVENTS,
    CLUSTER_ACTORS and CLUSTER_MENTIONS. `documents` (doc_id, text, published_at) must hold every
    document of the clusters."""
    if feats.height == 0:
        return schema.empty(CLUSTER_EVENTS), schema.empty(CLUSTER_ACTORS), schema.empty(CLUSTER_MENTIONS)
    docs = documents.join(feats.select("doc_id").unique(), on="doc_id", how="semi")
    published = dict(docs.select("doc_id", "published_at").iter_rows())
    texts = dict(docs.select("doc_id", "text").iter_rows())
    events: list[dict[str, Any]] = []
    actor_rows: list[dict[str, Any]] = []
    mention_rows: list[dict[str, Any]] = []
    for cluster, members in _clusters_in_chunks(feats):
        ev, actors = _event(members, published, texts)
        evidence = sorted({(r["doc_id"], m["char_start"], m["char_end"]) for r in members for m in r["mentions"]})
        ev |= {
            "cluster": cluster, "base_id": ev.pop("event_id"), "evidence_doc": evidence[0][0],
            "evidence_start": evidence[0][1], "evidence_end": evidence[0][2], "first_doc": members[0]["doc_id"],
            "first_cand": members[0]["cand_idx"],
        }  # fmt: skip
        events.append(ev)
        actor_rows += [{"cluster": cluster, "actor_id": a["actor_id"], "role": a["role"]} for a in actors]
        mention_rows += [{"cluster": cluster, "doc_id": d, "char_start": s, "char_end": e} for d, s, e in evidence]
    events_frame = schema.conform(pl.DataFrame(events, schema_overrides=CLUSTER_EVENTS), CLUSTER_EVENTS)
    actors_frame = schema.conform(pl.DataFrame(actor_rows, schema=CLUSTER_ACTORS), CLUSTER_ACTORS).unique()
    mentions = (
        pl.DataFrame(
            mention_rows,
            schema={"cluster": pl.UInt64, "doc_id": pl.String, "char_start": pl.Int64, "char_end": pl.Int64},
        )
        .join(docs.select("doc_id", "text"), on="doc_id", how="left")
        .with_columns(
            pl.col("text").str.slice(pl.col("char_start"), pl.col("char_end") - pl.col("char_start")).alias("sentence"),
            pl.lit(extractor_version).alias("extractor_version"),
        )
    )
    return events_frame, actors_frame, schema.conform(mentions, CLUSTER_MENTIONS).unique()


def event_ids(cluster_events: pl.DataFrame) -> pl.DataFrame:
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
    cluster_events: pl.DataFrame, cluster_actors: pl.DataFrame, cluster_mentions: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Per-cluster frames -> events, event_actors, event_mentions (ids disambiguated, sorted)."""
    ids = event_ids(cluster_events)
    events = schema.conform(cluster_events.join(ids, on="cluster", how="left"), EVENTS).sort("event_id")
    actors = schema.conform(cluster_actors.join(ids, on="cluster", how="inner"), EVENT_ACTORS)
    actors = actors.unique().sort("event_id", "role", "actor_id")
    mentions = schema.conform(cluster_mentions.join(ids, on="cluster", how="inner"), EVENT_MENTIONS)
    mentions = mentions.unique().sort("event_id", "doc_id", "char_start")
    return events, actors, mentions


def merge_events(
    candidates: pl.DataFrame, documents: pl.DataFrame, extractor_version: str = "unknown"
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Candidates (extract.events.CANDIDATES) -> events, event_actors, event_mentions, from scratch."""
    from conflict_events.extract.merge.state import MergeState, update_merge

    merged, _change = update_merge(MergeState.empty(), candidates, [], documents, extractor_version)
    return merged.tables()
