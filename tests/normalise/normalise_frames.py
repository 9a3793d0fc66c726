"""Builders for the normalise tests: sentence frames written by hand, or split by the real splitter."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from conflict_events import schema
from conflict_events.text.sentences import split_sentences

PUBLISHED = "2025-12-28T10:00:00+00:00"


def sentence_frame(sentences: list[str], published: str = PUBLISHED, doc_id: str = "doc") -> pl.DataFrame:
    """One document's sentences in schema.SENTENCES shape (offsets are not needed by the finders)."""
    return schema.conform(
        pl.DataFrame(
            {
                "doc_id": [doc_id] * len(sentences),
                "sent_idx": list(range(len(sentences))),
                "sentence": sentences,
                "published_at": [datetime.fromisoformat(published)] * len(sentences),
                "language": ["en"] * len(sentences),
            }
        ),
        schema.SENTENCES,
    )


def split_document(text: str, published: str = PUBLISHED) -> pl.DataFrame:
    """A whole document through the real sentence splitter."""
    documents = schema.conform(
        pl.DataFrame(
            {
                "doc_id": ["doc"],
                "text": [text],
                "published_at": [datetime.fromisoformat(published)],
                "source_kind": ["newsletter"],
                "language": ["en"],
                "quote_spans": [[]],
            }
        ),
        schema.DOCUMENTS,
    )
    return split_sentences(documents)
