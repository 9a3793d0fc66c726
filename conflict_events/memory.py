"""Give freed memory back to the operating system between the stages of one process.

A refresh runs its steps one after another in one process (Dagster's in-process executor). Without
this, the heap a step freed stays mapped to the process, so every later step's peak sits on top of
the largest earlier one: the refresh's peak would grow with everything it ever held, not with what
one step needs.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import cache


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


def release_freed_memory() -> None:
    """Collect cyclic garbage, then ask the C allocator to return its free pages (glibc; a no-op elsewhere)."""
    gc.collect()
    libc = _libc()
    trim = getattr(libc, "malloc_trim", None) if libc is not None else None
    if trim is not None:
        trim(0)
