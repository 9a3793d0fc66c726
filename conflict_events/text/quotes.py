"""Quotations: quoted words inside a sentence, and whole quoted paragraphs (blockquotes)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_QUOTE_PAIRS = re.compile(r"“([^“”]+)”|«([^«»]+)»|„([^“”„]+)[“”]|\"([^\"]+)\"")
_OPEN = '“«„"'
_CLOSE = '”»"“'
_EDGE_JUNK = " \t\n,.;:—–-"


@dataclass(frozen=True)
class Quotation:
    start: int  # offset of the opening mark in the sentence
    end: int  # offset after the closing mark
    text: str  # the words inside the marks, verbatim


@lru_cache(maxsize=8192)
def quoted_spans(sentence: str) -> tuple[tuple[int, int], ...]:
    """Every span between paired quote marks, marks included (scare quotes too)."""
    return tuple(m.span() for m in _QUOTE_PAIRS.finditer(sentence))


def word_count(text: str) -> int:
    return len(text.split())


def quotations(sentence: str, min_words: int) -> list[Quotation]:
    """Quoted passages of at least `min_words` words (shorter ones are scare quotes).

    A quote that opens in this sentence and closes in a later one (or the reverse) counts from
    the mark to the sentence's end (or from its start)."""
    found: list[Quotation] = []
    for m in _QUOTE_PAIRS.finditer(sentence):
        inner = next(g for g in m.groups() if g is not None)
        if word_count(inner) >= min_words:
            found.append(Quotation(m.start(), m.end(), inner.strip(_EDGE_JUNK)))
    if found:
        return found
    opens = [i for i, ch in enumerate(sentence) if ch in "“«„"]
    closes = [i for i, ch in enumerate(sentence) if ch in "”»"]
    if len(opens) == 1 and not closes:
        inner = sentence[opens[0] + 1 :]
        if word_count(inner) >= min_words:
            return [Quotation(opens[0], len(sentence), inner.strip(_EDGE_JUNK))]
    if len(closes) == 1 and not opens:
        inner = sentence[: closes[0]]
        if word_count(inner) >= min_words:
            return [Quotation(0, closes[0] + 1, inner.strip(_EDGE_JUNK))]
    return []


def scare_quote(sentence: str) -> str | None:
    """The first short quoted fragment ("the “spirit” of Anchorage"), for reported speech."""
    m = _QUOTE_PAIRS.search(sentence)
    if not m:
        return None
    return next(g for g in m.groups() if g is not None).strip(_EDGE_JUNK) or None


def is_quoted_paragraph(paragraph: str) -> bool:
    """A paragraph that is one quotation from its first to its last character."""
    text = paragraph.strip()
    if len(text) < 2 or text[0] not in _OPEN:
        return False
    body = text.rstrip(".")
    return body[-1] in _CLOSE or (text[-1] in _CLOSE)


def strip_outer_quotes(text: str) -> str:
    text = text.strip()
    if text and text[0] in _OPEN:
        text = text[1:]
    if text and text[-1] in _CLOSE:
        text = text[:-1]
    return text.strip(_EDGE_JUNK)
