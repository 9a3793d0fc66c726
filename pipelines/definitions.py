"""The Dagster code location: assets, checks, the refresh job and its nightly schedule."""

from __future__ import annotations

import os

import dagster as dg

from assets.checks import contract_checks, shrink_checks
from assets.exports import exports, report
from assets.extract import contract_tables, document_findings
from assets.fetch import every_source_fetched, raw_captures, source_runs
from assets.io import PolarsParquetIOManager
from assets.parse import document_quotes, documents
from assets.resources import PipelineConfig
from assets.warehouse import freshness_sensor, warehouse, warehouse_freshness_checks

ALL_ASSETS = [raw_captures, source_runs, documents, document_quotes, document_findings, contract_tables, warehouse,
              exports, report]
ALL_CHECKS = [*contract_checks, *shrink_checks, every_source_fetched, *warehouse_freshness_checks]

refresh_all = dg.define_asset_job(
    name="refresh_all",
    selection=dg.AssetSelection.all(),
    description="Fetch every source, parse, extract and publish the warehouse.",
    # One refresh at a time: the run queue's tag limit, and (for runs launched any other way) the
    # REFRESH_POOL every writing asset is in, enforced per run (config/dagster.yaml).
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
        asset_checks=ALL_CHECKS,
        jobs=[refresh_all],
        schedules=[nightly_refresh],
        sensors=[freshness_sensor],
        resources={"pipeline": pipeline or PipelineConfig.from_env(), "io_manager": PolarsParquetIOManager()},
        executor=EXECUTORS[os.environ.get("CONFLICT_EVENTS_EXECUTOR", "in_process")],
    )


defs = build_definitions()
