"""The place gazetteer (places and one place per spelling), built once per process, and lookups in it."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import polars as pl

from conflict_events import schema
from conflict_events.normalise import reference
from conflict_events.normalise.places.cities import city_rows
from conflict_events.normalise.places.model import ALIAS_ROW, PLACES
from conflict_events.normalise.places.regions import admin1_rows, country_rows, curated_place_rows


@lru_cache(maxsize=1)
def gazetteer() -> tuple[pl.DataFrame, pl.DataFrame]:
    """(places with geo_precision, aliases[alias, entity_id, case_sensitive]) with one place per spelling."""
    places, ranked = ranked_gazetteer()
    return places, ranked.select(list(reference.ALIAS_SCHEMA))


@lru_cache(maxsize=1)
def ranked_gazetteer() -> tuple[pl.DataFrame, pl.DataFrame]:
    """gazetteer(), with the aliases' rank and population kept (for the fuzzy fallback's target list)."""
    places: list[dict[str, Any]] = []
    aliases: list[dict[str, Any]] = []
    for build in (curated_place_rows, country_rows, admin1_rows, city_rows):
        more_places, more_aliases = build()
        places += more_places
        aliases += more_aliases
    place_frame = pl.DataFrame(places, schema={**PLACES, "geo_precision": pl.String}).unique("place_id", keep="first")
    alias_frame = (
        pl.DataFrame(aliases, schema=ALIAS_ROW)
        .sort(["alias", "rank", "population", "entity_id"], descending=[False, False, True, False])
        .unique("alias", keep="first", maintain_order=True)
    )
    return place_frame.sort("place_id"), alias_frame


def place_aliases() -> pl.DataFrame:
    """alias, entity_id (= place_id), case_sensitive: every spelling searched for."""
    return gazetteer()[1]


def places_table(mentions: pl.DataFrame | None = None) -> pl.DataFrame:
    """The places table: every curated place, region and country, plus the places found in `mentions`
    (any frame with a place_id or entity_id column, e.g. find_places output)."""
    places, _ = gazetteer()
    keep = pl.col("place_type").is_in(["country", "admin1", "facility"])
    if mentions is not None and mentions.height:
        column = "place_id" if "place_id" in mentions.columns else "entity_id"
        keep = keep | pl.col("place_id").is_in(mentions[column].drop_nulls().unique().implode())
    return schema.conform(places.filter(keep), PLACES).sort("place_id")


def place_by_id(place_ids: list[str]) -> pl.DataFrame:
    """Place rows (with geo_precision) for the given ids, e.g. a facility's town."""
    places, _ = gazetteer()
    return places.filter(pl.col("place_id").is_in(place_ids))
