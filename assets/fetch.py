"""Fetch: crawl every configured source into the immutable raw store; `source_runs`: how each fared."""

from pathlib import Path

import dagster as dg
import polars as pl

from assets.metadata import ddl_schema, frame_metadata, preview_markdown, table_description
from assets.resources import REFRESH_POOL, PipelineConfig
from conflict_events.sources.crawl_all import crawl_sources
from conflict_events.sources.offline import serving_recorded_site


@dg.asset(
    group_name="fetch",
    kinds={"python", "polars"},
    description=(
        "Every configured source crawled politely (robots.txt, per-host rate limit, retries honouring "
        "Retry-After, conditional requests) into the raw store; every response kept with its headers "
        "and content hash. One row per source: how it fared. A failing or blocked source is reported "
        "here and in the run log, and the others go on."
    ),
    owners=["team:data-engineering"],
    tags={"stage": "fetch"},
    pool=REFRESH_POOL,
)
def raw_captures(context: dg.AssetExecutionContext, pipeline: PipelineConfig) -> dg.Output[pl.DataFrame]:
    sources = pipeline.sources_to_fetch()
    if pipeline.fetch_only:
        fetched = ", ".join(s.id for s in sources)
        context.log.info(f"fetching only {fetched} (fetch_only); the other sources keep what is stored")
    store = pipeline.store()
    with serving_recorded_site(Path(pipeline.sources_path)) as served:
        if served:
            context.log.info(f"serving the recorded offline site at {served} for this crawl")
        runs = crawl_sources(sources, store, context.log)
    store.compact()  # the next run's start-up reads one line per URL, not the whole history
    troubled = runs.filter(pl.col("status") != "ok")
    for row in troubled.iter_rows(named=True):
        context.log.warning(f"source {row['source_id']} is {row['status']}: {row['errors']}")
    return dg.Output(
        runs,
        metadata={
            "dagster/row_count": runs.height,
            "sources_ok": int((runs["status"] == "ok").sum()),
            "sources_blocked": troubled.filter(pl.col("status") == "blocked")["source_id"].to_list(),
            "sources_failed": troubled.filter(pl.col("status") != "blocked")["source_id"].to_list(),
            "requested": int(runs["requested"].sum()),
            "downloaded": int(runs["downloaded"].sum()),
            "not_modified": int(runs["not_modified"].sum()),
            "urls_indexed": len(store.current_urls()),
            "sources": dg.MetadataValue.md(
                preview_markdown(
                    runs,
                    ["source_id", "source_type", "status", "requested", "downloaded", "not_modified", "items",
                     "errors"],
                    rows=50,
                )
            ),
        },
    )


@dg.asset(
    group_name="warehouse",
    kinds={"polars"},
    description=table_description("source_runs", "How each source fared in the refresh."),
    metadata=ddl_schema("source_runs"),
    owners=["team:data-engineering"],
    tags={"stage": "warehouse"},
)
def source_runs(raw_captures: pl.DataFrame) -> dg.Output[pl.DataFrame]:
    return dg.Output(
        raw_captures,
        metadata=frame_metadata(raw_captures, ["source_id", "status", "requested", "downloaded", "errors"],
                                table="source_runs"),
    )


@dg.asset_check(
    asset=source_runs,
    description="Every source was crawled fully: a blocked, failed or partial source warns (the run goes on).",
)
def every_source_fetched(source_runs: pl.DataFrame) -> dg.AssetCheckResult:
    troubled = source_runs.filter(pl.col("status") != "ok")
    return dg.AssetCheckResult(
        passed=troubled.height == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "troubled_sources": dg.MetadataValue.md(
                preview_markdown(troubled, ["source_id", "status", "errors"], rows=50) if troubled.height else "none"
            ),
            **{f"status/{s}": st for s, st in source_runs.select("source_id", "status").iter_rows()},
        },
    )
