"""Sources files that describe a recorded site: ``{{BASE}}`` stands for where it is served.

A template beside a ``site/`` folder (the bundled ``samples/``) is served on loopback while the crawl
runs, so the offline run exercises exactly the code that scrapes the real sites. The address is fixed
(port 8765 unless ``CONFLICT_EVENTS_SAMPLES_PORT`` says otherwise) because document URLs, and so
doc_ids, contain it and must not change between runs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conflict_events.recorded_site import RecordedSite
from conflict_events.sources.config import load_sources, parse_sources
from conflict_events.sources.source import SourceConfig

PLACEHOLDER = "{{BASE}}"
DEFAULT_SAMPLES_PORT = 8765


def samples_base_url() -> str:
    return f"http://127.0.0.1:{int(os.environ.get('CONFLICT_EVENTS_SAMPLES_PORT', DEFAULT_SAMPLES_PORT))}"


def is_template(path: Path) -> bool:
    return PLACEHOLDER in path.read_text(encoding="utf-8")


def site_root_for(path: Path) -> Path:
    return path.parent / "site"


def read_sources(path: Path) -> list[SourceConfig]:
    """The sources of a file, with a template's placeholder replaced by the samples' fixed address."""
    if path.is_file() and is_template(path):
        return parse_sources(path.read_text(encoding="utf-8").replace(PLACEHOLDER, samples_base_url()))
    return load_sources(path)


@contextmanager
def serving_recorded_site(path: Path) -> Iterator[str | None]:
    """Serve the recorded site a template describes for the duration of the block (else do nothing)."""
    if not (path.is_file() and is_template(path)):
        yield None
        return
    root = site_root_for(path)
    port = int(samples_base_url().rsplit(":", 1)[1])
    try:
        site = RecordedSite(root, port=port).start()
    except OSError as exc:
        raise RuntimeError(
            f"cannot serve the offline samples on 127.0.0.1:{port} ({exc}); "
            "set CONFLICT_EVENTS_SAMPLES_PORT to a free port"
        ) from exc
    try:
        yield site.base_url
    finally:
        site.stop()
