"""SVG charts as strings, drawn from Polars frames: no plotting library, no fonts or tiles to fetch."""

from __future__ import annotations

import math
from html import escape
from typing import Any

import polars as pl

# One colour per event type (colour-blind-safe Okabe-Ito palette).
TYPE_COLOURS = {
    "strike": "#D55E00", "meeting": "#0072B2", "statement": "#009E73", "proposal": "#CC79A7",
    "sanction": "#E69F00", "aid": "#56B4E9",
}


def timeline_svg(counts: pl.DataFrame, width: int = 900, height: int = 260) -> str:
    """Stacked bars of events per week, one colour per event type, with a legend."""
    left, right, top, bottom = 40, 10, 30, 40
    if counts.height == 0:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" id="timeline" width="{width}" height="{height}">'
                f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle">No dated events</text></svg>')
    first, last = counts["week"].min(), counts["week"].max()
    weeks = pl.date_range(first, last, "1w", eager=True).alias("week").to_frame()
    totals = weeks.join(counts.group_by("week").agg(pl.col("events").sum()), on="week", how="left").fill_null(0)
    peak = max(int(totals["events"].max() or 1), 1)
    slot = (width - left - right) / weeks.height
    bar = max(slot * 0.8, 1.0)
    scale = (height - top - bottom) / peak
    index = {week: i for i, week in enumerate(weeks["week"].to_list())}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" id="timeline" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-label="Events by type and week">']
    base = height - bottom
    parts.append(f'<line x1="{left}" y1="{base}" x2="{width - right}" y2="{base}" stroke="#444"/>')
    for tick in sorted({0, peak // 2, peak}):
        y = base - tick * scale
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{tick}</text>')
    stacked: dict[Any, float] = {}
    for row in counts.sort("week", "event_type").iter_rows(named=True):
        i = index[row["week"]]
        h = row["events"] * scale
        y0 = stacked.get(row["week"], 0.0)
        colour = TYPE_COLOURS.get(row["event_type"], "#999")
        parts.append(
            f'<rect class="bar" data-type="{escape(row["event_type"])}" x="{left + i * slot:.1f}" '
            f'y="{base - y0 - h:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}">'
            f'<title>week of {row["week"]}: {row["events"]} {escape(row["event_type"])}</title></rect>'
        )
        stacked[row["week"]] = y0 + h
    step = max(1, math.ceil(weeks.height / 8))
    for week, i in list(index.items())[::step]:
        parts.append(f'<text x="{left + i * slot + bar / 2:.1f}" y="{base + 16}" text-anchor="middle" '
                     f'font-size="11">{week:%Y-%m-%d}</text>')
    x = left
    for event_type in counts["event_type"].unique().sort().to_list():
        parts.append(f'<rect x="{x}" y="8" width="12" height="12" fill="{TYPE_COLOURS.get(event_type, "#999")}"/>'
                     f'<text x="{x + 16}" y="18" font-size="12">{escape(event_type)}</text>')
        x += 24 + 8 * len(event_type)
    parts.append("</svg>")
    return "".join(parts)


def _extent(points: pl.DataFrame) -> tuple[float, float, float, float]:
    """lon_min, lat_min, lon_max, lat_max around the points, padded, at least 12 x 8 degrees."""
    if points.height == 0:
        return 22.0, 44.0, 42.0, 53.0  # Ukraine and its neighbours
    lon_min, lon_max = float(points["longitude"].min()), float(points["longitude"].max())
    lat_min, lat_max = float(points["latitude"].min()), float(points["latitude"].max())
    pad_lon, pad_lat = max(1.5, (lon_max - lon_min) * 0.1), max(1.0, (lat_max - lat_min) * 0.1)
    lon_min, lon_max, lat_min, lat_max = lon_min - pad_lon, lon_max + pad_lon, lat_min - pad_lat, lat_max + pad_lat
    grow_lon, grow_lat = max(0.0, 12 - (lon_max - lon_min)) / 2, max(0.0, 8 - (lat_max - lat_min)) / 2
    return lon_min - grow_lon, lat_min - grow_lat, lon_max + grow_lon, lat_max + grow_lat


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [ring for polygon in polygons for ring in polygon]


def strikes_map_svg(
    strikes: pl.DataFrame, outlines: dict[str, Any], region_lines: dict[str, Any], width: int = 900
) -> str:
    """Strikes (latitude, longitude, location_name, date_start, summary) as circles over country outlines and
    region (admin-1) boundary lines, in an equirectangular projection scaled by the cosine of the mean latitude.
    Only the boundary lines that reach into the drawn extent are written, to keep the page small."""
    points = strikes.drop_nulls(["latitude", "longitude"])
    lon_min, lat_min, lon_max, lat_max = _extent(points)
    x_scale = math.cos(math.radians((lat_min + lat_max) / 2))
    height = int(width * (lat_max - lat_min) / ((lon_max - lon_min) * x_scale))

    def project(lon: float, lat: float) -> tuple[float, float]:
        return ((lon - lon_min) / (lon_max - lon_min) * width, (lat_max - lat) / (lat_max - lat_min) * height)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" id="map" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img" aria-label="Map of strikes">',
             f'<rect width="{width}" height="{height}" fill="#dde8f0"/>']
    for feature in outlines["features"]:
        path = " ".join(
            "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in (project(lon, lat) for lon, lat in ring)) + " Z"
            for ring in _rings(feature["geometry"])
        )
        name = escape(feature["properties"].get("name") or "")
        parts.append(f'<path class="country" d="{path}" fill="#f4f1ea" stroke="#888" stroke-width="0.8">'
                     f'<title>{name}</title></path>')
    parts += _region_paths(region_lines, (lon_min, lat_min, lon_max, lat_max), project)
    parts += _country_labels(outlines, project, width, height)
    for row in points.iter_rows(named=True):
        x, y = project(row["longitude"], row["latitude"])
        label = escape(f"{row.get('date_start') or 'undated'}: {row.get('location_name') or ''} - "
                       f"{row.get('summary') or ''}")
        precision = escape(row.get("geo_precision") or "")
        parts.append(f'<circle class="strike" data-precision="{precision}" cx="{x:.1f}" cy="{y:.1f}" r="6" '
                     f'fill="#D55E00" fill-opacity="0.75" stroke="#fff"><title>{label}</title></circle>')
    parts.append(f'<text x="8" y="{height - 8}" font-size="10" fill="#555">Outlines: Natural Earth, countries 1:110m, '
                 f'regions 1:10m (public domain). {points.height} located strikes.</text></svg>')
    return "".join(parts)


def _region_paths(
    region_lines: dict[str, Any], extent: tuple[float, float, float, float], project: Any
) -> list[str]:
    lon_min, lat_min, lon_max, lat_max = extent
    paths = []
    for feature in region_lines["features"]:
        visible = [
            line for line in feature["geometry"]["coordinates"]
            if any(lon_min <= lon <= lon_max and lat_min <= lat <= lat_max for lon, lat in line)
        ]
        if not visible:
            continue
        path = " ".join(
            "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in (project(lon, lat) for lon, lat in line)) for line in visible
        )
        code = escape(feature["properties"].get("iso_a2") or "")
        paths.append(f'<path class="region" data-country="{code}" d="{path}" fill="none" stroke="#b9b3a6" '
                     f'stroke-width="0.5"/>')
    return paths


def _country_labels(
    outlines: dict[str, Any], project: Any, width: int, height: int, min_size: float = 60.0
) -> list[str]:
    """A name in the middle of the visible part of each country that shows at least min_size pixels wide."""
    labels = []
    for feature in outlines["features"]:
        inside = [
            (x, y) for x, y in (project(lon, lat) for ring in _rings(feature["geometry"]) for lon, lat in ring)
            if 0 <= x <= width and 0 <= y <= height
        ]
        if not inside:
            continue
        xs, ys = [x for x, _ in inside], [y for _, y in inside]
        if max(xs) - min(xs) < min_size or max(ys) - min(ys) < min_size / 2:
            continue
        name = escape(feature["properties"].get("name") or "")
        x, y = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        labels.append(f'<text class="country-label" x="{x:.1f}" y="{y:.1f}" text-anchor="middle" font-size="13" '
                      f'fill="#777">{name}</text>')
    return labels
