"""One source's view of the run's Fetcher: its hosts, its cookies, its time budget, its counts.

Every source kind crawls through a SourceSession, so the policy is decided here once:
- requests, downloads and 304s are counted here, never by the crawlers;
- a bot wall stops the source (blocked); a robots.txt refusal skips that one URL only (the source is
  blocked only when robots.txt refused everything it asked for and nothing was obtained);
- a URL on a host the source neither owns nor lists in `allowed_hosts` is not fetched;
- when the source's time budget or the run's is used up the crawl stops and the source is `partial`
  with a message naming the budget; a crawler that reaches a paging or item limit says so with
  `limit_reached`, and the source is `partial` too;
- cookies set by one source's sites stay in that source's jar.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import httpx

from conflict_events.fetch.client import Fetcher
from conflict_events.fetch.detect import Expect
from conflict_events.fetch.errors import Blocked, FetchError, RobotsDisallowed
from conflict_events.fetch.redact import redact_text
from conflict_events.fetch.report import CrawlReport
from conflict_events.fetch.result import FetchResult
from conflict_events.fetch.urls import host_of

P = ParamSpec("P")
T = TypeVar("T")


class CrawlStopped(Exception):
    """The source may not go on in this run (blocked, or out of time); the runner catches it."""


class SourceSession:
    def __init__(
        self,
        fetcher: Fetcher,
        source_id: str,
        url: str,
        *,
        allowed_hosts: tuple[str, ...] = (),
        requests_per_second: float | None = None,
        time_budget: float | None = None,
        run_deadline: float | None = None,
        log: logging.Logger | None = None,
    ) -> None:
        self.fetcher = fetcher
        self.source_id = source_id
        self.log = log or fetcher.log
        self.report = CrawlReport(source_id=source_id)
        self.hosts = frozenset({host_of(url), *(h.strip().lower() for h in allowed_hosts)})
        self.requests_per_second = requests_per_second
        self.cookies = httpx.Cookies()
        loop = asyncio.get_running_loop()
        budget = fetcher.policy.source_budget if time_budget is None else time_budget
        self.time_budget = budget
        self._source_deadline = loop.time() + budget
        self._run_deadline = run_deadline
        self._stopped: str | None = None

    # ---- fetching ------------------------------------------------------------------------------

    def _time_left(self) -> tuple[float, str]:
        """Seconds left and which budget binds."""
        now = asyncio.get_running_loop().time()
        left, which = self._source_deadline - now, f"the source's time budget ({self.time_budget:g}s)"
        if self._run_deadline is not None and self._run_deadline - now < left:
            left, which = self._run_deadline - now, f"the run's time budget ({self.fetcher.policy.run_budget:g}s)"
        return left, which

    async def get(
        self, url: str, role: str, key: str | None = None, expect: Expect = "any", *, fallback: bool = False
    ) -> FetchResult:
        """Fetch for this source. A failed fetch is reported here (the caller only decides what next)
        and raised as FetchError; a wall or an exhausted budget raises CrawlStopped.
        `fallback`: another URL will be tried for the same item, so a failure is logged, not reported."""
        if self._stopped is not None:
            raise CrawlStopped(self._stopped)
        left, which = self._time_left()
        if left <= 0:
            self.stop_for_time(which)
        self.report.requested += 1
        try:
            result = await self.fetcher.get(
                url,
                source_id=self.source_id,
                role=role,
                key=key,
                expect=expect,
                requests_per_second=self.requests_per_second,
                cookies=self.cookies,
                hosts=self.hosts,
                deadline=left,
            )
        except Blocked as exc:
            self.report.blocked = True
            # A bot wall is the source's status (reported as blocked), not a broken item: a warning.
            self.fail(f"{role} {exc.url}: blocked by the site ({exc.reason}); crawl stopped", level=logging.WARNING)
            self._stopped = "blocked by the site"
            raise CrawlStopped(self._stopped) from exc
        except RobotsDisallowed as exc:
            self.report.refused_by_robots += 1
            self.fail(f"{role} {exc.url}: not fetched, {exc.reason}")
            raise
        except FetchError as exc:
            if fallback:
                self.log.info("source %s: %s %s: %s (another URL is tried)", self.source_id, role, exc.url, exc.reason)
            else:
                self.fail(f"{role} {exc.url}: {exc.reason}")
            left, which = self._time_left()
            if left <= 0:
                self.stop_for_time(which)
            raise
        if result.not_modified:
            self.report.not_modified += 1
        else:
            self.report.downloaded += 1
        return result

    async def off_loop(self, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run CPU-heavy parsing in a worker thread, so the loop that paces every source's requests
        keeps its rhythm while one source reads a ten-thousand-item feed."""
        return await asyncio.to_thread(work, *args, **kwargs)

    # ---- what the crawl found ------------------------------------------------------------------

    def found(self, count: int = 1) -> None:
        self.report.items += count

    def fail(self, message: str, level: int = logging.ERROR) -> None:
        """One item failed: a clear message in the log and the report; the crawl goes on."""
        message = redact_text(message)
        self.log.log(level, "source %s: %s", self.source_id, message)
        self.report.errors.append(message)

    def limit_reached(self, limit: str, detail: str = "") -> None:
        """A paging / item limit cut the crawl short: the source is partial, and the log says which."""
        message = redact_text(f"{limit}{': ' + detail if detail else ''}")
        self.log.warning("source %s: stopped at a limit, %s; the source is partial", self.source_id, message)
        self.report.limits.append(message)

    def stop_for_time(self, which: str) -> None:
        self.limit_reached(which, "used up; the crawl stopped with what it had")
        self._stopped = f"{which} used up"
        raise CrawlStopped(self._stopped)

    def finish(self) -> CrawlReport:
        """Close the report: robots.txt refusing everything asked, with nothing obtained, is blocked."""
        report = self.report
        answered = report.downloaded + report.not_modified
        if report.refused_by_robots and not report.items and not answered:
            report.blocked = True
        return report
