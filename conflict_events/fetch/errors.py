"""Fetch failures. Each carries the URL and a one-line human reason; the exchange is already recorded."""

from __future__ import annotations

from conflict_events.fetch.store import Capture


class FetchError(Exception):
    def __init__(self, url: str, reason: str, capture: Capture | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.capture = capture  # the recorded exchange that failed, when there was one


class RobotsDisallowed(FetchError):
    """robots.txt does not allow our user agent to fetch this URL (nothing was requested)."""


class Blocked(FetchError):
    """A bot wall (Cloudflare challenge, 'Access Denied', captcha) answered instead of the page."""


class TooLarge(FetchError):
    """The body grew past FetchPolicy.max_bytes; it was cut and not stored."""


class HTTPStatusError(FetchError):
    """A final HTTP status we cannot use (after retries for 429 / 5xx)."""

    def __init__(self, url: str, reason: str, status: int, capture: Capture | None = None) -> None:
        super().__init__(url, reason, capture)
        self.status = status


class UnexpectedContent(FetchError):
    """The body is not what the caller expected (HTML where JSON or XML was asked for, bad JSON)."""


class NetworkError(FetchError):
    """No usable response: timeouts, refused or broken connections, after all retries."""


class OffHost(FetchError):
    """The URL (or a redirect) leads to a host the source does not own or list in allowed_hosts (not requested)."""
