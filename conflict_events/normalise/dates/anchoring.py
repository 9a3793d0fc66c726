"""Anchored expressions ("the next day", "two days later"): counted from the nearest dated expression
before them."""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from conflict_events.normalise.dates.periods import count_of
from conflict_events.normalise.dates.phrases import DatePhrases


@lru_cache(maxsize=4096)
def anchor_shift(text: str, phrases: DatePhrases) -> int | None:
    """Days an anchored expression moves its anchor date: "the next day" +1, "two days earlier" -2."""
    match = next((m for p in phrases.anchored() if (m := p.fullmatch(text)) is not None), None)
    if match is None:
        return None
    groups = {k: (v or "").lower() for k, v in match.groupdict().items()}
    if groups["next"]:
        return 7 if groups["next"] == "week" else 1
    if groups["dir"]:
        return 1 if groups["dir"] == "after" else -1
    if groups["prev"]:
        return -7 if groups["prev"] == "week" else -1
    count = count_of(groups["count"], phrases) or 1
    return count * (7 if groups["unit"] == "week" else 1) * phrases.anchor_sides[groups["side"]]


def anchored_to_previous(found: pl.DataFrame, reach: int) -> pl.DataFrame:
    """Resolved expressions in text order (doc_id, sent_idx, _order; anchored ones with `shift` and no
    dates) with anchored ones dated from the nearest dated expression before them (same sentence or up
    to `reach` sentences back), else an honest week before publication."""
    anchored = pl.col("shift").is_not_null()
    own = pl.col("date_start").is_not_null()

    def previous(name: str) -> pl.Expr:
        return pl.when(own).then(pl.col(name)).forward_fill().over("doc_id")

    shift = pl.duration(days=pl.col("shift"))
    near = (pl.col("sent_idx") - pl.col("_anchor_idx")) <= reach
    with_anchor = anchored & pl.col("_anchor_start").is_not_null() & near.fill_null(False)
    pub = pl.col("pub")
    back = pl.col("shift") < 0
    return (
        found.with_columns(
            previous("date_start").alias("_anchor_start"),
            previous("date_end").alias("_anchor_end"),
            previous("date_precision").alias("_anchor_precision"),
            previous("sent_idx").alias("_anchor_idx"),
        )
        .with_columns(
            pl.when(with_anchor)
            .then(pl.col("_anchor_start") + shift)
            .when(anchored)
            .then(pl.when(back).then(pub - pl.duration(days=7)).otherwise(pub - pl.duration(days=6)))
            .otherwise(pl.col("date_start"))
            .alias("date_start"),
            pl.when(with_anchor)
            .then(pl.col("_anchor_end") + shift)
            .when(anchored)
            .then(pl.when(back).then(pub - pl.duration(days=1)).otherwise(pub))
            .otherwise(pl.col("date_end"))
            .alias("date_end"),
            pl.when(with_anchor)
            .then(pl.col("_anchor_precision"))
            .when(anchored)
            .then(pl.lit("week"))
            .otherwise(pl.col("date_precision"))
            .alias("date_precision"),
        )
        .with_columns(
            pl.when(anchored)
            .then(pl.col("date_start") > pub)
            .otherwise(pl.col("date_is_future"))
            .alias("date_is_future")
        )
        .drop("_anchor_start", "_anchor_end", "_anchor_precision", "_anchor_idx")
    )
