"""Every exchange of a run into the RawStore as a Capture: hops, failures and 304s alike, under the redacted
URL, with capture times strictly increasing within the run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from conflict_events.fetch.exchange import FetchRequest
from conflict_events.fetch.redact import redact_text
from conflict_events.fetch.store import Capture, RawStore, new_capture_id


class ExchangeRecorder:
    def __init__(self, store: RawStore) -> None:
        self.store = store
        self._last_fetched_at = datetime.fromtimestamp(0, UTC)

    def now(self) -> datetime:
        """UTC now, strictly increasing within a run so capture ids never collide."""
        now = datetime.now(UTC)
        if now <= self._last_fetched_at:
            now = self._last_fetched_at + timedelta(microseconds=1)
        self._last_fetched_at = now
        return now

    def record(
        self,
        request: FetchRequest,
        *,
        status: int,
        headers: dict[str, str],
        body: bytes | None,
        error: str | None = None,
        body_sha256: str | None = None,
        size: int | None = None,
        not_modified: bool = False,
    ) -> Capture:
        """Store one exchange; the URL stored is the redacted one (no credentials in the raw index)."""
        fetched_at = self.now()
        if body is not None:
            body_sha256 = self.store.put_body(body)
        capture = Capture(
            capture_id=new_capture_id(request.shown, fetched_at),
            source_id=request.source_id,
            role=request.role,
            key=request.key,
            url=request.shown,
            status=status,
            headers=headers,
            fetched_at=fetched_at,
            body_sha256=body_sha256,
            size=size if size is not None else (len(body) if body is not None else 0),
            not_modified=not_modified,
            error=redact_text(error) if error else error,
        )
        self.store.record(capture, None)
        return capture
