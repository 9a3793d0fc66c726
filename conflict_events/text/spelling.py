"""Spelling helpers for fuzzy name matching: fold transliteration variants to one form, and collect the
capitalised word runs of sentences that could be names.

Generic: what counts as a word, which words lead a run and how spellings fold are passed in (the
callers read them from reference data), so this module knows no names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class Folding:
    """Ordered (regex, replacement) rules applied after lower-casing, then doubled letters (from `doubles`)
    collapsed to one.  Accents are rules too: a blanket accent strip would also turn Cyrillic "й" into
    "и", and "-ський" adjectives into town names."""

    rules: tuple[tuple[str, str], ...]
    doubles: str = ""


def fold(text: pl.Expr, folding: Folding) -> pl.Expr:
    """The folded spelling: lower case, the rules, single letters."""
    folded = text.str.to_lowercase()
    for pattern, replacement in folding.rules:
        folded = folded.str.replace_all(pattern, replacement)
    if folding.doubles:
        # Polars' regex has no back-references, so "aa" -> "a" is a literal many-pattern replacement.
        letters = list(dict.fromkeys(folding.doubles))
        folded = folded.str.replace_many([letter * 2 for letter in letters], letters)
    return folded.str.strip_chars()


def capitalised_runs(
    sentences: pl.DataFrame, word: str, leading_words: Sequence[str], max_words: int
) -> pl.Series:
    """Distinct runs of capitalised words (space-separated) in `sentences.sentence`, leading words cut
    off the front, runs of more than `max_words` words dropped (titles, headlines, people's full names).

    A possessive ends a run: "Ukraine's Kryvyi Rig" gives "Ukraine" and "Kryvyi Rig".  A single word
    opening a sentence is no run: its capital says nothing (Ukrainian "Міський" is a common word, not
    the town Мыски)."""
    run = rf"{word}(?: {word})*"
    opening = pl.col("sentence").str.extract(rf"^[^\p{{L}}\p{{N}}]*({run})", 1)
    all_runs = pl.col("sentence").str.extract_all(run)
    runs = (
        sentences.select(
            pl.when(opening.is_not_null() & ~opening.str.contains(" "))
            .then(all_runs.list.slice(1))
            .otherwise(all_runs)
            .alias("run")
        )
        .explode("run")
        .drop_nulls("run")
        .unique()
        .select(pl.col("run").str.replace_all(r"['’]s(?: |$)", "|").str.split("|"))
        .explode("run")
        .select(pl.col("run").str.strip_chars().str.split(" ").alias("words"))
    )
    # Cut leading words one at a time (a sentence may start "And in ..."), up to the run's length.
    leading = pl.Series(list(leading_words), dtype=pl.String).implode()
    for _ in range(max_words + 1):
        first_leads = pl.col("words").list.first().is_in(leading) & (pl.col("words").list.len() > 0)
        runs = runs.with_columns(pl.when(first_leads).then(pl.col("words").list.slice(1)).otherwise("words"))
    kept = runs.filter(pl.col("words").list.len().is_between(1, max_words) & (pl.col("words").list.first() != ""))
    return kept.select(pl.col("words").list.join(" ").alias("run")).unique()["run"].sort()
