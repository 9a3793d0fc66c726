"""The one entry point from documents to the DATASET.md tables (called by the Dagster assets).

`extract_all(documents)` runs every stage - sentences, actors, dates, places, weapons, targets,
event candidates, merge - and returns the frames for the tables actors, actor_aliases, events,
event_actors, event_mentions, weapons, weapon_aliases and places (plus `sentences`, kept for
checks and debugging). `extract_all_timed` also reports seconds and peak memory per stage.
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
EXTRACTOR_VERSION = "events-2026.12.01"

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


def _actor_mentions(sentences: pl.DataFrame, documents: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Actor mentions with each actor's type, country, name and title; and the actors table."""
    mentions = actor_finder.find_actors(sentences, documents)
    table = actor_finder.actors_table(mentions)
    info = table.select("actor_id", "name", "actor_type", "country_code", "title")
    own = [c for c in ("actor_name", "actor_type", "actor_country_code", "actor_title") if c in mentions.columns]
    enriched = mentions.drop(own).join(info, left_on="entity_id", right_on="actor_id", how="left")
    if "match_kind" not in enriched.columns:
        enriched = enriched.with_columns(pl.lit("alias").alias("match_kind"))
    return enriched, table


def _dates(sentences: pl.DataFrame) -> pl.DataFrame:
    return date_resolver.resolve_sentence_dates(sentences)


def _weapon_mentions(sentences: pl.DataFrame, weapons: pl.DataFrame) -> pl.DataFrame:
    found = find_weapons(sentences)
    return found.join(
        weapons.select(pl.col("weapon_id").alias("entity_id"), "category", "name"), on="entity_id", how="left"
    )


def _with_extras(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """The contract's columns first, in order (missing ones as nulls), then any extra columns."""
    wanted = TABLE_COLUMNS[table]
    present = [pl.col(c) if c in frame.columns else pl.lit(None).alias(c) for c in wanted]
    extras = [c for c in frame.columns if c not in wanted]
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


def _extract(documents: pl.DataFrame, timing: StageTiming | None) -> dict[str, pl.DataFrame]:
    docs = _documents(documents)
    sentences = _run("sentences", timing, split_sentences, docs)
    actor_mentions, actors = _run("actors", timing, _actor_mentions, sentences, docs)
    dates = _run("dates", timing, _dates, sentences)
    places = _run("places", timing, find_places, sentences)
    weapons = weapons_table()
    weapon_mentions = _run("weapons", timing, _weapon_mentions, sentences, weapons)
    targets = _run("targets", timing, find_targets, sentences)
    place_info = places_table(pl.concat([places.select("place_id"), targets.select("place_id")]).drop_nulls())
    findings = Findings(
        sentences=sentences,
        actors=actor_mentions,
        dates=dates,
        places=places,
        weapons=weapon_mentions,
        targets=targets,
        place_info=place_info,
    )
    candidates = _run("events", timing, extract_candidates, findings)
    events, event_actors, event_mentions = _run("merge", timing, merge_events, candidates, docs, EXTRACTOR_VERSION)
    # Every actor an event refers to must be in the actors table (foreign key).
    missing = event_actors.join(actors.select("actor_id"), on="actor_id", how="anti")
    if missing.height:
        log.warning("%d event actor rows refer to unknown actors; dropped", missing.height)
        event_actors = event_actors.join(missing.select("actor_id").unique(), on="actor_id", how="anti")
    log.info(
        "extracted %d events (%d candidates) from %d documents, %d sentences",
        events.height,
        candidates.height,
        docs.height,
        sentences.height,
    )
    return {
        "actors": _with_extras(actors, "actors"),
        "actor_aliases": _with_extras(actor_finder.actor_aliases_table(actor_mentions), "actor_aliases"),
        "events": _with_extras(events, "events"),
        "event_actors": _with_extras(event_actors, "event_actors"),
        "event_mentions": _with_extras(event_mentions, "event_mentions"),
        "weapons": _with_extras(weapons, "weapons"),
        "weapon_aliases": _with_extras(weapon_aliases_table(), "weapon_aliases"),
        "places": _with_extras(place_info, "places"),
        "sentences": sentences,
    }


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
