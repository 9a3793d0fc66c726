"""A server that trickles its body (each byte within the read timeout) is cut off by the exchange deadline."""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from conflict_events.fetch import Fetcher, NetworkError, RawStore
from tests.fetch.conftest import FAST


class TrickleHandler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        self.server.hits += 1  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "400")
        self.end_headers()
        try:
            for _ in range(400):  # 20 s in all, one byte every 50 ms
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            return  # the client hung up, as it should


@pytest.fixture
def trickle_server() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), TrickleHandler)
    server.daemon_threads = True
    server.hits = 0  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_trickling_body_hits_the_request_deadline_across_all_retries(
    trickle_server: ThreadingHTTPServer, store: RawStore
) -> None:
    """Each byte comes well within the read timeout, and retries are allowed: only the one deadline
    for the whole request (connect, every read, every retry) bounds it."""
    port = trickle_server.server_address[1]
    policy = dataclasses.replace(
        FAST, connect_timeout=0.1, read_timeout=0.15, max_retries=4, request_deadline=0.8, obey_robots=False
    )

    async def go() -> None:
        async with Fetcher(store, policy) as fetcher:
            await fetcher.get(f"http://127.0.0.1:{port}/slow", source_id="s", role="article")

    start = time.monotonic()
    with pytest.raises(NetworkError, match="deadline"):
        asyncio.run(go())
    assert time.monotonic() - start < 1.6  # 5 attempts of the 20 s trickle, bounded by 0.8 s in all
    rows = store.captures()
    assert rows.height == trickle_server.hits  # type: ignore[attr-defined]  # every attempt recorded
    assert (rows["status"] == 0).all() and rows["body_sha256"].is_null().all()
