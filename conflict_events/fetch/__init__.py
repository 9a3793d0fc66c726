"""Fetch layer: polite HTTP (robots, rate limit, retries, budgets, conditional requests) into the RawStore,
and the per-source session that counts, isolates and judges every source kind the same way."""

from conflict_events.fetch.client import Fetcher
from conflict_events.fetch.errors import (
    Blocked,
    FetchError,
    HTTPStatusError,
    NetworkError,
    OffHost,
    RobotsDisallowed,
    TooLarge,
    UnexpectedContent,
)
from conflict_events.fetch.policy import FetchPolicy
from conflict_events.fetch.report import CrawlReport
from conflict_events.fetch.result import FetchResult
from conflict_events.fetch.store import Capture, RawStore

__all__ = [
    "Blocked",
    "Capture",
    "CrawlReport",
    "FetchError",
    "FetchPolicy",
    "FetchResult",
    "Fetcher",
    "HTTPStatusError",
    "NetworkError",
    "OffHost",
    "RawStore",
    "RobotsDisallowed",
    "TooLarge",
    "UnexpectedContent",
]
