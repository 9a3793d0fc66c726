"""The strike map draws region boundaries from the packaged Natural Earth lines, only where the map looks."""

from __future__ import annotations

import re

import polars as pl

from conflict_events import geo
from conflict_events.report import charts


def _strikes(*points: tuple[float, float]) -> pl.DataFrame:
    return pl.DataFrame(
        {"latitude": [lat for lat, _ in points], "longitude": [lon for _, lon in points],
         "location_name": ["somewhere"] * len(points), "date_start": ["2025-08-01"] * len(points),
         "summary": ["a strike"] * len(points), "geo_precision": ["city"] * len(points)},
    )


def _drawn_points(svg: str, country: str) -> int:
    paths = re.findall(rf'<path class="region" data-country="{country}" d="([^"]+)"', svg)
    return sum(path.count(",") for path in paths)


def test_packaged_region_lines_cover_ukraine_and_western_russia() -> None:
    lines = {f["properties"]["iso_a2"]: f["geometry"]["coordinates"] for f in geo.region_lines()["features"]}
    assert set(lines) == {"UA", "RU"}
    # Kyiv (30.5 E, 50.45 N) lies among Ukraine's oblast lines; every point of Russia's within the window.
    ua_points = [p for line in lines["UA"] for p in line]
    assert min(x for x, _ in ua_points) < 30.5 < max(x for x, _ in ua_points)
    assert all(20 <= x <= 70 and 43 <= y <= 62 for line in lines["RU"] for x, y in line)


def test_map_of_ukrainian_strikes_draws_ukrainian_regions_and_leaves_out_far_lines() -> None:
    kyiv_and_kharkiv = _strikes((50.45, 30.52), (49.99, 36.23))
    svg = charts.strikes_map_svg(kyiv_and_kharkiv, geo.country_outlines(), geo.region_lines())
    assert _drawn_points(svg, "UA") > 500
    everything = sum(len(line) for f in geo.region_lines()["features"] for line in f["geometry"]["coordinates"])
    assert _drawn_points(svg, "UA") + _drawn_points(svg, "RU") < everything
    assert svg.count('class="strike"') == 2


def test_map_without_region_lines_still_draws_countries_and_strikes() -> None:
    svg = charts.strikes_map_svg(_strikes((50.45, 30.52)), geo.country_outlines(), {"features": []})
    assert 'class="region"' not in svg and 'class="country"' in svg and svg.count('class="strike"') == 1
