"""Documents of a Substack source, from the store only (never the network): of each post the best stored copy
(the full body over a preview, then the newest, then the JSON over the page) and its comments, as rows of
schema.DOCUMENTS.

The payloads themselves are read by substack.posts and substack.comments (the kind's crawl converts no bodies).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass
from typing import Any

import polars as pl

from conflict_events import ids
from conflict_events.fetch.decode import decode_body
from conflict_events.fetch.redact import redact_url
from conflict_events.fetch.store import RawStore
from conflict_events.parse.html_text import CleanText
from conflict_events.schema import DOCUMENTS, conform, empty
from conflict_events.sources.source import SourceConfig
from conflict_events.sources.substack.comments import flatten_comments, parse_comments
from conflict_events.sources.substack.posts import Post, parse_post_json, parse_post_page
from conflict_events.sources.substack.settings import (
    COMMENTS_ROLE,
    POST_ROLES,
    SubstackParseError,
    id_field,
    post_page_url,
    slug_from_url,
)


def _spans(body: CleanText) -> list[dict[str, int]]:
    return [{"start": start, "end": end} for start, end in body.quote_spans]


def _body_carriers(current: pl.DataFrame) -> pl.DataFrame:
    """`fetched_at` of the exchange that actually downloaded each current body.

    The store's current capture of a URL is its newest 200 (a 304 is recorded as a 304 and never
    becomes current), so its time is the download's: a body confirmed later by a 304 keeps the time
    it was downloaded, and re-crawling an unchanged site gives identical documents. Read from the
    compacted index only, never the whole capture history."""
    return current.with_columns(pl.col("fetched_at").alias("body_fetched_at"))


def _read_json(store: RawStore, row: dict[str, Any]) -> Any:
    # JSON is UTF-8 by definition (RFC 8259); a stray BOM is tolerated, broken bytes replaced.
    text = store.body(row["body_sha256"]).decode("utf-8-sig", errors="replace")
    try:
        return json.loads(text)
    except ValueError as exc:
        raise SubstackParseError(f"not valid JSON ({exc})") from None


def _read_text(store: RawStore, row: dict[str, Any]) -> str:
    try:
        headers = json.loads(row["headers"] or "{}")
    except ValueError:
        headers = {}
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    return decode_body(store.body(row["body_sha256"]), content_type)


@dataclass(frozen=True)
class _StoredPost:
    post: Post
    url: str
    fetched_at: dt.datetime
    post_id: str | None


def _better(candidate: _StoredPost, current: _StoredPost | None) -> bool:
    """The full body beats a preview; then the newest copy; then the JSON over the page."""
    if current is None:
        return True
    rank = (not candidate.post.is_truncated, candidate.fetched_at, candidate.post.origin == "post_json")
    return rank > (not current.post.is_truncated, current.fetched_at, current.post.origin == "post_json")


def _stored_posts(
    source: SourceConfig, store: RawStore, rows: list[dict[str, Any]], log: logging.Logger
) -> list[_StoredPost]:
    parsed: list[tuple[Post, dict[str, Any]]] = []
    for row in rows:
        try:
            if row["role"] == "post_json":
                post = parse_post_json(_read_json(store, row))
            else:
                post = parse_post_page(_read_text(store, row))
        except (SubstackParseError, OSError) as exc:
            log.warning("source %s: skipping %s %s: %s", source.id, row["role"], row["url"], exc)
            continue
        parsed.append((post, row))
    # A JSON without canonical_url takes the URL its own post page names, else {base}/p/<slug>.
    page_urls = {p.post_id or r["key"]: p.url for p, r in parsed if p.origin == "post_page" and p.url}
    page_urls |= {p.slug: p.url for p, _ in parsed if p.origin == "post_page" and p.url and p.slug}
    best: dict[str, _StoredPost] = {}
    for post, row in parsed:
        post_id = post.post_id or id_field(row["key"])
        slug = post.slug or slug_from_url(row["url"])
        url = post.url or page_urls.get(post_id) or page_urls.get(slug)
        if url is None and slug:
            url = post_page_url(redact_url(source.base_url), slug)  # never credentials in a document URL
        if url is None:
            log.warning("source %s: skipping %s %s: no canonical URL and no slug", source.id, row["role"], row["url"])
            continue
        stored = _StoredPost(post, url, row["body_fetched_at"], post_id)
        doc_id = ids.doc_id_for(url)
        if _better(stored, best.get(doc_id)):
            best[doc_id] = stored
    return list(best.values())


def _post_row(source: SourceConfig, stored: _StoredPost) -> dict[str, Any]:
    post = stored.post
    return {
        "doc_id": ids.doc_id_for(stored.url),
        "source_id": source.id,
        "source_kind": source.source_kind,
        "url": stored.url,
        "title": post.title,
        "author": post.author,
        "published_at": post.published_at,
        "fetched_at": stored.fetched_at,
        "language": source.language,
        "text": post.body.text,
        "is_truncated": post.is_truncated,
        "content_sha256": ids.sha256_text(post.body.text),
        "subtitle": post.subtitle,
        "parent_doc_id": None,
        "external_id": stored.post_id,
        "quote_spans": _spans(post.body),
    }


def _comment_rows(
    source: SourceConfig,
    store: RawStore,
    rows: list[dict[str, Any]],
    posts_by_id: dict[str, _StoredPost],
    log: logging.Logger,
) -> list[dict[str, Any]]:
    documents = []
    for row in rows:
        found = re.search(r"/api/v1/post/(\d+)/comments", row["url"])
        post_id = id_field(row["key"]) or (found.group(1) if found else None)
        parent = posts_by_id.get(post_id or "")
        if parent is None:
            log.warning(
                "source %s: skipping comments %s: their post (id %s) is not stored", source.id, row["url"], post_id
            )
            continue
        try:
            comments = flatten_comments(parse_comments(_read_json(store, row)))
        except (SubstackParseError, OSError) as exc:
            log.warning("source %s: skipping comments %s: %s", source.id, row["url"], exc)
            continue
        parent_doc_id = ids.doc_id_for(parent.url)
        for comment in comments:
            if not comment.body.text:
                continue  # deleted comment: its replies still count
            url = f"{parent.url}#comment-{comment.comment_id}"
            documents.append(
                {
                    "doc_id": ids.doc_id_for(url),
                    "source_id": source.id,
                    "source_kind": "comment",
                    "url": url,
                    "title": None,
                    "author": comment.author,
                    "published_at": comment.published_at,
                    "fetched_at": row["body_fetched_at"],
                    "language": source.language,
                    "text": comment.body.text,
                    "is_truncated": False,
                    "content_sha256": ids.sha256_text(comment.body.text),
                    "subtitle": None,
                    "parent_doc_id": parent_doc_id,
                    "external_id": comment.comment_id,
                    "quote_spans": _spans(comment.body),
                }
            )
    return documents


def parse_source(source: SourceConfig, store: RawStore, log: logging.Logger) -> pl.DataFrame:
    """Documents (schema.DOCUMENTS) of one Substack source from its current captures in the store."""
    current = store.current(source.id)
    if current.is_empty():
        return empty(DOCUMENTS)
    current = _body_carriers(current)
    post_rows = current.filter(pl.col("role").is_in(list(POST_ROLES))).sort("url").to_dicts()
    comment_rows = current.filter(pl.col("role") == COMMENTS_ROLE).sort("url").to_dicts()
    posts = _stored_posts(source, store, post_rows, log)
    posts_by_id = {p.post_id: p for p in posts if p.post_id}
    rows = [_post_row(source, p) for p in posts] + _comment_rows(source, store, comment_rows, posts_by_id, log)
    if not rows:
        return empty(DOCUMENTS)
    frame = pl.DataFrame(rows, schema=DOCUMENTS)
    return conform(
        frame.unique(subset="doc_id", keep="first", maintain_order=True).sort(
            "published_at", "doc_id", nulls_last=True
        ),
        DOCUMENTS,
    )
