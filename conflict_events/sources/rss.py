"""The `rss` source kind: any RSS 2.0 / Atom feed plus the article pages it links to.

Crawl: fetch the feed (the source URL), follow the paging link the feed itself offers
(rel="next": Atom paging, WordPress `?paged=N` or `/page/N/`), stop at `since` and `max_items`.
An item whose feed entry carries the full text needs nothing more; an item with only a teaser has
its article page fetched (role "article", key = the item's link/guid).

Parse (from the store only): every item of the stored feed pages becomes a document, its text from
the feed when full, else from the stored article page (generic extraction), else the teaser
marked `is_truncated`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import polars as pl

from conflict_events import ids
from conflict_events.fetch.client import Blocked, Fetcher, FetchError, RobotsDisallowed
from conflict_events.fetch.decode import decode_body
from conflict_events.fetch.store import RawStore
from conflict_events.parse.article import Article, extract_article, extract_fragment
from conflict_events.parse.feeds import Feed, FeedError, FeedItem, parse_feed
from conflict_events.parse.html_text import CleanText, html_to_text
from conflict_events.parse.language import detect_language
from conflict_events.schema import DOCUMENTS, conform, empty
from conflict_events.sources.config import SourceConfig
from conflict_events.sources.report import CrawlReport

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


def _since(source: SourceConfig) -> dt.datetime | None:
    return dt.datetime.combine(source.since, dt.time(), tzinfo=dt.UTC) if source.since else None


def in_range(item: FeedItem, source: SourceConfig) -> bool:
    """Not older than `since` (items without any date are kept: nothing says they are old)."""
    since = _since(source)
    return since is None or item.when is None or item.when >= since


def _without_footer(clean: CleanText) -> CleanText:
    if clean.paragraph_spans:
        start, end = clean.paragraph_spans[-1]
        if _WORDPRESS_FOOTER.match(clean.text[start:end]):
            kept = clean.paragraph_spans[:-1]
            cut = kept[-1][1] if kept else 0
            return CleanText(clean.text[:cut], [(s, e) for s, e in clean.quote_spans if e <= cut], kept)
    return clean


def _feed_clean(html: str | None) -> CleanText:
    return _without_footer(html_to_text(html))


def full_text_in_feed(item: FeedItem) -> CleanText | None:
    """The article text when the feed carries all of it, else None (a teaser: fetch the page)."""
    for html, minimum in ((item.content_html, FULL_CONTENT_MIN_CHARS), (item.summary_html, FULL_SUMMARY_MIN_CHARS)):
        clean = _feed_clean(html)
        if len(clean.text) >= minimum and not _TEASER_END.search(clean.text):
            # Main-text extraction again, as feeds embed page headers (State Department) in the content.
            extracted = _without_footer(extract_fragment(html, [item.title, item.author]))
            return extracted if extracted.text else clean
    return None


def _same_site(url: str, source: SourceConfig) -> bool:
    return urlsplit(url).netloc == urlsplit(source.base_url).netloc


# ---- crawl --------------------------------------------------------------------------------------


@dataclass
class _CrawlState:
    report: CrawlReport
    items_taken: int = 0
    pages_blocked: bool = False  # a wall answered an article page: do not knock again this run


def _count(report: CrawlReport, not_modified: bool) -> None:
    if not_modified:
        report.not_modified += 1
    else:
        report.downloaded += 1


def _blocked(state: _CrawlState, source: SourceConfig, url: str, exc: FetchError, log: logging.Logger) -> None:
    state.report.blocked = True
    state.report.errors.append(f"{url}: {exc.reason}")
    log.warning("source %s: BLOCKED at %s (%s)", source.id, url, exc.reason)


async def _fetch_article(
    item: FeedItem, source: SourceConfig, fetcher: Fetcher, state: _CrawlState, log: logging.Logger
) -> None:
    if not item.link:
        state.report.errors.append(f"item {item.key!r}: teaser only and no link to fetch the article")
        log.warning("source %s: item %r has only a teaser and no link", source.id, item.title)
        return
    if state.pages_blocked:
        log.info("source %s: article %s not requested (the site is walling us)", source.id, item.link)
        return
    state.report.requested += 1
    try:
        result = await fetcher.get(
            item.link,
            source_id=source.id,
            role=ARTICLE_ROLE,
            key=item.key,
            expect="html",
            requests_per_second=source.requests_per_second,
        )
    except (Blocked, RobotsDisallowed) as exc:
        state.pages_blocked = True
        _blocked(state, source, item.link, exc, log)
        return
    except FetchError as exc:
        state.report.errors.append(f"{item.link}: {exc.reason}")
        log.error("source %s: article %s failed: %s", source.id, item.link, exc.reason)
        return
    _count(state.report, result.not_modified)


async def _fetch_feed_page(
    url: str, page: int, source: SourceConfig, fetcher: Fetcher, state: _CrawlState, log: logging.Logger
) -> Feed | None:
    state.report.requested += 1
    try:
        result = await fetcher.get(
            url,
            source_id=source.id,
            role=FEED_ROLE,
            key=f"page-{page}",
            expect="xml",
            requests_per_second=source.requests_per_second,
        )
    except (Blocked, RobotsDisallowed) as exc:
        _blocked(state, source, url, exc, log)
        return None
    except FetchError as exc:
        state.report.errors.append(f"{url}: {exc.reason}")
        log.error("source %s: feed %s failed: %s", source.id, url, exc.reason)
        return None
    _count(state.report, result.not_modified)
    try:
        return parse_feed(result.body, url)
    except FeedError as exc:
        state.report.errors.append(f"{url}: {exc}")
        log.error("source %s: feed %s unusable: %s", source.id, url, exc)
        return None


async def crawl(source: SourceConfig, fetcher: Fetcher, log: logging.Logger) -> CrawlReport:
    state = _CrawlState(CrawlReport(source_id=source.id))
    url: str | None = source.url
    seen_pages: set[str] = set()
    seen_items: set[str] = set()
    page = 0
    while url is not None and page < MAX_FEED_PAGES:
        page += 1
        seen_pages.add(url)
        feed = await _fetch_feed_page(url, page, source, fetcher, state, log)
        if feed is None:
            break
        reached_since = False
        for item in feed.items:
            if item.key is None:
                state.report.errors.append(f"{url}: item {item.title!r} has neither link nor guid")
                log.warning("source %s: feed item %r has neither link nor guid; skipped", source.id, item.title)
                continue
            if item.key in seen_items:
                continue
            if not in_range(item, source):
                reached_since = True
                continue
            if source.max_items is not None and state.items_taken >= source.max_items:
                break
            seen_items.add(item.key)
            state.items_taken += 1
            state.report.items += 1
            if full_text_in_feed(item) is None:
                await _fetch_article(item, source, fetcher, state, log)
        if source.max_items is not None and state.items_taken >= source.max_items:
            log.info("source %s: max_items=%d reached", source.id, source.max_items)
            break
        if reached_since:
            log.info("source %s: reached items older than since=%s", source.id, source.since)
            break
        url = feed.next_url
        if url is not None and (url in seen_pages or not _same_site(url, source)):
            log.warning("source %s: feed paging link %s not followed (seen already or another site)", source.id, url)
            url = None
    log.info(
        "source %s: %d requests, %d items, %d errors%s",
        source.id,
        state.report.requested,
        state.report.items,
        len(state.report.errors),
        " (BLOCKED)" if state.report.blocked else "",
    )
    return state.report


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
        teaser = _feed_clean(item.content_html or item.summary_html)
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
