"""The date phrases we read, as data: one table per language in reference/date_phrases/ (in the spirit
of dateparser's per-language tables), loaded generically into the ordered forms the resolver
dispatches on.

A table holds month and weekday names, number words, relative phrases with the English phrase they
mean (`fixed_phrases`), regex blocks and forms (kind, pattern) whose patterns use blocks as ${name}.
A new phrase is a line in a table; a new language is a new table listed in common.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATE_PHRASES_DIR = Path(__file__).resolve().parents[2] / "reference" / "date_phrases"

_BLOCK = re.compile(r"\$\{(\w+)\}")
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


@dataclass(frozen=True, eq=False)  # hashed by identity: resolutions are cached per tables and expression
class DatePhrases:
    forms: tuple[tuple[str, re.Pattern[str]], ...]  # (kind, pattern), in matching order
    combined: str  # every form in one Polars (Rust) regex, without group names
    prefilter: str  # a sentence with a date expression matches this
    future_tense: str  # verbs that put a weekday or a bare month in the future
    months: dict[str, int]  # lower-case month name or short form -> 1..12
    weekdays: dict[str, int]  # lower-case weekday -> 0 (Monday)..6
    number_words: dict[str, int]
    meanings: dict[str, str]  # a relative phrase of another language -> the English phrase it means
    holidays: dict[str, tuple[int, int]]  # lower-case name -> (month, day)
    anchor_sides: dict[str, int]  # "later" +1, "earlier" -1
    windows: dict[str, int]  # near_future_days, anchor_reach_sentences

    def anchored(self) -> tuple[re.Pattern[str], ...]:
        """The forms of expressions counted from an earlier date ("the next day")."""
        return tuple(pattern for kind, pattern in self.forms if kind == "anchor")


def _read(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    if not isinstance(data, dict):
        raise ValueError(f"date phrase table {path} must hold a mapping at top level")
    return data


def _alternation(words: list[str], *, longest_first: bool = False) -> str:
    ordered = sorted(words, key=len, reverse=True) if longest_first else words
    return "(?:" + "|".join(ordered) + ")"


def _phrase_regex(phrase: str) -> str:
    return r"\s+".join(re.escape(word) for word in phrase.split())


def _table_blocks(table: dict[str, Any]) -> dict[str, str]:
    """The blocks a table's tables make (month, weekday and number alternations), then its own blocks."""
    blocks: dict[str, str] = {}
    if months := table.get("months"):
        blocks["month_full"] = _alternation([names[0] for names in months])
        short = [rf"{name}\.?" for names in months for name in names[1:]]
        blocks["month_any"] = "(?:${month_full}|" + "|".join(short) + ")"
    if genitive := table.get("months_genitive"):
        blocks["month_genitive"] = _alternation(list(genitive), longest_first=True)
    if weekdays := table.get("weekdays"):
        blocks["weekday"] = _alternation(list(weekdays))
    if numbers := table.get("number_words"):
        blocks["count"] = r"(?:\d{1,2}|" + "|".join(numbers) + ")"
    if phrases := table.get("fixed_phrases"):
        blocks["fixed_phrases"] = (
            "(?i:" + "|".join(_phrase_regex(p) for p in sorted(phrases, key=len, reverse=True)) + ")"
        )
    return {**blocks, **(table.get("blocks") or {})}


def _expand(pattern: str, blocks: dict[str, str], source: str) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in blocks:
            raise KeyError(f"{source}: unknown block ${{{name}}}")
        return _expand(blocks[name], blocks, source)

    return _BLOCK.sub(one, pattern)


def _lower_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower())


def read_date_phrases(directory: Path) -> DatePhrases:
    """Every table listed in directory/common.yaml, in that order."""
    common = _read(directory / "common.yaml")
    tables = [(name, common if name == "common" else _read(directory / f"{name}.yaml")) for name in common["tables"]]
    shared = _table_blocks(common)
    forms: list[tuple[str, str]] = []
    prefilter: list[str] = []
    future: list[str] = []
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    numbers: dict[str, int] = {}
    meanings: dict[str, str] = {}
    holidays: dict[str, tuple[int, int]] = {}
    sides: dict[str, int] = {}
    windows: dict[str, int] = {}
    for name, table in tables:
        blocks = {**shared, **_table_blocks(table)}
        source = f"{directory / name}.yaml"
        forms += [(str(kind), _expand(str(pattern), blocks, source)) for kind, pattern in table.get("forms") or []]
        prefilter += [_expand(str(p), blocks, source) for p in table.get("prefilter") or []]
        if table.get("future_tense"):
            future.append(_expand(str(table["future_tense"]), blocks, source))
        for number, names in enumerate(table.get("months") or [], start=1):
            months.update({n.lower(): number for n in names})
        months.update({n.lower(): number for number, n in enumerate(table.get("months_genitive") or [], start=1)})
        weekdays.update({str(n).lower(): i for i, n in enumerate(table.get("weekdays") or [])})
        numbers.update({str(k): int(v) for k, v in (table.get("number_words") or {}).items()})
        meanings.update({_lower_key(k): str(v) for k, v in (table.get("fixed_phrases") or {}).items()})
        holidays.update({_lower_key(k): (int(v[0]), int(v[1])) for k, v in (table.get("holidays") or {}).items()})
        sides.update({str(k): int(v) for k, v in (table.get("anchor_sides") or {}).items()})
        windows.update({str(k): int(v) for k, v in (table.get("windows") or {}).items()})
    # Polars (Rust regex) rejects a group name used twice, so the combined pattern has none.  Its word
    # boundaries are ASCII ones: a Unicode \b keeps Rust's fast DFA off any text with a curly quote
    # (measured 10-100x slower), and every boundary here sits next to an ASCII letter or digit anyway.
    combined = "|".join("(?:" + _NAMED_GROUP.sub("(?:", pattern) + ")" for _, pattern in forms).replace(
        r"\b", r"(?-u:\b)"
    )
    return DatePhrases(
        forms=tuple((kind, re.compile(pattern)) for kind, pattern in forms),
        combined=combined,
        prefilter="|".join(prefilter),
        future_tense="|".join(f"(?:{p})" for p in future) if len(future) > 1 else (future[0] if future else "$^"),
        months=months,
        weekdays=weekdays,
        number_words=numbers,
        meanings=meanings,
        holidays=holidays,
        anchor_sides=sides,
        windows=windows,
    )


@lru_cache(maxsize=4)
def _cached(directory: str) -> DatePhrases:
    return read_date_phrases(Path(directory))


def load_date_phrases(directory: Path = DATE_PHRASES_DIR) -> DatePhrases:
    """The shipped tables (or another folder of them), read once per process."""
    return _cached(str(directory))
