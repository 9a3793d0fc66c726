"""Crawl a public Telegram channel through its web preview (`https://t.me/s/<channel>`).

The first page holds the newest messages; older ones come from `?before=<smallest id on the page>`.
Paging stops at "No posts found", at `since`, at `max_items` or when a page does not go further back.
Documents are built later, from the stored pages only (parse.telegram.parse_source).
"""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlencode, urlsplit, urlunsplit

from conflict_events.fetch.client import Blocked, Fetcher, FetchError, RobotsDisallowed
from conflict_events.parse.telegram import CHANNEL_PAGE_ROLE, keep_as_document, parse_channel_page, parse_source
from conflict_events.sources.config import SourceConfig
from conflict_events.sources.report import CrawlReport

__all__ = ["crawl", "page_url", "parse_source"]

# A runaway guard: ~20 messages a page, so this is tens of thousands of messages.
MAX_PAGES = 2000


def page_url(base_url: str, before: int | None) -> str:
    """The channel page with messages older than `before` (the newest page when None)."""
    if before is None:
        return base_url
    parts = urlsplit(base_url)
    query = f"{parts.query}&" if parts.query else ""
    return urlunsplit(parts._replace(query=query + urlencode({"before": before})))


async def crawl(source: SourceConfig, fetcher: Fetcher, log: logging.Logger) -> CrawlReport:
    report = CrawlReport(source_id=source.id)
    since = dt.datetime.combine(source.since, dt.time(), tzinfo=dt.UTC) if source.since else None
    before: int | None = None
    seen_ids: set[int] = set()
    for _ in range(MAX_PAGES):
        url = page_url(source.base_url, before)
        report.requested += 1
        try:
            result = await fetcher.get(
                url,
                source_id=source.id,
                role=CHANNEL_PAGE_ROLE,
                key=str(before) if before is not None else None,
                expect="html",
                requests_per_second=source.requests_per_second,
            )
        except (Blocked, RobotsDisallowed) as exc:
            report.blocked = True
            report.errors.append(f"{url}: {exc.reason}")
            log.warning("source %s: BLOCKED at %s (%s); crawl stopped", source.id, url, exc.reason)
            break
        except FetchError as exc:
            report.errors.append(f"{url}: {exc.reason}")
            log.error("source %s: channel page %s failed: %s; crawl stopped", source.id, url, exc.reason)
            break
        if result.not_modified:
            report.not_modified += 1
        else:
            report.downloaded += 1
        page = parse_channel_page(result.body, log)
        if page.no_posts:
            if before is None:
                # Telegram also answers this when it throttles a client: on the newest page it is news.
                report.errors.append(f"{url}: 'No posts found' on the newest page (empty channel or throttled)")
                log.warning("source %s: %s says 'No posts found' on the newest page", source.id, url)
            else:
                log.info("source %s: %s says 'No posts found': end of the channel history", source.id, url)
            break
        if not page.messages:
            report.errors.append(f"{url}: no messages and no end marker (is the channel preview disabled?)")
            log.warning("source %s: %s has no messages and no 'No posts found' marker", source.id, url)
            break
        in_range = [
            m
            for m in page.messages
            if m.message_id not in seen_ids
            and keep_as_document(m, log, source.id)
            and not (since is not None and m.published_at is not None and m.published_at < since)
        ]
        seen_ids.update(m.message_id for m in page.messages)
        report.items += len(in_range)
        if source.max_items is not None and report.items >= source.max_items:
            report.items = source.max_items
            log.info("source %s: max_items=%d reached", source.id, source.max_items)
            break
        oldest = page.oldest_id
        oldest_date = min((m.published_at for m in page.messages if m.published_at is not None), default=None)
        if since is not None and oldest_date is not None and oldest_date < since:
            log.info("source %s: reached messages older than since=%s", source.id, source.since)
            break
        if oldest is None or (before is not None and oldest >= before):
            log.warning("source %s: paging did not go further back at %s; stopped", source.id, url)
            break
        before = oldest
    else:
        log.warning("source %s: stopped after %d pages (runaway guard)", source.id, MAX_PAGES)
    log.info(
        "source %s: %d pages requested, %d messages in range%s",
        source.id,
        report.requested,
        report.items,
        " (BLOCKED)" if report.blocked else "",
    )
    return report
