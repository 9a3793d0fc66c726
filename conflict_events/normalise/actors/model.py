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
# What find_actors returns: schema.MENTIONS (entity_id = actor_id) plus how it was found and what the actor is.
ACTOR_MENTIONS = {
    **schema.MENTIONS,
    "match_kind": pl.String,
    "actor_name": pl.String,
    "actor_type": pl.String,
    "actor_country_code": pl.String,
    "actor_title": pl.String,
}

KEYS = ["doc_id", "sent_idx"]
