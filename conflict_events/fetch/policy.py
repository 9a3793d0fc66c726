"""What a run's fetcher is allowed to do: rate, timeouts, size cap, retries, robots, deadlines and budgets,
and how long a server asks us to wait (Retry-After)."""

from __future__ import annotations

import email.utils
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class FetchPolicy:
    user_agent: str = "conflict-events/0.1 (research dataset; +https://github.com/conflict-events)"
    requests_per_second: float = 1.0  # per host
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = 15_000_000  # size cap, body streamed and cut
    max_retries: int = 4  # on 429 / 5xx / timeouts / connect errors
    backoff_base: float = 1.0  # exponential with full jitter, capped
    backoff_cap: float = 60.0
    obey_robots: bool = True
    # Wall-clock limits. One URL, all its attempts, connects, reads and waits included, never takes
    # longer than request_deadline: a hanging or dripping server costs a refresh at most that.
    request_deadline: float = 90.0
    source_budget: float = 1800.0  # one source's whole crawl (a source's `time_budget` overrides it)
    run_budget: float = 3600.0  # every source of the run together


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date); None when absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())
