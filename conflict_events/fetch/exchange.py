"""The shapes the fetcher's parts hand each other: what one logical fetch asks for (FetchRequest) and what
the last hop of its exchange answered (HopResponse), with the Accept header each expected body asks with."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from conflict_events.fetch.detect import Expect

ACCEPT: dict[Expect, str] = {
    "json": "application/json, text/plain;q=0.5, */*;q=0.1",
    "xml": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1",
    "html": "text/html, application/xhtml+xml;q=0.9, */*;q=0.5",
    "text": "text/plain, text/*;q=0.9, */*;q=0.5",
    "any": "*/*",
}


@dataclass(frozen=True)
class FetchRequest:
    url: str  # as sent (may carry credentials)
    shown: str  # as logged and stored: credentials replaced by ***
    source_id: str
    role: str
    key: str | None
    expect: Expect
    requests_per_second: float | None
    check_robots: bool  # False for robots.txt itself
    cookies: httpx.Cookies
    hosts: frozenset[str] | None  # the hosts this request may reach (redirects included); None: any
    deadline: float  # loop time by which the whole fetch must be over

    def remaining(self) -> float:
        """Seconds left before the deadline (negative once it has passed)."""
        return self.deadline - asyncio.get_running_loop().time()


@dataclass(frozen=True)
class HopResponse:
    """The last hop of one exchange (after redirects)."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes  # what was read (cut at the cap when too_large)
    too_large: bool


def header(headers: dict[str, str], name: str) -> str | None:
    """A header's value, its name matched without regard to case."""
    wanted = name.lower()
    return next((v for k, v in headers.items() if k.lower() == wanted), None)
