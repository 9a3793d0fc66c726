"""Suite-wide defaults."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def revalidate_every_stored_body(monkeypatch: pytest.MonkeyPatch) -> None:
    """Crawlers revalidate stored post bodies on a schedule (a week by default). Most tests crawl a site
    twice within a second and expect every body re-checked, so they run with a zero interval; a test of
    the schedule itself sets CONFLICT_EVENTS_REVALIDATE_AFTER_DAYS to what it needs."""
    monkeypatch.setenv("CONFLICT_EVENTS_REVALIDATE_AFTER_DAYS", "0")
