"""Substack payloads → posts, comments and post links (pure functions, no network)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from conflict_events.parse.feeds import parse_feed
from conflict_events.sources.substack.comments import flatten_comments, parse_comments
from conflict_events.sources.substack.crawl import feed_links, parse_archive_page
from conflict_events.sources.substack.posts import parse_post_json, parse_post_page
from conflict_events.sources.substack.settings import SubstackParseError, slug_from_url

from .conftest import post_payload

UTC = dt.UTC
LONG_BODY = "".join(f"<p>Paragraph {i} about the strikes on the refinery at Ryazan.</p>" for i in range(40))


# ---- post JSON ----------------------------------------------------------------------------------


def test_post_json_fields() -> None:
    data = post_payload(
        77,
        "a-slug",
        "2025-10-22T18:30:00.000Z",
        "<p>Body text.</p><blockquote><p>Quoted.</p></blockquote>",
        canonical_url="https://example.substack.com/p/a-slug",
        publishedBylines=[{"name": "Ann Writer"}, {"name": " Bo Guest "}, {"id": 3}],
        comment_count=4,
    )
    post = parse_post_json(data)
    assert post.post_id == "77"
    assert post.slug == "a-slug"
    assert post.url == "https://example.substack.com/p/a-slug"
    assert post.title == "Post 77" and post.subtitle == "Subtitle 77"
    assert post.author == "Ann Writer, Bo Guest"
    assert post.published_at == dt.datetime(2025, 10, 22, 18, 30, tzinfo=UTC)
    assert post.body.text == "Body text.\n\nQuoted."
    assert post.body.quote_spans == [(12, 19)]
    assert post.comment_count == 4
    assert post.is_truncated is False


def test_post_json_with_offset_timestamp_is_converted_to_utc() -> None:
    post = parse_post_json(post_payload(1, "s", "2025-08-15T22:00:00+03:00", "<p>x</p>"))
    assert post.published_at == dt.datetime(2025, 8, 15, 19, 0, tzinfo=UTC)


def test_paywall_signal_restricted_audience_and_short_body() -> None:
    preview = "<p>Only the first paragraph of a long paid post is shown to us here.</p>"
    paid = parse_post_json(post_payload(1, "s", "2025-10-24T12:00:00Z", preview, audience="only_paid", wordcount=640))
    assert paid.is_truncated is True
    # The same short body is complete when the post is free …
    free = parse_post_json(post_payload(1, "s", "2025-10-24T12:00:00Z", preview, audience="everyone", wordcount=640))
    assert free.is_truncated is False
    # … and a paid post whose whole body we hold is not truncated.
    words = len(parse_post_json(post_payload(1, "s", "2025-10-24T12:00:00Z", LONG_BODY)).body.text.split())
    full = parse_post_json(
        post_payload(1, "s", "2025-10-24T12:00:00Z", LONG_BODY, audience="only_paid", wordcount=words)
    )
    assert full.is_truncated is False


def test_paywall_signal_marker_in_the_html() -> None:
    body = '<p>Visible start of the post.</p><div class="paywall-jump" data-component-name="PaywallToDOM"></div>'
    post = parse_post_json(post_payload(1, "s", "2025-10-24T12:00:00Z", body, audience="everyone", wordcount=5))
    assert post.is_truncated is True
    assert post.body.text == "Visible start of the post."
    phrase = "<p>Opening.</p><h3>This post is for paid subscribers</h3>"
    assert parse_post_json(post_payload(1, "s", "2025-10-24T12:00:00Z", phrase)).is_truncated is True


def test_paywall_signal_only_truncated_body_text() -> None:
    data = post_payload(
        9, "s", "2025-10-24T12:00:00Z", None, truncated_body_text="The first lines of the post, cut off mid-sent"
    )
    post = parse_post_json(data)
    assert post.is_truncated is True
    assert post.body.text == "The first lines of the post, cut off mid-sent"


def test_post_json_without_any_body_is_an_error() -> None:
    with pytest.raises(SubstackParseError, match="neither body_html nor truncated_body_text"):
        parse_post_json(post_payload(1, "s", "2025-01-01T00:00:00Z", None))
    with pytest.raises(SubstackParseError, match="expected an object"):
        parse_post_json(["not", "a", "post"])


def test_post_json_with_missing_and_wrongly_typed_fields() -> None:
    post = parse_post_json(
        {
            "body_html": "<p>Only a body.</p>",
            "id": "not-a-number",
            "post_date": "yesterday",
            "publishedBylines": "nobody",
            "wordcount": "many",
            "audience": None,
            "title": 5,
        }
    )
    assert post.body.text == "Only a body."
    assert (post.post_id, post.url, post.title, post.author, post.published_at) == (None, None, None, None, None)
    assert post.is_truncated is False


def test_post_json_wrapped_in_a_post_object() -> None:
    post = parse_post_json({"post": post_payload(5, "w", "2025-01-01T00:00:00Z", "<p>Wrapped.</p>")})
    assert (post.post_id, post.body.text) == ("5", "Wrapped.")


# ---- post page -----------------------------------------------------------------------------------


def page(body: str, *, ld: object | None = None, extra_head: str = "", after_body: str = "") -> str:
    ld_json = (
        ld
        if ld is not None
        else {
            "@type": "NewsArticle",
            "headline": "Headline from JSON-LD",
            "datePublished": "2025-12-29T08:00:00+00:00",
            "author": [{"@type": "Person", "name": "Maren Holt"}, {"@type": "Person", "name": "Guest Writer"}],
            "isAccessibleForFree": True,
        }
    )
    ld_text = ld_json if isinstance(ld_json, str) else json.dumps(ld_json)
    return f"""<!DOCTYPE html><html><head><title>T</title>
    <link rel="canonical" href="https://news.example.com/p/the-real-slug">
    <script type="application/ld+json">{ld_text}</script>
    <script>window._analyticsConfig = {{"audience":"only_paid","paywall":true}};</script>{extra_head}
    </head><body><nav>Menu</nav><article>
    <h1 class="post-title published">Page Title</h1><h3 class="subtitle">Page subtitle</h3>
    <div class="available-content"><div dir="auto" class="body markup">{body}</div></div>{after_body}
    </article><div class="footer">Footer text</div>
    <script>window._preloads = JSON.parse("{{\\"post\\": {{\\"id\\": 4242, \\"slug\\": \\"the-real-slug\\"}}}}")
    </script>
    </body></html>"""


def test_post_page_fields() -> None:
    post = parse_post_page(page("<p>Body one.</p><blockquote><p>Quoted words.</p></blockquote>"))
    assert post.origin == "post_page"
    assert post.url == "https://news.example.com/p/the-real-slug"
    assert post.slug == "the-real-slug"
    assert post.post_id == "4242"
    assert post.title == "Page Title" and post.subtitle == "Page subtitle"
    assert post.author == "Maren Holt, Guest Writer"
    assert post.published_at == dt.datetime(2025, 12, 29, 8, 0, tzinfo=UTC)
    assert post.body.text == "Body one.\n\nQuoted words."
    assert [post.body.text[s:e] for s, e in post.body.quote_spans] == ["Quoted words."]
    # The analytics script claims a paywall; the markup has none.
    assert post.is_truncated is False


def test_post_page_paywall_element_and_not_free_flag() -> None:
    with_stub = page(
        "<p>Preview.</p>", after_body='<div class="paywall"><h2>This post is for paid subscribers</h2></div>'
    )
    post = parse_post_page(with_stub)
    assert post.is_truncated is True
    assert post.body.text == "Preview."
    not_free = page("<p>Preview.</p>", ld={"datePublished": "2025-01-02T03:04:05Z", "isAccessibleForFree": False})
    assert parse_post_page(not_free).is_truncated is True


def test_post_page_with_broken_json_ld_falls_back_to_meta_tags() -> None:
    html = page(
        "<p>Body.</p>",
        ld="{not json",
        extra_head='<meta property="article:published_time" content="2025-09-08T06:45:00Z">'
        '<meta name="author" content="Meta Author">',
    )
    post = parse_post_page(html)
    assert post.published_at == dt.datetime(2025, 9, 8, 6, 45, tzinfo=UTC)
    assert post.author == "Meta Author"
    assert post.body.text == "Body."


def test_post_page_without_a_body_is_an_error() -> None:
    with pytest.raises(SubstackParseError, match=r"no div\.available-content"):
        parse_post_page("<html><body><h1 class='post-title'>Only a title</h1></body></html>")


# ---- comments ------------------------------------------------------------------------------------


def test_comments_with_nested_replies_are_flattened_in_order() -> None:
    data = {
        "comments": [
            {
                "id": 1,
                "body": "Top one.",
                "name": "A",
                "date": "2025-08-18T09:00:00.000Z",
                "children": [
                    {
                        "id": 2,
                        "body": "Reply to one.",
                        "name": "B",
                        "date": "2025-08-18T10:00:00Z",
                        "children": [
                            {
                                "id": 3,
                                "body": "Reply to the reply.\n\nSecond paragraph.",
                                "name": "C",
                                "date": "2025-08-18T11:00:00Z",
                                "children": [],
                            }
                        ],
                    }
                ],
            },
            {
                "id": 4,
                "body": None,
                "name": None,
                "date": None,
                "children": [{"id": 5, "body": "Reply under a deleted comment.", "name": "D", "children": []}],
            },
            "garbage",
            {"body": "No id: cannot be addressed."},
        ]
    }
    flat = flatten_comments(parse_comments(data))
    assert [c.comment_id for c in flat] == ["1", "2", "3", "4", "5"]
    assert flat[2].body.text == "Reply to the reply.\n\nSecond paragraph."
    assert flat[1].author == "B"
    assert flat[0].published_at == dt.datetime(2025, 8, 18, 9, 0, tzinfo=UTC)
    assert flat[3].body.text == "" and flat[3].author is None


def test_comments_payload_must_hold_a_list() -> None:
    with pytest.raises(SubstackParseError):
        parse_comments({"error": "rate limited"})
    assert parse_comments({"comments": []}) == []


# ---- archive and feed ----------------------------------------------------------------------------


def test_archive_page_entries() -> None:
    page_data = [
        {
            "id": 11,
            "slug": "newest",
            "post_date": "2025-12-29T08:00:00.000Z",
            "comment_count": 3,
            "canonical_url": "https://x.example/p/newest",
        },
        {"id": 10, "slug": "older", "post_date": "not a date"},
        {"id": 9},  # no slug: cannot be fetched
        "junk",
    ]
    links = parse_archive_page(page_data)
    assert [(link.slug, link.post_id, link.comment_count) for link in links] == [
        ("newest", "11", 3),
        ("older", "10", None),
    ]
    assert links[0].post_date == dt.datetime(2025, 12, 29, 8, 0, tzinfo=UTC)
    assert links[0].url == "https://x.example/p/newest"
    assert links[1].post_date is None
    with pytest.raises(SubstackParseError, match="expected a list"):
        parse_archive_page({"error": "bad request"})


FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">
<channel><title>Pub</title><link>https://pub.example.com</link>
<item><title><![CDATA[Latest]]></title><link>https://pub.example.com/p/latest-post?utm_source=rss</link>
<guid isPermaLink="false">https://pub.example.com/p/latest-post</guid><pubDate>Mon, 29 Dec 2025 08:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>Body</p>]]></content:encoded></item>
<item><title>Podcast page</title><link>https://pub.example.com/podcast</link>
<pubDate>Sun, 28 Dec 2025 08:00:00 GMT</pubDate></item>
<item><title>Older</title><link>https://pub.example.com/p/older%2Dpost</link>
<pubDate>Tue, 23 Dec 2025 10:15:00 +0100</pubDate></item>
</channel></rss>"""


def test_feed_items_give_post_links() -> None:
    links = feed_links(parse_feed(FEED, "https://pub.example.com/feed").items)
    assert [link.slug for link in links] == ["latest-post", "older-post"]
    assert links[0].post_date == dt.datetime(2025, 12, 29, 8, 0, tzinfo=UTC)
    assert links[1].post_date == dt.datetime(2025, 12, 23, 9, 15, tzinfo=UTC)
    assert links[0].post_id is None


def test_slug_from_url() -> None:
    assert slug_from_url("http://127.0.0.1:8765/pub/p/a-b-c") == "a-b-c"
    assert slug_from_url("https://x.substack.com/p/a-b-c/") == "a-b-c"
    assert slug_from_url("https://x.substack.com/p/a-b-c?utm_source=x#frag") == "a-b-c"
    assert slug_from_url("https://x.substack.com/about") is None
