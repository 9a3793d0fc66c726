"""crawl(): discovery (archive paging, feed), post JSON with page fallback, comments, failures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import polars as pl

from conflict_events.fetch.store import RawStore
from conflict_events.sources.substack.parse import parse_source

from .conftest import LOG, Publication, archive_entry, post_payload, run_crawl

Make = Callable[..., Publication]


def dated(day: int) -> str:
    return f"2025-12-{day:02d}T09:00:00.000Z"


def posts_site(make: Make, count: int, page_sizes: list[int], prefix: str = "pub") -> Publication:
    """`count` posts (newest first, ids 100+), archive served in pages of the given sizes."""
    pub = make(prefix)
    entries = [archive_entry(100 + i, f"post-{i}", dated(28 - i)) for i in range(count)]
    pages, start = [], 0
    for size in page_sizes:
        pages.append(entries[start : start + size])
        start += size
    pub.archive(pages)
    for i in range(count):
        body = f"<p>Body of post {i}.</p>"
        pub.route(f"/api/v1/posts/post-{i}", post_payload(100 + i, f"post-{i}", dated(28 - i), body))
    return pub


def archive_queries(pub: Publication) -> list[dict[str, list[str]]]:
    return [parse_qs(urlsplit(p).query) for p in pub.paths() if urlsplit(p).path.endswith("/api/v1/archive")]


def fetched_slugs(pub: Publication) -> list[str]:
    marker = "/api/v1/posts/"
    return [p.split(marker, 1)[1] for p in pub.paths() if marker in p]


def test_archive_is_paged_with_small_limits_until_an_empty_page(publication: Make, store: RawStore) -> None:
    pub = posts_site(publication, 5, [3, 2])
    pub.start()
    report = run_crawl(pub.source(), store)
    queries = archive_queries(pub)
    assert [q["offset"] for q in queries] == [["0"], ["3"], ["5"]]
    assert all(int(q["limit"][0]) <= 50 and q["sort"] == ["new"] for q in queries)
    assert sorted(fetched_slugs(pub)) == [f"post-{i}" for i in range(5)]
    assert (report.items, report.errors, report.blocked) == (5, [], False)


def test_every_url_stays_under_the_source_path_prefix(publication: Make, store: RawStore) -> None:
    pub = posts_site(publication, 2, [2], prefix="deep/prefix")
    pub.start()
    run_crawl(pub.source(), store)
    site_paths = [urlsplit(p).path for p in pub.paths() if p != "/robots.txt"]
    assert site_paths and all(p.startswith("/deep/prefix/") for p in site_paths)


def test_since_stops_paging_and_skips_older_posts(publication: Make, store: RawStore) -> None:
    pub = posts_site(publication, 6, [3, 3])  # posts dated 28, 27, ... 23 December
    pub.start()
    report = run_crawl(pub.source(since=dt.date(2025, 12, 27)), store)
    assert sorted(fetched_slugs(pub)) == ["post-0", "post-1"]
    # The first page already reaches back past `since`: no second page is asked for.
    assert [q["offset"] for q in archive_queries(pub)] == [["0"]]
    assert report.items == 2


def test_max_items_limits_posts_and_paging(publication: Make, store: RawStore) -> None:
    pub = posts_site(publication, 6, [2, 2, 2])
    pub.start()
    report = run_crawl(pub.source(max_items=3), store)
    assert fetched_slugs(pub) == ["post-0", "post-1", "post-2"]
    assert [q["offset"] for q in archive_queries(pub)] == [["0"], ["2"]]
    assert report.items == 3


def test_a_server_that_ignores_offset_does_not_loop_forever(publication: Make, store: RawStore) -> None:
    pub = publication()
    pub.route("/api/v1/archive", [archive_entry(1, "only", dated(20))])  # same page for every offset
    pub.route("/api/v1/posts/only", post_payload(1, "only", dated(20), "<p>x</p>"))
    pub.start()
    report = run_crawl(pub.source(), store)
    assert len(archive_queries(pub)) == 2
    assert report.items == 1


FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Pub</title><link>{{BASE}}/pub</link>
<item><title>Feed only</title><link>{{BASE}}/pub/p/feed-only</link>
<pubDate>Mon, 29 Dec 2025 08:00:00 GMT</pubDate></item>
<item><title>In both</title><link>{{BASE}}/pub/p/post-0</link><pubDate>Sun, 28 Dec 2025 09:00:00 GMT</pubDate></item>
</channel></rss>"""


def test_feed_adds_posts_the_archive_does_not_list(publication: Make, store: RawStore) -> None:
    pub = posts_site(publication, 1, [1])
    pub.route("/feed", FEED, content_type="application/rss+xml")
    payload = post_payload(900, "feed-only", "2025-12-29T08:00:00Z", "<p>Only in the feed.</p>", comment_count=0)
    pub.route("/api/v1/posts/feed-only", payload)
    pub.start()
    report = run_crawl(pub.source(), store)
    assert sorted(fetched_slugs(pub)) == ["feed-only", "post-0"]
    assert report.items == 2
    documents = parse_source(pub.source(), store, LOG)
    assert "Only in the feed." in documents["text"].to_list()


def test_broken_archive_falls_back_to_the_feed(publication: Make, store: RawStore) -> None:
    pub = publication()
    pub.route("/api/v1/archive", "{ this is not json", content_type="application/json")
    pub.route("/feed", FEED, content_type="application/rss+xml")
    pub.route("/api/v1/posts/feed-only", post_payload(900, "feed-only", "2025-12-29T08:00:00Z", "<p>A.</p>"))
    pub.route("/api/v1/posts/post-0", post_payload(100, "post-0", dated(28), "<p>B.</p>"))
    pub.start()
    report = run_crawl(pub.source(), store)
    assert report.items == 2
    assert len(report.errors) == 1 and "archive" in report.errors[0]
    assert not report.blocked


def test_post_page_is_used_when_the_json_fails(publication: Make, store: RawStore) -> None:
    pub = publication()
    pub.archive([[archive_entry(7, "broken-json", dated(10), comment_count=1)]])
    pub.route("/api/v1/posts/broken-json", "", status=500)
    page = """<html><head><link rel="canonical" href="{{BASE}}/pub/p/broken-json">
    <script type="application/ld+json">{"datePublished": "2025-12-10T09:00:00Z", "author": {"name": "Page Author"}}
    </script></head><body><h1 class="post-title">From the page</h1>
    <div class="available-content"><div class="body markup"><p>Page body.</p></div></div></body></html>"""
    pub.route("/p/broken-json", page)
    pub.route("/api/v1/post/7/comments", {"comments": [{"id": 70, "body": "A comment.", "name": "R", "children": []}]})
    pub.start()
    report = run_crawl(pub.source(), store)
    assert (report.items, report.errors) == (1, [])
    roles = store.captures().filter(pl.col("status") == 200).sort("fetched_at")["role"].to_list()
    assert "post_page" in roles and "comments" in roles and "post_json" not in roles
    documents = parse_source(pub.source(), store, LOG)
    post = documents.filter(pl.col("source_kind") == "newsletter").row(0, named=True)
    assert (post["title"], post["text"], post["author"], post["external_id"]) == (
        "From the page",
        "Page body.",
        "Page Author",
        "7",
    )
    assert post["url"] == f"{pub.site.base_url}/pub/p/broken-json"  # type: ignore[union-attr]
    comment = documents.filter(pl.col("source_kind") == "comment").row(0, named=True)
    assert comment["parent_doc_id"] == post["doc_id"]


def test_a_post_that_fails_entirely_is_reported_and_the_rest_go_on(publication: Make, store: RawStore) -> None:
    pub = publication()
    pub.archive([[archive_entry(1, "good", dated(12)), archive_entry(2, "gone", dated(11))]])
    pub.route("/api/v1/posts/good", post_payload(1, "good", dated(12), "<p>Fine.</p>"))
    # "gone": no JSON route and no page route (404 for both)
    pub.start()
    report = run_crawl(pub.source(), store)
    assert report.items == 1
    assert len(report.errors) == 1 and "gone" in report.errors[0]


def test_comments_are_fetched_only_for_posts_that_have_some(publication: Make, store: RawStore) -> None:
    pub = publication()
    pub.archive([[archive_entry(1, "quiet", dated(12), comment_count=0), archive_entry(2, "busy", dated(11))]])
    pub.route("/api/v1/posts/quiet", post_payload(1, "quiet", dated(12), "<p>a</p>", comment_count=0))
    pub.route("/api/v1/posts/busy", post_payload(2, "busy", dated(11), "<p>b</p>", comment_count=2))
    pub.route("/api/v1/post/2/comments", {"comments": []})
    pub.start()
    run_crawl(pub.source(), store)
    assert [p for p in pub.paths() if "/comments" in p] == ["/pub/api/v1/post/2/comments"]


def test_a_bot_wall_marks_the_source_blocked(publication: Make, store: RawStore) -> None:
    wall = "<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>"
    pub = publication()
    pub.route("/api/v1/archive", wall, status=403)
    pub.route("/feed", wall, status=403)
    pub.start()
    report = run_crawl(pub.source(), store)
    assert report.blocked is True
    assert report.items == 0 and report.errors


def test_robots_disallowing_the_publication_marks_it_blocked(publication: Make, store: RawStore) -> None:
    pub = posts_site(publication, 1, [1])
    pub.routes.append({"path": "/robots.txt", "file": "files/robots.txt", "content_type": "text/plain"})
    (pub.root / "files").mkdir(parents=True, exist_ok=True)
    (pub.root / "files" / "robots.txt").write_text("User-agent: *\nDisallow: /pub/\n")
    pub.start()
    report = run_crawl(pub.source(), store)
    assert report.blocked is True
    assert report.items == 0
    assert [p for p in pub.paths() if p.startswith("/pub/")] == []


def test_malformed_post_json_falls_back_to_the_page(publication: Make, store: RawStore) -> None:
    pub = publication()
    pub.archive([[archive_entry(8, "garbled", dated(9))]])
    pub.route("/api/v1/posts/garbled", '{"id": 8, "body_html": "<p>cut', content_type="application/json")
    page = """<html><head><link rel="canonical" href="{{BASE}}/pub/p/garbled"></head><body>
    <div class="available-content"><div class="body markup"><p>Read from the page.</p></div></div></body></html>"""
    pub.route("/p/garbled", page)
    pub.start()
    report = run_crawl(pub.source(), store)
    assert (report.items, report.errors) == (1, [])
    assert parse_source(pub.source(), store, LOG)["text"].to_list() == ["Read from the page."]
