"""What the Substack crawl and parse agree on: URL shapes, limits, and the small readers of API fields.

Every URL is built relative to `source.base_url` (it may carry a path prefix). Posts are identified
by their numeric id and canonical URL as the site gives them, never by a slug made from the title.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import quote, unquote, urlsplit

ARCHIVE_PAGE_SIZE = 50  # the archive API answers 400 above 50
MAX_ARCHIVE_PAGES = 400  # a server that ignores `offset` must not keep us paging forever
POST_ROLES = ("post_json", "post_page")
COMMENTS_ROLE = "comments"
_PRELOADED_POST_ID = re.compile(r'\\?"post\\?"\s*:\s*\{\s*\\?"id\\?"\s*:\s*(\d+)')


class SubstackParseError(ValueError):
    """A capture that cannot be read as what its role promises; the message says why."""


def parse_utc(value: Any) -> dt.datetime | None:
    """ISO 8601 timestamp (`2025-12-28T13:04:51.000Z`, `...+00:00`) → aware UTC; None if unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed.astimezone(dt.UTC)


def text_field(data: dict[str, Any], name: str) -> str | None:
    value = data.get(name)
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def id_field(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip().isdigit():
        return value.strip()
    return None


def int_field(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def http_url(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and re.match(r"^https?://\S+$", value.strip()) else None


def slug_from_url(url: str) -> str | None:
    """`https://x.substack.com/p/some-slug?utm=...` → `some-slug` (None for other URL shapes)."""
    path = urlsplit(url).path
    found = re.search(r"/p/([^/?#]+)/?$", path)
    return unquote(found.group(1)) if found else None


def post_page_url(base_url: str, slug: str) -> str:
    return f"{base_url}/p/{quote(slug, safe='')}"


def post_json_url(base_url: str, slug: str) -> str:
    return f"{base_url}/api/v1/posts/{quote(slug, safe='')}"


def comments_url(base_url: str, post_id: str) -> str:
    return f"{base_url}/api/v1/post/{post_id}/comments"


def archive_url(base_url: str, offset: int, limit: int) -> str:
    return f"{base_url}/api/v1/archive?sort=new&offset={offset}&limit={limit}"


def preloaded_post_id(html: str) -> str | None:
    """The post id in the page's preloaded state, if any."""
    found = _PRELOADED_POST_ID.search(html)
    return found.group(1) if found else None
