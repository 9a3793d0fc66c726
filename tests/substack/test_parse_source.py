"""parse_source(): documents from what the raw store holds for a source (no network involved)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from typing import Any

import polars as pl
import pytest

from conflict_events import ids
from conflict_events.fetch.store import Capture, RawStore, new_capture_id
from conflict_events.sources.config import SourceConfig
from conflict_events.sources.substack.parse import parse_source

from .conftest import LOG, post_payload

BASE = "http://mirror.example:8080/pub"
SOURCE = SourceConfig(id="pub", kind="substack", url=BASE + "/", source_kind="newsletter", language="en")
T0 = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)


def record(
    store: RawStore,
    role: str,
    path: str,
    body: Any,
    *,
    key: str | None = None,
    minutes: int = 0,
    source_id: str = "pub",
) -> None:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    fetched_at = T0 + dt.timedelta(minutes=minutes)
    url = BASE + path
    ctype = "text/html; charset=utf-8" if role == "post_page" else "application/json"
    capture = Capture(
        capture_id=new_capture_id(url, fetched_at),
        source_id=source_id,
        role=role,
        key=key,
        url=url,
        status=200,
        headers={"Content-Type": ctype},
        fetched_at=fetched_at,
        body_sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        not_modified=False,
        error=None,
    )
    store.record(capture, data)


def page_html(canonical: str, title: str, body: str) -> bytes:
    return (
        f'<html><head><link rel="canonical" href="{canonical}"></head><body><h1 class="post-title">{title}</h1>'
        f'<div class="available-content"><div class="body markup">{body}</div></div></body></html>'
    ).encode()


@pytest.fixture
def store(tmp_path: Any) -> RawStore:
    return RawStore(tmp_path / "raw")


def test_json_and_page_of_one_post_make_one_document(store: RawStore) -> None:
    canonical = "https://pub.example.com/p/the-post"
    record(store, "post_page", "/p/the-post", page_html(canonical, "Page title", "<p>Old copy.</p>"), key="1")
    payload = post_payload(1, "the-post", "2025-12-01T10:00:00Z", "<p>Fresh copy.</p>")  # no canonical_url
    record(store, "post_json", "/api/v1/posts/the-post", payload, key="1", minutes=5)
    documents = parse_source(SOURCE, store, LOG)
    assert documents.height == 1
    row = documents.row(0, named=True)
    # The JSON names no canonical URL: the post page's link rel=canonical is used.
    assert row["url"] == canonical and row["doc_id"] == ids.doc_id_for(canonical)
    assert (row["title"], row["text"]) == ("Post 1", "Fresh copy.")  # the newer copy
    assert row["fetched_at"] == T0 + dt.timedelta(minutes=5)
    assert (row["language"], row["source_id"], row["source_kind"]) == ("en", "pub", "newsletter")


def test_without_any_canonical_url_the_post_url_is_built_from_the_slug(store: RawStore) -> None:
    record(store, "post_json", "/api/v1/posts/x", post_payload(3, "no-canonical", "2025-12-01T10:00:00Z", "<p>a</p>"))
    assert parse_source(SOURCE, store, LOG)["url"].to_list() == [BASE + "/p/no-canonical"]


def test_a_full_copy_beats_a_newer_preview(store: RawStore) -> None:
    canonical = {"canonical_url": "https://pub.example.com/p/paid"}
    long_body = "".join(f"<p>Paragraph {i} of the whole post.</p>" for i in range(30))
    full = post_payload(4, "paid", "2025-12-01T10:00:00Z", long_body, audience="only_paid", **canonical)
    full["wordcount"] = 180
    record(store, "post_json", "/api/v1/posts/paid", full)
    preview = dict(full, body_html="<p>Paragraph 0 of the whole post.</p>")
    record(store, "post_json", "/api/v1/posts/paid?again", preview, minutes=10)
    row = parse_source(SOURCE, store, LOG).row(0, named=True)
    assert row["is_truncated"] is False and row["text"].count("Paragraph") == 30


def test_unreadable_captures_are_skipped_with_a_clear_message(
    store: RawStore, caplog: pytest.LogCaptureFixture
) -> None:
    record(store, "post_json", "/api/v1/posts/bad", b"{ not json at all", key="9")
    record(store, "post_page", "/p/empty", b"<html><body>No post here</body></html>")
    record(store, "post_json", "/api/v1/posts/good", post_payload(2, "good", "2025-12-02T10:00:00Z", "<p>ok</p>"))
    with caplog.at_level(logging.WARNING):
        documents = parse_source(SOURCE, store, LOG)
    assert documents["external_id"].to_list() == ["2"]
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "/api/v1/posts/bad" in messages and "not valid JSON" in messages
    assert "/p/empty" in messages


def test_comments_documents_and_orphans(store: RawStore, caplog: pytest.LogCaptureFixture) -> None:
    canonical = "https://pub.example.com/p/with-comments"
    record(
        store,
        "post_json",
        "/api/v1/posts/with-comments",
        post_payload(5, "with-comments", "2025-12-03T10:00:00Z", "<p>Post.</p>", canonical_url=canonical),
        key="5",
    )
    comments = {
        "comments": [
            {"id": 50, "body": None, "name": None, "date": "2025-12-03T11:00:00Z", "children": [
                {"id": 51, "body": "Reply to a deleted comment.", "name": "Reader", "date": "2025-12-03T12:00:00+01:00",
                 "children": []},
            ]},
        ]
    }  # fmt: skip
    record(store, "comments", "/api/v1/post/5/comments", comments, key="5", minutes=1)
    record(store, "comments", "/api/v1/post/6/comments", {"comments": [{"id": 60, "body": "Orphan"}]}, key="6")
    with caplog.at_level(logging.WARNING):
        documents = parse_source(SOURCE, store, LOG)
    comment = documents.filter(pl.col("source_kind") == "comment").row(0, named=True)
    post = documents.filter(pl.col("source_kind") == "newsletter").row(0, named=True)
    assert documents.height == 2  # the deleted comment and the orphan make no document
    assert comment["url"] == canonical + "#comment-51"
    assert comment["parent_doc_id"] == post["doc_id"]
    assert comment["published_at"] == dt.datetime(2025, 12, 3, 11, 0, tzinfo=dt.UTC)
    assert (comment["title"], comment["author"], comment["external_id"]) == (None, "Reader", "51")
    assert comment["fetched_at"] == T0 + dt.timedelta(minutes=1)
    assert "post (id 6) is not stored" in " ".join(r.getMessage() for r in caplog.records)


def test_only_the_sources_own_captures_are_read(store: RawStore) -> None:
    record(store, "post_json", "/api/v1/posts/mine", post_payload(7, "mine", "2025-12-04T10:00:00Z", "<p>m</p>"))
    other = post_payload(8, "theirs", "2025-12-04T10:00:00Z", "<p>t</p>")
    record(store, "post_json", "/api/v1/posts/theirs", other, source_id="other")
    assert parse_source(SOURCE, store, LOG)["external_id"].to_list() == ["7"]
    assert parse_source(SourceConfig("empty", "substack", BASE, "newsletter"), store, LOG).is_empty()
