"""The recorded site answers conditional requests as RFC 9110 13.2.2 orders them."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from conflict_events.recorded_site import LAST_MODIFIED, serve


def test_if_none_match_decides_alone_so_an_edited_page_is_served_anew(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>first text</p>")
    (tmp_path / "routes.json").write_text(json.dumps([{"path": "/p", "file": "page.html"}]))
    with serve(tmp_path) as site:
        first = httpx.get(f"{site.base_url}/p")
        etag = first.headers["etag"]
        assert first.headers["last-modified"] == LAST_MODIFIED
        both = {"If-None-Match": etag, "If-Modified-Since": LAST_MODIFIED}
        assert httpx.get(f"{site.base_url}/p", headers=both).status_code == 304
        (tmp_path / "page.html").write_text("<p>edited text</p>")  # Last-Modified stays the same
        edited = httpx.get(f"{site.base_url}/p", headers=both)
        assert edited.status_code == 200 and "edited text" in edited.text
        assert httpx.get(f"{site.base_url}/p", headers={"If-None-Match": f'W/"x", {edited.headers["etag"]}'}
                         ).status_code == 304
        assert httpx.get(f"{site.base_url}/p", headers={"If-Modified-Since": LAST_MODIFIED}).status_code == 304
        assert httpx.get(f"{site.base_url}/p", headers={"If-Modified-Since": "not a date"}).status_code == 200
