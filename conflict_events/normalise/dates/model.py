"""The dates frame (one row per sentence) and the shape of one resolved expression."""

from __future__ import annotations

from datetime import date

import polars as pl

DATES = {
    "doc_id": pl.String,
    "sent_idx": pl.Int64,
    "date_start": pl.Date,
    "date_end": pl.Date,
    "date_precision": pl.String,
    "date_text": pl.String,
    "date_is_future": pl.Boolean,
}
KEYS = ["doc_id", "sent_idx"]
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}

Resolved = tuple[date, date, str, bool]  # start, end, precision, is_future
