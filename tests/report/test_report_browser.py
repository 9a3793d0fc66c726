"""The report opens from disk in real headless Chromium (Debian's, installed by `make test-tools`): it
renders, the map shows the strikes, and no request leaves the machine. Driven over the DevTools protocol
on a loopback port, with a fresh profile and Chromium's background networking off."""

from __future__ import annotations

import json
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import duckdb
import pytest
from websockets.sync.client import connect

from tests.report.published import PublishedRun
from tests.support import free_port

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]

MEASURE = """JSON.stringify((() => {
  const map = document.querySelector('#map').getBoundingClientRect();
  const inside = [...document.querySelectorAll('#map circle.strike')].filter(c => {
    const r = c.getBoundingClientRect();
    return r.width > 0 && r.left >= map.left && r.right <= map.right && r.top >= map.top && r.bottom <= map.bottom;
  });
  const timeline = document.querySelector('#timeline').getBoundingClientRect();
  return {title: document.title, mapWidth: map.width, mapHeight: map.height, strikesShown: inside.length,
          bars: document.querySelectorAll('#timeline rect.bar').length, timelineHeight: timeline.height,
          sources: document.querySelectorAll('#sources tr.source').length,
          evidence: document.querySelectorAll('#latest blockquote.evidence').length};
})())"""


@pytest.fixture(scope="module")
def run(published: PublishedRun) -> PublishedRun:
    return published


class DevTools:
    def __init__(self, url: str) -> None:
        self.ws = connect(url, max_size=None, open_timeout=20)
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv(timeout=30))
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, method: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not any(e.get("method") == method for e in self.events):
            assert time.monotonic() < deadline, f"no {method} within {timeout}s"
            self.events.append(json.loads(self.ws.recv(timeout=timeout)))


def _page_target(port: int, browser: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert browser.poll() is None, "Chromium exited"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as response:
                pages = [t for t in json.load(response) if t["type"] == "page"]
            if pages:
                return pages[0]["webSocketDebuggerUrl"]
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("Chromium's DevTools endpoint did not come up")


def test_report_renders_in_headless_chromium_without_network(run: PublishedRun) -> None:
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: `make test-tools` installs Debian's chromium"
    index = (run.report / "index.html").resolve()
    con = duckdb.connect(str(run.db), read_only=True)
    located = con.execute("select count(*) from strikes where latitude is not null").fetchall()[0][0]
    sources = con.execute("select count(*) from source_runs").fetchall()[0][0]
    con.close()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        browser = subprocess.Popen(
            [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", f"--remote-debugging-port={port}",
             "--remote-debugging-address=127.0.0.1", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            tools = DevTools(_page_target(port, browser))
            tools.call("Network.enable")
            tools.call("Page.enable")
            tools.call("Page.navigate", url=index.as_uri())
            tools.wait_for("Page.loadEventFired")
            seen = json.loads(tools.call("Runtime.evaluate", expression=MEASURE, returnByValue=True)["result"]["value"])
            requests = [e["params"]["request"]["url"] for e in tools.events
                        if e.get("method") == "Network.requestWillBeSent"]
            tools.ws.close()
        finally:
            browser.terminate()
            browser.wait(timeout=20)
    assert seen["title"].startswith("Conflict events")
    assert seen["mapWidth"] > 300 and seen["mapHeight"] > 150 and seen["timelineHeight"] > 100
    assert seen["strikesShown"] == located > 0
    assert seen["bars"] > 0 and seen["sources"] == sources and seen["evidence"] > 0
    assert requests and requests[0] == index.as_uri()
    assert all(url.startswith(("file://", "data:")) for url in requests), requests
