"""Fetch layer: polite HTTP (robots, rate limit, retries, conditional requests) into the RawStore."""

from conflict_events.fetch.client import Fetcher, FetchPolicy
from conflict_events.fetch.errors import (
    Blocked,
    FetchError,
    HTTPStatusError,
    NetworkError,
    RobotsDisallowed,
    TooLarge,
    UnexpectedContent,
)
from conflict_events.fetch.result import FetchResult
from conflict_events.fetch.store import Capture, RawStore

__all__ = [
    "Blocked",
    "Capture",
    "FetchError",
    "FetchPolicy",
    "FetchResult",
    "Fetcher",
    "HTTPStatusError",
    "NetworkError",
    "RawStore",
    "RobotsDisallowed",
    "TooLarge",
    "UnexpectedContent",
]
