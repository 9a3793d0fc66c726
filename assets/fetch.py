"""Fetch: crawl every configured source into the immutable raw store."""

from pathlib import Path

import dagster as dg
import polars as pl

from assets.metadata import preview_markdown
from assets.resources import PipelineConfig
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
)
def raw_captures(context: dg.AssetExecutionContext, pipeline: PipelineConfig) -> dg.Output[pl.DataFrame]:
    sources = pipeline.sources()
    store = pipeline.store()
    with serving_recorded_site(Path(pipeline.sources_path)) as served:
        if served:
            context.log.info(f"serving the recorded offline site at {served} for this crawl")
        runs = crawl_sources(sources, store, context.log)
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
            "downloaded": int(runs["downloaded"].sum()),
            "not_modified": int(runs["not_modified"].sum()),
            "captures_stored": store.captures().height,
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
