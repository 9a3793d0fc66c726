"""The Dagster code location: assets, checks, the refresh job and its nightly schedule."""

from __future__ import annotations

import os

import dagster as dg

from assets.exports import exports, report
from assets.extract import event_tables
from assets.fetch import raw_captures
from assets.parse import documents
from assets.resources import PipelineConfig
from assets.warehouse import dataset, dataset_checks, warehouse

ALL_ASSETS = [raw_captures, documents, event_tables, dataset, warehouse, exports, report]

refresh_all = dg.define_asset_job(
    name="refresh_all",
    selection=dg.AssetSelection.all(),
    description="Fetch every source, parse, extract and publish the warehouse.",
    # One run at a time writes the raw store and publishes the file.
    tags={"dagster/concurrency_key": "conflict_events_refresh"},
)

nightly_refresh = dg.ScheduleDefinition(
    name="nightly_refresh",
    job=refresh_all,
    cron_schedule="0 3 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Refresh all sources at 03:00 UTC.",
)


# The stages form a chain, so one process per run is fastest here; a deployment that fans out (Celery,
# Kubernetes) chooses its executor and run launcher by configuration, not by code.
EXECUTORS = {"in_process": dg.in_process_executor, "multiprocess": dg.multiprocess_executor}


def build_definitions(pipeline: PipelineConfig | None = None) -> dg.Definitions:
    return dg.Definitions(
        assets=ALL_ASSETS,
        asset_checks=dataset_checks,
        jobs=[refresh_all],
        schedules=[nightly_refresh],
        resources={"pipeline": pipeline or PipelineConfig.from_env()},
        executor=EXECUTORS[os.environ.get("CONFLICT_EVENTS_EXECUTOR", "in_process")],
    )


defs = build_definitions()
