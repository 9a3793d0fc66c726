"""Parse every configured source's stored captures into the documents frame (no network)."""

from __future__ import annotations

import logging

import polars as pl

from conflict_events.fetch.store import RawStore
from conflict_events.parse.language import with_detected_language
from conflict_events.schema import DOCUMENTS, conform, empty
from conflict_events.sources.registry import source_kind
from conflict_events.sources.source import SourceConfig


def parse_documents(sources: list[SourceConfig], store: RawStore, log: logging.Logger) -> pl.DataFrame:
    frames = []
    for source in sources:
        try:
            frame = source_kind(source.kind).parse_source(source, store, log)
        except Exception as exc:  # one unparseable source must not lose the others' documents
            log.error("source %s: parsing failed: %s: %s", source.id, type(exc).__name__, exc)
            continue
        log.info("source %s: %d documents", source.id, frame.height)
        frames.append(conform(frame, DOCUMENTS))
    if not frames:
        return empty(DOCUMENTS)
    documents = (
        pl.concat(frames, how="vertical")
        .sort("fetched_at", descending=True, nulls_last=True)
        .unique(subset="doc_id", keep="first", maintain_order=True)
        .sort("source_id", "published_at", "doc_id", nulls_last=True)
    )
    return with_detected_language(documents)


def document_quotes(documents: pl.DataFrame) -> pl.DataFrame:
    """The blockquote ranges of each document as rows (the ``document_quotes`` table)."""
    return (
        documents.select("doc_id", "quote_spans")
        .explode("quote_spans")
        .drop_nulls("quote_spans")
        .select(
            "doc_id",
            pl.col("quote_spans").struct.field("start").alias("char_start"),
            pl.col("quote_spans").struct.field("end").alias("char_end"),
        )
    )
