"""Crawl a Substack publication: discover posts, then fetch each post and its comments.

Discovery pages `/api/v1/archive` back in time (at most 50 a page, the API refuses more) until an
empty page, `source.since` or `source.max_items`, and reads `/feed` as a second list of post links.
Each post comes from `/api/v1/posts/<slug>`, or from its page `/p/<slug>` when the JSON fails;
comments from `/api/v1/post/<id>/comments`. Only ids, links and comment counts are read here:
bodies are converted to text once, by substack.parse, from the store.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from conflict_events.fetch.errors import FetchError
from conflict_events.fetch.session import SourceSession
from conflict_events.fetch.store import revalidation_due
from conflict_events.parse.feeds import FeedError, FeedItem, parse_feed
from conflict_events.sources.source import SourceConfig
from conflict_events.sources.substack.settings import (
    ARCHIVE_PAGE_SIZE,
    COMMENTS_ROLE,
    MAX_ARCHIVE_PAGES,
    SubstackParseError,
    archive_url,
    comments_url,
    http_url,
    id_field,
    int_field,
    parse_utc,
    post_json_url,
    post_page_url,
    preloaded_post_id,
    slug_from_url,
    text_field,
)


@dataclass(frozen=True)
class PostLink:
    """A post found while discovering a publication (archive entry or feed item)."""

    slug: str
    post_id: str | None = None
    post_date: dt.datetime | None = None
    comment_count: int | None = None
    url: str | None = None



# ---- discovery: archive pages and feed ------------------------------------------------------------


def parse_archive_page(data: Any) -> list[PostLink]:
    """One page of `/api/v1/archive`: a JSON list of post summaries. Entries without a slug are skipped."""
    if not isinstance(data, list):
        raise SubstackParseError(f"archive page is a JSON {type(data).__name__}, expected a list")
    links = []
    for entry in data:
        if not isinstance(entry, dict):
            continue
        slug = text_field(entry, "slug")
        if slug is None:
            continue
        links.append(
            PostLink(
                slug=slug,
                post_id=id_field(entry.get("id")),
                post_date=parse_utc(entry.get("post_date")),
                comment_count=int_field(entry.get("comment_count")),
                url=http_url(entry.get("canonical_url")),
            )
        )
    return links


def feed_links(feed_items: list[FeedItem]) -> list[PostLink]:
    """Post links from parsed feed items (`parse.feeds.FeedItem`): those whose link is a `/p/<slug>`."""
    links = []
    for item in feed_items:
        url = item.link or item.guid
        slug = slug_from_url(url) if url else None
        if slug:
            links.append(PostLink(slug=slug, post_date=item.when, url=http_url(url)))
    return links




@dataclass(frozen=True)
class PostRef:
    """What the crawl needs from a fetched post: its id and comment count (the body stays in the store)."""

    post_id: str | None
    comment_count: int | None


def post_ref_from_json(data: Any) -> PostRef:
    """`/api/v1/posts/<slug>`; raises SubstackParseError when it carries no body at all."""
    if isinstance(data, dict) and isinstance(data.get("post"), dict) and "body_html" not in data:
        data = data["post"]  # some API versions wrap the post
    if not isinstance(data, dict):
        raise SubstackParseError(f"post JSON is a {type(data).__name__}, expected an object")
    if not any(isinstance(data.get(k), str) and data[k].strip() for k in ("body_html", "truncated_body_text")):
        raise SubstackParseError("post JSON has neither body_html nor truncated_body_text")
    return PostRef(id_field(data.get("id")), int_field(data.get("comment_count")))


def post_ref_from_page(html: str) -> PostRef:
    """A post page `/p/<slug>`; raises SubstackParseError when no post body is on the page."""
    if not any(marker in html for marker in ("available-content", "body markup")):
        raise SubstackParseError("post page has no div.available-content / div.body.markup")
    return PostRef(preloaded_post_id(html), None)


def _too_old(link: PostLink, source: SourceConfig) -> bool:
    return source.since is not None and link.post_date is not None and link.post_date.date() < source.since


async def _archive_links(session: SourceSession, source: SourceConfig) -> tuple[list[PostLink], bool]:
    """Archive pages, newest first. Returns the links and whether any page was readable."""
    links: list[PostLink] = []
    seen: set[str] = set()
    offset = 0
    for _ in range(MAX_ARCHIVE_PAGES):
        url = archive_url(source.base_url, offset, ARCHIVE_PAGE_SIZE)
        try:
            result = await session.get(url, "archive", f"offset={offset}", "json")
        except FetchError:
            session.log.warning("source %s: archive paging stopped at %s", source.id, url)
            return links, offset > 0
        try:
            page = parse_archive_page(result.json())
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
    session.limit_reached(f"MAX_ARCHIVE_PAGES={MAX_ARCHIVE_PAGES} archive pages", "older posts not listed")
    return links, True


async def _feed_links(session: SourceSession, source: SourceConfig) -> tuple[list[PostLink], bool]:
    """Post links of `/feed`. A bad feed is only a warning here: the archive is the full listing."""
    url = f"{source.base_url}/feed"
    try:
        result = await session.get(url, "feed", None, "xml", fallback=True)
        feed = await session.off_loop(parse_feed, result.body, url)
    except FetchError:
        return [], False
    except FeedError as exc:
        session.log.warning("source %s: feed %s: %s", source.id, url, exc)
        return [], False
    return feed_links(feed.items), True


def _merge(archive: list[PostLink], feed: list[PostLink], source: SourceConfig) -> tuple[list[PostLink], bool]:
    """Archive entries (they carry ids and comment counts) completed by feed-only posts, newest first;
    and whether max_items cut the list."""
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
    if source.max_items is not None and len(wanted) > source.max_items:
        return wanted[: source.max_items], True
    return wanted, False


async def _fetch_post(session: SourceSession, base: str, link: PostLink) -> PostRef | None:
    """The post JSON, else the post page. None (after reporting) when neither is usable."""
    key = link.post_id
    json_url = post_json_url(base, link.slug)
    try:
        result = await session.get(json_url, "post_json", key, "json", fallback=True)
        return post_ref_from_json(result.json())
    except (FetchError, SubstackParseError) as exc:
        session.log.info(
            "source %s: post JSON %s unusable (%s); trying the post page",
            session.source_id, json_url, getattr(exc, "reason", exc),
        )
    page_url = post_page_url(base, link.slug)
    try:
        return post_ref_from_page((await session.get(page_url, "post_page", key, "html")).text())
    except FetchError:
        return None  # reported by the session
    except SubstackParseError as exc:
        session.fail(f"post {link.slug}: JSON and page both unusable; page {page_url}: {exc}")
        return None


async def _fetch_comments(session: SourceSession, base: str, post_id: str) -> None:
    url = comments_url(base, post_id)
    try:
        result = await session.get(url, COMMENTS_ROLE, post_id, "json")
    except FetchError:
        return  # reported by the session
    try:
        data: Any = result.json()
    except FetchError as exc:
        session.fail(f"comments {url}: {exc.reason}")
        return
    if not isinstance(data.get("comments") if isinstance(data, dict) else data, list):
        session.fail(f"comments {url}: comments JSON has no 'comments' list")


async def crawl(source: SourceConfig, session: SourceSession) -> None:
    """Fetch the source's posts and comments into the raw store. Never raises for a bad item."""
    base = source.base_url
    archive, archive_ok = await _archive_links(session, source)
    feed, feed_ok = await _feed_links(session, source)
    if not (archive_ok or feed_ok):
        session.fail("neither the archive nor the feed could be read")
        return
    links, cut = _merge(archive, feed, source)
    for link in links:
        if not revalidation_due(session.fetcher.store, post_json_url(base, link.slug)):
            session.found()  # stored and recently confirmed: re-checked on the revalidation schedule
            continue
        post = await _fetch_post(session, base, link)
        if post is None:
            continue
        session.found()
        post_id = link.post_id or post.post_id
        # The post was fetched just now; the archive entry may be older.
        comment_count = post.comment_count if post.comment_count is not None else link.comment_count
        # An unknown count (feed-only post read from its page) is worth one request to find out.
        if post_id is not None and (comment_count is None or comment_count > 0):
            await _fetch_comments(session, base, post_id)
    if cut:
        session.limit_reached(f"max_items={source.max_items}", "older posts not fetched")
