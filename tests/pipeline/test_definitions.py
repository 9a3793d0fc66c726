from __future__ import annotations

import datetime as dt

import dagster as dg
import duckdb
import polars as pl

from assets.metadata import frame_metadata
from conflict_events.extract.incremental import MERGE_FORMAT
from conflict_events.extract.pipeline import EXTRACTOR_VERSION
from conflict_events.settings import SQL_DIR
from pipelines.definitions import defs
from tests.support import CONTRACT_TABLES


def test_code_location_loads() -> None:
    dg.Definitions.validate_loadable(defs)


# Written out here (DATASET.md plus the two operational tables), not derived from the code under test.
TABLES = {*CONTRACT_TABLES, "source_runs", "document_quotes"}


def test_every_contract_table_is_its_own_asset_upstream_of_the_published_file() -> None:
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert keys >= TABLES and {"raw_captures", "warehouse", "exports", "report"} <= keys
    upstream = {k.to_user_string() for k in graph.get(dg.AssetKey("warehouse")).parent_keys}
    assert upstream == TABLES
    assert dg.AssetKey("event_candidates") in graph.get(dg.AssetKey("events")).parent_keys
    assert dg.AssetKey("documents") in graph.get(dg.AssetKey("event_mentions")).parent_keys


def test_code_version_follows_the_extractor_and_merge_versions() -> None:
    graph = defs.resolve_asset_graph()
    assert graph.get(dg.AssetKey("event_candidates")).code_version == EXTRACTOR_VERSION
    for name in ("events", "event_mentions", "actors"):
        assert graph.get(dg.AssetKey(name)).code_version == f"{EXTRACTOR_VERSION}+{MERGE_FORMAT}"


def test_contract_checks_are_blocking_and_attached_to_the_table_they_guard() -> None:
    by_asset: dict[str, set[str]] = {}
    for key in defs.resolve_asset_graph().asset_check_keys:
        by_asset.setdefault(key.asset_key.to_user_string(), set()).add(key.name)
    assert {"ids_unique", "no_occurred_event_after_first_report", "foreign_keys_resolve"} <= by_asset["events"]
    assert {"mention_offsets_match_text", "every_event_has_a_mention", "events_do_not_shrink"} <= by_asset[
        "event_mentions"]
    assert {"ids_unique", "documents_do_not_shrink"} <= by_asset["documents"]
    assert "foreign_keys_resolve" in by_asset["event_actors"]
    assert "every_source_fetched" in by_asset["source_runs"]
    for checks_def in defs.asset_checks or []:
        for spec in checks_def.check_specs:
            if spec.name in ("every_source_fetched",) or spec.name.startswith("freshness"):
                continue  # warnings: they never stop a publish
            assert spec.blocking, spec.name


def test_table_assets_describe_their_columns_with_the_ddl_comments() -> None:
    con = duckdb.connect(":memory:")
    for script in sorted(SQL_DIR.glob("*.sql")):
        con.execute(script.read_text())
    (comment,) = con.execute(
        "select comment from duckdb_columns() where table_name = 'events' and column_name = 'date_precision'"
    ).fetchone()
    frame = pl.DataFrame({"event_id": ["e"], "date_precision": ["day"]})
    schema = frame_metadata(frame, ["event_id"], table="events")["dagster/column_schema"]
    described = {c.name: c.description for c in schema.columns}
    assert described["date_precision"] == comment and comment


def test_nightly_schedule_runs_at_three_utc_and_is_on_by_default() -> None:
    schedule = defs.resolve_schedule_def("nightly_refresh")
    assert schedule.cron_schedule == "0 3 * * *"
    assert schedule.execution_timezone == "UTC"
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    with dg.build_schedule_context(scheduled_execution_time=dt.datetime(2026, 1, 2, 3, 0, tzinfo=dt.UTC)) as ctx:
        data = schedule.evaluate_tick(ctx)
    assert data.run_requests and len(data.run_requests) == 1
    assert schedule.job_name == "refresh_all"
