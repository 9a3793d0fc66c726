"""The polite HTTP client of a run: one Fetcher, one httpx.AsyncClient, shared by every source.

Here: what a fetch may reach (scheme, hosts, ports), robots.txt, per-host pacing, redirects followed by hand
and conditional requests. One GET is fetch.wire's, what an answer means fetch.judge's, the retries
fetch.retry's, and the record in the RawStore of every exchange fetch.recorder's.

Usage::

    async with Fetcher(RawStore(raw_dir)) as fetcher:
        result = await fetcher.get(url, source_id="kyiv_ind", role="feed", expect="xml")
        text = result.text()
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import random
from collections.abc import Awaitable, Callable
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

from conflict_events.fetch.detect import Expect
from conflict_events.fetch.errors import FetchError, HTTPStatusError, NetworkError, OffHost, RobotsDisallowed
from conflict_events.fetch.exchange import ACCEPT, FetchRequest, HopResponse, header
from conflict_events.fetch.judge import ResponseJudge
from conflict_events.fetch.policy import FetchPolicy
from conflict_events.fetch.ratelimit import HostRateLimiter
from conflict_events.fetch.recorder import ExchangeRecorder
from conflict_events.fetch.redact import redact_text, redact_url
from conflict_events.fetch.result import FetchResult
from conflict_events.fetch.retry import Retry, with_retries
from conflict_events.fetch.robots import RobotsCache, RobotsRules, host_key, robots_url
from conflict_events.fetch.store import Capture, RawStore
from conflict_events.fetch.urls import host_allowed, host_of, port_problem
from conflict_events.fetch.wire import REDIRECT_STATUSES, one_hop

__all__ = ["Fetcher"]

MAX_REDIRECTS = 5


def _describe(exc: BaseException) -> str:
    if isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        return _describe(exc.exceptions[0])  # anyio wraps connect failures in a group
    text = redact_text(str(exc).strip())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class Fetcher:
    """One per run; async context manager; the per-host rate limit is shared by all sources."""

    def __init__(
        self,
        store: RawStore,
        policy: FetchPolicy = FetchPolicy(),
        transport: httpx.AsyncBaseTransport | None = None,
        log: logging.Logger | None = None,
        *,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.store = store
        self.policy = policy
        self.log = log or logging.getLogger("conflict_events.fetch")
        self._sleep = sleep or asyncio.sleep  # backoff waits; tests pass a recorder
        self._rng = rng or random.Random()
        self._limiter = HostRateLimiter()
        self._robots = RobotsCache()
        self._crawl_delay: dict[str, float] = {}
        self._recorder = ExchangeRecorder(store)
        self._judge = ResponseJudge(store, self._recorder, self._limiter, policy, self.log)
        # Cookies live in each source's own jar (SourceSession); this one serves callers without one.
        self._default_cookies = httpx.Cookies()
        self._client = httpx.AsyncClient(
            transport=transport,
            headers={"User-Agent": policy.user_agent},
            timeout=httpx.Timeout(
                connect=policy.connect_timeout, read=policy.read_timeout, write=policy.read_timeout, pool=None
            ),
            follow_redirects=False,  # followed by hand: each hop is rate-limited and robots-checked
        )

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    # ---- public --------------------------------------------------------------------------------

    async def get(
        self,
        url: str,
        *,
        source_id: str,
        role: str,
        key: str | None = None,
        expect: Expect = "any",
        requests_per_second: float | None = None,
        conditional: bool = True,
        cookies: httpx.Cookies | None = None,
        hosts: frozenset[str] | None = None,
        deadline: float | None = None,
    ) -> FetchResult:
        """Fetch a URL politely. Raises a FetchError subclass; the exchange is recorded either way.

        `hosts`: the only hosts this fetch may reach, redirects included (None: any host).
        `deadline`: seconds the whole fetch may take at most (capped by the policy's request_deadline)."""
        shown = redact_url(url)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            self.log.warning("GET %r: not an http(s) URL, not requested", shown)
            raise FetchError(shown, "not an http(s) URL")
        if hosts is not None and not host_allowed(url, hosts):
            reason = f"not requested: host {host_of(url)} is not one of the source's hosts (see allowed_hosts)"
            self.log.warning("GET %s: %s", shown, reason)
            raise OffHost(shown, reason)
        budget = self.policy.request_deadline if deadline is None else min(deadline, self.policy.request_deadline)
        request = FetchRequest(
            url,
            shown,
            source_id,
            role,
            key,
            expect,
            requests_per_second,
            self.policy.obey_robots,
            cookies if cookies is not None else self._default_cookies,
            hosts,
            asyncio.get_running_loop().time() + max(0.0, budget),
        )
        problem = port_problem(url)
        if problem is not None:  # recorded like any failed exchange, nothing sent
            capture = self._recorder.record(request, status=0, headers={}, body=None, error=problem)
            self.log.warning("GET %s: %s", shown, problem)
            raise FetchError(shown, problem, capture)
        if request.check_robots:
            await self._ensure_allowed(url, source_id, request.deadline)
        return await self._fetch(request, conditional=conditional)

    # ---- robots.txt ----------------------------------------------------------------------------

    async def _ensure_allowed(self, url: str, source_id: str, deadline: float) -> None:
        rules = await self._rules_for(url, source_id, deadline)
        if not rules.can_fetch(self.policy.user_agent, url):
            reason = rules.unreachable_reason or "disallowed by robots.txt"
            self.log.warning("GET %s: not requested, %s", redact_url(url), reason)
            raise RobotsDisallowed(redact_url(url), reason)

    async def _rules_for(self, url: str, source_id: str, deadline: float) -> RobotsRules:
        host = host_key(url)
        if host in self._robots.rules:
            return self._robots.rules[host]
        async with self._robots.lock(host):
            if host not in self._robots.rules:
                rules = await self._load_robots(robots_url(url), source_id, deadline)
                delay = rules.crawl_delay(self.policy.user_agent)
                if delay:
                    self._crawl_delay[host] = delay
                self._robots.rules[host] = rules
            return self._robots.rules[host]

    async def _load_robots(self, url: str, source_id: str, deadline: float) -> RobotsRules:
        request = FetchRequest(
            url, redact_url(url), source_id, "robots", None, "text", None, False, self._default_cookies, None, deadline
        )
        try:
            result = await self._fetch(request, conditional=True)
        except HTTPStatusError as exc:
            if 400 <= exc.status < 500:
                return RobotsRules.allow_all()  # RFC 9309: no robots.txt, no restrictions
            return RobotsRules.unreachable(f"robots.txt unreachable ({exc.reason})")
        except NetworkError as exc:
            return RobotsRules.unreachable(f"robots.txt unreachable ({exc.reason})")
        except FetchError as exc:  # a wall or a giant file: let the page request speak for itself
            self.log.warning("robots.txt %s unusable (%s); treating as no rules", request.shown, exc.reason)
            return RobotsRules.allow_all()
        return RobotsRules.from_text(result.text())

    # ---- one logical fetch with retries --------------------------------------------------------

    def _stored_for(self, url: str) -> Capture | None:
        stored = self.store.latest_usable(url)
        if stored is None or stored.body_sha256 is None or not self.store.has_body(stored.body_sha256):
            return None
        return stored

    async def _fetch(self, request: FetchRequest, *, conditional: bool) -> FetchResult:
        stored = self._stored_for(request.shown) if conditional else None
        headers = {"Accept": ACCEPT[request.expect]}
        if stored is not None:
            etag, modified = stored.header("etag"), stored.header("last-modified")
            if etag:
                headers["If-None-Match"] = etag
            if modified:
                headers["If-Modified-Since"] = modified
        return await with_retries(
            functools.partial(self._attempt, request, headers, stored),
            request,
            policy=self.policy,
            rng=self._rng,
            sleep=self._sleep,
            log=self.log,
        )

    async def _attempt(self, request: FetchRequest, headers: dict[str, str], stored: Capture | None) -> FetchResult:
        """One try: a result, a Retry (raised, for tenacity) or a FetchError (raised, final)."""
        try:
            response = await self._exchange(request, headers)
        except (httpx.UnsupportedProtocol, httpx.LocalProtocolError, httpx.InvalidURL) as exc:
            raise self._failed(request, exc, log=True) from exc  # a bad URL: retrying cannot help
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            error = self._failed(request, exc, log=False)
            raise Retry(NetworkError(error.url, error.reason, error.capture), None) from exc
        except FetchError:
            raise
        except httpx.HTTPError as exc:  # too many redirects, undecodable gzip: retrying cannot help
            raise self._failed(request, exc, log=True) from exc
        except Exception as exc:
            raise self._failed(request, exc, log=True) from exc
        outcome = self._judge.judge(request, response, stored)
        if isinstance(outcome, Retry):
            raise outcome
        return outcome

    def _failed(self, request: FetchRequest, exc: BaseException, *, log: bool) -> FetchError:
        reason = _describe(exc)
        capture = self._recorder.record(request, status=0, headers={}, body=None, error=reason)
        if log:
            self.log.warning("GET %s: %s", request.shown, reason)
        return FetchError(request.shown, reason, capture)

    # ---- one exchange (following redirects) ----------------------------------------------------

    def _requests_per_second(self, host: str, override: float | None) -> float:
        rps = override if override is not None else self.policy.requests_per_second
        delay = self._crawl_delay.get(host)
        return min(rps, 1.0 / delay) if delay else rps  # Crawl-delay is a floor on the interval

    async def _exchange(self, request: FetchRequest, headers: dict[str, str]) -> HopResponse:
        url = request.url
        for _hop in range(MAX_REDIRECTS + 1):
            host = host_key(url)
            await self._limiter.wait_turn(host, self._requests_per_second(host, request.requests_per_second))
            response = await one_hop(self._client, request, url, headers, self.policy.max_bytes)
            location = header(response.headers, "location")
            if response.status not in REDIRECT_STATUSES or not location:
                return response
            target = urljoin(url, location)
            self.log.debug("GET %s: %d redirect to %s", redact_url(url), response.status, redact_url(target))
            self._recorder.record(
                dataclasses.replace(request, url=url, shown=redact_url(url)),
                status=response.status,
                headers=response.headers,
                body=None,
            )
            if urlsplit(target).scheme not in ("http", "https"):
                raise httpx.UnsupportedProtocol(f"redirect to unsupported URL {redact_url(target)}")
            if request.hosts is not None and not host_allowed(target, request.hosts):
                reason = f"redirect to {host_of(target)}, not one of the source's hosts (see allowed_hosts)"
                capture = self._recorder.record(
                    request, status=response.status, headers=response.headers, body=None, error=reason
                )
                self.log.warning("GET %s: %s", request.shown, reason)
                raise OffHost(request.shown, reason, capture)
            if request.check_robots and host_key(target) != host:
                await self._ensure_allowed(target, request.source_id, request.deadline)
            url = target
        raise httpx.TooManyRedirects(f"more than {MAX_REDIRECTS} redirects", request=None)
