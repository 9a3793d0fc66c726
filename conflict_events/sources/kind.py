"""What a source kind provides: a crawl (discovery and fetching) and a parse (stored bodies → documents)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import polars as pl

from conflict_events.fetch.session import SourceSession
from conflict_events.fetch.store import RawStore
from conflict_events.sources.source import SourceConfig

# Fetch through the session (it counts, judges and reports); raise nothing for a bad item.
Crawl = Callable[[SourceConfig, SourceSession], Awaitable[None]]
# Read the store only (never the network); one frame of schema.DOCUMENTS.
Parse = Callable[[SourceConfig, RawStore, logging.Logger], pl.DataFrame]


@dataclass(frozen=True)
class SourceKind:
    crawl: Crawl
    parse_source: Parse
