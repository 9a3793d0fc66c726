"""What one crawl of one source did, and the one policy that turns it into a status.

The counts are kept by the fetch layer (fetch.session.SourceSession), never by the crawlers, so every
source kind counts requests, downloads and 304s the same way and is judged by the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["ok", "partial", "failed", "blocked"]


@dataclass
class CrawlReport:
    source_id: str
    requested: int = 0  # logical requests sent for this source (each with its retries)
    downloaded: int = 0  # responses that carried a new body
    not_modified: int = 0  # conditional requests answered 304 (stored body reused)
    items: int = 0  # posts / messages / articles obtained
    errors: list[str] = field(default_factory=list)  # one clear message per failed item
    limits: list[str] = field(default_factory=list)  # a paging / item / time limit reached: what it was
    blocked: bool = False  # a bot wall answered, or robots.txt refused the source's listing itself
    refused_by_robots: int = 0  # requests robots.txt did not allow (each one item, not the source)

    @property
    def status(self) -> Status:
        """blocked: the site would not talk to us; failed: nothing obtained and something went wrong;
        partial: items obtained but some failed or a limit cut the crawl short; ok: everything."""
        if self.blocked:
            return "blocked"
        if self.errors or self.limits:
            return "partial" if self.items else "failed"
        return "ok"

    def messages(self) -> list[str]:
        """Limits first (they say why the crawl is incomplete), then the item errors."""
        return [f"limit: {limit}" for limit in self.limits] + self.errors
