"""Checks that guard the dataset contract, as pure functions over the tables about to be published.

Each returns a list of human-readable problems; an empty list means the check passed.
"""

from __future__ import annotations

import polars as pl


def unique_ids(tables: dict[str, pl.DataFrame]) -> list[str]:
    """Primary keys are unique and never null."""
    keys = {"documents": "doc_id", "events": "event_id", "actors": "actor_id", "weapons": "weapon_id",
            "places": "place_id"}
    problems = []
    for table, key in keys.items():
        frame = tables.get(table)
        if frame is None:
            continue
        dupes = frame.filter(pl.col(key).is_duplicated())[key].unique().sort()
        nulls = frame[key].null_count()
        if dupes.len():
            problems.append(f"{table}.{key}: {dupes.len()} duplicated ids, e.g. {dupes.head(3).to_list()}")
        if nulls:
            problems.append(f"{table}.{key}: {nulls} null ids")
    return problems


def foreign_keys_resolve(tables: dict[str, pl.DataFrame]) -> list[str]:
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
            tables[child]
            .select(pl.col(column))
            .drop_nulls()
            .unique()
            .join(tables[parent].select(pl.col(key).alias(column)), on=column, how="anti")
        )
        if orphans.height:
            problems.append(
                f"{child}.{column} -> {parent}.{key}: {orphans.height} unresolved, "
                f"e.g. {orphans[column].head(3).to_list()}"
            )
    return problems


def mention_offsets_match(tables: dict[str, pl.DataFrame]) -> list[str]:
    """Each mention's sentence is exactly documents.text[char_start:char_end]."""
    mentions, documents = tables.get("event_mentions"), tables.get("documents")
    if mentions is None or documents is None or mentions.height == 0:
        return []
    joined = mentions.join(documents.select("doc_id", "text"), on="doc_id", how="left")
    bad = joined.filter(
        pl.col("text").is_null()
        | (pl.col("text").str.slice(pl.col("char_start"), pl.col("char_end") - pl.col("char_start"))
           != pl.col("sentence"))
    )
    if bad.height:
        return [f"event_mentions: {bad.height} sentences are not documents.text[char_start:char_end]"]
    return []


def every_event_has_a_mention(tables: dict[str, pl.DataFrame]) -> list[str]:
    """Every event keeps at least one evidence sentence."""
    events, mentions = tables.get("events"), tables.get("event_mentions")
    if events is None or mentions is None:
        return []
    lonely = events.join(mentions.select("event_id").unique(), on="event_id", how="anti")
    return [f"events: {lonely.height} events have no mention"] if lonely.height else []


def no_comment_only_events(tables: dict[str, pl.DataFrame]) -> list[str]:
    """No event comes only from reader comments."""
    mentions, documents = tables.get("event_mentions"), tables.get("documents")
    if mentions is None or documents is None or mentions.height == 0:
        return []
    by_event = (
        mentions.join(documents.select("doc_id", "source_kind"), on="doc_id", how="left")
        .group_by("event_id")
        .agg((pl.col("source_kind") != "comment").any().alias("has_reporting"))
        .filter(~pl.col("has_reporting"))
    )
    return [f"events: {by_event.height} events come only from reader comments"] if by_event.height else []


def no_occurred_event_after_first_report(tables: dict[str, pl.DataFrame]) -> list[str]:
    """No occurred event is dated after it was first reported."""
    events = tables.get("events")
    if events is None or events.height == 0:
        return []
    late = events.filter(
        (pl.col("status") == "occurred")
        & (pl.col("date_start") > pl.col("first_reported_at").dt.date())
    )
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
