"""Warehouse: the checked contract tables published as one DuckDB file, atomically."""


import datetime as dt
import warnings
from pathlib import Path

import dagster as dg

from assets.io import FILE_INPUT, ParquetFile
from assets.parse import (
    DOCUMENTS_NAME,
    FINGERPRINTS_NAME,
    PARSED_CAPTURES_NAME,
    PENDING_FINGERPRINTS,
    PENDING_PARSED_CAPTURES,
)
from assets.resources import REFRESH_POOL, PipelineConfig
from conflict_events.settings import FRESHNESS_HOURS
from conflict_events.sources.documents import FINGERPRINTS, PARSED_CAPTURES
from conflict_events.warehouse.build import publish

# Every table of the dataset contract (DATASET.md), each its own asset.
TABLES = ("documents", "document_quotes", "events", "event_actors", "event_mentions", "actors", "actor_aliases",
          "places", "weapons", "weapon_aliases", "source_runs")


@dg.asset(
    group_name="warehouse",
    kinds={"duckdb"},
    description=(
        "The analysts' DuckDB file (CONFLICT_EVENTS_DB): the contract tables and the views from sql/, built "
        "in a scratch file and swapped into place, so readers never block the refresh nor see it "
        "half-written. Published only when every blocking check of every table passed; then the documents "
        "it holds become the accumulated state the next refresh adds to."
    ),
    owners=["team:data-engineering"],
    tags={"stage": "warehouse"},
    # Every table arrives as its Parquet file, which DuckDB reads itself (and documents' is kept, below).
    ins={name: dg.AssetIn(metadata={FILE_INPUT: True}) for name in TABLES},
    pool=REFRESH_POOL,
)
def warehouse(
    context: dg.AssetExecutionContext, pipeline: PipelineConfig, **tables: ParquetFile
) -> dg.MaterializeResult:
    report = publish({name: file.path for name, file in tables.items()}, Path(pipeline.db_path),
                     Path(pipeline.sql_dir))
    # Only what was published becomes the base of the next refresh (a failed check publishes nothing,
    # so it also changes nothing there).
    state = pipeline.state()
    state.adopt(DOCUMENTS_NAME, tables["documents"].path)
    pending = state.read(PENDING_FINGERPRINTS, FINGERPRINTS)
    if pending is not None:
        state.write(FINGERPRINTS_NAME, pending)
    read = state.read(PENDING_PARSED_CAPTURES, PARSED_CAPTURES)
    if read is not None:
        state.write(PARSED_CAPTURES_NAME, read)
    context.log.info(f"published {report.path} ({report.bytes} bytes)")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(report.path)),
            "bytes": report.bytes,
            "row_counts": report.row_counts,
            "dagster/row_count": report.row_counts.get("events", 0),
        }
    )


# A check (visible on the asset, evaluated hourly by its sensor) rather than a FreshnessPolicy, which
# would not show as a check result beside the others.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", category=dg.SupersessionWarning)
    warehouse_freshness_checks = dg.build_last_update_freshness_checks(
        assets=[warehouse], lower_bound_delta=dt.timedelta(hours=FRESHNESS_HOURS),
        severity=dg.AssetCheckSeverity.WARN,
    )
    freshness_sensor = dg.build_sensor_for_freshness_checks(
        freshness_checks=warehouse_freshness_checks, name="warehouse_freshness", minimum_interval_seconds=3600,
        default_status=dg.DefaultSensorStatus.RUNNING,
    )
