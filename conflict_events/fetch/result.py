"""What a successful fetch hands back: the recorded exchange and the body (fresh or from the store)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from conflict_events.fetch.decode import decode_body
from conflict_events.fetch.errors import UnexpectedContent
from conflict_events.fetch.store import Capture


@dataclass
class FetchResult:
    capture: Capture  # the exchange of this call (a 304 for a not-modified answer)
    body: bytes
    not_modified: bool
    # Content-Type of the body; for a 304 it comes from the stored capture that holds the body.
    content_type: str | None = None

    @property
    def url(self) -> str:
        return self.capture.url

    def text(self) -> str:
        """Decoded text: BOM, header charset, <meta>/<?xml?> declaration, then utf-8 / cp1252."""
        ctype = self.content_type if self.content_type is not None else self.capture.header("content-type")
        return decode_body(self.body, ctype)

    def json(self) -> Any:
        try:
            return json.loads(self.text())
        except ValueError as exc:
            raise UnexpectedContent(self.url, f"body is not JSON ({exc})", self.capture) from exc
