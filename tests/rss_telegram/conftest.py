"""Shared fixtures: the bundled recorded site on loopback, a fresh raw store and a fast fetcher."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from conflict_events.fetch.client import Fetcher
from conflict_events.fetch.policy import FetchPolicy
from conflict_events.fetch.report import CrawlReport
from conflict_events.fetch.store import RawStore
from conflict_events.recorded_site import RecordedSite
from conflict_events.sources.crawl_all import crawl_one
from conflict_events.sources.registry import source_kind
from conflict_events.sources.source import SourceConfig

SAMPLE_SITE = Path(__file__).resolve().parents[2] / "samples" / "site"
LOG = logging.getLogger("tests.rss_telegram")
# Loopback only: no reason to wait a second between requests.
FAST = FetchPolicy(requests_per_second=200.0, max_retries=1, backoff_base=0.01, backoff_cap=0.02)


@pytest.fixture(scope="module")
def site() -> Iterator[RecordedSite]:
    served = RecordedSite(SAMPLE_SITE).start()
    try:
        yield served
    finally:
        served.stop()


def source(site: RecordedSite, **values: Any) -> SourceConfig:
    """A SourceConfig whose url may use {{BASE}} for the site's address."""
    values["url"] = values["url"].replace("{{BASE}}", site.base_url)
    values.setdefault("source_kind", "official_statement")
    return SourceConfig(**values)


def crawl_all(store: RawStore, *sources: SourceConfig) -> list[CrawlReport]:
    async def run() -> list[CrawlReport]:
        async with Fetcher(store, FAST, log=LOG) as fetcher:
            return [await crawl_one(s, fetcher, LOG) for s in sources]

    return asyncio.run(run())


def crawl_and_parse(store: RawStore, src: SourceConfig) -> tuple[CrawlReport, pl.DataFrame]:
    (report,) = crawl_all(store, src)
    return report, source_kind(src.kind).parse_source(src, store, LOG)
