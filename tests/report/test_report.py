"""The report a refresh writes (data/report/) and what the Dagster UI shows of it."""

from __future__ import annotations

import re

import dagster as dg
import duckdb
import pytest

from tests.report.published import PublishedRun


@pytest.fixture(scope="module")
def run(published: PublishedRun) -> PublishedRun:
    return published


def test_report_bundles_timeline_map_sources_and_latest_events(run: PublishedRun) -> None:
    html = (run.report / "index.html").read_text(encoding="utf-8")
    con = duckdb.connect(str(run.db), read_only=True)
    try:
        dated = con.execute("select count(*) from events where date_start is not null").fetchall()[0][0]
        located = con.execute("select count(*) from strikes where latitude is not null").fetchall()[0][0]
        sources = dict(con.execute("select source_id, status from source_runs").fetchall())
        sentence = con.execute(
            "select sentence from event_evidence order by published_at desc limit 1").fetchall()[0][0]
    finally:
        con.close()
    timeline = (run.report / "timeline.svg").read_text(encoding="utf-8")
    bar_counts = [int(n) for n in re.findall(r"<title>week of [\d-]+: (\d+) \w+</title>", timeline)]
    assert sum(bar_counts) == dated > 0 and timeline in html
    strikes_map = (run.report / "map.svg").read_text(encoding="utf-8")
    assert strikes_map.count('class="strike"') == located > 0 and strikes_map in html
    assert strikes_map.count('class="country"') > 10
    assert 'class="region" data-country="UA"' in strikes_map
    statuses = {source: status for status, source in
                re.findall(r'<tr class="source" data-status="(\w+)"><td>([\w-]+)</td>', html)}
    assert statuses == sources and sources["walled_ministry"] == "blocked"
    assert sentence.replace("&", "&amp;").replace('"', "&quot;").replace("'", "&#x27;")[:40] in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//(?!127\.0\.0\.1)""", html.split('<section id="latest">')[0])


def test_dagster_ui_shows_the_pictures(run: PublishedRun) -> None:
    with dg.DagsterInstance.from_config(str(run.dagster_home)) as instance:
        event = instance.get_latest_materialization_event(dg.AssetKey("report"))
        exports = instance.get_latest_materialization_event(dg.AssetKey("exports"))
    assert event is not None and exports is not None
    metadata = event.asset_materialization.metadata
    assert metadata["index_html"].value == str(run.report / "index.html")
    assert metadata["report"].value.startswith("file://")
    assert "walled_ministry | blocked" in metadata["sources_health"].value
    assert metadata["located_strikes"].value > 0
    assert "| week |" in metadata["events_by_week"].value
