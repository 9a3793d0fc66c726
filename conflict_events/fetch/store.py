"""The raw store: every HTTP exchange of every run, kept immutable and append-only.

Layout under ``root``::

    blobs/ab/<sha256>   one file per distinct body (content-addressed, written once)
    captures.jsonl      one JSON line per exchange (schema.CAPTURES), appended and flushed: the history
    latest.jsonl        a compacted index: per URL its newest usable capture and its newest exchange,
                        and how far into captures.jsonl it reaches (rewritten whole, atomically)

Later stages read only this store, so a parse can be re-run without touching the network.
A failed exchange is recorded like any other; nothing is ever removed or overwritten.

Opening the store reads latest.jsonl and only the history lines appended after it, so the start-up
cost grows with the number of URLs, not with the number of nights (a 304 revalidation adds a history
line, never an index entry). The whole history is read only when asked for (`captures()`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from conflict_events import schema
from conflict_events.settings import DEFAULT_REVALIDATE_AFTER_DAYS

INDEX_NAME = "captures.jsonl"
LATEST_NAME = "latest.jsonl"
BLOBS_NAME = "blobs"
# Compact the index once this many history lines were read past it (and after every crawl).
COMPACT_AFTER_LINES = 2_000

_log = logging.getLogger(__name__)


def revalidate_after_seconds() -> float:
    """How old a stored post body may get before a crawler revalidates it (CONFLICT_EVENTS_REVALIDATE_AFTER_DAYS)."""
    days = os.environ.get("CONFLICT_EVENTS_REVALIDATE_AFTER_DAYS")
    return float(days if days not in (None, "") else DEFAULT_REVALIDATE_AFTER_DAYS) * 86400.0


def revalidation_due(store: RawStore, url: str, now: datetime | None = None) -> bool:
    """The crawlers' policy for bodies they already hold (Substack posts, RSS articles): new posts are
    fetched every night, stored ones only re-checked once they are `revalidate_after_seconds()` old."""
    return store.revalidate_after(url, now or datetime.now(UTC), revalidate_after_seconds())


def new_capture_id(url: str, fetched_at: datetime) -> str:
    """sha256 of url + fetched_at (microseconds), as schema.CAPTURES documents."""
    return hashlib.sha256(f"{url}\x1f{fetched_at.isoformat()}".encode()).hexdigest()


@dataclass(frozen=True)
class Capture:
    """One HTTP exchange: one row of schema.CAPTURES."""

    capture_id: str
    source_id: str
    role: str
    key: str | None
    url: str
    status: int  # 0 when no response arrived (timeout, refused connection)
    headers: dict[str, str] = field(hash=False)
    fetched_at: datetime
    body_sha256: str | None  # for a 304: the stored body it confirmed
    size: int
    not_modified: bool
    error: str | None  # None when the response was usable

    @property
    def usable(self) -> bool:
        """A 200 without error whose body is in the store."""
        return self.status == 200 and self.error is None and self.body_sha256 is not None

    def header(self, name: str) -> str | None:
        """Case-insensitive header lookup."""
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), None)

    def to_json_line(self) -> str:
        row: dict[str, Any] = {
            "capture_id": self.capture_id,
            "source_id": self.source_id,
            "role": self.role,
            "key": self.key,
            "url": self.url,
            "status": self.status,
            "headers": self.headers,
            "fetched_at": self.fetched_at.astimezone(UTC).isoformat(),
            "body_sha256": self.body_sha256,
            "size": self.size,
            "not_modified": self.not_modified,
            "error": self.error,
        }
        return json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n"

    @classmethod
    def from_json_line(cls, line: str) -> Capture:
        """Raises ValueError/KeyError/TypeError on a malformed line."""
        row = json.loads(line)
        if not isinstance(row, dict):
            raise ValueError("index line is not a JSON object")
        headers = row.get("headers") or {}
        if not isinstance(headers, dict):
            raise ValueError("headers is not an object")
        fetched_at = datetime.fromisoformat(row["fetched_at"])
        if fetched_at.tzinfo is None:
            fetched_at = fetched_at.replace(tzinfo=UTC)
        return cls(
            capture_id=str(row["capture_id"]),
            source_id=str(row["source_id"]),
            role=str(row["role"]),
            key=None if row.get("key") is None else str(row["key"]),
            url=str(row["url"]),
            status=int(row["status"]),
            headers={str(k): str(v) for k, v in headers.items()},
            fetched_at=fetched_at.astimezone(UTC),
            body_sha256=row.get("body_sha256"),
            size=int(row.get("size") or 0),
            not_modified=bool(row.get("not_modified")),
            error=row.get("error"),
        )


class RawStore:
    """Immutable, append-only, content-addressed store of HTTP exchanges.

    Safe to share between the asyncio tasks and threads of one process. Other processes may append
    to the same index at the same time (each line is written with a single O_APPEND write); the
    in-memory view is refreshed from the file on every read.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.blobs_dir = self.root / BLOBS_NAME
        self.index_path = self.root / INDEX_NAME
        self.blobs_dir.mkdir(parents=True, exist_ok=True)
        self.index_path.touch(exist_ok=True)
        self.latest_path = self.root / LATEST_NAME
        self._lock = threading.RLock()
        self._latest_usable: dict[str, Capture] = {}
        self._last_exchange: dict[str, Capture] = {}  # newest exchange of each URL, whatever its outcome
        self._read_offset = 0
        self._lines_since_compaction = 0
        self.lines_read_at_open = 0  # index + history lines read when the store was opened
        self._seal_torn_tail()
        self._load_latest()
        self.lines_read_at_open += self._read_tail()
        if self._lines_since_compaction >= COMPACT_AFTER_LINES:
            self.compact()

    # ---- writing -------------------------------------------------------------------------------

    def _seal_torn_tail(self) -> None:
        """A crash mid-write can leave a last line without newline: end it, so that the next
        append starts on a line of its own (the torn line is then skipped with a warning)."""
        with self._lock, self.index_path.open("rb") as f:
            f.seek(0, os.SEEK_END)
            if f.tell() == 0:
                return
            f.seek(-1, os.SEEK_END)
            if f.read(1) != b"\n":
                _log.warning("raw store %s: last index line is incomplete (interrupted write?)", self.index_path)
                self._append(b"\n")

    def _append(self, data: bytes) -> None:
        fd = os.open(self.index_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, data)  # one write per line keeps concurrent appenders from interleaving
        finally:
            os.close(fd)

    def blob_path(self, sha256: str) -> Path:
        return self.blobs_dir / sha256[:2] / sha256

    def put_body(self, body: bytes) -> str:
        """Store a body once under its sha256 (temp file + rename, so never half-written)."""
        digest = hashlib.sha256(body).hexdigest()
        path = self.blob_path(digest)
        if path.exists():
            return digest
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(body)
                f.flush()
                os.fsync(f.fileno())  # the rename must never publish a name for unwritten data
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return digest

    def record(self, capture: Capture, body: bytes | None) -> None:
        """Append one exchange; a body, when given, is stored first (and must match body_sha256)."""
        if body is not None:
            digest = self.put_body(body)
            if capture.body_sha256 is not None and capture.body_sha256 != digest:
                raise ValueError(f"capture {capture.capture_id}: body_sha256 does not match the body")
        with self._lock:
            self._append(capture.to_json_line().encode("utf-8"))

    # ---- reading -------------------------------------------------------------------------------

    def has_body(self, sha256: str) -> bool:
        return self.blob_path(sha256).is_file()

    def body(self, sha256: str) -> bytes:
        return self.blob_path(sha256).read_bytes()

    def _parse_lines(self, chunk: bytes, where: Path) -> list[Capture]:
        captures = []
        for raw in chunk.splitlines():
            if not raw.strip():
                continue
            try:
                captures.append(Capture.from_json_line(raw.decode("utf-8")))
            except (ValueError, KeyError, TypeError) as exc:
                _log.warning("raw store %s: skipping unreadable index line (%s): %.80r", where, exc, raw)
        return captures

    def _note(self, capture: Capture) -> None:
        if capture.usable:
            previous = self._latest_usable.get(capture.url)
            if previous is None or capture.fetched_at >= previous.fetched_at:
                self._latest_usable[capture.url] = capture
        last = self._last_exchange.get(capture.url)
        if last is None or capture.fetched_at >= last.fetched_at:
            self._last_exchange[capture.url] = capture

    def _load_latest(self) -> None:
        """The compacted index, if any: its first line says how far into the history it reaches."""
        if not self.latest_path.is_file():
            return
        with self._lock:
            head, _, rest = self.latest_path.read_bytes().partition(b"\n")
            try:
                offset = int(json.loads(head)["history_offset"])
            except (ValueError, KeyError, TypeError):
                _log.warning("raw store %s: unreadable compacted index; reading the whole history", self.latest_path)
                return
            if offset > self.index_path.stat().st_size:
                _log.warning("raw store %s: compacted index is ahead of the history; ignored", self.latest_path)
                return
            for capture in self._parse_lines(rest, self.latest_path):
                self._note(capture)
                self.lines_read_at_open += 1
            self._read_offset = offset

    def _read_tail(self) -> int:
        """Read history lines appended since the last read (by us or by another process)."""
        with self._lock:
            with self.index_path.open("rb") as f:
                f.seek(self._read_offset)
                chunk = f.read()
            end = chunk.rfind(b"\n")
            if end < 0:
                return 0  # nothing complete yet
            self._read_offset += end + 1
            captures = self._parse_lines(chunk[: end + 1], self.index_path)
            for capture in captures:
                self._note(capture)
            self._lines_since_compaction += len(captures)
            return len(captures)

    def _refresh(self) -> None:
        with self._lock:
            self._read_tail()
            if self._lines_since_compaction >= COMPACT_AFTER_LINES:
                self.compact()

    def compact(self) -> None:
        """Rewrite latest.jsonl from the in-memory index (temp file + rename: never half-written)."""
        with self._lock:
            self._read_tail()
            entries = {c.capture_id: c for c in (*self._latest_usable.values(), *self._last_exchange.values())}
            lines = [json.dumps({"history_offset": self._read_offset}) + "\n"]
            lines += [c.to_json_line() for c in sorted(entries.values(), key=lambda c: (c.url, c.fetched_at))]
            fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".latest-")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    f.writelines(lines)
                os.replace(tmp, self.latest_path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            self._lines_since_compaction = 0

    def all_captures(self) -> list[Capture]:
        """Every readable exchange of the whole history, in index order (reads captures.jsonl whole)."""
        self._refresh()
        with self._lock:
            return self._parse_lines(self.index_path.read_bytes(), self.index_path)

    def latest_usable(self, url: str) -> Capture | None:
        """Newest capture of exactly this URL with a usable body (status 200, no error)."""
        self._refresh()
        with self._lock:
            return self._latest_usable.get(url)

    def current_urls(self) -> list[str]:
        """Every URL with a usable capture (the size of the compacted index)."""
        self._refresh()
        with self._lock:
            return list(self._latest_usable)

    def revalidate_after(self, url: str, now: datetime, max_age_s: float) -> bool:
        """Whether a stored body of ``url`` is due for a conditional request.

        True when nothing usable is stored, or when the newest exchange that confirmed the stored
        body (its download or a 304 since) is older than ``max_age_s``; a crawler asks this before
        revalidating a post body it already holds, so unchanged history is re-checked on a schedule
        (settings.DEFAULT_REVALIDATE_AFTER_DAYS) rather than every night."""
        self._refresh()
        with self._lock:
            stored = self._latest_usable.get(url)
            last = self._last_exchange.get(url)
        if stored is None:
            return True
        confirmed = stored.fetched_at
        if last is not None and last.not_modified and last.body_sha256 == stored.body_sha256:
            confirmed = max(confirmed, last.fetched_at)
        return (now - confirmed).total_seconds() >= max_age_s

    def last_exchange(self, url: str) -> Capture | None:
        """Newest exchange of exactly this URL, usable or not (a 404 after a 200 says the page went)."""
        self._refresh()
        with self._lock:
            return self._last_exchange.get(url)

    def captures(self) -> pl.DataFrame:
        """The whole history as a schema.CAPTURES frame."""
        return _captures_frame(self.all_captures())

    def last_exchanges(self, source_id: str) -> pl.DataFrame:
        """The newest exchange of each URL of a source, whatever its outcome (schema.CAPTURES)."""
        self._refresh()
        with self._lock:
            rows = [c for c in self._last_exchange.values() if c.source_id == source_id]
        return _captures_frame(rows).sort("url")

    def current(self, source_id: str) -> pl.DataFrame:
        """Newest usable capture (status 200, no error) of each URL of a source, sorted by URL."""
        self._refresh()
        with self._lock:
            rows = [c for c in self._latest_usable.values() if c.source_id == source_id]
        return _captures_frame(rows).sort("url")


def _captures_frame(rows: list[Capture]) -> pl.DataFrame:
    frame = pl.DataFrame(
        {
            "capture_id": [c.capture_id for c in rows],
            "source_id": [c.source_id for c in rows],
            "role": [c.role for c in rows],
            "key": [c.key for c in rows],
            "url": [c.url for c in rows],
            "status": [c.status for c in rows],
            "headers": [json.dumps(c.headers, ensure_ascii=False) for c in rows],
            "fetched_at": [c.fetched_at for c in rows],
            "body_sha256": [c.body_sha256 for c in rows],
            "size": [c.size for c in rows],
            "not_modified": [c.not_modified for c in rows],
            "error": [c.error for c in rows],
        },
        schema=schema.CAPTURES,
    )
    return schema.conform(frame, schema.CAPTURES)
