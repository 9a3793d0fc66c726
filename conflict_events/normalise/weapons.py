"""Weapons named in sentences, resolved to one id per weapon (Storm Shadow and SCALP-EG are one weapon)."""

from __future__ import annotations

import polars as pl

from conflict_events import schema
from conflict_events.normalise import reference
from conflict_events.text.gazetteer import match_aliases


def find_weapons(sentences: pl.DataFrame) -> pl.DataFrame:
    """schema.WEAPON_MENTIONS: entity_id = weapon_id."""
    schema.check(sentences, schema.SENTENCES, "find_weapons", schema.SENTENCE_TEXT)
    # One chunk: Polars builds the search automaton once per chunk.
    return match_aliases(
        sentences.select("doc_id", "sent_idx", "sentence").rechunk(), reference.load_weapon_alias_patterns()
    )


def weapons_table() -> pl.DataFrame:
    """weapon_id, name, category, origin_country_code."""
    return reference.load_weapons()


def weapon_aliases_table() -> pl.DataFrame:
    """weapon_id, alias."""
    return reference.load_weapon_aliases()
