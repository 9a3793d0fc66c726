"""Events, event_actors and event_mentions from clustered candidates: picked attributes, summary,
confidence, stable ids."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from conflict_events import schema
from conflict_events.extract.merge.pairs import (
    PLACE_RANK,
    SOURCE_RANK,
    SUB_TYPE_RANK,
    clusters,
    cross_document_pairs,
    features,
    norm,
    unlocated_strike_pairs,
    within_document_pairs,
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
    feats = features(cands)
    pairs = pl.concat(
        [within_document_pairs(feats), unlocated_strike_pairs(feats), cross_document_pairs(feats, docs)]
    ).unique()
    roots = clusters(cands.height, pairs)
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
