from __future__ import annotations

import datetime as dt

import dagster as dg

from pipelines.definitions import defs


def test_code_location_loads() -> None:
    dg.Definitions.validate_loadable(defs)


def test_the_job_materialises_every_stage_in_order() -> None:
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert keys >= {"raw_captures", "documents", "event_tables", "dataset", "warehouse", "exports", "report"}
    job = defs.resolve_job_def("refresh_all")
    assert {n.name for n in job.graph.node_defs} >= {"raw_captures", "documents", "event_tables", "warehouse"}
    upstream = graph.get(dg.AssetKey("warehouse")).parent_keys
    assert dg.AssetKey("dataset") in upstream


def test_contract_checks_are_blocking() -> None:
    specs = list(defs.resolve_asset_graph().asset_check_keys)
    names = {k.name for k in specs}
    assert {"ids_unique", "foreign_keys_resolve", "mention_offsets_match_text", "no_comment_only_events",
            "no_occurred_event_after_first_report"} <= names
    for checks_def in defs.asset_checks or []:
        for spec in checks_def.check_specs:
            assert spec.blocking, spec.name


def test_nightly_schedule_runs_at_three_utc_and_is_on_by_default() -> None:
    schedule = defs.resolve_schedule_def("nightly_refresh")
    assert schedule.cron_schedule == "0 3 * * *"
    assert schedule.execution_timezone == "UTC"
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    with dg.build_schedule_context(scheduled_execution_time=dt.datetime(2026, 1, 2, 3, 0, tzinfo=dt.UTC)) as ctx:
        data = schedule.evaluate_tick(ctx)
    assert data.run_requests and len(data.run_requests) == 1
    assert schedule.job_name == "refresh_all"
