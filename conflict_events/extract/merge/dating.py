"""An undated mention takes the date of the event it mentions, before anything is merged across documents.

A report that dates the summit ("Trump and Putin met in Anchorage on 15 August") and later names it
without a date ("the two presidents' meeting") gives the second mention only the report's week as a
date (`date_source = window`). Within its document that mention pairs with the dated one, and
through it with the reports of the summit's week; left with the report's week, it would also pair
with the reports of *that* week, and a weekly newsletter would chain every week's events of one
kind into a single event spanning years (and make each refresh rebuild the chain). So a
window-dated candidate that pairs with dated candidates of its document takes the date of the
nearest of them (by sentence, then by the order of the report): it is that event, of that date.
"""

from __future__ import annotations

import polars as pl

from conflict_events.extract.merge.pairs import sentence_distance, within_document_pairs

_DATE_FIELDS = ["date_start", "date_end", "date_precision", "date_source"]


def with_partner_dates(feats: pl.DataFrame) -> pl.DataFrame:
    """`feats` (merge features) with each window-dated candidate dated like its nearest compatible
    dated candidate of the same document; every other candidate unchanged."""
    undated = pl.col("date_source") == "window"
    if feats.height == 0 or not feats.select(undated.any()).item():
        return feats
    pairs = within_document_pairs(feats, same_week=False)
    both_ways = pl.concat([pairs, pairs.select(pl.col("cid_r").alias("cid"), pl.col("cid").alias("cid_r"))])
    side = feats.select("cid", "cand_idx", "first_sent", "last_sent", *_DATE_FIELDS)
    nearest = (
        both_ways.join(side, on="cid", how="inner")
        .join(side.rename({c: f"{c}_r" for c in side.columns}), on="cid_r", how="inner")
        .filter(undated & (pl.col("date_source_r") != "window") & pl.col("date_start_r").is_not_null())
        .sort("cid", sentence_distance(), "cand_idx_r")
        .group_by("cid", maintain_order=True)
        .first()
        .select("cid", *[pl.col(f"{c}_r").alias(c) for c in _DATE_FIELDS])
    )
    if nearest.height == 0:
        return feats
    return feats.update(nearest, on="cid", how="left", include_nulls=True)
