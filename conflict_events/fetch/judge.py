"""What one answer means for a fetch, each answer recorded first: a result (200, or a 304 confirming the
stored body), a Retry (429 or a rate-limit page, which also slow the host down; 408, 5xx) or a final FetchError
(a cut body, a bot wall, any other status, content not what was expected)."""

from __future__ import annotations

import logging

from conflict_events.fetch import detect
from conflict_events.fetch.errors import Blocked, HTTPStatusError, TooLarge, UnexpectedContent
from conflict_events.fetch.exchange import FetchRequest, HopResponse, header
from conflict_events.fetch.policy import FetchPolicy, parse_retry_after
from conflict_events.fetch.ratelimit import HostRateLimiter
from conflict_events.fetch.recorder import ExchangeRecorder
from conflict_events.fetch.result import FetchResult
from conflict_events.fetch.retry import Retry
from conflict_events.fetch.robots import host_key
from conflict_events.fetch.store import Capture, RawStore
from conflict_events.fetch.urls import host_of

# Worth another try later: overload, gateway trouble, Cloudflare origin errors, request timeout.
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})


class ResponseJudge:
    def __init__(
        self,
        store: RawStore,
        recorder: ExchangeRecorder,
        limiter: HostRateLimiter,
        policy: FetchPolicy,
        log: logging.Logger,
    ) -> None:
        self._store = store
        self._recorder = recorder
        self._limiter = limiter  # shared with the fetcher: a 429 slows the host down for every source
        self._policy = policy
        self._log = log

    def judge(self, request: FetchRequest, response: HopResponse, stored: Capture | None) -> FetchResult | Retry:
        """Record one response and decide: a result, a retry, or a raised FetchError."""
        url, status, headers, body = request.shown, response.status, response.headers, response.body
        if response.too_large:
            reason = f"body larger than {self._policy.max_bytes} bytes (cut)"
            capture = self._recorder.record(
                request, status=status, headers=headers, body=None, size=len(body), error=reason
            )
            self._log.warning("GET %s: %s", url, reason)
            raise TooLarge(url, reason, capture)
        if status == 304:
            if stored is None or stored.body_sha256 is None:
                reason = "HTTP 304 without a stored body to confirm"
                capture = self._recorder.record(request, status=status, headers=headers, body=None, error=reason)
                raise HTTPStatusError(url, reason, status, capture)
            capture = self._recorder.record(
                request,
                status=304,
                headers=headers,
                body=None,
                body_sha256=stored.body_sha256,
                size=stored.size,
                not_modified=True,
            )
            self._log.debug("GET %s: 304 not modified (stored body reused)", url)
            body_bytes = self._store.body(stored.body_sha256)
            return FetchResult(capture, body_bytes, True, content_type=stored.header("content-type"))
        wall = detect.bot_wall_reason(status, headers, body)
        if wall is not None:
            reason = f"blocked (HTTP {status}): {wall}"
            capture = self._recorder.record(request, status=status, headers=headers, body=body, error=reason)
            self._log.warning("GET %s: %s", url, reason)
            raise Blocked(url, reason, capture)
        if status == 429 or detect.is_rate_limit_page(body):
            reason = f"rate limited (HTTP {status}{'' if status == 429 else ', Too Many Requests page'})"
            capture = self._recorder.record(request, status=status, headers=headers, body=body, error=reason)
            factor = self._limiter.slow_down(host_key(request.url))
            self._log.info("host %s: slowing down (interval x%g)", host_of(request.url), factor)
            retry_after = parse_retry_after(header(headers, "retry-after"), capture.fetched_at)
            return Retry(HTTPStatusError(url, reason, 429, capture), retry_after)
        if status in RETRY_STATUSES:
            reason = f"HTTP {status}"
            capture = self._recorder.record(request, status=status, headers=headers, body=body, error=reason)
            retry_after = parse_retry_after(header(headers, "retry-after"), capture.fetched_at)
            return Retry(HTTPStatusError(url, reason, status, capture), retry_after)
        if status != 200:
            reason = f"HTTP {status}"
            capture = self._recorder.record(request, status=status, headers=headers, body=body, error=reason)
            level = logging.INFO if request.role == "robots" and status == 404 else logging.WARNING
            self._log.log(level, "GET %s: %s", url, reason)
            raise HTTPStatusError(url, reason, status, capture)
        content_type = header(headers, "content-type") or ""
        mismatch = detect.content_mismatch(request.expect, content_type, body) or detect.not_text_reason(
            request.expect, content_type, body
        )
        if mismatch is not None:
            reason = f"unexpected content: {mismatch}"
            capture = self._recorder.record(request, status=status, headers=headers, body=body, error=reason)
            self._log.warning("GET %s: bad capture, %s", url, reason)
            raise UnexpectedContent(url, reason, capture)
        capture = self._recorder.record(request, status=200, headers=headers, body=body)
        self._log.debug("GET %s: 200 (%d bytes)", url, len(body))
        return FetchResult(capture, body, False, content_type=header(headers, "content-type"))
