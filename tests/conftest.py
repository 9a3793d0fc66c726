"""Suite-wide defaults."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def revalidate_every_stored_body(monkeypatch: pytest.MonkeyPatch) -> None:
    """Crawlers revalidate stored post bodies on a schedule (a week by default). Most tests crawl a site
    twice within a second and expect every body re-checked, so they run with a zero interval; a test of
    the schedule itself sets CONFLICT_EVENTS_REVALIDATE_AFTER_DAYS to what it needs."""
    monkeypatch.setenv("CONFLICT_EVENTS_REVALIDATE_AFTER_DAYS", "0")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`make test` runs the suite on both cores (pytest-xdist, `--dist loadgroup`). A module's tests stay on
    one worker so its module-scoped fixtures (a served site, a pipeline run) are built once, and every module
    that reads the one published `make run` of tests/report/published.py joins a single group, so that run
    happens once per suite rather than once per worker."""
    for item in items:
        module = getattr(item, "module", None)
        shares_the_published_run = module is not None and "published_run" in vars(module)
        group = "published_run" if shares_the_published_run else item.nodeid.split("::")[0]
        item.add_marker(pytest.mark.xdist_group(group))
