"""Fetcher on answers RecordedSite cannot produce, through httpx.MockTransport (the real client path):
rate-limit pages, Retry-After dates, huge bodies, bot walls, wrong charsets, refused connections."""

from __future__ import annotations

import asyncio
import dataclasses
import email.utils
import random
import socket
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from conflict_events.fetch import (
    Blocked,
    Fetcher,
    FetchError,
    HTTPStatusError,
    NetworkError,
    RawStore,
    RobotsDisallowed,
    TooLarge,
    UnexpectedContent,
)
from tests.fetch.conftest import FAST, WaitRecorder, blob_files

BASE = "https://news.example"
Answer = httpx.Response | Callable[[httpx.Request], httpx.Response]


class MockSite:
    """Answers per path, in order (the last answer repeats); 404 elsewhere; counts requests."""

    def __init__(self, answers: dict[str, list[Answer]]) -> None:
        self.answers = answers
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        queue = self.answers.get(request.url.path)
        if not queue:
            return httpx.Response(404, text="not found")
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        return answer(request) if callable(answer) else answer

    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


def fetch(
    site: MockSite,
    store: RawStore,
    path: str,
    *,
    policy: Any = FAST,
    sleep: Any = None,
    rng: random.Random | None = None,
    **kwargs: Any,
) -> Any:
    async def go() -> Any:
        async with Fetcher(store, policy, transport=site.transport(), sleep=sleep, rng=rng) as fetcher:
            return await fetcher.get(f"{BASE}{path}", source_id="s", role=kwargs.pop("role", "item"), **kwargs)

    return asyncio.run(go())


SUBSTACK_429 = "<html><head></head><body><pre>Too Many Requests</pre></body></html>"
CLOUDFLARE = (
    "<!DOCTYPE html><html lang='en-US'><head><title>Just a moment...</title>"
    "<meta http-equiv='refresh' content='390'></head><body><div class='main-wrapper'>"
    "<noscript>Enable JavaScript and cookies to continue</noscript>"
    "<script>window._cf_chl_opt={cvId: '3'};</script></div></body></html>"
)
AKAMAI = (
    "<HTML><HEAD>\n<TITLE>Access Denied</TITLE>\n</HEAD><BODY>\n<H1>Access Denied</H1>\n"
    'You don\'t have permission to access "http&#58;&#47;&#47;www&#46;gov&#46;example&#47;" on this server.<P>\n'
    "Reference&#32;&#35;18&#46;5a2b3c4d&#46;1700000000&#46;abc123\n</BODY>\n</HTML>\n"
)


def test_substack_429_page_without_retry_after_backs_off_with_capped_jitter(store: RawStore) -> None:
    site = MockSite({"/api/v1/archive": [httpx.Response(429, html=SUBSTACK_429)] * 3 + [httpx.Response(200, json=[])]})
    recorder = WaitRecorder()
    policy = dataclasses.replace(FAST, backoff_base=0.5, backoff_cap=1.5, obey_robots=False)

    result = fetch(site, store, "/api/v1/archive", policy=policy, sleep=recorder, rng=random.Random(7), expect="json")

    assert result.json() == []
    assert site.paths().count("/api/v1/archive") == 4
    bounds = [0.5, 1.0, 1.5]  # base * 2**n, capped
    assert len(recorder.waits) == 3
    assert all(0.0 <= w <= b for w, b in zip(recorder.waits, bounds, strict=True))
    assert store.captures()["error"].to_list() == ["rate limited (HTTP 429)"] * 3 + [None]


def test_too_many_requests_page_with_status_200_is_retried_not_stored_as_usable(store: RawStore) -> None:
    site = MockSite({"/api/v1/posts/a": [httpx.Response(200, html=SUBSTACK_429), httpx.Response(200, json={"id": 1})]})
    recorder = WaitRecorder()
    policy = dataclasses.replace(FAST, obey_robots=False)

    result = fetch(site, store, "/api/v1/posts/a", policy=policy, sleep=recorder, expect="json")

    assert result.json() == {"id": 1}
    assert len(site.requests) == 2 and len(recorder.waits) == 1
    frame = store.captures()
    assert frame["status"].to_list() == [200, 200]
    assert frame["error"][0].startswith("rate limited")
    assert store.current("s").height == 1


def test_retry_after_http_date_is_honoured(store: RawStore) -> None:
    def later(_request: httpx.Request) -> httpx.Response:
        when = email.utils.formatdate(time.time() + 4, usegmt=True)
        return httpx.Response(503, text="maintenance", headers={"Retry-After": when})

    site = MockSite({"/feed": [later, httpx.Response(200, text="<rss/>")]})
    recorder = WaitRecorder()
    policy = dataclasses.replace(FAST, backoff_cap=60.0, obey_robots=False)

    fetch(site, store, "/feed", policy=policy, sleep=recorder)

    assert len(recorder.waits) == 1
    assert 2.5 <= recorder.waits[0] <= 4.0  # the date has one-second resolution


def test_streamed_body_past_the_cap_is_cut_recorded_and_not_stored(store: RawStore) -> None:
    sent_chunks = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal sent_chunks
        for _ in range(2_000):  # 128 MB if read to the end
            sent_chunks += 1
            yield b"x" * 65_536

    site = MockSite({"/big": [lambda _r: httpx.Response(200, content=endless())]})
    policy = dataclasses.replace(FAST, max_bytes=300_000, obey_robots=False)

    with pytest.raises(TooLarge):
        fetch(site, store, "/big", policy=policy)

    assert sent_chunks < 20
    assert len(site.requests) == 1  # not retried
    row = store.captures().row(0, named=True)
    assert row["body_sha256"] is None and row["error"].startswith("body larger than")
    assert row["size"] > 300_000
    assert blob_files(store) == []


def test_declared_length_past_the_cap_is_refused_before_reading(store: RawStore) -> None:
    started = False

    async def body() -> AsyncIterator[bytes]:
        nonlocal started
        started = True
        yield b"y" * 10

    site = MockSite({"/big": [lambda _r: httpx.Response(200, content=body(), headers={"Content-Length": "99999999"})]})
    policy = dataclasses.replace(FAST, max_bytes=1_000, obey_robots=False)

    with pytest.raises(TooLarge):
        fetch(site, store, "/big", policy=policy)
    assert started is False


@pytest.mark.parametrize(
    ("status", "page"),
    [(200, CLOUDFLARE), (403, CLOUDFLARE), (503, CLOUDFLARE), (403, AKAMAI)],
)
def test_bot_walls_raise_blocked_without_retrying(store: RawStore, status: int, page: str) -> None:
    site = MockSite({"/news": [httpx.Response(status, html=page)]})
    policy = dataclasses.replace(FAST, obey_robots=False)

    with pytest.raises(Blocked):
        fetch(site, store, "/news", policy=policy)

    assert len(site.requests) == 1
    assert store.current("s").height == 0
    assert store.captures()["error"][0].startswith("blocked")


def test_a_plain_403_is_a_status_error_not_a_bot_wall(store: RawStore) -> None:
    site = MockSite({"/news": [httpx.Response(403, text="Forbidden")]})
    with pytest.raises(HTTPStatusError) as info:
        fetch(site, store, "/news", policy=dataclasses.replace(FAST, obey_robots=False))
    assert info.value.status == 403 and not isinstance(info.value, Blocked)


def test_an_article_about_access_being_denied_is_not_a_bot_wall(store: RawStore) -> None:
    article = (
        "<html><head><title>Access denied: the road to the front is closed</title></head><body>"
        + "<p>Local officials closed the road after the strike.</p>" * 8000
        + "</body></html>"
    )
    site = MockSite({"/a": [httpx.Response(200, html=article)]})
    result = fetch(site, store, "/a", policy=dataclasses.replace(FAST, obey_robots=False), expect="html")
    assert "road after the strike" in result.text()


def test_json_that_is_not_json_and_xml_that_is_json(store: RawStore) -> None:
    site = MockSite(
        {
            "/api": [httpx.Response(200, text="{broken", headers={"Content-Type": "application/json"})],
            "/feed": [httpx.Response(200, json={"error": "gone"})],
        }
    )
    policy = dataclasses.replace(FAST, obey_robots=False)
    result = fetch(site, store, "/api", policy=policy, expect="json")  # starts like JSON: passes the sniff
    with pytest.raises(UnexpectedContent):
        result.json()
    with pytest.raises(UnexpectedContent, match="not XML"):
        fetch(site, store, "/feed", policy=policy, expect="xml")


def test_wrong_charset_declarations_still_give_readable_text(store: RawStore) -> None:
    ukrainian = "<html><body><p>Київ: обстріл уночі, Вугледар.</p></body></html>"
    french = "<html><body><p>Le ministre a déclaré « pas de cessez-le-feu » – hier.</p></body></html>"
    site = MockSite(
        {
            # says windows-1251, is UTF-8
            "/uk": [
                httpx.Response(
                    200, content=ukrainian.encode(), headers={"Content-Type": "text/html; charset=windows-1251"}
                )
            ],
            # says UTF-8, is windows-1252
            "/fr": [
                httpx.Response(
                    200, content=french.encode("cp1252"), headers={"Content-Type": "text/html; charset=utf-8"}
                )
            ],
            # no header charset, a <meta> that tells the truth
            "/meta": [
                httpx.Response(
                    200,
                    content=("<meta charset='windows-1251'>" + ukrainian).encode("cp1251"),
                    headers={"Content-Type": "text/html"},
                )
            ],
            # undecodable in every candidate: replaced, never a crash
            "/junk": [
                httpx.Response(
                    200,
                    content=b"<p>\x81\x8d\x8f\x90\x9d ok</p>",
                    headers={"Content-Type": "text/html; charset=nonsense"},
                )
            ],
        }
    )
    policy = dataclasses.replace(FAST, obey_robots=False)
    assert fetch(site, store, "/uk", policy=policy).text() == ukrainian
    assert fetch(site, store, "/fr", policy=policy).text() == french
    assert fetch(site, store, "/meta", policy=policy).text().endswith(ukrainian)
    assert fetch(site, store, "/junk", policy=policy).text().endswith(" ok</p>")


def test_not_modified_body_is_decoded_with_the_stored_content_type(store: RawStore) -> None:
    body = "<p>Харків</p>".encode("cp1251")
    site = MockSite(
        {
            "/p": [
                httpx.Response(
                    200, content=body, headers={"Content-Type": "text/html; charset=windows-1251", "ETag": '"a"'}
                ),
                lambda r: httpx.Response(304 if r.headers.get("if-none-match") == '"a"' else 200, content=b""),
            ]
        }
    )
    policy = dataclasses.replace(FAST, obey_robots=False)
    fetch(site, store, "/p", policy=policy)
    again = fetch(site, store, "/p", policy=policy)
    assert again.not_modified is True
    assert again.text() == "<p>Харків</p>"


def test_refused_connection_is_retried_then_recorded_as_status_0(store: RawStore) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again when the block ends: nothing listens there
    policy = dataclasses.replace(FAST, max_retries=2, obey_robots=False)

    async def go() -> None:
        async with Fetcher(store, policy) as fetcher:
            await fetcher.get(f"http://127.0.0.1:{port}/x", source_id="s", role="feed")

    with pytest.raises(NetworkError):
        asyncio.run(go())
    frame = store.captures()
    assert frame["status"].to_list() == [0, 0, 0]
    assert frame["error"].str.contains("ConnectError").all()


def test_request_rate_in_robots_slows_the_host_down(store: RawStore) -> None:
    site = MockSite(
        {
            "/robots.txt": [httpx.Response(200, text="User-agent: *\nRequest-rate: 10/1\n")],
            "/p": [httpx.Response(200, text="ok")],
        }
    )

    async def go() -> float:
        async with Fetcher(store, FAST, transport=site.transport()) as fetcher:
            start = time.monotonic()
            for i in range(4):
                await fetcher.get(f"{BASE}/p?i={i}", source_id="s", role="a")
            return time.monotonic() - start

    assert asyncio.run(go()) >= 0.29  # 4 pages 0.1 s apart (3 intervals), instead of 2 ms


def test_redirect_to_a_host_that_disallows_us_is_not_followed(store: RawStore) -> None:
    requested: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        if request.url.host == "mirror.example" and request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nDisallow: /\n")
        if request.url.host == "news.example" and request.url.path == "/moved":
            return httpx.Response(302, headers={"Location": "https://mirror.example/article"})
        return httpx.Response(404)

    async def go() -> None:
        async with Fetcher(store, FAST, transport=httpx.MockTransport(handler)) as fetcher:
            await fetcher.get(f"{BASE}/moved", source_id="s", role="article")

    with pytest.raises(RobotsDisallowed):
        asyncio.run(go())
    assert "https://mirror.example/article" not in requested


def test_redirect_loops_end_with_a_fetch_error(store: RawStore) -> None:
    site = MockSite(
        {
            "/a": [httpx.Response(302, headers={"Location": "/b"})],
            "/b": [httpx.Response(302, headers={"Location": "/a"})],
        }
    )
    with pytest.raises(FetchError, match="redirects"):
        fetch(site, store, "/a", policy=dataclasses.replace(FAST, obey_robots=False))
    assert len(site.requests) == 6  # the first request and five redirects, each recorded
    assert store.captures()["status"].to_list() == [302] * 6 + [0]


@pytest.mark.parametrize("url", ["ftp://files.example/a.txt", "not a url", "https:///no-host"])
def test_non_http_urls_are_refused_without_any_request(store: RawStore, url: str) -> None:
    site = MockSite({})

    async def go() -> None:
        async with Fetcher(store, FAST, transport=site.transport()) as fetcher:
            await fetcher.get(url, source_id="s", role="article")

    with pytest.raises(FetchError, match="not an http"):
        asyncio.run(go())
    assert site.requests == []
