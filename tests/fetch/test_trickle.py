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


def test_trickling_body_hits_the_exchange_deadline(trickle_server: ThreadingHTTPServer, store: RawStore) -> None:
    port = trickle_server.server_address[1]
    policy = dataclasses.replace(FAST, connect_timeout=0.1, read_timeout=0.15, max_retries=0, obey_robots=False)

    async def go() -> None:
        async with Fetcher(store, policy) as fetcher:
            await fetcher.get(f"http://127.0.0.1:{port}/slow", source_id="s", role="article")

    start = time.monotonic()
    with pytest.raises(NetworkError, match="not complete within"):
        asyncio.run(go())
    assert time.monotonic() - start < 2.0
    assert trickle_server.hits == 1  # type: ignore[attr-defined]
    row = store.captures().row(0, named=True)
    assert row["status"] == 0 and row["body_sha256"] is None
