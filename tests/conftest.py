"""Suite-wide defaults."""

from __future__ import annotations

import pytest

from tests.report.published import PublishedRun, published_run


@pytest.fixture(autouse=True)
def revalidate_every_stored_body(monkeypatch: pytest.MonkeyPatch) -> None:
    """Crawlers revalidate stored post bodies on a schedule (a week by default). Most tests crawl a site
    twice within a second and expect every body re-checked, so they run with a zero interval; a test of
    the schedule itself sets CONFLICT_EVENTS_REVALIDATE_AFTER_DAYS to what it needs."""
    monkeypatch.setenv("CONFLICT_EVENTS_REVALIDATE_AFTER_DAYS", "0")


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> PublishedRun:
    """The one published `make run` of the session (tests/report/published.py). Under pytest-xdist each
    worker's temporary root sits in one folder per session, so every worker is given the same place."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if worker_id != "master" else base
    return published_run(shared / "published_run")
