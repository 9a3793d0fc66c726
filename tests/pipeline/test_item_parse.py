"""A Substack source whose captures changed parses only the items that changed; the accumulated
documents equal those of a parse of everything."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from conflict_events.fetch.store import RawStore
from conflict_events.sources.documents import accumulate_documents, parse_sources
from tests.substack.conftest import LOG, post_payload
from tests.substack.test_parse_source import SOURCE, record


def post(store: RawStore, n: int, body: str, minutes: int = 0) -> None:
    canonical = f"https://pub.example.com/p/post-{n}"
    payload = post_payload(n, f"post-{n}", f"2025-12-0{n}T10:00:00Z", body, canonical_url=canonical)
    record(store, "post_json", f"/api/v1/posts/post-{n}", payload, key=str(n), minutes=minutes)


def test_only_new_or_changed_items_are_parsed_and_nothing_is_lost(tmp_path: Path) -> None:
    store = RawStore(tmp_path / "raw")
    post(store, 1, "<p>One.</p>")
    post(store, 2, "<p>Two.</p>")
    comments = {"comments": [{"id": 10, "body": "A reader's view.", "name": "R", "date": "2025-12-01T11:00:00Z",
                              "children": []}]}
    record(store, "comments", "/api/v1/post/1/comments", comments, key="1", minutes=1)
    record(store, "archive", "/api/v1/archive?offset=0", [{"id": 1}, {"id": 2}], key="0")
    parsed, fingerprints, _, read = parse_sources([SOURCE], store, LOG)
    published, _ = accumulate_documents(None, parsed, [SOURCE], LOG)
    assert published.height == 3

    # Next night: post 2 is edited, post 3 arrives, the archive page changes; post 1 and its comment do not.
    post(store, 2, "<p>Two, corrected.</p>", minutes=60)
    post(store, 3, "<p>Three.</p>", minutes=60)
    record(store, "archive", "/api/v1/archive?offset=0", [{"id": 1}, {"id": 2}, {"id": 3}], key="0", minutes=60)
    again, _, skipped, _ = parse_sources([SOURCE], store, LOG, fingerprints, read)
    assert not skipped
    assert sorted(again["external_id"].to_list()) == ["2", "3"], "only the changed and the new post are parsed"
    incremental, changes = accumulate_documents(published, again, [SOURCE], LOG)
    assert (changes.added, changes.changed) == (1, 1)

    whole, _, _, _ = parse_sources([SOURCE], store, LOG)
    from_scratch, _ = accumulate_documents(None, whole, [SOURCE], LOG)
    assert from_scratch.height == 4
    assert_frame_equal(incremental.sort("doc_id"), from_scratch.sort("doc_id"))
    assert "Two, corrected." in incremental.filter(pl.col("external_id") == "2")["text"].item()
