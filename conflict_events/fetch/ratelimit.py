"""Per-host request spacing shared by every task of a run.

Each host has a lock and the earliest time its next request may start; a task holds the host's lock
while it waits, so concurrent tasks queue up instead of all firing when the interval ends.
A 429 slows the host down for the rest of the run (the interval doubles, up to a cap).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

MAX_SLOWDOWN = 8.0


@dataclass
class _HostState:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0
    slowdown: float = 1.0


class HostRateLimiter:
    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._clock = clock
        self._sleep = sleep
        self._hosts: dict[str, _HostState] = {}

    def _state(self, host: str) -> _HostState:
        return self._hosts.setdefault(host, _HostState())

    async def wait_turn(self, host: str, requests_per_second: float) -> float:
        """Wait until a request to `host` may start; returns the seconds waited."""
        state = self._state(host)
        interval = (1.0 / requests_per_second if requests_per_second > 0 else 0.0) * state.slowdown
        async with state.lock:
            wait = max(0.0, state.next_start - self._clock())
            if wait > 0:
                await self._sleep(wait)
            state.next_start = self._clock() + interval
        return wait

    def slow_down(self, host: str) -> float:
        """After a rate-limit answer: double the host's interval (capped). Returns the new factor."""
        state = self._state(host)
        state.slowdown = min(MAX_SLOWDOWN, state.slowdown * 2)
        return state.slowdown
