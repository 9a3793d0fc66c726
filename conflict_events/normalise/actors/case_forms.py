"""Cyrillic case forms of names, so the whole-word gazetteer finds "Путіна" for "Путін"."""

from __future__ import annotations

from typing import Any

import polars as pl

# Ukrainian and Russian names change their ending with grammatical case (Путін -> Путіна, Путіну,
# Путіним).  Generating the usual endings for the last word of each Cyrillic spelling lets the
# whole-word gazetteer find them.  Endings that do not exist for a given word are harmless.
_ENDINGS_BY_FINAL: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    # (final letters, letters to drop, endings to add)
    ("ий", 2, ("ого", "ому", "им", "ім", "ом")),
    ("ій", 2, ("ього", "ьому", "ім", "ія", "ію", "ієм")),
    ("ой", 2, ("ого", "ому", "ым", "ом")),
    ("ия", 1, ("и", "ю", "ей", "ею")),
    ("ія", 1, ("ї", "ю", "єю")),
    ("а", 1, ("и", "і", "у", "ою", "ы", "е", "ой", "ей", "ї")),
    ("я", 1, ("і", "ї", "ю", "ею", "єю", "и", "е", "ей")),
    ("ь", 1, ("я", "ю", "ем", "ем", "і", "и", "ю")),
    ("й", 1, ("ю", "ї", "я", "єм", "ем", "е")),
)
_CONSONANT_ENDINGS = ("а", "у", "ом", "ым", "им", "ові", "е", "і", "ою", "ой", "ой", "ем", "я", "ю")
_INDECLINABLE_FINALS = ("о", "у", "і", "е", "ю", "и", "ы", "э")


def cyrillic_case_forms(word: str) -> list[str]:
    """Other case forms of a Cyrillic name word; [] for Latin words, acronyms and short words."""
    if len(word) < 3 or not any("\u0400" <= ch <= "\u04ff" for ch in word) or word.isupper():
        return []
    lower = word.lower()
    for final, drop, endings in _ENDINGS_BY_FINAL:
        if lower.endswith(final):
            return [word[:-drop] + ending for ending in endings]
    if lower.endswith(_INDECLINABLE_FINALS) or not lower[-1].isalpha():
        return []
    return [word + ending for ending in _CONSONANT_ENDINGS]


def with_case_forms(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """Add rows for the Cyrillic case forms of the last word of `column` (loop over reference strings only)."""
    extra: list[dict[str, Any]] = []
    for row in frame.iter_rows(named=True):
        text = row[column]
        head, _, last = text.rpartition(" ")
        for form in cyrillic_case_forms(last):
            extra.append({**row, column: f"{head} {form}" if head else form})
    if not extra:
        return frame
    return pl.concat([frame, pl.DataFrame(extra, schema=frame.schema)]).unique(maintain_order=True)
