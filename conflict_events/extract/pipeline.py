"""The one entry point from documents to the DATASET.md tables (called by the Dagster assets).

Two phases:
- `extract_documents(documents)`, per document: sentences, actors, dates, places, weapons, targets
  and event candidates (`DocumentFindings`); cacheable by document version + EXTRACTOR_VERSION
  (`extract.incremental` does that);
- `merge_documents(documents, findings)`, over all stored candidates: events merged within and across
  documents, and the tables actors, actor_aliases, events, event_actors, event_mentions, weapons,
  weapon_aliases and places.
`extract_all(documents)` runs both (plus `sentences`, kept for checks and debugging);
`extract_all_timed` also reports seconds and peak memory per stage.
"""

from __future__ import annotations

import logging
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from conflict_events import schema
from conflict_events.extract.events import Findings, extract_candidates
from conflict_events.extract.merge import merge_events
from conflict_events.normalise import actors as actor_finder
from conflict_events.normalise import dates as date_resolver
from conflict_events.normalise.places import find_places, places_table
from conflict_events.normalise.targets import find_targets
from conflict_events.normalise.weapons import find_weapons, weapon_aliases_table, weapons_table
from conflict_events.text.sentences import split_sentences

# Bump when extraction rules change: it is written to every event_mentions row.
EXTRACTOR_VERSION = "events-2026.12.03.9"

log = logging.getLogger(__name__)

TABLE_COLUMNS: dict[str, list[str]] = {
    "actors": ["actor_id", "name", "actor_type", "country_code", "title"],
    "actor_aliases": ["actor_id", "alias"],
    "events": [
        "event_id",
        "event_type",
        "sub_type",
        "status",
        "date_start",
        "date_end",
        "date_precision",
        "summary",
        "location_name",
        "admin1",
        "admin1_code",
        "country_code",
        "latitude",
        "longitude",
        "geo_precision",
        "target_name",
        "target_type",
        "weapon_id",
        "quote",
        "source_count",
        "confidence",
        "first_reported_at",
    ],
    "event_actors": ["event_id", "actor_id", "role"],
    "event_mentions": ["event_id", "doc_id", "sentence", "char_start", "char_end", "extractor_version"],
    "weapons": ["weapon_id", "name", "category", "origin_country_code"],
    "weapon_aliases": ["weapon_id", "alias"],
    "places": ["place_id", "name", "place_type", "admin1", "admin1_code", "country_code", "latitude", "longitude"],
}


@dataclass
class StageTiming:
    seconds: dict[str, float] = field(default_factory=dict)
    peak_bytes: dict[str, int] = field(default_factory=dict)


def _documents(documents: pl.DataFrame) -> pl.DataFrame:
    """Documents conformed to schema.DOCUMENTS (missing columns become nulls), one row per doc_id."""
    return schema.conform(documents, schema.DOCUMENTS).unique("doc_id", keep="first", maintain_order=True)


def _enriched(mentions: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Actor mentions (find_actors) with each actor's type, country, name and title; and the actors table."""
    table = actor_finder.actors_table(mentions)
    info = table.select("actor_id", "name", "actor_type", "country_code", "title")
    own = [c for c in ("actor_name", "actor_type", "actor_country_code", "actor_title") if c in mentions.columns]
    enriched = mentions.drop(own).join(info, left_on="entity_id", right_on="actor_id", how="left")
    if "match_kind" not in enriched.columns:
        enriched = enriched.with_columns(pl.lit("alias").alias("match_kind"))
    return enriched, table


def _dates(sentences: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    return date_resolver.resolve_dates(sentences)  # per sentence, and every expression (clause dates)


def _weapon_mentions(sentences: pl.DataFrame, weapons: pl.DataFrame) -> pl.DataFrame:
    found = find_weapons(sentences)
    return found.join(
        weapons.select(pl.col("weapon_id").alias("entity_id"), "category", "name"), on="entity_id", how="left"
    )


def _with_extras(frame: schema.Frame, table: str) -> schema.Frame:
    """The contract's columns first, in order (missing ones as nulls), then any extra columns."""
    wanted = TABLE_COLUMNS[table]
    names = schema.column_names(frame)
    present = [pl.col(c) if c in names else pl.lit(None).alias(c) for c in wanted]
    extras = [c for c in names if c not in wanted]
    return frame.select(*present, *extras)


def _run(
    stage: str, timing: StageTiming | None, fn: Callable[..., Any], *args: Any
) -> Any:  # the stage's own return type
    log.info("extract: %s", stage)
    if timing is None:
        return fn(*args)
    tracemalloc.reset_peak()
    started = time.perf_counter()
    result = fn(*args)
    timing.seconds[stage] = time.perf_counter() - started
    timing.peak_bytes[stage] = tracemalloc.get_traced_memory()[1]
    return result


@dataclass
class DocumentFindings:
    """The per-document phase's output: everything the merge and the entity tables need.

    Each frame has a `doc_id` column, so results of documents extracted on different nights can be
    stored, replaced one document at a time, and merged together."""

    candidates: pl.DataFrame  # extract.events candidates, one row per (candidate, sentence)
    actor_mentions: pl.DataFrame  # normalise.actors.find_actors output, for the actors tables
    place_refs: pl.DataFrame  # doc_id, place_id: every place or target place a document names
    sentences: int = 0


FINDINGS_PARTS = ("candidates", "actor_mentions", "place_refs")


@dataclass
class StoredFindings:
    """DocumentFindings of every document, as lazy scans of the accumulated state (so a refresh never
    holds all of history's findings in memory)."""

    candidates: pl.LazyFrame
    actor_mentions: pl.LazyFrame
    place_refs: pl.LazyFrame


def extract_documents(documents: pl.DataFrame, timing: StageTiming | None = None) -> DocumentFindings:
    """The per-document phase: sentences, actors, dates, places, weapons, targets, event candidates.

    Each document's result depends on that document alone (and the reference data), so it can be
    cached by document version and EXTRACTOR_VERSION and computed in bounded batches."""
    docs = _documents(documents)
    sentences = _run("sentences", timing, split_sentences, docs)
    raw_mentions = _run("actors", timing, actor_finder.find_actors, sentences, docs)
    actor_mentions, _actors = _enriched(raw_mentions)
    dates, date_expressions = _run("dates", timing, _dates, sentences)
    places = _run("places", timing, find_places, sentences)
    weapons = weapons_table()
    weapon_mentions = _run("weapons", timing, _weapon_mentions, sentences, weapons)
    targets = _run("targets", timing, find_targets, sentences)
    place_refs = (
        pl.concat([places.select("doc_id", "place_id"), targets.select("doc_id", "place_id")], how="vertical_relaxed")
        .drop_nulls()
        .unique(maintain_order=True)
    )
    place_info = places_table(place_refs.select("place_id"))
    findings = Findings(
        sentences=sentences,
        actors=actor_mentions,
        dates=dates,
        places=places,
        weapons=weapon_mentions,
        targets=targets,
        place_info=place_info,
        date_expressions=date_expressions,
    )
    candidates = _run("events", timing, extract_candidates, findings)
    return DocumentFindings(candidates, raw_mentions, place_refs, sentences.height)


# The actor mention columns the actors tables read: mentions are deduplicated on them before they are
# collected, so history's millions of mentions are never in memory, only their distinct spellings.
_ACTOR_TABLE_INPUTS = ("entity_id", "surface", "match_kind", "actor_name", "actor_type", "actor_country_code",
                       "actor_title")


# Actor mentions read per slice of this many rows when their distinct spellings are collected.
_MENTION_SLICE = 200_000


def _distinct_actor_mentions(found: DocumentFindings | StoredFindings, present: pl.LazyFrame) -> pl.DataFrame:
    """The distinct spellings, read a slice of rows at a time (the slice is pushed into the scan)."""
    mentions = found.actor_mentions.lazy()
    wanted = [c for c in _ACTOR_TABLE_INPUTS if c in schema.column_names(mentions)]
    total = int(mentions.select(pl.len()).collect().item())
    # maintain_order: the actors table keeps the first name seen of an actor, as over all mentions.
    slices = [
        mentions.slice(offset, _MENTION_SLICE).join(present, on="doc_id", how="semi")
        .select(wanted).unique(maintain_order=True).collect()
        for offset in range(0, max(total, 1), _MENTION_SLICE)
    ]
    return pl.concat(slices).unique(maintain_order=True)


def dataset_tables(
    documents: pl.DataFrame | pl.LazyFrame,
    found: DocumentFindings | StoredFindings,
    merged: tuple[pl.LazyFrame, pl.LazyFrame, pl.LazyFrame],
) -> dict[str, pl.LazyFrame]:
    """The DATASET.md tables from the events merge (events, event_actors, event_mentions) and the
    findings of `documents`, as lazy queries: the small entity tables are computed, the large ones are
    read from the merge as they are written (extract.incremental sinks them to files)."""
    present = schema.conform(documents.lazy(), {"doc_id": pl.String}).unique()
    mentions, actors = _enriched(_distinct_actor_mentions(found, present))
    place_refs = found.place_refs.lazy().join(present, on="doc_id", how="semi").select("place_id").unique()
    place_info = places_table(place_refs.collect())
    events, event_actors, event_mentions = merged
    # Every actor an event refers to must be in the actors table (foreign key).
    missing = (
        event_actors.select("actor_id").unique().join(actors.lazy().select("actor_id"), on="actor_id", how="anti")
    ).collect()
    if missing.height:
        log.warning("event actor rows refer to %d unknown actors; dropped", missing.height)
        event_actors = event_actors.join(missing.lazy(), on="actor_id", how="anti")
    small = {
        "actors": actors,
        "actor_aliases": actor_finder.actor_aliases_table(mentions),
        "weapons": weapons_table(),
        "weapon_aliases": weapon_aliases_table(),
        "places": place_info,
    }
    large = {"events": events, "event_actors": event_actors, "event_mentions": event_mentions}
    return {name: _with_extras(frame.lazy(), name) for name, frame in {**small, **large}.items()}


def merge_documents(
    documents: pl.DataFrame, found: DocumentFindings | StoredFindings, timing: StageTiming | None = None
) -> dict[str, pl.DataFrame]:
    """The merge phase from scratch, over all candidates of `documents`: events across documents and
    the entity tables, in memory (extract.incremental.merge_incremental is the incremental, streamed one)."""
    docs = _documents(documents)
    present = docs.select("doc_id").lazy()
    candidates = found.candidates.lazy().join(present, on="doc_id", how="semi").collect()
    merged = _run("merge", timing, merge_events, candidates, docs, EXTRACTOR_VERSION)
    lazy = dataset_tables(docs, found, tuple(frame.lazy() for frame in merged))
    tables = dict(zip(lazy, pl.collect_all(lazy.values()), strict=True))
    log.info("merged %d events from %d documents", tables["events"].height, docs.height)
    return tables


def _extract(documents: pl.DataFrame, timing: StageTiming | None) -> dict[str, pl.DataFrame]:
    found = extract_documents(documents, timing)
    tables = merge_documents(documents, found, timing)
    tables["sentences"] = split_sentences(_documents(documents))
    return tables


def extract_all(documents: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """documents (schema.DOCUMENTS) -> the DATASET.md tables (and `sentences`)."""
    return _extract(documents, None)


def extract_all_timed(documents: pl.DataFrame) -> tuple[dict[str, pl.DataFrame], StageTiming]:
    """Like extract_all, also measuring seconds and peak traced memory (bytes) per stage."""
    timing = StageTiming()
    started_tracing = not tracemalloc.is_tracing()
    if started_tracing:
        tracemalloc.start()
    try:
        tables = _extract(documents, timing)
    finally:
        if started_tracing:
            tracemalloc.stop()
    return tables, timing
