"""Analyst-facing fixes to places and event locations, applied to the contract tables before publishing.

- Region and country rows of `places` get coordinates (their centroid, conflict_events.geo), and so do
  events located only to a region (`geo_precision = 'admin1'`) or a country: a map can show them.
- A region whose name is also a city's or a country's name is told apart ("Kyiv (region)" beside the city
  "Kyiv", "Georgia (US state)" beside the country), so `places.name` identifies the kind of place.
- Every `events.place_id` names exactly one row of `places`.
"""

from __future__ import annotations

import polars as pl

from conflict_events import geo, schema


def _places_with_centroids(places: pl.DataFrame) -> pl.DataFrame:
    centre = geo.centroids().select("place_id", pl.col("latitude").alias("_lat"), pl.col("longitude").alias("_lon"))
    area = pl.col("place_type").is_in(["admin1", "country"])
    return (
        places.join(centre, on="place_id", how="left")
        .with_columns(
            pl.when(area & pl.col("latitude").is_null()).then("_lat").otherwise("latitude").alias("latitude"),
            pl.when(area & pl.col("longitude").is_null()).then("_lon").otherwise("longitude").alias("longitude"),
        )
        .drop("_lat", "_lon")
    )


def _distinct_region_names(places: pl.DataFrame) -> pl.DataFrame:
    other_names = places.filter(pl.col("place_type") != "admin1").select(pl.col("name").unique().implode())
    clash = (pl.col("place_type") == "admin1") & pl.col("name").is_in(other_names.to_series().explode().implode())
    qualifier = pl.when(pl.col("country_code") == "US").then(pl.lit(" (US state)")).otherwise(pl.lit(" (region)"))
    return places.with_columns(pl.when(clash).then(pl.col("name") + qualifier).otherwise("name").alias("name"))


def _event_place_ids(events: pl.LazyFrame) -> pl.LazyFrame:
    """place_id of the event, or of its region/country when it is located only that far."""
    if "place_id" not in schema.column_names(events):
        events = events.with_columns(pl.lit(None, dtype=pl.String).alias("place_id"))
    by_area = (
        pl.when(pl.col("geo_precision") == "admin1").then("admin1-" + pl.col("admin1_code").str.to_lowercase())
        .when(pl.col("geo_precision") == "country").then("country-" + pl.col("country_code").str.to_lowercase())
    )
    return events.with_columns(pl.coalesce("place_id", by_area).alias("place_id"))


def _events_with_area_coordinates(events: pl.LazyFrame, places: pl.DataFrame) -> pl.LazyFrame:
    area = places.lazy().filter(pl.col("place_type").is_in(["admin1", "country"])).select(
        "place_id", pl.col("latitude").alias("_lat"), pl.col("longitude").alias("_lon")
    )
    fill = pl.col("geo_precision").is_in(["admin1", "country"]) & pl.col("latitude").is_null()
    return (
        events.join(area, on="place_id", how="left")
        .with_columns(
            pl.when(fill).then("_lat").otherwise("latitude").alias("latitude"),
            pl.when(fill).then("_lon").otherwise("longitude").alias("longitude"),
        )
        .drop("_lat", "_lon")
    )


def locate(tables: dict[str, pl.DataFrame | pl.LazyFrame]) -> dict[str, pl.DataFrame | pl.LazyFrame]:
    """The tables with places and events located as the module docstring says (other tables unchanged).
    Lazy events stay lazy (the places table is small and is read whole)."""
    if "places" not in tables or "events" not in tables:
        return tables
    places = _distinct_region_names(_places_with_centroids(tables["places"].lazy().collect()))
    given = tables["events"]
    events = _event_place_ids(given.lazy())
    known = pl.col("place_id").is_in(places["place_id"].implode())
    events = events.with_columns(pl.when(known).then("place_id").alias("place_id"))
    events = _events_with_area_coordinates(events, places)
    return {**tables, "places": places, "events": events.collect() if isinstance(given, pl.DataFrame) else events}
