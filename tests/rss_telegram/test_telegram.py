"""The telegram source kind end to end, and the message variants of a channel preview page."""

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
from conflict_events.sources.telegram.parse import parse_channel_page
from conflict_events.sources.telegram.settings import page_url

from .conftest import SAMPLE_SITE, crawl_and_parse, source

CHANNEL = "{{BASE}}/telegram/s/GeneralStaffZSU"


def channel_requests(site: RecordedSite, since: int) -> list[str]:
    return [path for _m, path, _h in site.requests[since:] if path.startswith("/telegram/")]


def test_channel_history_every_message_variant(
    site: RecordedSite, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    mark = len(site.requests)
    with caplog.at_level(logging.DEBUG):
        report, docs = crawl_and_parse(RawStore(tmp_path), source(site, id="genstaff_ua", kind="telegram", url=CHANNEL))
    # newest page, then ?before=<smallest id on the page> until "No posts found"
    assert channel_requests(site, mark) == [
        "/telegram/s/GeneralStaffZSU",
        "/telegram/s/GeneralStaffZSU?before=27510",
        "/telegram/s/GeneralStaffZSU?before=27480",
    ]
    assert "No posts found" in caplog.text
    assert (report.requested, report.items, report.errors, report.blocked) == (3, 7, [], False)
    assert docs.schema == pl.Schema(DOCUMENTS)
    by_id = {row["external_id"]: row for row in docs.iter_rows(named=True)}
    # 27510 is a service message ("Channel photo updated"), 27513 a photo without text
    assert sorted(by_id) == ["27480", "27481", "27482", "27511", "27512", "27514", "27515"]
    assert "media-only" in caplog.text and "GeneralStaffZSU/27513" in caplog.text

    multiline = by_id["27511"]
    assert multiline["url"] == f"{site.base_url}/telegram/GeneralStaffZSU/27511"  # the message's own link
    assert multiline["doc_id"] == ids.doc_id_for(multiline["url"])
    assert multiline["title"] is None
    assert multiline["published_at"] == dt.datetime(2025, 8, 24, 7, 40, 33, tzinfo=dt.UTC)
    assert multiline["language"] == "en"
    assert multiline["source_kind"] == "official_statement"
    assert multiline["author"] == "Генеральний штаб ЗСУ / General Staff of the Armed Forces of Ukraine"
    # <br> is a line break, an empty line a paragraph break
    assert multiline["text"].split("\n\n")[1] == (
        "Explosions and a large fire were recorded on the territory of the plant.\n"
        "The refinery processes several million tonnes of crude a year and supplies fuel to the Russian army."
    )
    assert multiline["content_sha256"] == ids.sha256_text(multiline["text"])

    edited = by_id["27512"]
    assert edited["language"] == "uk"
    assert edited["text"].startswith("⚡️ У ніч на 24 серпня Сили оборони України уразили Сизранський")

    forwarded = by_id["27514"]
    origin = "Повітряні Сили ЗС України / Air Force of the Armed Forces of Ukraine"
    assert forwarded["subtitle"] == f"Forwarded from {origin}"
    assert "Головним напрямком удару був Київ." in forwarded["text"]

    signed = by_id["27515"]
    assert signed["author"] == "Press Service of the General Staff"
    (quote,) = signed["quote_spans"]
    assert signed["text"][quote["start"] : quote["end"]].startswith("Every such attack is a reminder")


def test_since_stops_paging(site: RecordedSite, tmp_path: Path) -> None:
    mark = len(site.requests)
    src = source(site, id="genstaff_ua", kind="telegram", url=CHANNEL, since=dt.date(2025, 8, 20))
    report, docs = crawl_and_parse(RawStore(tmp_path), src)
    # the second page reaches back past `since`: no third request
    assert channel_requests(site, mark) == [
        "/telegram/s/GeneralStaffZSU",
        "/telegram/s/GeneralStaffZSU?before=27510",
    ]
    assert sorted(docs["external_id"]) == ["27482", "27511", "27512", "27514", "27515"]
    assert report.items == 5


def test_max_items_keeps_the_newest(site: RecordedSite, tmp_path: Path) -> None:
    mark = len(site.requests)
    src = source(site, id="genstaff_ua", kind="telegram", url=CHANNEL, max_items=3)
    report, docs = crawl_and_parse(RawStore(tmp_path), src)
    assert channel_requests(site, mark) == ["/telegram/s/GeneralStaffZSU"]
    assert report.items == 3
    assert docs["external_id"].to_list() == ["27515", "27514", "27512"]


def test_no_posts_found_page() -> None:
    page = parse_channel_page((SAMPLE_SITE / "telegram" / "genstaff_no_posts.html").read_bytes())
    assert page.no_posts and page.messages == [] and page.oldest_id is None


def test_page_url_keeps_the_path_prefix() -> None:
    assert page_url("http://127.0.0.1:8765/mirror/s/chan", None) == "http://127.0.0.1:8765/mirror/s/chan"
    assert page_url("https://t.me/s/GeneralStaffZSU", 123) == "https://t.me/s/GeneralStaffZSU?before=123"
    assert page_url("http://h/s/chan?embed=1", 5) == "http://h/s/chan?embed=1&before=5"


def _one_page_site(root: Path, html: str) -> Path:
    root.mkdir()
    (root / "page.html").write_text(html, encoding="utf-8")
    # no query in the route: every ?before= gets the same page back
    (root / "routes.json").write_text(json.dumps([{"path": "/s/chan", "file": "page.html"}]), encoding="utf-8")
    return root


def test_paging_that_does_not_go_back_stops(tmp_path: Path) -> None:
    latest = (SAMPLE_SITE / "telegram" / "genstaff_latest.html").read_text(encoding="utf-8")
    with serve(_one_page_site(tmp_path / "site", latest)) as served:
        src = source(served, id="loop", kind="telegram", url="{{BASE}}/s/chan")
        report, docs = crawl_and_parse(RawStore(tmp_path / "raw"), src)
    assert report.requested == 2  # the newest page, then one ?before= that brought nothing older
    assert report.items == 4  # messages seen twice are counted once
    assert sorted(docs["external_id"]) == ["27511", "27512", "27514", "27515"]


def test_page_without_messages_or_end_marker_is_reported(tmp_path: Path) -> None:
    html = "<html><body><div class='tgme_page'>Channel preview is not available</div></body></html>"
    with serve(_one_page_site(tmp_path / "site", html)) as served:
        src = source(served, id="hidden", kind="telegram", url="{{BASE}}/s/chan")
        report, docs = crawl_and_parse(RawStore(tmp_path / "raw"), src)
    assert len(report.errors) == 1 and "no messages" in report.errors[0]
    assert docs.is_empty()


def test_no_posts_found_on_the_newest_page_is_reported(tmp_path: Path) -> None:
    empty = (SAMPLE_SITE / "telegram" / "genstaff_no_posts.html").read_text(encoding="utf-8")
    with serve(_one_page_site(tmp_path / "site", empty)) as served:
        src = source(served, id="throttled", kind="telegram", url="{{BASE}}/s/chan")
        report, docs = crawl_and_parse(RawStore(tmp_path / "raw"), src)
    assert report.requested == 1
    assert len(report.errors) == 1 and "throttled" in report.errors[0]
    assert docs.is_empty()
