"""Crawl a public Telegram channel through its web preview (`https://t.me/s/<channel>`).

The first page holds the newest messages; older ones come from `?before=<smallest id on the page>`.
Paging stops at "No posts found", at `since`, at `max_items` or when a page does not go further back.
Pages are read in a worker thread (the loop only paces requests); documents are built later, from
the stored pages only (telegram.parse.parse_source).
"""

from __future__ import annotations

import datetime as dt

from conflict_events.fetch.errors import FetchError
from conflict_events.fetch.session import SourceSession
from conflict_events.sources.source import SourceConfig
from conflict_events.sources.telegram.parse import keep_as_document, parse_channel_page
from conflict_events.sources.telegram.settings import CHANNEL_PAGE_ROLE, MAX_PAGES, page_url


async def crawl(source: SourceConfig, session: SourceSession) -> None:
    log = session.log
    since = dt.datetime.combine(source.since, dt.time(), tzinfo=dt.UTC) if source.since else None
    before: int | None = None
    seen_ids: set[int] = set()
    items = 0
    for _ in range(MAX_PAGES):
        url = page_url(source.base_url, before)
        key = str(before) if before is not None else None
        try:
            result = await session.get(url, CHANNEL_PAGE_ROLE, key, "html")
        except FetchError:
            return  # reported by the session; older pages are reached only through this one
        page = await session.off_loop(parse_channel_page, result.body, log)
        if page.no_posts:
            if before is None:
                # Telegram also answers this when it throttles a client: on the newest page it is news.
                session.fail(f"{url}: 'No posts found' on the newest page (empty channel or throttled)")
            else:
                log.info("source %s: %s says 'No posts found': end of the channel history", source.id, url)
            return
        if not page.messages:
            session.fail(f"{url}: no messages and no end marker (is the channel preview disabled?)")
            return
        in_range = [
            m
            for m in page.messages
            if m.message_id not in seen_ids
            and keep_as_document(m, log, source.id)
            and not (since is not None and m.published_at is not None and m.published_at < since)
        ]
        seen_ids.update(m.message_id for m in page.messages)
        taken = len(in_range)
        if source.max_items is not None and items + taken >= source.max_items:
            session.found(source.max_items - items)
            session.limit_reached(f"max_items={source.max_items}", "older messages not fetched")
            return
        items += taken
        session.found(taken)
        oldest = page.oldest_id
        oldest_date = min((m.published_at for m in page.messages if m.published_at is not None), default=None)
        if since is not None and oldest_date is not None and oldest_date < since:
            log.info("source %s: reached messages older than since=%s", source.id, source.since)
            return
        if oldest is None or (before is not None and oldest >= before):
            log.warning("source %s: paging did not go further back at %s; stopped", source.id, url)
            return
        before = oldest
    session.limit_reached(f"MAX_PAGES={MAX_PAGES} channel pages", "older messages not fetched")
