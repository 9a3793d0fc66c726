"""What the Telegram crawl and parse agree on: the capture role, the page URLs, the paging limit."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit

CHANNEL_PAGE_ROLE = "channel_page"
# A runaway guard: ~20 messages a page, so this is tens of thousands of messages.
MAX_PAGES = 2000


def page_url(base_url: str, before: int | None) -> str:
    """The channel page with messages older than `before` (the newest page when None)."""
    if before is None:
        return base_url
    parts = urlsplit(base_url)
    query = f"{parts.query}&" if parts.query else ""
    return urlunsplit(parts._replace(query=query + urlencode({"before": before})))
