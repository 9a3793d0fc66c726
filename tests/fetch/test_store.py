"""RawStore: content-addressed bodies, append-only index, current/latest views, crash tolerance."""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from conflict_events import schema
from conflict_events.fetch import Capture, RawStore
from conflict_events.fetch.store import new_capture_id

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def make_capture(
    url: str,
    body: bytes | None,
    *,
    at: datetime,
    source_id: str = "src",
    status: int = 200,
    error: str | None = None,
    headers: dict[str, str] | None = None,
) -> Capture:
    return Capture(
        capture_id=new_capture_id(url, at),
        source_id=source_id,
        role="post_page",
        key=None,
        url=url,
        status=status,
        headers=headers or {"Content-Type": "text/html"},
        fetched_at=at,
        body_sha256=hashlib.sha256(body).hexdigest() if body is not None else None,
        size=len(body or b""),
        not_modified=False,
        error=error,
    )


def test_bodies_are_content_addressed_and_written_once(tmp_path: Path) -> None:
    store = RawStore(tmp_path / "raw")
    body = b"<p>Shelling reported near the river crossing.</p>"
    digest = hashlib.sha256(body).hexdigest()
    store.record(make_capture("https://a.example/1", body, at=T0), body)
    store.record(make_capture("https://a.example/1-copy", body, at=T0 + timedelta(seconds=1)), body)

    blob = tmp_path / "raw" / "blobs" / digest[:2] / digest
    assert blob.read_bytes() == body
    assert [p for p in (tmp_path / "raw" / "blobs").rglob("*") if p.is_file()] == [blob]
    assert store.body(digest) == body
    assert len(store.captures()) == 2


def test_captures_frame_follows_schema_and_round_trips(tmp_path: Path) -> None:
    store = RawStore(tmp_path / "raw")
    body = b"{}"
    store.record(make_capture("https://a.example/x", body, at=T0, headers={"ETag": '"v1"'}), body)
    store.record(make_capture("https://a.example/y", None, at=T0, status=0, error="ConnectError"), None)

    frame = RawStore(tmp_path / "raw").captures()  # a new instance reads what the first wrote
    assert frame.schema == pl.Schema(schema.CAPTURES)
    rows = frame.sort("url").to_dicts()
    assert rows[0]["fetched_at"] == T0
    assert rows[0]["headers"] == '{"ETag": "\\"v1\\""}'
    assert rows[1]["status"] == 0 and rows[1]["error"] == "ConnectError" and rows[1]["body_sha256"] is None


def test_current_is_newest_usable_capture_per_url_of_the_source(tmp_path: Path) -> None:
    store = RawStore(tmp_path / "raw")
    old, new, other = b"first version", b"second version", b"another source"
    url = "https://a.example/post"
    # recorded out of time order on purpose: "newest" is by fetched_at, not by line order
    store.record(make_capture(url, new, at=T0 + timedelta(hours=1)), new)
    store.record(make_capture(url, old, at=T0), old)
    store.record(make_capture(url, b"oops", at=T0 + timedelta(hours=2), status=500, error="HTTP 500"), b"oops")
    store.record(make_capture(url, None, at=T0 + timedelta(hours=3), status=0, error="ReadTimeout"), None)
    store.record(make_capture("https://a.example/only-failed", None, at=T0, status=0, error="x"), None)
    store.record(make_capture("https://b.example/p", other, at=T0, source_id="other"), other)

    current = store.current("src")
    assert current.schema == pl.Schema(schema.CAPTURES)
    assert current["url"].to_list() == [url]
    assert current["body_sha256"].to_list() == [hashlib.sha256(new).hexdigest()]
    latest = store.latest_usable(url)
    assert latest is not None and store.body(latest.body_sha256 or "") == new
    assert store.latest_usable("https://a.example/only-failed") is None
    assert store.current("nobody").height == 0


def test_truncated_last_index_line_is_skipped_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = tmp_path / "raw"
    store = RawStore(root)
    body = b"kept"
    store.record(make_capture("https://a.example/kept", body, at=T0), body)
    whole_line = make_capture("https://a.example/torn", b"t", at=T0).to_json_line()
    with (root / "captures.jsonl").open("a", encoding="utf-8") as f:
        f.write(whole_line[: len(whole_line) // 2])  # the process died mid-write

    with caplog.at_level(logging.WARNING):
        reopened = RawStore(root)
        assert reopened.captures()["url"].to_list() == ["https://a.example/kept"]
    assert "unreadable index line" in caplog.text

    later = b"appended after the crash"
    reopened.record(make_capture("https://a.example/later", later, at=T0 + timedelta(1)), later)
    assert RawStore(root).captures()["url"].to_list() == ["https://a.example/kept", "https://a.example/later"]


def test_garbage_lines_in_the_middle_do_not_stop_loading(tmp_path: Path) -> None:
    root = tmp_path / "raw"
    store = RawStore(root)
    store.record(make_capture("https://a.example/1", b"1", at=T0), b"1")
    with (root / "captures.jsonl").open("a", encoding="utf-8") as f:
        f.write('{"not": "a capture"}\n[1, 2]\n\n')
    store.record(make_capture("https://a.example/2", b"2", at=T0 + timedelta(1)), b"2")
    assert RawStore(root).captures().height == 2


def test_a_record_whose_hash_does_not_match_its_body_is_refused(tmp_path: Path) -> None:
    store = RawStore(tmp_path / "raw")
    capture = make_capture("https://a.example/1", b"one body", at=T0)
    with pytest.raises(ValueError, match="does not match"):
        store.record(capture, b"another body")
    assert store.captures().height == 0


def _append_many(root: str, writer: int, count: int) -> None:
    store = RawStore(Path(root))
    for i in range(count):
        body = f"writer {writer} item {i} ".encode() * 50
        at = T0 + timedelta(seconds=writer * 100_000 + i)
        store.record(make_capture(f"https://a.example/{writer}/{i}", body, at=at), body)


def test_processes_appending_at_once_leave_every_line_whole(tmp_path: Path) -> None:
    root = tmp_path / "raw"
    RawStore(root)
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_append_many, args=(str(root), w, 150)) for w in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert [w.exitcode for w in workers] == [0, 0, 0]
    frame = RawStore(root).captures()
    assert frame.height == 450
    assert frame["url"].n_unique() == 450


def revalidated(capture: Capture, at: datetime) -> Capture:
    """The 304 that confirms a stored body later."""
    return Capture(
        capture_id=new_capture_id(capture.url, at), source_id=capture.source_id, role=capture.role, key=capture.key,
        url=capture.url, status=304, headers={}, fetched_at=at, body_sha256=capture.body_sha256, size=0,
        not_modified=True, error=None,
    )


def nightly_revalidations(root: Path, urls: list[str], night: int) -> None:
    """One unchanged refresh: every URL answered 304, then the crawl's compaction."""
    store = RawStore(root)
    for url in urls:
        first = store.latest_usable(url)
        assert first is not None
        store.record(revalidated(first, T0 + timedelta(days=night, seconds=urls.index(url))), None)
    store.compact()


def test_start_up_reads_the_same_after_30_unchanged_refreshes_as_after_one(tmp_path: Path) -> None:
    urls = [f"https://example.org/p/{i}" for i in range(50)]
    store = RawStore(tmp_path)
    for i, url in enumerate(urls):
        store.record(make_capture(url, f"body {i}".encode(), at=T0 + timedelta(seconds=i)), f"body {i}".encode())
    store.compact()
    nightly_revalidations(tmp_path, urls, 1)
    after_one = RawStore(tmp_path)
    for night in range(2, 31):
        nightly_revalidations(tmp_path, urls, night)
    after_thirty = RawStore(tmp_path)
    assert after_thirty.lines_read_at_open == after_one.lines_read_at_open <= 2 * len(urls) + 1
    # ...while the history keeps every exchange, 304s included
    assert after_thirty.captures().height == len(urls) * 31
    assert after_thirty.current("src").equals(after_one.current("src"))
    assert after_thirty.current("src")["fetched_at"].max() == T0 + timedelta(seconds=len(urls) - 1)


def test_compacted_index_plus_the_history_after_it_equals_reading_the_whole_history(tmp_path: Path) -> None:
    a, b = "https://example.org/a", "https://example.org/b"
    store = RawStore(tmp_path)
    store.record(make_capture(a, b"a1", at=T0), b"a1")
    store.compact()
    store.record(make_capture(a, b"a2", at=T0 + timedelta(hours=1)), b"a2")  # after the compaction
    store.record(make_capture(b, None, at=T0 + timedelta(hours=2), status=404, error="HTTP 404"), None)
    reopened = RawStore(tmp_path)
    assert reopened.lines_read_at_open == 1 + 2  # the compacted entry, then the two lines after it
    assert reopened.latest_usable(a).body_sha256 == hashlib.sha256(b"a2").hexdigest()
    assert reopened.last_exchange(b).status == 404 and reopened.latest_usable(b) is None
    (tmp_path / "latest.jsonl").write_text("not json\n")  # a damaged index: the history still answers
    fallback = RawStore(tmp_path)
    assert fallback.latest_usable(a).body_sha256 == hashlib.sha256(b"a2").hexdigest()


def test_a_stored_body_is_revalidated_on_a_schedule_counted_from_its_last_confirmation(tmp_path: Path) -> None:
    url = "https://example.org/post"
    store = RawStore(tmp_path)
    week = 7 * 86400
    assert store.revalidate_after(url, T0, week), "nothing stored: fetch it"
    capture = make_capture(url, b"post", at=T0)
    store.record(capture, b"post")
    assert not store.revalidate_after(url, T0 + timedelta(days=6), week)
    assert store.revalidate_after(url, T0 + timedelta(days=7), week)
    store.record(revalidated(capture, T0 + timedelta(days=7)), None)  # a 304 confirms the body again
    assert not store.revalidate_after(url, T0 + timedelta(days=13), week)
    assert store.revalidate_after(url, T0 + timedelta(days=14), week)
