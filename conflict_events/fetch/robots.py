"""robots.txt rules per host, fetched once per run (the fetching itself lives in client.Fetcher).

Status handling follows RFC 9309: a 4xx robots.txt (usually 404) allows everything; a server error
or no answer at all means the site is unreachable, so nothing is fetched from it in this run.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser


def host_key(url: str) -> str:
    """scheme://host[:port], the unit that robots.txt and the rate limit apply to."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def robots_url(url: str) -> str:
    return host_key(url) + "/robots.txt"


@dataclass
class RobotsRules:
    parser: RobotFileParser | None = None  # None: no rules (everything allowed) or unreachable
    unreachable_reason: str | None = None  # set: nothing may be fetched from this host

    @classmethod
    def from_text(cls, text: str) -> RobotsRules:
        parser = RobotFileParser()
        parser.parse(text.splitlines())
        return cls(parser=parser)

    @classmethod
    def allow_all(cls) -> RobotsRules:
        return cls()

    @classmethod
    def unreachable(cls, reason: str) -> RobotsRules:
        return cls(unreachable_reason=reason)

    def can_fetch(self, user_agent: str, url: str) -> bool:
        if self.unreachable_reason is not None:
            return False
        if self.parser is None:
            return True
        return self.parser.can_fetch(user_agent, url)

    def crawl_delay(self, user_agent: str) -> float | None:
        """Seconds between requests asked by Crawl-delay / Request-rate, if any."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(user_agent)
        rate = self.parser.request_rate(user_agent)
        candidates = [float(delay)] if delay else []
        if rate and rate.requests:
            candidates.append(rate.seconds / rate.requests)
        return max(candidates) if candidates else None


@dataclass
class RobotsCache:
    """Rules per host; a per-host lock makes concurrent first requests fetch robots.txt once."""

    rules: dict[str, RobotsRules] = field(default_factory=dict)
    locks: dict[str, asyncio.Lock] = field(default_factory=dict)

    def lock(self, host: str) -> asyncio.Lock:
        return self.locks.setdefault(host, asyncio.Lock())
