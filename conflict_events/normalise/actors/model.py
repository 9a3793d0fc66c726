"""The frames and kinds the actor finder deals in: the DATASET.md `actors` / `actor_aliases` tables and
the mentions `find_actors` returns."""

from __future__ import annotations

import polars as pl

from conflict_events import schema

MATCH_KINDS = ("alias", "title_pattern", "fuzzy", "demonym", "surname", "role")
ACTOR_TYPES = ("person", "state", "government_body", "armed_force", "organisation")
# The DATASET.md tables.
ACTORS = {
    "actor_id": pl.String,
    "name": pl.String,
    "actor_type": pl.String,
    "country_code": pl.String,
    "title": pl.String,
}
ACTOR_ALIASES = {"actor_id": pl.String, "alias": pl.String}
# What find_actors returns (the stage boundary schema lives in conflict_events/schema.py).
ACTOR_MENTIONS = schema.ACTOR_MENTIONS

KEYS = ["doc_id", "sent_idx"]
