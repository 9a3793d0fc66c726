"""Page furniture never enters documents.text: figure captions, photo credits, inline read-more
boxes, ad slots, related-story lists; live-blog entries keep their time stamps as their first line.
The pages are the Harbour Post fixtures in samples/site/news/harbourpost (layouts written for this)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from conflict_events.fetch.store import RawStore
from conflict_events.parse.article import extract_article
from conflict_events.parse.furniture import is_furniture_paragraph, strip_furniture_html
from conflict_events.parse.html_text import html_to_text
from conflict_events.recorded_site import serve
from conflict_events.sources.rss.parse import full_text_in_feed, parse_source
from conflict_events.sources.source import SourceConfig
from tests.rss_telegram.conftest import crawl_all

NEWS = Path(__file__).resolve().parents[2] / "samples" / "site" / "news"
LOG = logging.getLogger("tests.furniture")
FURNITURE = (
    "Photo for illustrative purposes",  # lead-image caption
    "Getty Images",
    "Photo Credit: AP",  # caption printed as a paragraph
    "Photo: Sergei Antonov",  # credit line
    "Graphic: Harbour Post staff",
    "lies a few kilometres east",  # second caption
    "Read more",  # inline read-more box
    "Shipping halted",  # ...and the story it links
    "Advertisement",  # ad slots
    "sea-view cabin",  # ...and the ad inside one
    "Related stories",
    "Grain exports",  # related-story list
)


def page(name: str) -> str:
    return (NEWS / "harbourpost" / f"{name}.html").read_text(encoding="utf-8")


def test_captions_credits_read_more_and_ads_stay_out_of_the_article_text() -> None:
    article = extract_article(page("depot-fire-after-drone-attack"), "http://127.0.0.1:9/news/harbourpost/x")
    for furniture in FURNITURE:
        assert furniture not in article.text, furniture
    assert article.text.startswith("A fuel depot on the outskirts of Novorossiysk")
    assert article.text.endswith("No deaths were reported.")


@pytest.mark.parametrize(
    ("name", "stamps"),
    [
        ("live-kharkiv-overnight-strikes", ["UPDATE 2212 GMT:", "UPDATE 2140 GMT:", "UPDATE 2105 GMT:"]),
        ("live-odesa-port-attack", ["03:25 GMT", "03:10 GMT", "02:40 GMT"]),
    ],
)
def test_live_blog_entries_keep_their_stamp_as_first_line(name: str, stamps: list[str]) -> None:
    text = extract_article(page(name), f"http://127.0.0.1:9/news/harbourpost/{name}").text
    entries = [p for p in text.split("\n\n") if p.split("\n", 1)[0] in stamps]
    assert [e.split("\n", 1)[0] for e in entries] == stamps  # every entry, newest first, in page order
    assert all(len(e.split("\n", 1)) == 2 and len(e.split("\n", 1)[1]) > 40 for e in entries)
    assert "Advertisement" not in text and "Read more" not in text and "Also read" not in text
    assert "Getty Images" not in text and "morning briefing" not in text


def test_feed_content_with_a_captioned_figure_and_a_credit_line() -> None:
    from conflict_events.parse.feeds import FeedItem

    body = (
        "<p>Russian forces shelled the centre of Nikopol on Sunday morning, damaging a school and two "
        "apartment blocks, the regional military administration said.</p>"
        '<figure class="wp-caption"><img src="x.jpg"><figcaption class="wp-caption-text">A damaged '
        "classroom in Nikopol. Photo: regional administration</figcaption></figure>"
        "<p>Nobody was hurt, officials added, because the building had been empty since the start of the "
        "summer holidays.</p><p>See also: Nikopol's water supply restored</p>"
    )
    item = FeedItem(title="Nikopol shelled", link="http://x/n", guid=None, author=None, published_at=None,
                    updated_at=None, summary_html=None, content_html=body)
    text = (full_text_in_feed(item) or html_to_text(body)).text
    assert "classroom" not in text and "military administration said" in text
    assert "See also" not in text and "summer holidays" in text


def test_furniture_never_reaches_documents_through_an_rss_crawl(tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Post</title>'
        "<item><title>Fuel depot burns after overnight drone attack</title>"
        "<link>{{BASE}}/news/harbourpost/depot-fire-after-drone-attack</link>"
        "<pubDate>Thu, 14 Aug 2025 07:20:00 +0000</pubDate>"
        "<description>A fuel depot was burning on Thursday [&#8230;]</description></item></channel></rss>"
    )
    (root / "feed.xml").write_text(feed, encoding="utf-8")
    (root / "depot.html").write_text(page("depot-fire-after-drone-attack"), encoding="utf-8")
    routes = [
        {"path": "/feed", "file": "feed.xml", "content_type": "application/rss+xml"},
        {"path": "/news/harbourpost/depot-fire-after-drone-attack", "file": "depot.html"},
    ]
    (root / "routes.json").write_text(json.dumps(routes), encoding="utf-8")
    store = RawStore(tmp_path / "raw")
    with serve(root) as site:
        source = SourceConfig(id="harbour", kind="rss", url=f"{site.base_url}/feed", source_kind="newsletter")
        (report,) = crawl_all(store, source)
    documents = parse_source(source, store, LOG)
    assert report.status == "ok" and documents.height == 1 and not documents["is_truncated"][0]
    text = documents["text"][0]
    for furniture in FURNITURE:
        assert furniture not in text, furniture


@pytest.mark.parametrize(
    "line",
    [
        "Photo for illustrative purposes: a drone over a field (Getty Images)",
        "Rescue workers clear rubble in Dnipro. | Photo Credit: AP",
        "Smoke over the port after the strike (Anatolii Stepanov/AFP via Getty Images)",
        "Read more: Why the grain corridor matters",
        "Фото: Генштаб ЗСУ",
        "Advertisement",
        "Article continues below the player",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture_paragraph(line)


@pytest.mark.parametrize(
    "line",
    [
        "The photo, published by the governor, showed a crater next to the school.",
        "Reuters could not independently verify the claims, the agency said.",
        "The agency said the strike used a Kh-101 missile (a cruise missile launched from aircraft).",
        "Read the full statement of the ministry below.",
    ],
)
def test_reporting_is_not_furniture(line: str) -> None:
    assert not is_furniture_paragraph(line)


def test_a_page_without_furniture_is_handed_on_unchanged() -> None:
    html = "<html><body><article><p>Only the story.</p></article></body></html>"
    assert strip_furniture_html(html) is html
