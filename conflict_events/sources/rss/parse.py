"""Documents of an RSS source, from the store only: every item of the stored feed pages becomes a
document, its text from the feed when the entry carries it all, else from the stored article page
(generic extraction, page furniture left out), else the teaser marked `is_truncated`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

import polars as pl

from conflict_events import ids
from conflict_events.fetch.decode import decode_body
from conflict_events.fetch.store import RawStore
from conflict_events.parse.article import Article, extract_article, extract_fragment
from conflict_events.parse.feeds import FeedError, FeedItem, parse_feed
from conflict_events.parse.html_text import CleanText
from conflict_events.parse.language import detect_language
from conflict_events.schema import DOCUMENTS, conform, empty
from conflict_events.sources.rss.settings import (
    ARTICLE_ROLE,
    FEED_ROLE,
    feed_carries_text,
    feed_clean,
    in_range,
    without_footer,
)
from conflict_events.sources.source import SourceConfig


def full_text_in_feed(item: FeedItem) -> CleanText | None:
    """The article text when the feed carries all of it, else None (a teaser: the page has it)."""
    html = feed_carries_text(item)
    if html is None:
        return None
    # Main-text extraction again, as feeds embed page headers (State Department) in the content.
    extracted = without_footer(extract_fragment(html, [item.title, item.author]))
    return extracted if extracted.text else feed_clean(html)


# ---- parse --------------------------------------------------------------------------------------


def _stored_items(
    source: SourceConfig, store: RawStore, current: pl.DataFrame, log: logging.Logger
) -> list[tuple[FeedItem, dt.datetime]]:
    """Items of every stored feed page, newest copy of each item, in feed order (newest first)."""
    by_key: dict[str, tuple[FeedItem, dt.datetime, tuple[int, int]]] = {}
    pages = current.filter(pl.col("role") == FEED_ROLE).sort("fetched_at")
    for row in pages.iter_rows(named=True):
        try:
            feed = parse_feed(store.body(row["body_sha256"]), row["url"])
        except (FeedError, OSError) as exc:
            log.error("source %s: stored feed %s unusable: %s", source.id, row["url"], exc)
            continue
        page_number = int(str(row["key"]).removeprefix("page-")) if str(row["key"]).startswith("page-") else 0
        for position, item in enumerate(feed.items):
            if item.key is not None:
                by_key[item.key] = (item, row["fetched_at"], (page_number, position))
    ordered = sorted(by_key.values(), key=lambda entry: entry[2])
    return [(item, fetched_at) for item, fetched_at, _ in ordered]


def _select(items: list[tuple[FeedItem, dt.datetime]], source: SourceConfig) -> list[tuple[FeedItem, dt.datetime]]:
    kept = [(item, fetched_at) for item, fetched_at in items if in_range(item, source)]
    return kept[: source.max_items] if source.max_items else kept


def _document(
    item: FeedItem,
    full: CleanText | None,
    feed_fetched_at: dt.datetime,
    article: Article | None,
    article_fetched_at: dt.datetime | None,
    source: SourceConfig,
    log: logging.Logger,
) -> dict[str, object] | None:
    """One documents row: the feed's full text, else the article page's, else the teaser (truncated)."""
    truncated = False
    if full is not None:
        text, spans, fetched_at = full.text, full.quote_spans, feed_fetched_at
    elif article is not None and article.text:
        text, spans, fetched_at = article.text, article.quote_spans, article_fetched_at or feed_fetched_at
    else:
        teaser = feed_clean(item.content_html or item.summary_html)
        if not teaser.text:
            log.warning("source %s: item %r has no text at all; skipped", source.id, item.title)
            return None
        log.warning("source %s: item %r: article page missing, keeping the feed teaser", source.id, item.title)
        text, spans, fetched_at, truncated = teaser.text, teaser.quote_spans, feed_fetched_at, True
    url = item.link or (article.canonical_url if article else None) or item.guid
    if not url:
        log.warning("source %s: item %r has no link; skipped", source.id, item.title)
        return None
    # Machine-readable page times carry their zone; a feed date beats a zone-less visible page date.
    page_time = article.published_at if article is not None and article.published_has_time else None
    published = page_time or item.when or (article.published_at if article is not None else None)
    return {
        "doc_id": ids.doc_id_for(url),
        "source_id": source.id,
        "source_kind": source.source_kind,
        "url": url,
        "title": item.title or (article.title if article else None),
        "author": item.author or (article.author if article else None) or source.name,
        "published_at": published,
        "fetched_at": fetched_at,
        "language": detect_language(text) or (article.language if article else None) or source.language,
        "text": text,
        "is_truncated": truncated,
        "content_sha256": ids.sha256_text(text),
        "subtitle": None,
        "parent_doc_id": None,
        "external_id": item.guid,
        "quote_spans": [{"start": s, "end": e} for s, e in spans],
    }


def parse_source(source: SourceConfig, store: RawStore, log: logging.Logger) -> pl.DataFrame:
    """Documents of an rss source from its stored feed pages and article pages (schema.DOCUMENTS)."""
    current = store.current(source.id)
    items = _select(_stored_items(source, store, current, log), source)
    articles = {
        row["key"]: row
        for row in current.filter(pl.col("role") == ARTICLE_ROLE).sort("fetched_at").iter_rows(named=True)
    }
    rows = []
    for item, feed_fetched_at in items:
        stored = articles.get(item.key)
        full = full_text_in_feed(item)
        article = None
        if stored is not None and full is None:
            try:
                headers = json.loads(stored["headers"] or "{}")
                content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
                article = extract_article(decode_body(store.body(stored["body_sha256"]), content_type), stored["url"])
            except (OSError, ValueError) as exc:
                log.error("source %s: stored article %s unusable: %s", source.id, stored["url"], exc)
        article_fetched_at = stored["fetched_at"] if stored else None
        document = _document(item, full, feed_fetched_at, article, article_fetched_at, source, log)
        if document is not None:
            rows.append(document)
    if not rows:
        return empty(DOCUMENTS)
    frame = pl.DataFrame(rows, schema=DOCUMENTS).unique(subset="doc_id", keep="first", maintain_order=True)
    return conform(frame, DOCUMENTS)
