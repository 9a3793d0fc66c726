"""Generic article extraction on the bundled pages of five site layouts, against the bodies written into them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conflict_events.parse.article import extract_article

NEWS = Path(__file__).resolve().parents[2] / "samples" / "site" / "news"
EXPECTED = NEWS / "expected"
BASE = "http://127.0.0.1:9"
CASES = sorted(p.relative_to(EXPECTED).with_suffix("") for p in EXPECTED.rglob("*.txt"))


def page(relative: str | Path) -> str:
    return (NEWS / f"{relative}.html").read_text(encoding="utf-8").replace("{{BASE}}", BASE)


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def test_there_are_pages_of_at_least_five_layouts() -> None:
    assert len({case.parts[0] for case in CASES}) >= 5


@pytest.mark.parametrize("case", CASES, ids=str)
def test_body_is_exactly_the_article(case: Path) -> None:
    article = extract_article(page(case), f"{BASE}/news/{case}")
    truth = (EXPECTED / f"{case}.txt").read_text(encoding="utf-8")
    assert paragraphs(article.text) == paragraphs(truth)


def test_wordpress_chrome_is_removed_and_the_quote_is_marked() -> None:
    article = extract_article(page("frontline/kyiv-overnight-attack"))
    for chrome in (
        "We use cookies",  # cookie banner
        "Most read",  # sidebar
        "Read also",  # in-body "read also" box
        "Volgograd",  # ...and the headlines it lists
        "Share",  # share bars
        "Tags",  # tag list
        "Leave a Reply",  # comment form
        "Stay safe everyone",  # reader comments
        "All rights reserved",  # footer
        "Podcasts",  # menu
    ):
        assert chrome not in article.text, chrome
    (start, end), *others = article.quote_spans
    assert not others
    quoted = "These missiles were aimed at people asleep in their own homes, not at anything military."
    assert article.text[start:end] == quoted
    assert "Reaction abroad" in paragraphs(article.text)  # a heading is a paragraph of its own


def test_kremlin_layout_time_with_offset_and_lead() -> None:
    article = extract_article(page("kremlin/77790"))
    assert article.title == "Statements to the press following Russian-US talks"
    # 02:40 Moscow time on 16 August is still 15 August in UTC
    assert article.published_at == dt.datetime(2025, 8, 15, 23, 40, tzinfo=dt.UTC)
    assert article.published_has_time
    assert article.canonical_url == f"{BASE}/news/kremlin/events/president/news/77790"
    assert article.language == "en"
    # The lead sits outside the body container on this layout and must not be lost
    assert article.text.startswith("Following their talks in Anchorage, Alaska")


def test_json_ld_metadata() -> None:
    article = extract_article(
        page("whitehouse/president-trump-hosts-president-zelenskyy-and-european-leaders")
    )
    assert article.title == "President Trump Hosts President Zelenskyy and European Leaders at the White House"
    assert article.author == "The White House"
    assert article.published_at == dt.datetime(2025, 8, 18, 22, 10, tzinfo=dt.UTC)  # -04:00 -> UTC


def test_meta_tag_metadata_in_british_summer_time() -> None:
    article = extract_article(page("govuk/uk-sanctions-up-to-100-more-shadow-fleet-tankers"))
    assert article.title == "UK sanctions up to 100 more shadow fleet tankers"
    assert article.published_at == dt.datetime(2025, 5, 9, 9, 0, tzinfo=dt.UTC)  # +01:00 -> UTC
    for chrome in ("Cookies on GOV.UK", "Is this page useful", "Related content", "Published 9 May 2025"):
        assert chrome not in article.text


def test_ukrainian_page_with_only_a_visible_date() -> None:
    article = extract_article(page("mod-ua/udar-po-budivli-uriadu"))
    assert article.language == "uk"
    assert article.title == "Росія вперше вдарила по будівлі Кабінету Міністрів у Києві"
    assert article.published_at == dt.datetime(2025, 9, 7, 9, 15, tzinfo=dt.UTC)
    assert not article.published_has_time  # a zone-less reader date: the feed's date should win
    for chrome in ("Читайте також", "Поділитися", "Останні новини", "Повітрофлотський"):
        assert chrome not in article.text


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<html><body><p>Too short.</p></body></html>",
        "<html><body><div><div><p>Unclosed <b>tags <i>everywhere",
        '<html><head><script type="application/ld+json">{not json</script></head><body></body></html>',
    ],
)
def test_poor_pages_do_not_raise(html: str) -> None:
    article = extract_article(html, "http://example.test/a")
    assert isinstance(article.text, str)
