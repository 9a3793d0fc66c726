"""Bare surnames and short names resolved to one actor, and overlapping spans dropped."""

from __future__ import annotations

import polars as pl

from conflict_events.normalise.actors.model import KEYS


def drop_overlapping(lower: pl.DataFrame, higher: pl.DataFrame, *, unless_longer: bool = False) -> pl.DataFrame:
    """Rows of `lower` that overlap no span of `higher` in the same sentence (with `unless_longer`: no span
    of `higher` at least as long)."""
    if lower.height == 0 or higher.height == 0:
        return lower
    keyed = lower.with_row_index("_row")
    overlapping = (pl.col("h_start") < pl.col("end")) & (pl.col("start") < pl.col("h_end"))
    if unless_longer:
        overlapping = overlapping & ((pl.col("h_end") - pl.col("h_start")) >= (pl.col("end") - pl.col("start")))
    clashes = (
        keyed.select(*KEYS, "_row", "start", "end")
        .join(higher.select(*KEYS, pl.col("start").alias("h_start"), pl.col("end").alias("h_end")), on=KEYS)
        .filter(overlapping)
        .select("_row")
        .unique()
    )
    return keyed.join(clashes, on="_row", how="anti").sort("_row").drop("_row")


def resolve_surnames(
    hits: pl.DataFrame,
    full: pl.DataFrame,
    surnames: pl.DataFrame,
    actors: pl.DataFrame,
    publisher_docs: pl.DataFrame,
) -> pl.DataFrame:
    """hits: surname mentions with candidate entity_id (one row per candidate).  Pick one actor per hit.

    Candidates named in full in the same document win (the full mention nearest before the hit, else
    the nearest after); otherwise the hit goes to the single curated person with that surname, if the
    person may be named by surname alone; otherwise, in an official publisher's text, to the single
    candidate of the publisher's country ("the Security Council" on kremlin.ru)."""
    if hits.height == 0:
        return hits.with_columns(pl.lit("surname").alias("match_kind"))
    spans = [*KEYS, "start", "end"]
    firsts = full.group_by("doc_id", "entity_id").agg(pl.col("sent_idx").alias("_full_sents"))
    in_doc = (
        hits.join(firsts, on=["doc_id", "entity_id"], how="inner")
        .explode("_full_sents")
        .with_columns(
            # Distance to a full mention; mentions before the hit are preferred (offset keeps them first).
            pl.when(pl.col("_full_sents") <= pl.col("sent_idx"))
            .then(pl.col("sent_idx") - pl.col("_full_sents"))
            .otherwise(pl.col("_full_sents") - pl.col("sent_idx") + 1_000_000)
            .alias("_distance")
        )
        .sort([*spans, "_distance", "entity_id"])
        .unique(spans, keep="first", maintain_order=True)
        .drop("_full_sents", "_distance")
    )
    key = pl.col("surname").str.to_lowercase()
    owners = (
        surnames.with_columns(key.alias("_key")).group_by("_key").agg(pl.col("actor_id").n_unique().alias("_owners"))
    )
    alone_ok = actors.filter(pl.col("surname_alone")).select(pl.col("actor_id").alias("entity_id"))
    unique_owner = (
        hits.join(in_doc.select(spans), on=spans, how="anti")
        .with_columns(pl.col("surface").str.to_lowercase().alias("_key"))
        .join(owners, on="_key", how="inner")
        .filter(pl.col("_owners") == 1)
        .join(alone_ok, on="entity_id", how="semi")
        .drop("_key", "_owners")
    )
    countries = actors.select(pl.col("actor_id").alias("entity_id"), pl.col("country_code").alias("_actor_cc"))
    home = (
        hits.join(pl.concat([in_doc, unique_owner]).select(spans), on=spans, how="anti")
        .join(publisher_docs.select("doc_id", pl.col("country_code").alias("_doc_cc")), on="doc_id")
        .join(countries, on="entity_id")
        .filter(pl.col("_actor_cc") == pl.col("_doc_cc"))
        .filter(pl.len().over(spans) == 1)
        .drop("_doc_cc", "_actor_cc")
    )
    return pl.concat([in_doc, unique_owner, home]).with_columns(pl.lit("surname").alias("match_kind"))
