"""Source kind -> its crawler and parser. A new site needs configuration or a small parser, not a pipeline."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from conflict_events.sources.config import SourceConfig

if TYPE_CHECKING:
    from conflict_events.fetch.client import Fetcher
    from conflict_events.fetch.store import RawStore
    from conflict_events.sources.report import CrawlReport

Crawl = Callable[[SourceConfig, "Fetcher", logging.Logger], Awaitable["CrawlReport"]]
Parse = Callable[[SourceConfig, "RawStore", logging.Logger], pl.DataFrame]


@dataclass(frozen=True)
class SourceKind:
    crawl: Crawl
    parse_source: Parse


def source_kind(kind: str) -> SourceKind:
    """`sources/<kind>.py` holds `crawl`; `parse_source` lives beside it or in `parse/<kind>.py`."""
    crawler = importlib.import_module(f"conflict_events.sources.{kind}")
    parser = crawler
    if not hasattr(crawler, "parse_source"):
        parser = importlib.import_module(f"conflict_events.parse.{kind}")
    return SourceKind(crawl=crawler.crawl, parse_source=parser.parse_source)
