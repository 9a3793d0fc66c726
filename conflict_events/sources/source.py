"""One configured source (a row of the sources file, validated by sources.config)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


class SourcesConfigError(ValueError):
    """The sources file is unusable; the message names the source and the key."""


@dataclass(frozen=True)
class SourceConfig:
    id: str
    kind: str
    url: str
    source_kind: str
    name: str | None = None
    language: str | None = None
    since: dt.date | None = None
    max_items: int | None = None
    requests_per_second: float | None = None
    # hosts besides the source URL's own that its crawl may fetch from ("host" or "host:port")
    allowed_hosts: tuple[str, ...] = ()
    time_budget: float | None = None  # seconds for this source's crawl; None: the run policy's default

    @property
    def base_url(self) -> str:
        """The source URL without a trailing slash: every URL of the source is built relative to it."""
        return self.url.rstrip("/")
