"""robots.txt rules per host, fetched once per run (the fetching itself lives in client.Fetcher).

Status handling follows RFC 9309: a 4xx robots.txt (usually 404) allows everything; a server error
or no answer at all means the site is unreachable, so nothing is fetched from it in this run.
Matching is Protego's, which implements RFC 9309 (`*` and `$` wildcards, longest match wins, Allow
over Disallow on a tie); the standard library's parser knows neither wildcard.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from protego import Protego


def host_key(url: str) -> str:
    """scheme://host[:port], the unit that robots.txt and the rate limit apply to."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.rsplit('@', 1)[-1].lower()}"  # never the credentials


def robots_url(url: str) -> str:
    return host_key(url) + "/robots.txt"


@dataclass
class RobotsRules:
    parser: Protego | None = None  # None: no rules (everything allowed) or unreachable
    unreachable_reason: str | None = None  # set: nothing may be fetched from this host

    @classmethod
    def from_text(cls, text: str) -> RobotsRules:
        return cls(parser=Protego.parse(text))

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
        return bool(self.parser.can_fetch(url, user_agent))

    def crawl_delay(self, user_agent: str) -> float | None:
        """Seconds between requests asked by Crawl-delay / Request-rate, if any."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(user_agent)
        rate = self.parser.request_rate(user_agent)
        candidates = [float(delay)] if delay else []
        if rate and rate.requests:
            candidates.append(float(rate.seconds) / rate.requests)
        return max(candidates) if candidates else None


@dataclass
class RobotsCache:
    """Rules per host; a per-host lock makes concurrent first requests fetch robots.txt once."""

    rules: dict[str, RobotsRules] = field(default_factory=dict)
    locks: dict[str, asyncio.Lock] = field(default_factory=dict)

    def lock(self, host: str) -> asyncio.Lock:
        return self.locks.setdefault(host, asyncio.Lock())
