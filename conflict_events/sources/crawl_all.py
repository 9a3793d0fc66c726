"""Crawl every configured source with one shared fetcher; one source failing never stops the others.

Each source crawls through its own fetch.session.SourceSession (its hosts, cookies, time budget and
counts); the run has a budget of its own. The status of each source comes from fetch.report.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

import polars as pl

from conflict_events.fetch.client import Fetcher
from conflict_events.fetch.policy import FetchPolicy
from conflict_events.fetch.report import CrawlReport
from conflict_events.fetch.session import CrawlStopped, SourceSession
from conflict_events.fetch.store import RawStore
from conflict_events.schema import UTC_TS
from conflict_events.sources.registry import source_kind
from conflict_events.sources.source import SourceConfig

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
# Past its budget a crawl is given this long to come back from work it cannot be interrupted in
# (a parse in a worker thread) before it is cancelled.
_BUDGET_GRACE = 5.0


def report_status(report: CrawlReport) -> str:
    return report.status


async def crawl_one(
    source: SourceConfig, fetcher: Fetcher, log: logging.Logger, run_deadline: float | None = None
) -> CrawlReport:
    session = SourceSession(
        fetcher,
        source.id,
        source.url,
        allowed_hosts=source.allowed_hosts,
        requests_per_second=source.requests_per_second,
        time_budget=source.time_budget,
        run_deadline=run_deadline,
        log=log,
    )
    try:
        async with asyncio.timeout(session.time_budget + _BUDGET_GRACE):
            await source_kind(source.kind).crawl(source, session)
    except CrawlStopped:
        pass  # the session has said why
    except TimeoutError:
        session.limit_reached(f"the source's time budget ({session.time_budget:g}s)", "crawl cancelled")
    except Exception as exc:  # a broken source is reported; the others go on
        log.error("source %s (%s) failed: %s: %s", source.id, source.kind, type(exc).__name__, exc)
        session.fail(f"{type(exc).__name__}: {exc}")
    report = session.finish()
    # blocked is how a site answered, not a fault of ours: a warning, like partial
    level = logging.ERROR if report.status == "failed" else logging.WARNING if report.status != "ok" else logging.INFO
    log.log(
        level,
        "source %s: %s, %d requests, %d downloaded, %d not modified, %d items, %d errors%s",
        source.id, report.status.upper(), report.requested, report.downloaded, report.not_modified,
        report.items, len(report.errors), "".join(f"; {limit}" for limit in report.limits),
    )
    return report


async def crawl_sources_async(
    sources: list[SourceConfig], store: RawStore, log: logging.Logger, policy: FetchPolicy | None = None
) -> list[CrawlReport]:
    policy = policy or FetchPolicy()
    async with Fetcher(store, policy, log=log) as fetcher:
        run_deadline = asyncio.get_running_loop().time() + policy.run_budget
        return list(await asyncio.gather(*(crawl_one(s, fetcher, log, run_deadline) for s in sources)))


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
                "status": r.status,
                "requested": r.requested,
                "downloaded": r.downloaded,
                "not_modified": r.not_modified,
                "items": r.items,
                "errors": "\n".join(r.messages()) or None,
            }
            for r in reports
        ],
        schema=SOURCE_RUNS,
    )
