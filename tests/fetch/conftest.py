"""Shared helpers for fetch tests: recorded sites written into tmp_path, a fast policy, a wait recorder."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conflict_events.fetch import FetchPolicy, RawStore
from conflict_events.recorded_site import RecordedSite

# Fast on loopback: tiny backoff, a high per-host rate, short timeouts.
FAST = FetchPolicy(requests_per_second=500.0, backoff_base=0.001, backoff_cap=0.01, read_timeout=5.0)


class SiteBuilder:
    """Writes routes.json and the files it serves into a folder, then serves it on loopback."""

    def __init__(self, root: Path, started: list[RecordedSite]) -> None:
        self.root = root
        self.routes: list[dict[str, Any]] = []
        self._started = started

    def add(self, path: str, content: str | bytes = b"", **route: Any) -> SiteBuilder:
        name = f"files/{len(self.routes)}.bin"
        target = self.root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        self.routes.append({"path": path, "file": name, **route})
        return self

    def start(self) -> RecordedSite:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "routes.json").write_text(json.dumps(self.routes), encoding="utf-8")
        site = RecordedSite(self.root).start()
        self._started.append(site)
        return site


class WaitRecorder:
    """Stands in for asyncio.sleep in backoff: remembers each wait, sleeps for none of it."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)


def paths_seen(site: RecordedSite) -> list[str]:
    return [path for _method, path, _headers in site.requests]


def blob_files(store: RawStore) -> list[Path]:
    return sorted(p for p in store.blobs_dir.rglob("*") if p.is_file())


@pytest.fixture
def sites(tmp_path: Path) -> Iterator[Any]:
    """sites(name) -> a fresh SiteBuilder; every started site is stopped after the test."""
    started: list[RecordedSite] = []

    def make(name: str = "site") -> SiteBuilder:
        return SiteBuilder(tmp_path / name, started)

    yield make
    # each stop() waits for the server's poll interval: stop them side by side
    stoppers = [threading.Thread(target=site.stop) for site in started]
    for thread in stoppers:
        thread.start()
    for thread in stoppers:
        thread.join()


@pytest.fixture
def store(tmp_path: Path) -> RawStore:
    return RawStore(tmp_path / "raw")


@pytest.fixture
def waits() -> WaitRecorder:
    return WaitRecorder()
