"""Shared helpers for fetch tests: a recorded site written into tmp_path, a fast policy."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conflict_events.fetch import FetchPolicy, RawStore
from conflict_events.recorded_site import RecordedSite

# Fast and patient enough for loopback: no real backoff waits, a high per-host rate.
FAST = FetchPolicy(requests_per_second=200.0, backoff_base=0.001, backoff_cap=0.01, read_timeout=5.0)


class SiteBuilder:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.routes: list[dict[str, Any]] = []

    def add(self, path: str, content: str | bytes, **route: Any) -> SiteBuilder:
        name = f"files/{len(self.routes)}.bin"
        target = self.root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        self.routes.append({"path": path, "file": name, **route})
        return self

    def start(self) -> RecordedSite:
        (self.root / "routes.json").write_text(json.dumps(self.routes), encoding="utf-8")
        return RecordedSite(self.root).start()


@pytest.fixture
def site_builder(tmp_path: Path) -> SiteBuilder:
    return SiteBuilder(tmp_path / "site")


@pytest.fixture
def store(tmp_path: Path) -> RawStore:
    return RawStore(tmp_path / "raw")


@pytest.fixture
def running_sites() -> Iterator[list[RecordedSite]]:
    sites: list[RecordedSite] = []
    yield sites
    for site in sites:
        site.stop()
