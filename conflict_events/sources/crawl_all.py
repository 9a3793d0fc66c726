"""Crawl every configured source with one shared fetcher; one source failing never stops the others."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import polars as pl

from conflict_events.fetch.client import Fetcher, FetchPolicy
from conflict_events.fetch.store import RawStore
from conflict_events.schema import UTC_TS
from conflict_events.sources.config import SourceConfig
from conflict_events.sources.registry import source_kind
from conflict_events.sources.report import CrawlReport

SOURCE_RUNS = {
    "run_started_at": UTC_TS,
    "source_id": pl.String,
    "source_type": pl.String,
    "status": pl.String,
    "requested": pl.Int64,
    "downloaded": pl.Int64,
    "not_modified": pl.Int64,
    "items": pl.Int64,
    "errors": pl.String,
}


async def _crawl_one(source: SourceConfig, fetcher: Fetcher, log: logging.Logger) -> CrawlReport:
    try:
        report = await source_kind(source.kind).crawl(source, fetcher, log)
    except Exception as exc:  # a broken source is reported; the others go on
        log.error("source %s (%s) failed: %s: %s", source.id, source.kind, type(exc).__name__, exc)
        report = CrawlReport(source_id=source.id, errors=[f"{type(exc).__name__}: {exc}"])
    level = logging.WARNING if report.errors or report.blocked else logging.INFO
    log.log(
        level,
        "source %s: %d requests, %d downloaded, %d not modified, %d items, %d errors%s",
        source.id, report.requested, report.downloaded, report.not_modified, report.items,
        len(report.errors), ", BLOCKED" if report.blocked else "",
    )
    return report


def report_status(report: CrawlReport) -> str:
    if report.blocked:
        return "blocked"
    if report.errors:
        return "partial" if report.items else "failed"
    return "ok"


async def crawl_sources_async(
    sources: list[SourceConfig], store: RawStore, log: logging.Logger, policy: FetchPolicy | None = None
) -> list[CrawlReport]:
    async with Fetcher(store, policy or FetchPolicy(), log=log) as fetcher:
        return list(await asyncio.gather(*(_crawl_one(s, fetcher, log) for s in sources)))


def crawl_sources(
    sources: list[SourceConfig], store: RawStore, log: logging.Logger, policy: FetchPolicy | None = None
) -> pl.DataFrame:
    """Crawl all sources; returns one row per source (the ``source_runs`` table)."""
    started = dt.datetime.now(dt.UTC)
    reports = asyncio.run(crawl_sources_async(sources, store, log, policy))
    kinds = {s.id: s.kind for s in sources}
    return pl.DataFrame(
        [
            {
                "run_started_at": started,
                "source_id": r.source_id,
                "source_type": kinds.get(r.source_id),
                "status": report_status(r),
                "requested": r.requested,
                "downloaded": r.downloaded,
                "not_modified": r.not_modified,
                "items": r.items,
                "errors": "\n".join(r.errors) or None,
            }
            for r in reports
        ],
        schema=SOURCE_RUNS,
    )
