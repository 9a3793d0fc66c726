"""Fetcher against RecordedSite (real loopback HTTP): storage, 304s, retries, robots, rate limit."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from pathlib import Path
from typing import Any

import pytest

from conflict_events.fetch import (
    Fetcher,
    HTTPStatusError,
    NetworkError,
    RawStore,
    RobotsDisallowed,
    UnexpectedContent,
)
from tests.fetch.conftest import FAST, WaitRecorder, blob_files, paths_seen

PAGE = "<html><head><title>Daily update</title></head><body><p>Strikes on the port overnight.</p></body></html>"


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_page_is_stored_and_a_rerun_gets_304_without_a_second_body(sites: Any, tmp_path: Path) -> None:
    site = sites().add("/p/update", PAGE).start()
    url = f"{site.base_url}/p/update"

    async def fetch_once() -> Any:
        async with Fetcher(RawStore(tmp_path / "raw"), FAST) as fetcher:  # a new run each time
            return await fetcher.get(url, source_id="blog", role="post_page", key="update")

    first = run(fetch_once())
    assert first.not_modified is False and first.text() == PAGE
    user_agents = {h.get("User-Agent") for _m, _p, h in site.requests}
    assert user_agents == {FAST.user_agent} and "conflict-events" in FAST.user_agent
    store = RawStore(tmp_path / "raw")
    blobs_after_first = blob_files(store)

    second = run(fetch_once())
    assert second.not_modified is True
    assert second.body == PAGE.encode() and second.text() == PAGE
    assert second.capture.status == 304 and second.capture.key == "update"
    # the second request was conditional and the server answered without a body
    conditional = [h for _m, p, h in site.requests if p == "/p/update"][1]
    assert conditional.get("If-None-Match") == first.capture.header("etag")
    assert blob_files(store) == blobs_after_first

    frame = store.captures().filter(role="post_page")
    assert frame["status"].to_list() == [200, 304]
    assert frame["not_modified"].to_list() == [False, True]
    assert frame["body_sha256"].n_unique() == 1
    assert store.current("blog")["capture_id"].to_list() == [first.capture.capture_id]


def test_unconditional_get_downloads_again(sites: Any, store: RawStore) -> None:
    site = sites().add("/p", PAGE).start()

    async def go() -> None:
        async with Fetcher(store, FAST) as fetcher:
            await fetcher.get(f"{site.base_url}/p", source_id="s", role="post_page")
            again = await fetcher.get(f"{site.base_url}/p", source_id="s", role="post_page", conditional=False)
            assert again.not_modified is False

    run(go())
    assert all("If-None-Match" not in h for _m, p, h in site.requests if p == "/p")


def test_5xx_then_success_is_retried_and_every_attempt_recorded(
    sites: Any, store: RawStore, caplog: pytest.LogCaptureFixture
) -> None:
    site = sites().add("/api", '{"ok": true}', content_type="application/json", fail_first=[500, 502]).start()
    recorder = WaitRecorder()

    async def go() -> Any:
        async with Fetcher(store, FAST, sleep=recorder) as fetcher:
            return await fetcher.get(f"{site.base_url}/api", source_id="s", role="post_json", expect="json")

    with caplog.at_level(logging.INFO, logger="conflict_events.fetch"):
        result = run(go())
    assert result.json() == {"ok": True}
    assert paths_seen(site).count("/api") == 3
    retry_lines = [r.getMessage() for r in caplog.records if "retrying" in r.getMessage()]
    assert len(retry_lines) == 2
    assert "/api: HTTP 500; attempt 1/5, retrying in" in retry_lines[0]
    assert len(recorder.waits) == 2
    frame = store.captures().filter(role="post_json")
    assert frame["status"].to_list() == [500, 502, 200]
    assert frame["error"].to_list() == ["HTTP 500", "HTTP 502", None]


def test_retry_after_seconds_is_honoured_and_capped(sites: Any, store: RawStore) -> None:
    # RecordedSite answers its fail_first 429/503 with "Retry-After: 1"
    site = sites().add("/feed", "<rss></rss>", fail_first=[429, 503]).start()
    recorder = WaitRecorder()
    patient = dataclasses.replace(FAST, backoff_cap=30.0)

    async def go(policy: Any, path: str) -> None:
        async with Fetcher(store, policy, sleep=recorder) as fetcher:
            await fetcher.get(f"{site.base_url}{path}", source_id="s", role="feed", expect="xml")

    run(go(patient, "/feed"))
    assert recorder.waits == [1.0, 1.0]

    site2 = sites("second").add("/feed", "<rss></rss>", fail_first=[503]).start()
    recorder.waits.clear()
    capped = dataclasses.replace(FAST, backoff_cap=0.25)

    async def go2() -> None:
        async with Fetcher(store, capped, sleep=recorder) as fetcher:
            await fetcher.get(f"{site2.base_url}/feed", source_id="s", role="feed")

    run(go2())
    assert recorder.waits == [0.25]


def test_persistent_failure_gives_up_after_max_retries_and_keeps_the_old_body(sites: Any, store: RawStore) -> None:
    good = sites("good").add("/p", PAGE).start()
    url = f"{good.base_url}/p"

    async def first() -> None:
        async with Fetcher(store, FAST) as fetcher:
            await fetcher.get(url, source_id="s", role="post_page")

    run(first())
    good.stop()
    # the same URL later answers 503 on every attempt: serve a site whose only route always fails
    policy = dataclasses.replace(FAST, max_retries=2)
    failing = sites("failing").add("/p", "down", status=503).start()

    async def later() -> None:
        async with Fetcher(store, policy) as fetcher:
            await fetcher.get(f"{failing.base_url}/p", source_id="s", role="post_page")

    with pytest.raises(HTTPStatusError) as info:
        run(later())
    assert info.value.status == 503
    assert paths_seen(failing).count("/p") == 3
    assert store.latest_usable(url) is not None
    assert store.body(store.latest_usable(url).body_sha256 or "") == PAGE.encode()  # type: ignore[union-attr]
    failed = store.captures().filter(status=503)
    assert failed.height == 3 and failed["error"].is_not_null().all()


def test_404_is_not_retried(sites: Any, store: RawStore) -> None:
    site = sites().add("/exists", PAGE).start()

    async def go() -> None:
        async with Fetcher(store, FAST) as fetcher:
            await fetcher.get(f"{site.base_url}/missing", source_id="s", role="article")

    with pytest.raises(HTTPStatusError) as info:
        run(go())
    assert info.value.status == 404
    assert paths_seen(site).count("/missing") == 1
    assert store.captures().filter(role="article")["error"].to_list() == ["HTTP 404"]


def test_slow_server_times_out_and_is_recorded_with_status_0(sites: Any, store: RawStore) -> None:
    site = sites().add("/slow", PAGE, delay_s=0.6).start()
    policy = dataclasses.replace(FAST, read_timeout=0.15, max_retries=1)

    async def go() -> None:
        async with Fetcher(store, policy) as fetcher:
            await fetcher.get(f"{site.base_url}/slow", source_id="s", role="article")

    with pytest.raises(NetworkError):
        run(go())
    assert paths_seen(site).count("/slow") == 2
    frame = store.captures().filter(role="article")
    assert frame["status"].to_list() == [0, 0]
    assert all("Timeout" in e for e in frame["error"].to_list())


def test_robots_disallow_stops_the_request_and_robots_is_fetched_once(sites: Any, store: RawStore) -> None:
    robots = "User-agent: *\nDisallow: /private\n\nUser-agent: conflict-events\nDisallow: /drafts\n"
    site = (
        sites()
        .add("/robots.txt", robots, content_type="text/plain")
        .add("/public", PAGE)
        .add("/drafts/1", PAGE)
        .start()
    )

    async def go() -> list[Any]:
        async with Fetcher(store, FAST) as fetcher:
            gets = [fetcher.get(f"{site.base_url}/public?n={i}", source_id="s", role="article") for i in range(4)]
            done = await asyncio.gather(*gets)
            with pytest.raises(RobotsDisallowed):
                await fetcher.get(f"{site.base_url}/drafts/1", source_id="s", role="article")
            return done

    assert len(run(go())) == 4
    seen = paths_seen(site)
    assert seen.count("/robots.txt") == 1
    assert not any(p.startswith("/drafts") for p in seen)
    assert store.captures().filter(role="robots")["status"].to_list() == [200]


def test_robots_can_be_switched_off(sites: Any, store: RawStore) -> None:
    site = sites().add("/robots.txt", "User-agent: *\nDisallow: /\n").add("/p", PAGE).start()
    policy = dataclasses.replace(FAST, obey_robots=False)

    async def go() -> None:
        async with Fetcher(store, policy) as fetcher:
            await fetcher.get(f"{site.base_url}/p", source_id="s", role="article")

    run(go())
    assert paths_seen(site) == ["/p"]


def test_robots_server_error_means_nothing_is_fetched_from_the_host(sites: Any, store: RawStore) -> None:
    site = sites().add("/robots.txt", "oops", status=500).add("/p", PAGE).start()
    policy = dataclasses.replace(FAST, max_retries=1)

    async def go() -> None:
        async with Fetcher(store, policy) as fetcher:
            for _ in range(2):
                with pytest.raises(RobotsDisallowed, match="unreachable"):
                    await fetcher.get(f"{site.base_url}/p", source_id="s", role="article")

    run(go())
    assert "/p" not in paths_seen(site)
    assert paths_seen(site).count("/robots.txt") == 2  # one attempt + one retry, then cached


def test_per_host_rate_limit_is_shared_by_concurrent_tasks(sites: Any, store: RawStore) -> None:
    site = sites().add("/p", PAGE).start()
    # Slow enough that the two bounds stay far apart on a loaded machine (the suite runs on both cores).
    policy = dataclasses.replace(FAST, requests_per_second=2.5, obey_robots=False)

    async def go(rps: float | None) -> float:
        async with Fetcher(store, policy) as fetcher:
            start = time.monotonic()
            await asyncio.gather(
                *(
                    fetcher.get(f"{site.base_url}/p?i={i}", source_id="s", role="a", requests_per_second=rps)
                    for i in range(5)
                )
            )
            return time.monotonic() - start

    assert go_time(go(None)) >= 1.6  # 5 requests, 0.4 s apart
    assert go_time(go(100.0)) < 0.8  # a per-source override: 5 requests 0.01 s apart


def go_time(coro: Any) -> float:
    return float(run(coro))


def test_distinct_hosts_do_not_wait_for_each_other(sites: Any, store: RawStore) -> None:
    one = sites("one").add("/p", PAGE).start()
    two = sites("two").add("/p", PAGE).start()
    # One host would make the second request wait a whole second; two hosts answer at once.
    policy = dataclasses.replace(FAST, requests_per_second=1.0, obey_robots=False)

    async def go() -> float:
        async with Fetcher(store, policy) as fetcher:
            start = time.monotonic()
            await asyncio.gather(
                fetcher.get(f"{one.base_url}/p", source_id="s", role="a"),
                fetcher.get(f"{two.base_url}/p", source_id="s", role="a"),
            )
            return time.monotonic() - start

    assert go_time(go()) < 0.6


def test_html_where_json_was_expected_is_recorded_as_unusable(sites: Any, store: RawStore) -> None:
    site = sites().add("/api/v1/posts/x", "<!DOCTYPE html><html><body>Error</body></html>").start()

    async def go() -> None:
        async with Fetcher(store, FAST) as fetcher:
            await fetcher.get(f"{site.base_url}/api/v1/posts/x", source_id="s", role="post_json", expect="json")

    with pytest.raises(UnexpectedContent, match="HTML where JSON"):
        run(go())
    assert paths_seen(site).count("/api/v1/posts/x") == 1
    assert store.current("s").height == 0
    assert store.captures().filter(role="post_json")["error"].str.contains("HTML where JSON").all()


def test_redirects_are_followed_and_recorded_under_the_requested_url(sites: Any, store: RawStore) -> None:
    site = sites().add("/old", "", status=301, headers={"Location": "/new"}).add("/new", PAGE).start()

    async def go() -> Any:
        async with Fetcher(store, FAST) as fetcher:
            return await fetcher.get(f"{site.base_url}/old", source_id="s", role="article")

    result = run(go())
    assert result.text() == PAGE
    assert paths_seen(site)[-2:] == ["/old", "/new"]
    assert store.latest_usable(f"{site.base_url}/old") is not None
    hops = store.captures().filter(role="article")
    assert hops["status"].to_list() == [301, 200]
    assert hops["url"].to_list() == [f"{site.base_url}/old"] * 2
