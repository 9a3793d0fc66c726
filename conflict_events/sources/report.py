"""What one crawl of one source did: counts, errors and whether the site blocked us."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CrawlReport:
    source_id: str
    requested: int = 0  # HTTP requests sent for this source
    downloaded: int = 0  # responses that carried a new body
    not_modified: int = 0  # conditional requests answered 304 (stored body reused)
    items: int = 0  # posts / messages / articles obtained
    errors: list[str] = field(default_factory=list)  # one clear message per failed item
    blocked: bool = False  # robots.txt disallowed us or a bot wall answered
