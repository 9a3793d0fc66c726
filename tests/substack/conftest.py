"""Helpers for the Substack tests: small recorded publications written into tmp_path and served on
loopback, a fast fetch policy, and payload builders shaped like Substack's API answers."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from conflict_events.fetch.client import Fetcher
from conflict_events.fetch.policy import FetchPolicy
from conflict_events.fetch.report import CrawlReport
from conflict_events.fetch.store import RawStore
from conflict_events.recorded_site import RecordedSite
from conflict_events.sources.crawl_all import crawl_one
from conflict_events.sources.source import SourceConfig

# Loopback only: no reason to be polite or patient.
FAST = FetchPolicy(requests_per_second=1000.0, max_retries=1, backoff_base=0.001, backoff_cap=0.005, read_timeout=5.0)
JSON_TYPE = "application/json; charset=utf-8"
LOG = logging.getLogger("tests.substack")


class Publication:
    """A Substack publication under `/<prefix>` of a recorded site: add routes, then start()."""

    def __init__(self, root: Path, prefix: str, started: list[RecordedSite]) -> None:
        self.root = root
        self.prefix = prefix
        self.routes: list[dict[str, Any]] = []
        self._started = started
        self.site: RecordedSite | None = None

    def route(self, path: str, content: str | bytes | Any = b"", **options: Any) -> Publication:
        """Serve `content` at /<prefix><path>; dicts and lists are written as JSON."""
        if isinstance(content, dict | list):
            content = json.dumps(content)
            options.setdefault("content_type", JSON_TYPE)
        name = f"files/{len(self.routes)}.bin"
        target = self.root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        self.routes.append({"path": f"/{self.prefix}{path}", "file": name, **options})
        return self

    def archive(self, pages: list[list[dict[str, Any]]]) -> Publication:
        """Archive answered page by page (offset = entries before it), then [] for any other offset."""
        offset = 0
        for page in pages:
            self.route("/api/v1/archive", page, query={"offset": str(offset)})
            offset += len(page)
        return self.route("/api/v1/archive", [])

    def start(self) -> RecordedSite:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "routes.json").write_text(json.dumps(self.routes), encoding="utf-8")
        self.site = RecordedSite(self.root).start()
        self._started.append(self.site)
        return self.site

    def source(self, **options: Any) -> SourceConfig:
        assert self.site is not None, "start() the publication first"
        return SourceConfig(
            id="testpub",
            kind="substack",
            url=f"{self.site.base_url}/{self.prefix}",
            source_kind="newsletter",
            **options,
        )

    def paths(self) -> list[str]:
        assert self.site is not None
        return [path for _method, path, _headers in self.site.requests]


@pytest.fixture
def publication(tmp_path: Path) -> Iterator[Callable[..., Publication]]:
    started: list[RecordedSite] = []
    count = 0

    def make(prefix: str = "pub") -> Publication:
        nonlocal count
        count += 1
        return Publication(tmp_path / f"site{count}", prefix, started)

    yield make
    for site in started:
        site.stop()


@pytest.fixture
def store(tmp_path: Path) -> RawStore:
    return RawStore(tmp_path / "raw")


def run_crawl(source: SourceConfig, store: RawStore, policy: FetchPolicy = FAST) -> CrawlReport:
    async def go() -> CrawlReport:
        async with Fetcher(store, policy, log=LOG) as fetcher:
            return await crawl_one(source, fetcher, LOG)

    return asyncio.run(go())


def archive_entry(post_id: int, slug: str, post_date: str, **fields: Any) -> dict[str, Any]:
    """An archive entry as Substack gives it (no body)."""
    return {
        "id": post_id,
        "slug": slug,
        "title": f"Post {post_id}",
        "post_date": post_date,
        "audience": "everyone",
        "comment_count": 0,
        "body_html": None,
        **fields,
    }


def post_payload(post_id: int, slug: str, post_date: str, body_html: str | None, **fields: Any) -> dict[str, Any]:
    """A /api/v1/posts/<slug> answer."""
    return {
        "id": post_id,
        "slug": slug,
        "title": f"Post {post_id}",
        "subtitle": f"Subtitle {post_id}",
        "post_date": post_date,
        "audience": "everyone",
        "wordcount": len((body_html or "").split()),
        "comment_count": 0,
        "publishedBylines": [{"name": "Test Author"}],
        "truncated_body_text": None,
        "body_html": body_html,
        **fields,
    }
