"""A Python regular expression as a looser one Polars' Rust engine can run over a whole column.

Python's `re` tries every alternative at every position of every sentence, one sentence at a
time; the Rust engine behind `str.contains` runs a column at once, many times faster, but has no
lookarounds. Dropping a pattern's lookarounds (zero-width conditions) only lets it match more, so
where the loosened pattern finds nothing in a text the original cannot match there either: a
column-wide test that rules patterns out before Python runs them.
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

_LOOKAROUND_OPENERS = ("(?=", "(?!", "(?<=", "(?<!")


def without_lookarounds(pattern: str) -> str:
    """`pattern` with every lookahead and lookbehind group removed (escapes and [classes] respected)."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        opener = next((o for o in _LOOKAROUND_OPENERS if pattern.startswith(o, i)), None)
        if opener is not None:
            i = _group_end(pattern, i)
            continue
        if pattern[i] == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if pattern[i] == "[":
            end = _class_end(pattern, i)
            out.append(pattern[i:end])
            i = end
            continue
        out.append(pattern[i])
        i += 1
    return "".join(out)


def _class_end(pattern: str, start: int) -> int:
    """The index after the character class opened at `start` (a `]` right after `[` or `[^` is literal)."""
    i = start + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    while i < len(pattern) and pattern[i] != "]":
        i += 2 if pattern[i] == "\\" else 1
    return min(i + 1, len(pattern))


def _group_end(pattern: str, start: int) -> int:
    """The index after the group opened at `start`."""
    depth = 0
    i = start
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _class_end(pattern, i)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(pattern)


@lru_cache(maxsize=1024)
def column_prefilter(pattern: str, ignore_case: bool) -> str | None:
    """The loosened `pattern` as a Polars regex, or None when the Rust engine cannot compile it (then
    nothing can be ruled out by it)."""
    loose = ("(?i)" if ignore_case else "") + without_lookarounds(pattern)
    try:
        pl.select(pl.lit("").str.contains(loose))
    except pl.exceptions.ComputeError:
        return None
    return loose
