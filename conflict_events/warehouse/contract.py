"""Checks that guard the dataset contract, as pure functions over the tables about to be published.

Each returns a list of human-readable problems; an empty list means the check passed. The tables may
be lazy scans: a check reads only the columns it needs and collects only its findings, so checking a
table of all history never holds that table in memory.
"""

from __future__ import annotations

import polars as pl

Tables = dict[str, pl.DataFrame | pl.LazyFrame]


def unique_ids(tables: Tables) -> list[str]:
    """Primary keys are unique and never null."""
    keys = {"documents": "doc_id", "events": "event_id", "actors": "actor_id", "weapons": "weapon_id",
            "places": "place_id"}
    problems = []
    for table, key in keys.items():
        frame = tables.get(table)
        if frame is None:
            continue
        dupes, nulls = pl.collect_all([
            frame.lazy().group_by(key).len().filter((pl.col("len") > 1) & pl.col(key).is_not_null())
            .select(key).sort(key),
            frame.lazy().select(pl.col(key).null_count()),
        ])
        if dupes.height:
            problems.append(f"{table}.{key}: {dupes.height} duplicated ids, e.g. {dupes[key].head(3).to_list()}")
        if nulls.item():
            problems.append(f"{table}.{key}: {nulls.item()} null ids")
    return problems


def foreign_keys_resolve(tables: Tables) -> list[str]:
    """Every actor, event, document and weapon an event refers to exists."""
    links = [
        ("event_actors", "event_id", "events", "event_id"),
        ("event_actors", "actor_id", "actors", "actor_id"),
        ("event_mentions", "event_id", "events", "event_id"),
        ("event_mentions", "doc_id", "documents", "doc_id"),
        ("events", "weapon_id", "weapons", "weapon_id"),
        ("events", "place_id", "places", "place_id"),
        ("actor_aliases", "actor_id", "actors", "actor_id"),
        ("weapon_aliases", "weapon_id", "weapons", "weapon_id"),
    ]
    problems = []
    for child, column, parent, key in links:
        if child not in tables or parent not in tables:
            continue
        orphans = (
            tables[child].lazy()
            .select(pl.col(column))
            .drop_nulls()
            .unique()
            .join(tables[parent].lazy().select(pl.col(key).alias(column)), on=column, how="anti")
            .sort(column)
            .collect()
        )
        if orphans.height:
            problems.append(
                f"{child}.{column} -> {parent}.{key}: {orphans.height} unresolved, "
                f"e.g. {orphans[column].head(3).to_list()}"
            )
    return problems


def mention_offsets_match(tables: Tables) -> list[str]:
    """Each mention's sentence is exactly documents.text[char_start:char_end]."""
    mentions, documents = tables.get("event_mentions"), tables.get("documents")
    if mentions is None or documents is None:
        return []
    joined = mentions.lazy().select("doc_id", "sentence", "char_start", "char_end").join(
        documents.lazy().select("doc_id", "text"), on="doc_id", how="left"
    )
    bad = joined.filter(
        pl.col("text").is_null()
        | (pl.col("text").str.slice(pl.col("char_start"), pl.col("char_end") - pl.col("char_start"))
           != pl.col("sentence"))
    ).select(pl.len()).collect().item()
    if bad:
        return [f"event_mentions: {bad} sentences are not documents.text[char_start:char_end]"]
    return []


def every_event_has_a_mention(tables: Tables) -> list[str]:
    """Every event keeps at least one evidence sentence."""
    events, mentions = tables.get("events"), tables.get("event_mentions")
    if events is None or mentions is None:
        return []
    lonely = (
        events.lazy().select("event_id")
        .join(mentions.lazy().select("event_id").unique(), on="event_id", how="anti")
        .select(pl.len()).collect().item()
    )
    return [f"events: {lonely} events have no mention"] if lonely else []


def no_comment_only_events(tables: Tables) -> list[str]:
    """No event comes only from reader comments."""
    mentions, documents = tables.get("event_mentions"), tables.get("documents")
    if mentions is None or documents is None:
        return []
    comment_only = (
        mentions.lazy().select("event_id", "doc_id")
        .join(documents.lazy().select("doc_id", "source_kind"), on="doc_id", how="left")
        .group_by("event_id")
        .agg((pl.col("source_kind") != "comment").any().alias("has_reporting"))
        .filter(~pl.col("has_reporting"))
        .select(pl.len()).collect().item()
    )
    return [f"events: {comment_only} events come only from reader comments"] if comment_only else []


def no_occurred_event_after_first_report(tables: Tables) -> list[str]:
    """No occurred event is dated after it was first reported."""
    events = tables.get("events")
    if events is None:
        return []
    late = events.lazy().filter(
        (pl.col("status") == "occurred")
        & (pl.col("date_start") > pl.col("first_reported_at").dt.date())
    ).select("event_id").sort("event_id").collect()
    if late.height:
        return [f"events: {late.height} 'occurred' events start after their first report, "
                f"e.g. {late['event_id'].head(3).to_list()}"]
    return []


CHECKS = {
    "ids_unique": unique_ids,
    "foreign_keys_resolve": foreign_keys_resolve,
    "mention_offsets_match_text": mention_offsets_match,
    "every_event_has_a_mention": every_event_has_a_mention,
    "no_comment_only_events": no_comment_only_events,
    "no_occurred_event_after_first_report": no_occurred_event_after_first_report,
}
