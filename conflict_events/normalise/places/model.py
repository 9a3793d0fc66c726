"""The place frames (the DATASET.md `places` table, place mentions) and the rows the gazetteer is built of."""

from __future__ import annotations

from typing import Any

import polars as pl

from conflict_events import schema
from conflict_events.normalise import reference

# The stage boundary schemas live in conflict_events/schema.py.
PLACES = schema.PLACES
PLACE_MENTIONS = schema.PLACE_MENTIONS

# Ranks: lower wins when one spelling names several places.
RANK_CURATED_PLACE = 0
RANK_CURATED_CITY_ALIAS = 1
RANK_COUNTRY = 2
RANK_ADMIN1 = 3
RANK_CITY_NAME = 4
RANK_ADMIN1_ISO_NAME = 5
RANK_CITY_ALTERNATE = 6
RANK_CITY_INFLECTED = 7
# Cyrillic case forms are generated for towns at least this large (the ones official posts name).
ALIAS_ROW = {**reference.ALIAS_SCHEMA, "rank": pl.Int64, "population": pl.Int64}


def place_row(
    place_id: str,
    name: str,
    place_type: str,
    *,
    admin1: str | None = None,
    admin1_code: str | None = None,
    country_code: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    geo_precision: str | None = None,
) -> dict[str, Any]:
    return {
        "place_id": place_id,
        "name": name,
        "place_type": place_type,
        "admin1": admin1,
        "admin1_code": admin1_code,
        "country_code": country_code,
        "latitude": latitude,
        "longitude": longitude,
        "geo_precision": geo_precision or ("city" if place_type == "city" else place_type),
    }


def alias_rows_for(place_id: str, names: list[str], rank: int, population: int = 0) -> list[dict[str, Any]]:
    rows = reference.alias_rows(place_id, names, plural=False)
    return [{**row, "rank": rank, "population": population} for row in rows]
