"""Safe RSS/Atom parsing: items, dates in their own zones, paging links, and hostile or broken XML."""

from __future__ import annotations

import datetime as dt

import pytest

from conflict_events.parse.dates_meta import parse_timestamp
from conflict_events.parse.feeds import FeedError, parse_feed

UTC = dt.UTC

ATOM = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>President of Russia: News</title>
  <author><name>Press Office</name></author>
  <link href="/feed" rel="self"/>
  <link href="/feed/page/2" rel="next"/>
  <entry>
    <title>Telephone conversation with the US President</title>
    <id>http://example.test/news/100</id>
    <updated>2025-03-18T23:05:00+03:00</updated>
    <published>2025-03-18T21:30:00+03:00</published>
    <link href="/news/100" rel="alternate" type="text/html"/>
    <summary type="html">&lt;p&gt;The two presidents spoke by telephone.&lt;/p&gt;</summary>
  </entry>
  <entry>
    <title>Meeting with the Security Council</title>
    <id>http://example.test/news/99</id>
    <updated>2025-03-17T14:00:00+04:00</updated>
    <link href="http://example.test/news/99"/>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Full text of the meeting.</p></div></content>
  </entry>
</feed>
"""

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Press Releases &#8211; Example Department</title>
  <atom:link href="http://example.test/feed/?paged=2" rel="next"/>
  <link>http://example.test</link>
  <language>en-US</language>
  <item>
    <title>Statement on sanctions</title>
    <link>http://example.test/releases/statement-on-sanctions/</link>
    <dc:creator><![CDATA[Thomas &quot;Tommy&quot; Pigott, Spokesperson]]></dc:creator>
    <pubDate>Wed, 22 Oct 2025 23:05:00 +0300</pubDate>
    <guid isPermaLink="false">http://example.test/?p=712344</guid>
    <description><![CDATA[<p>Short teaser [&#8230;]</p>]]></description>
    <content:encoded><![CDATA[<p>The full statement.</p>]]></content:encoded>
  </item>
  <item>
    <title>No link, permalink guid</title>
    <guid>http://example.test/releases/other/</guid>
    <pubDate>Tue, 21 Oct 2025 10:00:00 GMT</pubDate>
  </item>
</channel>
</rss>
"""


def test_atom_items_links_and_time_zones() -> None:
    feed = parse_feed(ATOM, "http://example.test/feed")
    assert feed.format == "atom"
    assert feed.next_url == "http://example.test/feed/page/2"  # relative paging link resolved
    first, second = feed.items
    assert first.link == "http://example.test/news/100"
    assert first.published_at == dt.datetime(2025, 3, 18, 18, 30, tzinfo=UTC)  # +03:00 -> UTC
    assert first.author == "Press Office"  # inherited from the feed
    assert first.summary_html == "<p>The two presidents spoke by telephone.</p>"
    assert first.content_html is None
    # No <published>: the item's date is its update time (+04:00 -> UTC)
    assert second.published_at is None
    assert second.when == dt.datetime(2025, 3, 17, 10, 0, tzinfo=UTC)
    assert second.content_html is not None and "Full text of the meeting." in second.content_html


def test_rss_items_dates_and_unescaped_fields() -> None:
    feed = parse_feed(RSS, "http://example.test/feed/")
    assert feed.format == "rss"
    assert feed.title == "Press Releases – Example Department"
    assert feed.next_url == "http://example.test/feed/?paged=2"
    first, second = feed.items
    assert first.published_at == dt.datetime(2025, 10, 22, 20, 5, tzinfo=UTC)
    assert first.author == 'Thomas "Tommy" Pigott, Spokesperson'
    assert first.guid == "http://example.test/?p=712344"
    assert first.key == "http://example.test/releases/statement-on-sanctions/"
    assert first.content_html == "<p>The full statement.</p>"
    # A permalink guid stands in for the missing <link>
    assert second.link == "http://example.test/releases/other/"
    assert second.published_at == dt.datetime(2025, 10, 21, 10, 0, tzinfo=UTC)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title></channel></rss>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&secret;</title></channel></rss>
"""


@pytest.mark.parametrize("hostile", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_entity_declarations_are_refused(hostile: bytes) -> None:
    with pytest.raises(FeedError, match="refused: it declares XML entities"):
        parse_feed(hostile, "http://example.test/feed")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (RSS[: len(RSS) // 2], "not well-formed XML"),  # truncated download
        (b"<html><body>Not a feed</body></html>", "not a feed"),
        (b"   ", "empty"),
        (b'<rss version="2.0"></rss>', "no <channel>"),
    ],
)
def test_broken_feeds_are_clear_errors(data: bytes, message: str) -> None:
    with pytest.raises(FeedError, match=message):
        parse_feed(data, "http://example.test/feed")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-08-16T02:40:00+03:00", dt.datetime(2025, 8, 15, 23, 40, tzinfo=UTC)),
        ("2025-08-18T18:10:00-04:00", dt.datetime(2025, 8, 18, 22, 10, tzinfo=UTC)),
        ("2025-05-09T10:00:00Z", dt.datetime(2025, 5, 9, 10, 0, tzinfo=UTC)),
        ("2025-05-09", dt.datetime(2025, 5, 9, tzinfo=UTC)),
        ("Sun, 07 Sep 2025 09:15:00 +0300", dt.datetime(2025, 9, 7, 6, 15, tzinfo=UTC)),
        ("Fri, 15 Aug 2025 10:00:00 EST", dt.datetime(2025, 8, 15, 15, 0, tzinfo=UTC)),
        ("Published 9 May 2025", dt.datetime(2025, 5, 9, tzinfo=UTC)),
        ("07 вересня 2025, 09:15", dt.datetime(2025, 9, 7, 9, 15, tzinfo=UTC)),
        # dotted numeric dates are day first, whatever the language list says
        ("Опубліковано 07.09.2025 о 09:15", dt.datetime(2025, 9, 7, 9, 15, tzinfo=UTC)),
        ("no date here", None),
        ("", None),
    ],
)
def test_timestamps_respect_their_zone(value: str, expected: dt.datetime | None) -> None:
    assert parse_timestamp(value, ["en", "uk"]) == expected
