"""Crawl an RSS 2.0 / Atom feed (the source URL) and the article pages its teaser entries link to.

Paging follows the link the feed itself offers (rel="next": Atom paging, WordPress `?paged=N` or
`/page/N/`) and stops at `since`, `max_items` or MAX_FEED_PAGES (the last two make the source
partial, with a warning naming the limit). An entry that carries the full text needs nothing more;
a teaser has its article page fetched (role "article", key = the item's link/guid), from the
source's own hosts only. Feeds are parsed in a worker thread: the loop only paces requests.
"""

from __future__ import annotations

import contextlib

from conflict_events.fetch.errors import FetchError
from conflict_events.fetch.session import SourceSession
from conflict_events.fetch.store import revalidation_due
from conflict_events.parse.feeds import Feed, FeedError, FeedItem, parse_feed
from conflict_events.sources.rss.settings import (
    ARTICLE_ROLE,
    FEED_ROLE,
    MAX_FEED_PAGES,
    feed_carries_text,
    in_range,
)
from conflict_events.sources.source import SourceConfig


def _read_page(body: bytes, url: str, source: SourceConfig, taken: int, seen: set[str]) -> tuple[Feed, list[str]]:
    """Parse one feed page and decide which new in-range items need their article page (CPU work)."""
    feed = parse_feed(body, url)
    teasers = []
    for item in feed.items:
        if item.key is None or item.key in seen or not in_range(item, source):
            continue
        if source.max_items is not None and taken >= source.max_items:
            break
        taken += 1
        if feed_carries_text(item) is None:
            teasers.append(item.key)
    return feed, teasers


async def _fetch_article(item: FeedItem, session: SourceSession) -> None:
    if not item.link:
        session.fail(f"item {item.key!r}: teaser only and no link to fetch the article")
        return
    if not revalidation_due(session.fetcher.store, item.link):
        return  # stored and recently confirmed: re-checked on the revalidation schedule
    # a failure is reported by the session; a robots refusal or an off-host link skips this item only
    with contextlib.suppress(FetchError):
        await session.get(item.link, ARTICLE_ROLE, item.key, "html")


async def crawl(source: SourceConfig, session: SourceSession) -> None:
    log = session.log
    url: str | None = source.url
    seen_pages: set[str] = set()
    seen_items: set[str] = set()
    taken = 0
    for page in range(1, MAX_FEED_PAGES + 1):
        seen_pages.add(url)
        try:
            result = await session.get(url, FEED_ROLE, f"page-{page}", "xml")
            feed, teasers = await session.off_loop(_read_page, result.body, url, source, taken, seen_items)
        except FetchError:
            return  # reported by the session
        except FeedError as exc:
            session.fail(f"feed {url} unusable: {exc}")
            return
        wanted = set(teasers)
        reached_since = full = False
        for item in feed.items:
            if item.key is None:
                session.fail(f"{url}: item {item.title!r} has neither link nor guid; skipped")
                continue
            if item.key in seen_items:
                continue
            if not in_range(item, source):
                reached_since = True
                continue
            if source.max_items is not None and taken >= source.max_items:
                full = True
                break
            seen_items.add(item.key)
            taken += 1
            session.found()
            if item.key in wanted:
                await _fetch_article(item, session)
        if full or (source.max_items is not None and taken >= source.max_items and feed.next_url):
            session.limit_reached(f"max_items={source.max_items}", "later feed items not fetched")
            return
        if reached_since:
            log.info("source %s: reached items older than since=%s", source.id, source.since)
            return
        url = feed.next_url
        if url is None:
            return
        if url in seen_pages:
            log.warning("source %s: feed paging link %s seen already; paging stopped", source.id, url)
            return
    session.limit_reached(f"MAX_FEED_PAGES={MAX_FEED_PAGES} feed pages", "older feed pages not fetched")
