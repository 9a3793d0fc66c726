"""Loosened patterns for a column-wide pre-test: lookarounds dropped, everything else kept."""

from __future__ import annotations

import re

import polars as pl

from conflict_events.text.prefilter import column_prefilter, without_lookarounds


def test_lookarounds_of_every_kind_are_dropped_and_the_rest_kept() -> None:
    assert without_lookarounds(r"(?<!-)\bhit\b(?!\s+back)") == r"\bhit\b"
    assert without_lookarounds(r"\btarget(?=\s+(?:the|a))s?") == r"\btargets?"
    assert without_lookarounds(r"(?<=the )port(?:s|\b)") == r"port(?:s|\b)"


def test_escaped_parentheses_and_classes_do_not_end_or_open_a_group() -> None:
    # The ")" inside the class and the escaped "(" belong to the lookahead and the text respectively.
    assert without_lookarounds(r"a(?![)(]x)b\(c") == r"ab\(c"
    assert without_lookarounds(r"[(?!]x") == r"[(?!]x"
    assert without_lookarounds(r"x(?!a(?:b|c)d)y") == "xy"


def test_a_loosened_pattern_matches_wherever_the_original_does() -> None:
    pattern = r"(?<!-)\blaunch(?:ed|es)?\s+(?:\w+\s+){0,3}drones\b(?!\s+test)"
    texts = ["Russia launched 40 attack drones at Odesa.", "A pre-launched drones test.", "Nothing here."]
    loose = column_prefilter(pattern, ignore_case=True)
    assert loose is not None
    in_rust = pl.Series(texts).str.contains(loose).to_list()
    in_python = [bool(re.search(pattern, t, re.IGNORECASE)) for t in texts]
    assert in_rust == [True, True, False]
    assert all(rust or not python for rust, python in zip(in_rust, in_python, strict=True))
    assert in_python == [True, False, False]


def test_case_is_ignored_only_when_asked() -> None:
    assert pl.Series(["STRUCK"]).str.contains(column_prefilter(r"\bstruck\b", ignore_case=True)).item()
    assert not pl.Series(["STRUCK"]).str.contains(column_prefilter(r"\bstruck\b", ignore_case=False)).item()


def test_a_pattern_the_rust_engine_cannot_run_gives_no_prefilter() -> None:
    assert column_prefilter(r"(\w+) and \1", ignore_case=True) is None
