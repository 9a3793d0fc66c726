"""Isolation between sources and between a source and what its feed says: own hosts only (unless
`allowed_hosts`), cookies per source, credentials never shown, bytes that are not text refused,
an unusable port a clear recorded error."""

from __future__ import annotations

import asyncio
import base64
import logging
import random
from pathlib import Path
from typing import Any

import pytest

from conflict_events.fetch import Fetcher, FetchError, RawStore
from conflict_events.fetch.report import CrawlReport
from conflict_events.sources.crawl_all import crawl_one
from conflict_events.sources.rss.parse import parse_source
from conflict_events.sources.source import SourceConfig
from tests.fetch.conftest import FAST, paths_seen

LOG = logging.getLogger("tests.isolation")
SECRET_PAGE = "<html><body><p>Internal wiki: the staging database password rotates on Mondays.</p></body></html>"


def rss_one(link: str) -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        f"<item><title>Shelling report</title><link>{link}</link>"
        "<description>Shelling of the district continued overnight [&#8230;]</description></item>"
        "</channel></rss>"
    )


def crawl(store: RawStore, *sources: SourceConfig) -> list[CrawlReport]:
    async def go() -> list[CrawlReport]:
        async with Fetcher(store, FAST) as fetcher:
            return [await crawl_one(s, fetcher, LOG) for s in sources]

    return asyncio.run(go())


def rss_source(url: str, **options: Any) -> SourceConfig:
    return SourceConfig(id=options.pop("id", "news"), kind="rss", url=url, source_kind="newsletter", **options)


@pytest.fixture
def internal(sites: Any) -> Any:
    return sites("internal").add("/wiki", SECRET_PAGE).start()


def test_a_feed_link_to_another_host_is_not_fetched(sites: Any, internal: Any, tmp_path: Path) -> None:
    feed_site = sites("feed").add("/feed", rss_one(f"{internal.base_url}/wiki"),
                                  content_type="application/rss+xml").start()
    store = RawStore(tmp_path / "raw")
    source = rss_source(f"{feed_site.base_url}/feed")
    (report,) = crawl(store, source)
    assert paths_seen(internal) == []  # not even robots.txt
    assert report.status == "partial" and "not one of the source's hosts" in report.errors[0]
    documents = parse_source(source, store, LOG)
    assert not documents["text"].str.contains("staging database").any()
    assert documents["is_truncated"].all()  # the feed's teaser, marked as such


def test_allowed_hosts_lets_a_source_fetch_from_a_listed_host(sites: Any, internal: Any, tmp_path: Path) -> None:
    feed_site = sites("feed").add("/feed", rss_one(f"{internal.base_url}/wiki"),
                                  content_type="application/rss+xml").start()
    host = internal.base_url.removeprefix("http://")
    (report,) = crawl(RawStore(tmp_path / "raw"), rss_source(f"{feed_site.base_url}/feed", allowed_hosts=(host,)))
    assert "/wiki" in paths_seen(internal) and report.status == "ok"


def test_a_redirect_to_another_host_is_not_followed(sites: Any, internal: Any, tmp_path: Path) -> None:
    feed_site = (
        sites("feed")
        .add("/feed", rss_one("{{BASE}}/go"), content_type="application/rss+xml")
        .add("/go", "", status=302, headers={"Location": f"{internal.base_url}/wiki"})
        .start()
    )
    (report,) = crawl(RawStore(tmp_path / "raw"), rss_source(f"{feed_site.base_url}/feed"))
    assert paths_seen(internal) == [] and "redirect to" in report.errors[0]


def test_cookies_set_for_one_source_are_not_sent_for_another(sites: Any, tmp_path: Path) -> None:
    site = (
        sites()
        .add("/a/feed", rss_one("{{BASE}}/a/story"), content_type="application/rss+xml",
             headers={"Set-Cookie": "session=alpha; Path=/"})
        .add("/a/story", "<html><body><p>Story A.</p></body></html>")
        .add("/b/feed", rss_one("{{BASE}}/b/story"), content_type="application/rss+xml")
        .add("/b/story", "<html><body><p>Story B.</p></body></html>")
        .start()
    )
    crawl(RawStore(tmp_path / "raw"), rss_source(f"{site.base_url}/a/feed", id="a"),
          rss_source(f"{site.base_url}/b/feed", id="b"))
    cookies = {path: headers.get("Cookie") for _m, path, headers in site.requests}
    assert cookies["/a/story"] == "session=alpha"  # the source's own jar works
    assert cookies["/b/feed"] is None and cookies["/b/story"] is None  # another source on the same host


def test_credentials_in_a_source_url_are_used_but_never_logged_or_stored(
    sites: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = (
        sites()
        .add("/feed", rss_one("{{BASE}}/missing"), content_type="application/rss+xml")
        .start()
    )
    host = site.base_url.removeprefix("http://")
    store = RawStore(tmp_path / "raw")
    with caplog.at_level(logging.DEBUG):
        (report,) = crawl(store, rss_source(f"http://alice:s3cr3t-pw@{host}/feed"))
    sent = {path: headers.get("Authorization") for _m, path, headers in site.requests}
    assert sent["/feed"] == "Basic " + base64.b64encode(b"alice:s3cr3t-pw").decode()
    index = (tmp_path / "raw" / "captures.jsonl").read_text(encoding="utf-8")
    for where in (caplog.text, index, "\n".join(report.errors)):
        assert "s3cr3t-pw" not in where and "alice" not in where
    assert f"http://***@{host}/feed" in index


def test_binary_bytes_served_as_html_are_refused_as_a_bad_capture(
    sites: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    noise = random.Random(7).randbytes(15_000)
    site = (
        sites()
        .add("/feed", rss_one("{{BASE}}/a/1"), content_type="application/rss+xml")
        .add("/a/1", noise, content_type="text/html")
        .start()
    )
    store = RawStore(tmp_path / "raw")
    source = rss_source(f"{site.base_url}/feed")
    with caplog.at_level(logging.WARNING):
        (report,) = crawl(store, source)
    assert "binary bytes served as text/html" in report.errors[0] and "bad capture" in caplog.text
    article = store.captures().filter(role="article").row(0, named=True)
    assert article["error"] is not None  # recorded, never usable
    documents = parse_source(source, store, LOG)
    assert documents.height == 1 and documents["is_truncated"][0]
    assert documents["text"][0] == "Shelling of the district continued overnight […]"


@pytest.mark.parametrize("port", ["99999", "0"])
def test_an_invalid_port_is_a_clear_recorded_error(tmp_path: Path, port: str) -> None:
    store = RawStore(tmp_path / "raw")

    async def go() -> None:
        async with Fetcher(store, FAST) as fetcher:
            await fetcher.get(f"http://127.0.0.1:{port}/feed", source_id="s", role="feed")

    with pytest.raises(FetchError, match="invalid port"):
        asyncio.run(go())
    (row,) = store.captures().iter_rows(named=True)
    assert row["status"] == 0 and "invalid port" in row["error"]


def test_a_source_with_an_invalid_port_fails_alone(sites: Any, tmp_path: Path) -> None:
    good = sites().add("/feed", rss_one("{{BASE}}/a"), content_type="application/rss+xml").add(
        "/a", "<html><body><p>A.</p></body></html>").start()
    bad_report, good_report = crawl(
        RawStore(tmp_path / "raw"), rss_source("http://127.0.0.1:99999/feed", id="bad"),
        rss_source(f"{good.base_url}/feed", id="good"),
    )
    assert bad_report.status == "failed" and "invalid port" in bad_report.errors[0]
    assert good_report.status == "ok"
