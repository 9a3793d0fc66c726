"""Serve a recorded website from a folder on loopback.

Used by the offline ``make run`` (the bundled samples) and by tests, so that scraping always runs
through real HTTP. ``ROOT/routes.json`` (and every ``ROOT/routes.d/*.json``) lists routes::

    {"path": "/pub/feed", "file": "pub/feed.xml", "content_type": "application/rss+xml",
     "query": {"offset": "0"}, "status": 200, "headers": {}, "fail_first": [429], "delay_s": 0}

The route with the most matching query items wins; no match is a 404. ``{{BASE}}`` in a file is
replaced by the server's own address. Every 200 carries an ETag and Last-Modified, and conditional
requests get 304 as RFC 9110 (13.2.2) orders them: If-None-Match, when sent, decides alone (so a page
edited between two runs is served anew even though Last-Modified stays fixed); If-Modified-Since is
read only without it. ``fail_first`` statuses are answered once each before the real answer.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

# A fixed Last-Modified keeps repeated runs byte-identical.
LAST_MODIFIED = email.utils.formatdate(1767225600, usegmt=True)


def etag_matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison (RFC 9110 8.8.3.2) against a list of entity tags, or "*"."""
    if if_none_match.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in if_none_match.split(","))


def not_modified(request_headers: Any, etag: str) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides alone when present; else If-Modified-Since."""
    if_none_match = request_headers.get("If-None-Match")
    if if_none_match is not None:
        return etag_matches(if_none_match, etag)
    since = request_headers.get("If-Modified-Since")
    if since is None:
        return False
    try:
        return email.utils.parsedate_to_datetime(since) >= email.utils.parsedate_to_datetime(LAST_MODIFIED)
    except (TypeError, ValueError):
        return False  # an invalid date is ignored (RFC 9110 13.1.3)


class RecordedSite:
    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        self.root = root
        route_files = [root / "routes.json", *sorted((root / "routes.d").glob("*.json"))]
        self.routes: list[dict[str, Any]] = [
            route for f in route_files if f.is_file() for route in json.loads(f.read_text(encoding="utf-8"))
        ]
        for route in self.routes:
            route.setdefault("query", {})
            route.setdefault("status", 200)
            route.setdefault("headers", {})
            route["_pending_failures"] = list(route.get("fail_first", []))
        self.requests: list[tuple[str, str, dict[str, str]]] = []  # (method, path, headers) seen
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, port), self._handler())
        self._server.daemon_threads = True
        self.base_url = f"http://{host}:{self._server.server_address[1]}"
        self._thread: threading.Thread | None = None

    def _find(self, path: str, query: dict[str, str]) -> dict[str, Any] | None:
        path = path.rstrip("/") or "/"
        matches = [
            r
            for r in self.routes
            if (r["path"].rstrip("/") or "/") == path
            and all(query.get(k) == str(v) for k, v in r["query"].items())
        ]
        return max(matches, key=lambda r: len(r["query"])) if matches else None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "recorded-site/1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                with site._lock:
                    site.requests.append(("GET", self.path, dict(self.headers.items())))
                route = site._find(parts.path, dict(parse_qsl(parts.query, keep_blank_values=True)))
                if route is None:
                    self._answer(404, b"not found", "text/plain", {})
                    return
                if route.get("delay_s"):
                    time.sleep(float(route["delay_s"]))
                with site._lock:
                    failure = route["_pending_failures"].pop(0) if route["_pending_failures"] else None
                if failure is not None:
                    extra = {"Retry-After": "1"} if failure in (429, 503) else {}
                    body = b"<pre>Too Many Requests</pre>" if failure == 429 else b"error"
                    self._answer(int(failure), body, "text/html", extra)
                    return
                data = (site.root / route["file"]).read_bytes() if route.get("file") else b""
                data = data.replace(b"{{BASE}}", site.base_url.encode())
                etag = f'"{hashlib.sha256(data).hexdigest()[:16]}"'
                headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED, **route["headers"]}
                if route["status"] == 200 and not_modified(self.headers, etag):
                    self._answer(304, b"", None, headers)
                    return
                ctype = route.get("content_type", "text/html; charset=utf-8")
                self._answer(int(route["status"]), data, ctype, headers)

            def _answer(self, status: int, data: bytes, ctype: str | None, headers: dict[str, str]) -> None:
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if status != 304:
                    self.wfile.write(data)

        return Handler

    def start(self) -> RecordedSite:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def serve(root: Path) -> Iterator[RecordedSite]:
    site = RecordedSite(root).start()
    try:
        yield site
    finally:
        site.stop()
