"""The rss source kind end to end: RecordedSite on loopback -> real Fetcher -> RawStore -> documents."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import polars as pl
import pytest

from conflict_events import ids
from conflict_events.fetch.store import RawStore
from conflict_events.recorded_site import RecordedSite, serve
from conflict_events.schema import DOCUMENTS
from conflict_events.sources.rss.parse import parse_source

from .conftest import LOG, SAMPLE_SITE, crawl_all, crawl_and_parse, source

KREMLIN = "{{BASE}}/news/kremlin/events/president/news/feed"
EXPECTED = SAMPLE_SITE / "news" / "expected"


def requested_paths(site: RecordedSite, since: int) -> list[str]:
    return [path for _method, path, _headers in site.requests[since:] if not path.startswith("/robots.txt")]


def expected_body(relative: str) -> str:
    return (EXPECTED / f"{relative}.txt").read_text(encoding="utf-8").strip()


def test_atom_teasers_fetch_articles_and_follow_paging(site: RecordedSite, tmp_path: Path) -> None:
    mark = len(site.requests)
    report, docs = crawl_and_parse(RawStore(tmp_path), source(site, id="kremlin_en", kind="rss", url=KREMLIN))
    assert requested_paths(site, mark) == [
        "/news/kremlin/events/president/news/feed",
        "/news/kremlin/events/president/news/77790",
        "/news/kremlin/events/president/news/77410",
        "/news/kremlin/events/president/news/feed/page/2",  # rel="next"
        "/news/kremlin/events/president/news/76980",
        "/news/kremlin/events/president/news/76120",
    ]
    assert (report.items, report.requested, report.downloaded, report.errors, report.blocked) == (4, 6, 6, [], False)
    assert docs.schema == pl.Schema(DOCUMENTS)
    alaska = docs.row(by_predicate=pl.col("url").str.ends_with("/77790"), named=True)
    # the feed only had a one-line teaser: the text is the article page's body
    assert alaska["text"] == expected_body("kremlin/77790")
    assert not alaska["is_truncated"]
    assert alaska["url"] == f"{site.base_url}/news/kremlin/events/president/news/77790"
    assert alaska["doc_id"] == ids.doc_id_for(alaska["url"])
    assert alaska["content_sha256"] == ids.sha256_text(alaska["text"])
    assert alaska["published_at"] == dt.datetime(2025, 8, 15, 23, 40, tzinfo=dt.UTC)  # 02:40 +03:00
    assert alaska["author"] == "Presidential Press and Information Office"
    assert alaska["source_kind"] == "official_statement"
    assert alaska["language"] == "en"
    (quote,) = alaska["quote_spans"]
    assert alaska["text"][quote["start"] : quote["end"]].startswith("We hope that what was agreed today")
    assert docs["doc_id"].n_unique() == 4


def test_since_stops_paging_and_skips_older_items(site: RecordedSite, tmp_path: Path) -> None:
    mark = len(site.requests)
    src = source(site, id="kremlin_en", kind="rss", url=KREMLIN, since=dt.date(2025, 6, 1))
    report, docs = crawl_and_parse(RawStore(tmp_path), src)
    paths = requested_paths(site, mark)
    # page 2 is read (its first item may still be recent) but nothing older than `since` is fetched
    assert "/news/kremlin/events/president/news/feed/page/2" in paths
    assert "/news/kremlin/events/president/news/76980" not in paths
    assert "/news/kremlin/events/president/news/76120" not in paths
    assert report.items == 2
    assert sorted(docs["published_at"].dt.date().to_list()) == [dt.date(2025, 7, 3), dt.date(2025, 8, 15)]


def test_max_items_limits_requests_and_documents(site: RecordedSite, tmp_path: Path) -> None:
    mark = len(site.requests)
    src = source(site, id="kremlin_en", kind="rss", url=KREMLIN, max_items=1)
    report, docs = crawl_and_parse(RawStore(tmp_path), src)
    assert requested_paths(site, mark) == [
        "/news/kremlin/events/president/news/feed",
        "/news/kremlin/events/president/news/77790",
    ]
    assert report.items == 1
    assert docs["url"].to_list() == [f"{site.base_url}/news/kremlin/events/president/news/77790"]


def test_wordpress_feed_paged_links_and_heavy_pages(site: RecordedSite, tmp_path: Path) -> None:
    mark = len(site.requests)
    src = source(site, id="frontline", kind="rss", url="{{BASE}}/news/frontline/feed/", source_kind="newsletter")
    report, docs = crawl_and_parse(RawStore(tmp_path), src)
    assert "/news/frontline/feed/?paged=2" in requested_paths(site, mark)
    assert report.items == 3 and not report.errors
    by_slug = {row["url"].rstrip("/").rsplit("/", 1)[-1]: row for row in docs.iter_rows(named=True)}
    for slug in ("kyiv-overnight-attack", "volgograd-refinery-drone-strike", "sumy-ballistic-missile-strike"):
        assert by_slug[slug]["text"] == expected_body(f"frontline/{slug}")
        assert by_slug[slug]["source_kind"] == "newsletter"
    assert by_slug["kyiv-overnight-attack"]["author"] == "Olena Marchenko"
    assert by_slug["sumy-ballistic-missile-strike"]["published_at"] == dt.datetime(2025, 4, 13, 11, 40, tzinfo=dt.UTC)


def test_full_content_feed_needs_no_article_fetch(site: RecordedSite, tmp_path: Path) -> None:
    mark = len(site.requests)
    src = source(site, id="state_press", kind="rss", url="{{BASE}}/news/state/rss-feed/press-releases/feed/")
    report, docs = crawl_and_parse(RawStore(tmp_path), src)
    assert requested_paths(site, mark) == ["/news/state/rss-feed/press-releases/feed/"]
    assert report.items == 2
    jeddah = docs.row(by_predicate=pl.col("title").str.contains("Jeddah"), named=True)
    # the page header, document type, date line and byline embedded in the feed content are not text
    assert jeddah["text"].startswith("Delegations of the United States and Ukraine met today in Jeddah")
    assert "Press Statement" not in jeddah["text"]
    assert "Office of the Spokesperson" not in jeddah["text"]
    assert jeddah["author"] == "Office of the Spokesperson"
    assert jeddah["published_at"] == dt.datetime(2025, 3, 11, 19, 30, tzinfo=dt.UTC)
    assert jeddah["external_id"] == f"{site.base_url}/news/state/releases/preview/700101/"


def test_ukrainian_ministry_feed_date_wins_over_zoneless_page_date(site: RecordedSite, tmp_path: Path) -> None:
    src = source(site, id="mod_ua", kind="rss", url="{{BASE}}/news/mod-ua/feed/", name="Ministry of Defence of Ukraine")
    _report, docs = crawl_and_parse(RawStore(tmp_path), src)
    strike = docs.row(by_predicate=pl.col("url").str.contains("udar-po-budivli-uriadu"), named=True)
    assert strike["language"] == "uk"
    assert strike["published_at"] == dt.datetime(2025, 9, 7, 6, 15, tzinfo=dt.UTC)  # pubDate 09:15 +0300
    assert strike["author"] == "Ministry of Defence of Ukraine"  # the page names nobody: the source's name
    assert strike["text"] == expected_body("mod-ua/udar-po-budivli-uriadu")


def test_gov_uk_atom_with_updated_only(site: RecordedSite, tmp_path: Path) -> None:
    url = "{{BASE}}/news/govuk/government/organisations/foreign-commonwealth-development-office.atom"
    _report, docs = crawl_and_parse(RawStore(tmp_path), source(site, id="govuk_fcdo", kind="rss", url=url))
    deal = docs.row(by_predicate=pl.col("title").str.contains("air defence missiles"), named=True)
    # the page's first-published meta (18:30 +00:00) is the publication, not the feed's later update
    assert deal["published_at"] == dt.datetime(2025, 3, 2, 18, 30, tzinfo=dt.UTC)
    assert deal["text"].startswith("More than 5,000 air defence missiles made in Belfast")


def test_bot_wall_marks_the_source_blocked_and_other_sources_still_work(
    site: RecordedSite, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = RawStore(tmp_path)
    walled = source(site, id="walled_ministry", kind="rss", url="{{BASE}}/news/walled/feed")
    white_house = source(site, id="whitehouse", kind="rss", url="{{BASE}}/news/whitehouse/news/feed/")
    with caplog.at_level(logging.WARNING):
        walled_report, wh_report = crawl_all(store, walled, white_house)
    assert walled_report.blocked and walled_report.items == 0
    assert "BLOCKED" in caplog.text and "walled_ministry" in caplog.text
    # A blocked source is an outcome to report, not an error of the pipeline.
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR and "BLOCKED" in r.getMessage()]
    assert not wh_report.blocked and wh_report.items == 2 and not wh_report.errors
    assert parse_source(walled, store, LOG).is_empty()
    assert parse_source(white_house, store, LOG).height == 2


def test_article_page_behind_a_wall_keeps_the_teaser_marked_truncated(tmp_path: Path) -> None:
    feed = """<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
      <item><title>Talks in Istanbul</title><link>{{BASE}}/a/1</link><pubDate>Fri, 16 May 2025 12:00:00 +0300</pubDate>
      <description>Delegations met in Istanbul for the first direct talks since 2022 [&#8230;]</description></item>
      <item><title>Second item</title><link>{{BASE}}/a/2</link><pubDate>Thu, 15 May 2025 12:00:00 +0300</pubDate>
      <description>Another teaser [&#8230;]</description></item></channel></rss>"""
    wall = "<html><head><title>Access Denied</title></head><body>You don't have permission to access</body></html>"
    site_root = tmp_path / "site"
    site_root.mkdir()
    (site_root / "feed.xml").write_text(feed, encoding="utf-8")
    (site_root / "wall.html").write_text(wall, encoding="utf-8")
    (site_root / "routes.json").write_text(
        json.dumps(
            [
                {"path": "/feed", "file": "feed.xml", "content_type": "application/rss+xml"},
                {"path": "/a/1", "file": "wall.html", "status": 403},
                {"path": "/a/2", "file": "wall.html", "status": 403},
            ]
        ),
        encoding="utf-8",
    )
    with serve(site_root) as served:
        src = source(served, id="x", kind="rss", url="{{BASE}}/feed")
        report, docs = crawl_and_parse(RawStore(tmp_path / "raw"), src)
        article_requests = [p for _m, p, _h in served.requests if p.startswith("/a/")]
    assert report.blocked
    assert article_requests == ["/a/1"]  # once walled, the other articles are not requested
    assert docs.height == 2 and docs["is_truncated"].all()
    assert docs["text"][0] == "Delegations met in Istanbul for the first direct talks since 2022 […]"


GOOD_FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Good</title>
  <item><title>Sanctions package</title><link>{{BASE}}/good/1</link><pubDate>Fri, 09 May 2025 09:00:00 +0000</pubDate>
  <description><![CDATA[<p>The United Kingdom announced new sanctions on shadow fleet tankers.</p>]]></description>
  <content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>The United Kingdom
  announced new sanctions on tankers of the shadow fleet today, covering up to one hundred vessels that carry Russian
  oil past the price cap. The ships are barred from British ports and may not use British insurance or other
  maritime services from now on.</p>]]></content:encoded></item></channel></rss>"""
BOMB = """<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>
<rss version="2.0"><channel><title>&h;</title><item><title>&h;</title><link>{{BASE}}/x</link></item></channel></rss>"""


@pytest.fixture
def bad_feeds_site(tmp_path: Path) -> Path:
    root = tmp_path / "bad_site"
    root.mkdir()
    (root / "good.xml").write_text(GOOD_FEED, encoding="utf-8")
    (root / "truncated.xml").write_text(GOOD_FEED[: len(GOOD_FEED) // 2], encoding="utf-8")
    (root / "bomb.xml").write_text(BOMB, encoding="utf-8")
    routes = [
        {"path": f"/{name}", "file": f"{name}.xml", "content_type": "application/rss+xml"}
        for name in ("good", "truncated", "bomb")
    ]
    (root / "routes.json").write_text(json.dumps(routes), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("feed", "message"), [("truncated", "not well-formed XML"), ("bomb", "declares XML entities")]
)
def test_broken_or_hostile_feed_is_a_clear_error_and_others_go_on(
    bad_feeds_site: Path, tmp_path: Path, feed: str, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    store = RawStore(tmp_path / "raw")
    with serve(bad_feeds_site) as served:
        bad = source(served, id="bad", kind="rss", url=f"{{{{BASE}}}}/{feed}")
        good = source(served, id="good", kind="rss", url="{{BASE}}/good")
        with caplog.at_level(logging.ERROR):
            bad_report, good_report = crawl_all(store, bad, good)
    assert len(bad_report.errors) == 1 and message in bad_report.errors[0]
    assert message in caplog.text and "source bad" in caplog.text
    assert not bad_report.blocked and bad_report.items == 0
    assert good_report.items == 1 and not good_report.errors
    with caplog.at_level(logging.ERROR):
        assert parse_source(bad, store, LOG).is_empty()  # the stored copy is refused again, without raising
    (document,) = parse_source(good, store, LOG).iter_rows(named=True)
    assert document["text"].startswith("The United Kingdom announced new sanctions")
    assert not document["is_truncated"]


def test_second_crawl_is_conditional_and_parses_to_the_same_documents(site: RecordedSite, tmp_path: Path) -> None:
    store = RawStore(tmp_path)
    src = source(site, id="whitehouse", kind="rss", url="{{BASE}}/news/whitehouse/news/feed/")
    first_report, first = crawl_and_parse(store, src)
    second_report, second = crawl_and_parse(store, src)
    assert first_report.downloaded == 3 and first_report.not_modified == 0
    assert second_report.downloaded == 0 and second_report.not_modified == 3  # feed + 2 articles answered 304
    columns = ["doc_id", "url", "title", "published_at", "text", "content_sha256", "quote_spans"]
    assert second.select(columns).sort("doc_id").equals(first.select(columns).sort("doc_id"))


def test_article_page_in_a_legacy_encoding(tmp_path: Path) -> None:
    feed = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Новости</title>
      <item><title>Переговоры</title><link>{{BASE}}/news/1</link><pubDate>Mon, 19 May 2025 20:15:00 +0300</pubDate>
      <description>Президенты поговорили по телефону [...]</description></item></channel></rss>"""
    body = (
        "Владимир Путин и Дональд Трамп провели телефонный разговор, который продлился более двух часов. "
        "Стороны обсудили возможный меморандум о будущем мирном договоре и сроки возможного прекращения огня."
    )
    page = (
        '<html lang="ru"><head><meta charset="windows-1251"><title>Переговоры</title></head>'
        f"<body><nav>Главная | Новости</nav><article><h1>Переговоры</h1><p>{body}</p></article>"
        "<footer>Все права защищены</footer></body></html>"
    )
    root = tmp_path / "site"
    root.mkdir()
    (root / "feed.xml").write_text(feed, encoding="utf-8")
    (root / "page.html").write_bytes(page.encode("cp1251"))
    routes = [
        {"path": "/feed", "file": "feed.xml", "content_type": "application/rss+xml"},
        {"path": "/news/1", "file": "page.html", "content_type": "text/html"},  # no charset in the header
    ]
    (root / "routes.json").write_text(json.dumps(routes), encoding="utf-8")
    with serve(root) as served:
        src = source(served, id="ru", kind="rss", url="{{BASE}}/feed")
        _report, docs = crawl_and_parse(RawStore(tmp_path / "raw"), src)
    (document,) = docs.iter_rows(named=True)
    assert document["text"] == body
    assert document["language"] == "ru"
    assert document["published_at"] == dt.datetime(2025, 5, 19, 17, 15, tzinfo=dt.UTC)
