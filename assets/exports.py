"""Exports and the report: files for other tools and for people, rebuilt from the published warehouse."""

from pathlib import Path

import dagster as dg
import duckdb

from assets.resources import PipelineConfig
from conflict_events.exports.files import write_exports
from conflict_events.exports.paths import exports_dir, report_dir
from conflict_events.report.build import write_report

# Downstream of the published DuckDB file (the `warehouse` asset), whatever builds its tables.
PUBLISHED = dg.AssetKey("warehouse")


def _held_elsewhere(exc: duckdb.Error) -> bool:
    """An analyst's tool holds the new file read-write: the refresh published, the files wait for the next run."""
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


def _skipped(context: dg.AssetExecutionContext, what: str, exc: duckdb.Error) -> dg.MaterializeResult:
    context.log.warning(f"{what} not refreshed this run: the published file is held open read-write ({exc})")
    return dg.MaterializeResult(metadata={"skipped": str(exc).splitlines()[0]})


@dg.asset(
    group_name="publish",
    kinds={"parquet", "csv"},
    deps=[PUBLISHED],
    description=(
        "Files for other tools (CONFLICT_EVENTS_EXPORTS_DIR, default data/exports/): Parquet per table with the "
        "column comments in the file metadata, the ACLED-shaped events CSV, a GeoJSON of located events and a "
        "redistributable copy without full document texts. See docs/CODEBOOK.md."
    ),
    owners=["team:data-engineering"],
    tags={"stage": "publish"},
)
def exports(context: dg.AssetExecutionContext, pipeline: PipelineConfig) -> dg.MaterializeResult:
    db_path = Path(pipeline.db_path)
    try:
        report = write_exports(db_path, exports_dir(db_path))
    except duckdb.Error as exc:
        if not _held_elsewhere(exc):
            raise
        return _skipped(context, "exports", exc)
    context.log.info(f"exports: {len(report.files)} files in {report.folder}")
    return dg.MaterializeResult(
        metadata={
            "folder": dg.MetadataValue.path(str(report.folder)),
            "files": dg.MetadataValue.md(
                "| file | rows |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in sorted(report.files.items()))
            ),
            "dagster/row_count": report.files.get("events_acled.csv", 0),
        }
    )


@dg.asset(
    group_name="publish",
    kinds={"html", "svg"},
    deps=[PUBLISHED],
    description=(
        "The picture of the refresh (CONFLICT_EVENTS_REPORT_DIR, default data/report/): a timeline of events by "
        "type and week, a map of strikes over country and region outlines, the sources' health and the latest "
        "events with their evidence, bundled in index.html (opens from disk, no network)."
    ),
    owners=["team:data-engineering"],
    tags={"stage": "publish"},
)
def report(context: dg.AssetExecutionContext, pipeline: PipelineConfig) -> dg.MaterializeResult:
    try:
        files = write_report(Path(pipeline.db_path), report_dir(Path(pipeline.db_path)))
    except duckdb.Error as exc:
        if not _held_elsewhere(exc):
            raise
        return _skipped(context, "report", exc)
    context.log.info(f"report: {files.index}")
    return dg.MaterializeResult(
        metadata={
            "report": dg.MetadataValue.url(files.index.resolve().as_uri()),
            "index_html": dg.MetadataValue.path(str(files.index)),
            "timeline_svg": dg.MetadataValue.path(str(files.timeline)),
            "map_svg": dg.MetadataValue.path(str(files.strikes_map)),
            "located_strikes": files.located_strikes,
            "sources_health": dg.MetadataValue.md(files.sources_markdown),
            "events_by_week": dg.MetadataValue.md(files.weekly_markdown),
        }
    )
