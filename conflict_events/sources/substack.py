"""Crawl a Substack publication: discover posts, then fetch each post and its comments.

Discovery pages `/api/v1/archive` back in time (at most 50 a page, the API refuses more) until an
empty page, `source.since` or `source.max_items`, and reads `/feed` as a second list of post links.
Each post comes from `/api/v1/posts/<slug>`, or from its page `/p/<slug>` when the JSON fails;
comments from `/api/v1/post/<id>/comments`. Every URL is built relative to `source.base_url`.
What was fetched is in the raw store; `conflict_events.parse.substack.parse_source` makes documents.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from conflict_events.fetch.errors import Blocked, FetchError, RobotsDisallowed
from conflict_events.fetch.store import revalidation_due
from conflict_events.parse.feeds import FeedError, parse_feed
from conflict_events.parse.substack import (
    Post,
    PostLink,
    SubstackParseError,
    archive_url,
    comments_url,
    feed_links,
    parse_archive_page,
    parse_comments,
    parse_post_json,
    parse_post_page,
    post_json_url,
    post_page_url,
)
from conflict_events.sources.config import SourceConfig
from conflict_events.sources.report import CrawlReport

if TYPE_CHECKING:
    from conflict_events.fetch.client import Fetcher, FetchResult

ARCHIVE_PAGE_SIZE = 50  # the archive API answers 400 above 50
MAX_ARCHIVE_PAGES = 400  # a server that ignores `offset` must not keep us paging forever


class _CrawlBlocked(Exception):
    """A bot wall answered: stop asking this site anything more in this crawl."""


@dataclass
class _Session:
    """One crawl of one source: fetches through the shared Fetcher and keeps the report's counts."""

    source: SourceConfig
    fetcher: Fetcher
    log: logging.Logger
    report: CrawlReport
    refused_by_robots: int = 0

    async def get(
        self, url: str, role: str, key: str | None, expect: Literal["json", "xml", "html", "text", "any"]
    ) -> FetchResult:
        self.report.requested += 1
        try:
            result = await self.fetcher.get(
                url,
                source_id=self.source.id,
                role=role,
                key=key,
                expect=expect,
                requests_per_second=self.source.requests_per_second,
            )
        except RobotsDisallowed:
            self.refused_by_robots += 1
            raise
        except Blocked as exc:
            self.report.blocked = True
            self.fail(f"{role} {url}: blocked by the site ({exc.reason}); crawl stopped")
            raise _CrawlBlocked from exc
        if result.not_modified:
            self.report.not_modified += 1
        else:
            self.report.downloaded += 1
        return result

    def fail(self, message: str) -> None:
        self.log.warning("source %s: %s", self.source.id, message)
        self.report.errors.append(message)


def _too_old(link: PostLink, source: SourceConfig) -> bool:
    return source.since is not None and link.post_date is not None and link.post_date.date() < source.since


async def _archive_links(session: _Session) -> tuple[list[PostLink], bool]:
    """Archive pages, newest first. Returns the links and whether any page was readable."""
    source = session.source
    links: list[PostLink] = []
    seen: set[str] = set()
    offset = 0
    for _ in range(MAX_ARCHIVE_PAGES):
        url = archive_url(source.base_url, offset, ARCHIVE_PAGE_SIZE)
        try:
            page = parse_archive_page((await session.get(url, "archive", f"offset={offset}", "json")).json())
        except (FetchError, SubstackParseError) as exc:
            session.fail(f"archive {url}: {getattr(exc, 'reason', exc)}; archive paging stopped")
            return links, offset > 0
        if not page:
            return links, True
        fresh = [link for link in page if link.slug not in seen]
        if not fresh:
            session.log.warning("source %s: archive %s repeats earlier posts; paging stopped", source.id, url)
            return links, True
        seen.update(link.slug for link in fresh)
        links.extend(link for link in fresh if not _too_old(link, source))
        if any(_too_old(link, source) for link in fresh):
            return links, True  # newest first: everything further back is older still
        if source.max_items is not None and len(links) >= source.max_items:
            return links, True
        offset += len(page)
    session.fail(f"archive: stopped after {MAX_ARCHIVE_PAGES} pages")
    return links, True


async def _feed_links(session: _Session) -> tuple[list[PostLink], bool]:
    """Post links of `/feed`. A bad feed is only a warning here: the archive is the full listing."""
    url = f"{session.source.base_url}/feed"
    try:
        result = await session.get(url, "feed", None, "xml")
        feed = parse_feed(result.body, url)
    except (FetchError, FeedError) as exc:
        session.log.warning("source %s: feed %s: %s", session.source.id, url, getattr(exc, "reason", exc))
        return [], False
    return feed_links(feed.items), True


def _merge(archive: list[PostLink], feed: list[PostLink], source: SourceConfig) -> list[PostLink]:
    """Archive entries (they carry ids and comment counts) completed by feed-only posts, newest first."""
    by_slug = {link.slug: link for link in archive}
    for link in feed:
        known = by_slug.get(link.slug)
        if known is None:
            by_slug[link.slug] = link
        elif known.url is None and link.url is not None:
            by_slug[link.slug] = replace(known, url=link.url)
    wanted = [link for link in by_slug.values() if not _too_old(link, source)]
    # Undated posts go last; the slug only breaks ties so the order is the same on every run.
    wanted.sort(key=lambda link: (link.post_date is not None, link.post_date, link.slug), reverse=True)
    return wanted[: source.max_items] if source.max_items is not None else wanted


async def _fetch_post(session: _Session, link: PostLink) -> Post | None:
    """The post JSON, else the post page. None (after logging) when neither is usable."""
    base = session.source.base_url
    key = link.post_id
    json_url = post_json_url(base, link.slug)
    try:
        return parse_post_json((await session.get(json_url, "post_json", key, "json")).json())
    except (FetchError, SubstackParseError) as exc:
        reason = getattr(exc, "reason", exc)
        session.log.info(
            "source %s: post JSON %s unusable (%s); trying the post page", session.source.id, json_url, reason
        )
    page_url = post_page_url(base, link.slug)
    try:
        return parse_post_page((await session.get(page_url, "post_page", key, "html")).text())
    except (FetchError, SubstackParseError) as exc:
        session.fail(f"post {link.slug}: JSON and page both unusable; page {page_url}: {getattr(exc, 'reason', exc)}")
        return None


async def _fetch_comments(session: _Session, post_id: str) -> None:
    url = comments_url(session.source.base_url, post_id)
    try:
        data: Any = (await session.get(url, "comments", post_id, "json")).json()
        parse_comments(data)
    except (FetchError, SubstackParseError) as exc:
        session.fail(f"comments {url}: {getattr(exc, 'reason', exc)}")


async def crawl(source: SourceConfig, fetcher: Fetcher, log: logging.Logger) -> CrawlReport:
    """Fetch the source's posts and comments into the raw store. Never raises for a bad item."""
    report = CrawlReport(source_id=source.id)
    session = _Session(source, fetcher, log, report)
    try:
        archive, archive_ok = await _archive_links(session)
        feed, feed_ok = await _feed_links(session)
        if not (archive_ok or feed_ok):
            report.blocked = session.refused_by_robots > 0
            session.fail("neither the archive nor the feed could be read")
            return report
        for link in _merge(archive, feed, source):
            if not revalidation_due(fetcher.store, post_json_url(source.base_url, link.slug)):
                report.items += 1  # stored and recently confirmed: re-checked on the revalidation schedule
                continue
            post = await _fetch_post(session, link)
            if post is None:
                continue
            report.items += 1
            post_id = link.post_id or post.post_id
            # The post was fetched just now; the archive entry may be older.
            comment_count = post.comment_count if post.comment_count is not None else link.comment_count
            # An unknown count (feed-only post read from its page) is worth one request to find out.
            if post_id is not None and (comment_count is None or comment_count > 0):
                await _fetch_comments(session, post_id)
    except _CrawlBlocked:
        pass
    return report
