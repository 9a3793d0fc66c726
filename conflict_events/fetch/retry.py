"""The retry loop of one logical fetch: an answer worth another try (429, 5xx, timeouts) is tried again after
the wait the server asks for (Retry-After) or a capped exponential backoff with full jitter, and no wait is
started that would end past the fetch's deadline."""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

import tenacity

from conflict_events.fetch.errors import FetchError
from conflict_events.fetch.exchange import FetchRequest
from conflict_events.fetch.policy import FetchPolicy

T = TypeVar("T")


class Retry(Exception):
    """An answer worth another try (429, 5xx, timeouts); tenacity retries on it."""

    def __init__(self, error: FetchError, retry_after: float | None) -> None:
        super().__init__(error.reason)
        self.error = error
        self.retry_after = retry_after


def backoff_seconds(policy: FetchPolicy, rng: random.Random, attempt: int, retry_after: float | None) -> float:
    """The wait before the next attempt: Retry-After when the server gave one, else full jitter; both capped."""
    cap = policy.backoff_cap
    if retry_after is not None:
        return min(cap, retry_after)
    return rng.uniform(0.0, min(cap, policy.backoff_base * 2 ** (attempt - 1)))


async def with_retries(
    try_once: Callable[[], Awaitable[T]],
    request: FetchRequest,
    *,
    policy: FetchPolicy,
    rng: random.Random,
    sleep: Callable[[float], Awaitable[None]],
    log: logging.Logger,
) -> T:
    """`try_once` until it returns or raises anything but Retry; out of attempts or time, the last
    Retry's FetchError is raised."""
    attempts = policy.max_retries + 1

    def wait(state: tenacity.RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome is not None else None
        retry_after = error.retry_after if isinstance(error, Retry) else None
        return backoff_seconds(policy, rng, state.attempt_number, retry_after)

    def out_of_attempts_or_time(state: tenacity.RetryCallState) -> bool:
        # a wait that would end past the deadline is not worth starting
        return state.attempt_number >= attempts or (state.upcoming_sleep or 0.0) >= request.remaining()

    def before_sleep(state: tenacity.RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome is not None else None
        assert isinstance(error, Retry)
        log.warning(
            "GET %s: %s; attempt %d/%d, retrying in %.2fs%s",
            request.shown,
            error.error.reason,
            state.attempt_number,
            attempts,
            state.upcoming_sleep,
            " (Retry-After)" if error.retry_after is not None else "",
        )

    async def attempt() -> T:
        # tenacity awaits only what it recognises as a coroutine function; a plain callable's awaitable would not be
        return await try_once()

    retrying = tenacity.AsyncRetrying(
        stop=out_of_attempts_or_time,
        wait=wait,
        retry=tenacity.retry_if_exception_type(Retry),
        before_sleep=before_sleep,
        sleep=sleep,
        reraise=True,
    )
    try:
        return await retrying(attempt)
    except Retry as final:
        log.warning("GET %s: %s; giving up after %d attempt(s)", request.shown, final.error.reason, attempts)
        raise final.error from None
