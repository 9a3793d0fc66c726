"""Write the report of a published warehouse file: index.html, timeline.svg and map.svg (write_report)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from conflict_events import geo
from conflict_events.atomic import replace_atomically
from conflict_events.report import charts, page
from conflict_events.warehouse.connection import connect

LATEST_EVENTS = 15


@dataclass(frozen=True)
class ReportFiles:
    index: Path
    timeline: Path
    strikes_map: Path
    sources_markdown: str  # the sources-health table, for the Dagster UI
    weekly_markdown: str  # events per week and type, for the Dagster UI
    located_strikes: int


def _weekly_markdown(counts: pl.DataFrame) -> str:
    if counts.height == 0:
        return "_(no dated events)_"
    wide = counts.pivot(on="event_type", index="week", values="events").fill_null(0).sort("week")
    header = "| " + " | ".join(wide.columns) + " |"
    rows = ["| " + " | ".join(str(v) for v in row) + " |" for row in wide.rows()]
    return "\n".join([header, "|" + "---|" * len(wide.columns), *rows])


def write_report(db_path: Path, folder: Path) -> ReportFiles:
    folder.mkdir(parents=True, exist_ok=True)
    con = connect(db_path, read_only=True)
    try:
        # Counted and picked in DuckDB: only the counts, the latest events and the strikes' points are read.
        counts = con.sql(
            "SELECT date_trunc('week', date_start)::DATE AS week, event_type, count(*)::UINT32 AS events FROM events "
            "WHERE date_start IS NOT NULL GROUP BY ALL ORDER BY week, event_type"
        ).pl()
        by_type = dict(con.execute(
            "SELECT event_type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1"
        ).fetchall())
        latest = con.sql(
            "SELECT event_id, event_type, sub_type, date_start, location_name, summary FROM events "
            "ORDER BY date_start DESC NULLS LAST, event_id LIMIT $n", params={"n": LATEST_EVENTS}
        ).pl()
        strikes = con.sql(
            "SELECT event_id, date_start, location_name, geo_precision, latitude, longitude, summary FROM events "
            "WHERE event_type = 'strike'"
        ).pl()
        runs = con.sql("SELECT * FROM source_runs").pl()
        evidence = con.sql(
            "SELECT event_id, sentence, url, source_id FROM event_evidence WHERE list_contains($ids, event_id) "
            "ORDER BY event_id, published_at, char_start",
            params={"ids": latest["event_id"].to_list()},
        ).pl()
        built = runs["run_started_at"].max() if runs.height else None
    finally:
        con.close()
    timeline = charts.timeline_svg(counts)
    strikes_map = charts.strikes_map_svg(strikes, geo.country_outlines(), geo.region_lines())
    html = page.page(
        title="Conflict events: the latest refresh",
        built=f"{built:%Y-%m-%d %H:%M} UTC" if isinstance(built, dt.datetime) else "unknown",
        db_path=str(db_path),
        counts={"events": sum(by_type.values()), **by_type},
        timeline=timeline,
        strikes_map=strikes_map,
        sources=page.sources_health_html(runs),
        latest=page.latest_events_html(latest, evidence),
    )
    files = ReportFiles(
        index=folder / "index.html",
        timeline=folder / "timeline.svg",
        strikes_map=folder / "map.svg",
        sources_markdown=page.sources_health_markdown(runs),
        weekly_markdown=_weekly_markdown(counts),
        located_strikes=strikes.drop_nulls(["latitude", "longitude"]).height,
    )
    for path, text in ((files.timeline, timeline), (files.strikes_map, strikes_map), (files.index, html)):
        replace_atomically(path, lambda scratch, text=text: scratch.write_text(text, encoding="utf-8"))
    return files
