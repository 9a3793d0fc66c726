"""The dates frame (one row per sentence) and the shape of one resolved expression."""

from __future__ import annotations

from datetime import date

from conflict_events import schema

DATES = schema.DATES  # the stage boundary schema lives in conflict_events/schema.py
KEYS = ["doc_id", "sent_idx"]
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}

Resolved = tuple[date, date, str, bool]  # start, end, precision, is_future
