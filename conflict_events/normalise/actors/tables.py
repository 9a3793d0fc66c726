"""The DATASET.md `actors` and `actor_aliases` tables, from the reference and the mentions found."""

from __future__ import annotations

import polars as pl

from conflict_events import schema
from conflict_events.normalise.actors.model import ACTOR_ALIASES, ACTORS
from conflict_events.normalise.actors.reference import ActorReference, load_actor_reference


def actors_table(mentions: pl.DataFrame | None = None, *, reference: ActorReference | None = None) -> pl.DataFrame:
    """The `actors` table: every curated actor plus the actors learned in `mentions` (find_actors output)."""
    ref = reference or load_actor_reference()
    curated = ref.actors.select(list(ACTORS))
    if mentions is None or mentions.height == 0 or "actor_name" not in mentions.columns:
        return schema.conform(curated, ACTORS).sort("actor_id")
    learned = (
        mentions.filter(~pl.col("entity_id").is_in(curated["actor_id"].implode()))
        .drop_nulls("actor_name")
        .select(
            pl.col("entity_id").alias("actor_id"),
            pl.col("actor_name").alias("name"),
            "actor_type",
            pl.col("actor_country_code").alias("country_code"),
            pl.col("actor_title").alias("title"),
        )
        .unique("actor_id", keep="first")
    )
    return schema.conform(pl.concat([curated, schema.conform(learned, ACTORS)]), ACTORS).sort("actor_id")


def actor_aliases_table(
    mentions: pl.DataFrame | None = None, *, reference: ActorReference | None = None
) -> pl.DataFrame:
    """The `actor_aliases` table: curated spellings and surnames, learned names, every spelling seen in `mentions`.

    Descriptions are not spellings: demonym phrases ("Ukrainian drones"), roles ("The President") and the
    short names bodies share ("Foreign Ministry") stay out."""
    ref = reference or load_actor_reference()
    persons = ref.actors.filter(pl.col("actor_type") == "person").select("actor_id")
    frames = [
        ref.aliases,
        ref.surnames.join(persons, on="actor_id").select("actor_id", pl.col("surname").alias("alias")),
    ]
    if mentions is not None and mentions.height > 0:
        seen = mentions
        if "match_kind" in mentions.columns:
            is_person = pl.col("entity_id").is_in(persons["actor_id"].implode()) | ~pl.col("entity_id").is_in(
                ref.actors["actor_id"].implode()
            )
            spelling = pl.col("match_kind").is_in(["alias", "title_pattern", "fuzzy"]) | (
                (pl.col("match_kind") == "surname") & is_person
            )
            seen = mentions.filter(spelling | pl.col("match_kind").is_null())
        frames.append(seen.select(pl.col("entity_id").alias("actor_id"), pl.col("surface").alias("alias")))
        if "actor_name" in mentions.columns:
            frames.append(mentions.select(pl.col("entity_id").alias("actor_id"), pl.col("actor_name").alias("alias")))
    aliases = pl.concat([schema.conform(f, ACTOR_ALIASES) for f in frames]).drop_nulls()
    aliases = aliases.with_columns(pl.col("alias").str.replace_all(r"\s+", " ").str.strip_chars())
    return aliases.filter(pl.col("alias").str.len_chars() > 0).unique().sort(["actor_id", "alias"])
