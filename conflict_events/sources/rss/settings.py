"""What the RSS crawl and parse agree on: capture roles, limits, and when a feed entry is the whole article.

The crawl fetches an article page only for an entry that is a teaser; the parse uses the feed's text
for the others. Both decide with `feed_carries_text`, so they never disagree.
"""

from __future__ import annotations

import datetime as dt
import re

from conflict_events.parse.feeds import FeedItem
from conflict_events.parse.html_text import CleanText, html_to_text
from conflict_events.sources.source import SourceConfig

FEED_ROLE = "feed"
ARTICLE_ROLE = "article"
# A runaway guard for feeds that page forever.
MAX_FEED_PAGES = 200
# Feed content (content:encoded / Atom content) shorter than this is a teaser, not the article.
FULL_CONTENT_MIN_CHARS = 200
# A description/summary is only trusted as the full text when it is this long (many feeds put the
# whole article there, others a two-line teaser).
FULL_SUMMARY_MIN_CHARS = 1200
_TEASER_END = re.compile(r"(\[(?:…|\.\.\.|&#8230;)\]|…|\.\.\.|read more|continue reading|далі|читати далі)\s*$", re.I)
# The WordPress feed footer "The post X appeared first on Y." is not part of the article.
_WORDPRESS_FOOTER = re.compile(r"^The post .{1,300} appeared first on .{1,200}\.?$", re.DOTALL)


def since_of(source: SourceConfig) -> dt.datetime | None:
    return dt.datetime.combine(source.since, dt.time(), tzinfo=dt.UTC) if source.since else None


def in_range(item: FeedItem, source: SourceConfig) -> bool:
    """Not older than `since` (items without any date are kept: nothing says they are old)."""
    since = since_of(source)
    return since is None or item.when is None or item.when >= since


def without_footer(clean: CleanText) -> CleanText:
    if clean.paragraph_spans:
        start, end = clean.paragraph_spans[-1]
        if _WORDPRESS_FOOTER.match(clean.text[start:end]):
            kept = clean.paragraph_spans[:-1]
            cut = kept[-1][1] if kept else 0
            return CleanText(clean.text[:cut], [(s, e) for s, e in clean.quote_spans if e <= cut], kept)
    return clean


def feed_clean(html: str | None) -> CleanText:
    return without_footer(html_to_text(html))


def feed_carries_text(item: FeedItem) -> str | None:
    """The feed HTML that holds the whole article (content, else a long summary), or None for a teaser."""
    for html, minimum in ((item.content_html, FULL_CONTENT_MIN_CHARS), (item.summary_html, FULL_SUMMARY_MIN_CHARS)):
        if not html or len(html) < minimum:
            continue  # markup shorter than the minimum cannot hold that much text
        clean = feed_clean(html)
        if len(clean.text) >= minimum and not _TEASER_END.search(clean.text):
            return html
    return None
