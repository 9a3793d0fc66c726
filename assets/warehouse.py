"""Warehouse: assemble the contract tables, check them, publish the DuckDB file atomically."""

from pathlib import Path

import dagster as dg
import polars as pl

from assets.resources import PipelineConfig
from conflict_events.extract.pipeline import TABLE_COLUMNS
from conflict_events.parse.documents import document_quotes
from conflict_events.warehouse.build import publish
from conflict_events.warehouse.contract import CHECKS
from conflict_events.warehouse.located import locate


@dg.asset(
    group_name="warehouse",
    kinds={"python", "polars"},
    description=(
        "Every table of the dataset contract (DATASET.md) as frames, about to be published. "
        "Blocking asset checks guard the contract: a broken one stops the run before analysts see it."
    ),
    owners=["team:data-engineering"],
    tags={"stage": "warehouse"},
)
def dataset(
    raw_captures: pl.DataFrame, documents: pl.DataFrame, event_tables: dict[str, pl.DataFrame]
) -> dg.Output[dict[str, pl.DataFrame]]:
    tables = {
        "documents": documents.drop("quote_spans"),
        "document_quotes": document_quotes(documents),
        **{name: frame for name, frame in event_tables.items() if name in TABLE_COLUMNS},
        "source_runs": raw_captures,
    }
    tables = locate(tables)
    return dg.Output(tables, metadata={"row_counts": {name: frame.height for name, frame in tables.items()}})


def _make_check(name: str) -> dg.AssetChecksDefinition:
    check_fn = CHECKS[name]

    @dg.asset_check(asset=dataset, name=name, blocking=True, description=(check_fn.__doc__ or name).strip())
    def _check(dataset: dict[str, pl.DataFrame]) -> dg.AssetCheckResult:
        problems = check_fn(dataset)
        return dg.AssetCheckResult(
            passed=not problems,
            metadata={"problems": dg.MetadataValue.md("\n".join(f"- {p}" for p in problems) or "none")},
        )

    return _check


dataset_checks = [_make_check(name) for name in CHECKS]


@dg.asset(
    group_name="warehouse",
    kinds={"duckdb"},
    description=(
        "The analysts' DuckDB file (CONFLICT_EVENTS_DB): tables and views from sql/, built in a scratch "
        "file and swapped into place, so readers never block the refresh nor see it half-written."
    ),
    owners=["team:data-engineering"],
    tags={"stage": "warehouse"},
)
def warehouse(
    context: dg.AssetExecutionContext, pipeline: PipelineConfig, dataset: dict[str, pl.DataFrame]
) -> dg.MaterializeResult:
    report = publish(dataset, Path(pipeline.db_path), Path(pipeline.sql_dir))
    context.log.info(f"published {report.path} ({report.bytes} bytes)")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(report.path)),
            "bytes": report.bytes,
            "row_counts": report.row_counts,
            "dagster/row_count": report.row_counts.get("events", 0),
        }
    )
