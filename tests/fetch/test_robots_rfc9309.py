"""robots.txt as RFC 9309 reads it (Protego): `*` and `$` wildcards, longest match, Crawl-delay as a
floor on the request interval; a refused article skips that article only."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from pathlib import Path
from typing import Any

import pytest

from conflict_events.fetch import Fetcher, RawStore, RobotsDisallowed
from conflict_events.sources.crawl_all import crawl_one
from conflict_events.sources.source import SourceConfig
from tests.fetch.conftest import FAST, paths_seen

PAGE = "<html><head><title>Page</title></head><body><p>Text.</p></body></html>"
WILDCARD_ROBOTS = (
    "User-agent: *\n"
    "Disallow: /*?sort=\n"
    "Disallow: /*.pdf$\n"
    "Disallow: /api/\n"
    "Allow: /api/v1/archive$\n"
)


def outcomes(site: Any, store: RawStore, paths: list[str], policy: Any = FAST) -> dict[str, str]:
    async def go() -> dict[str, str]:
        seen = {}
        async with Fetcher(store, policy) as fetcher:
            for path in paths:
                try:
                    await fetcher.get(f"{site.base_url}{path}", source_id="s", role="item")
                    seen[path] = "fetched"
                except RobotsDisallowed:
                    seen[path] = "refused"
        return seen

    return asyncio.run(go())


def wildcard_site(sites: Any) -> Any:
    builder = sites().add("/robots.txt", WILDCARD_ROBOTS, content_type="text/plain")
    for path in ("/archive", "/files/report.pdf", "/files/report.pdf.html", "/api/v1/archive", "/api/v1/archive/2"):
        builder.add(path, PAGE)
    return builder.start()


def test_star_wildcard_in_the_middle_of_a_path_is_honoured(sites: Any, store: RawStore) -> None:
    site = wildcard_site(sites)
    seen = outcomes(site, store, ["/archive?sort=new", "/archive?page=2"])
    assert seen == {"/archive?sort=new": "refused", "/archive?page=2": "fetched"}
    assert "/archive?sort=new" not in paths_seen(site)


def test_dollar_anchors_a_disallow_at_the_end_of_the_url(sites: Any, store: RawStore) -> None:
    site = wildcard_site(sites)
    seen = outcomes(site, store, ["/files/report.pdf", "/files/report.pdf.html"])
    assert seen == {"/files/report.pdf": "refused", "/files/report.pdf.html": "fetched"}
    assert "/files/report.pdf" not in paths_seen(site)


def test_anchored_allow_beats_a_shorter_disallow(sites: Any, store: RawStore) -> None:
    site = wildcard_site(sites)
    seen = outcomes(site, store, ["/api/v1/archive", "/api/v1/archive/2"])
    assert seen == {"/api/v1/archive": "fetched", "/api/v1/archive/2": "refused"}


def test_crawl_delay_is_a_floor_on_the_request_interval(sites: Any, store: RawStore) -> None:
    robots = "User-agent: *\nCrawl-delay: 0.4\n"
    site = sites().add("/robots.txt", robots, content_type="text/plain").add("/p", PAGE).start()
    policy = dataclasses.replace(FAST, requests_per_second=500.0)  # the policy alone would not wait

    async def three_in_one_run() -> float:
        async with Fetcher(store, policy) as fetcher:
            began = time.monotonic()
            for _ in range(3):
                await fetcher.get(f"{site.base_url}/p", source_id="s", role="item", conditional=False)
            return time.monotonic() - began

    elapsed = asyncio.run(three_in_one_run())
    assert elapsed >= 0.8  # robots.txt, then three pages at least 0.4 s apart
    assert paths_seen(site).count("/p") == 3


def test_a_robots_refused_article_skips_that_article_only(tmp_path: Path, sites: Any) -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        + "".join(
            f"<item><title>Item {i}</title><link>{{{{BASE}}}}/a/{i}</link>"
            f"<description>Teaser {i} [&#8230;]</description></item>"
            for i in (1, 2, 3)
        )
        + "</channel></rss>"
    )
    builder = sites().add("/robots.txt", "User-agent: *\nDisallow: /a/2\n", content_type="text/plain")
    builder.add("/feed", feed, content_type="application/rss+xml")
    for i in (1, 3):
        builder.add(f"/a/{i}", PAGE.replace("Text.", f"Article {i} text."))
    site = builder.start()
    source = SourceConfig(id="news", kind="rss", url=f"{site.base_url}/feed", source_kind="newsletter")

    async def go() -> Any:
        async with Fetcher(RawStore(tmp_path / "raw"), FAST) as fetcher:
            return await crawl_one(source, fetcher, logging.getLogger("test"))

    report = asyncio.run(go())
    assert "/a/1" in paths_seen(site) and "/a/3" in paths_seen(site)  # the article after the refused one too
    assert "/a/2" not in paths_seen(site)
    assert not report.blocked and report.status == "partial" and report.items == 3
    assert len(report.errors) == 1 and "/a/2" in report.errors[0] and "robots.txt" in report.errors[0]


@pytest.mark.parametrize("disallowed", ["/", "/feed"])
def test_robots_refusing_the_listing_itself_blocks_the_source(
    tmp_path: Path, sites: Any, disallowed: str
) -> None:
    site = sites().add("/robots.txt", f"User-agent: *\nDisallow: {disallowed}\n").add("/feed", "<rss/>").start()
    source = SourceConfig(id="news", kind="rss", url=f"{site.base_url}/feed", source_kind="newsletter")

    async def go() -> Any:
        async with Fetcher(RawStore(tmp_path / "raw"), FAST) as fetcher:
            return await crawl_one(source, fetcher, logging.getLogger("test"))

    report = asyncio.run(go())
    assert report.status == "blocked" and report.requested == 1 and "/feed" not in paths_seen(site)
