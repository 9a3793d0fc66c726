"""Extract only what is new: per-document findings cached by document version and extractor version.

A document's findings (extract.pipeline.extract_documents) depend on that document alone, so they
are kept in the accumulated state (`extracted/*.parquet`) keyed by `doc_version`: a hash of the
document's columns the extractor reads plus EXTRACTOR_VERSION. A refresh extracts the documents
whose version is not stored (new, edited, or everything after an extractor change), in batches of
`batch_size` documents so memory stays bounded, then merges all stored candidates.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

from conflict_events import schema
from conflict_events.accumulated import AccumulatedState
from conflict_events.extract.pipeline import EXTRACTOR_VERSION, DocumentFindings, extract_documents

log = logging.getLogger(__name__)

# What the extractor reads of a document (fetched_at and gone_at do not change what it finds).
_EXTRACTOR_INPUTS = [c for c in schema.DOCUMENTS if c not in ("fetched_at", "gone_at")]
_PARTS = ("candidates", "actor_mentions", "place_refs")
INDEX = {"doc_id": pl.String, "doc_version": pl.String}
DEFAULT_BATCH_SIZE = 250


def document_versions(documents: pl.DataFrame) -> pl.DataFrame:
    """doc_id, doc_version (the cache key of a document's findings)."""
    docs = schema.conform(documents, schema.DOCUMENTS)
    return docs.select(
        "doc_id",
        pl.concat_str(pl.lit(EXTRACTOR_VERSION + ":"), pl.struct(_EXTRACTOR_INPUTS).hash(seed=0).cast(pl.String)).alias(
            "doc_version"
        ),
    )


@dataclass
class ExtractionReport:
    documents: int
    extracted: int  # documents whose findings were computed in this refresh
    reused: int  # documents whose stored findings were still valid
    sentences: int  # sentences of the documents extracted now
    seconds: float


def _stored(state: AccumulatedState, name: str) -> pl.DataFrame | None:
    return state.read(f"extracted/{name}")


def extract_incremental(
    documents: pl.DataFrame, state: AccumulatedState, *, batch_size: int = DEFAULT_BATCH_SIZE
) -> tuple[DocumentFindings, ExtractionReport]:
    """Findings of every document: stored ones reused, the others extracted and stored."""
    started = time.perf_counter()
    versions = document_versions(documents)
    index = state.read("extracted/index", INDEX)
    valid = versions.join(index, on=["doc_id", "doc_version"], how="semi") if index is not None else versions.head(0)
    todo = versions.join(valid, on="doc_id", how="anti")
    stored = {name: _stored(state, name) for name in _PARTS}
    if any(frame is None for frame in stored.values()):
        valid, todo = versions.head(0), versions  # an incomplete cache is rebuilt whole
    keep = valid.select("doc_id")
    parts = []
    if valid.height:
        parts.append(
            DocumentFindings(**{name: frame.join(keep, on="doc_id", how="semi") for name, frame in stored.items()})
        )
    docs = schema.conform(documents, schema.DOCUMENTS)
    todo_ids = todo["doc_id"]
    sentences = 0
    for offset in range(0, todo_ids.len(), batch_size):
        batch = docs.filter(pl.col("doc_id").is_in(todo_ids.slice(offset, batch_size).implode()))
        found = extract_documents(batch)
        sentences += found.sentences
        parts.append(found)
        log.info(
            "extracted %d of %d new or changed documents", min(offset + batch_size, todo_ids.len()), todo_ids.len()
        )
    if not parts:
        parts.append(extract_documents(docs.head(0)))
    merged = DocumentFindings.concat(parts)
    merged.sentences = sentences
    if todo.height or index is None or index.height != valid.height:
        for name in _PARTS:
            state.write(f"extracted/{name}", getattr(merged, name))
        state.write("extracted/index", pl.concat([valid, todo]).select(list(INDEX)))
    report = ExtractionReport(
        documents=versions.height,
        extracted=todo.height,
        reused=valid.height,
        sentences=sentences,
        seconds=time.perf_counter() - started,
    )
    return merged, report


MERGED_TABLES = ("actors", "actor_aliases", "events", "event_actors", "event_mentions", "weapons", "weapon_aliases",
                 "places")


def findings_key(documents: pl.DataFrame) -> str:
    """What the merge reads: every document's version (its extractor inputs and EXTRACTOR_VERSION)."""
    versions = document_versions(documents).sort("doc_id")
    digest = versions.select(pl.concat_str("doc_id", "doc_version").hash(seed=0).alias("h"))["h"]
    return f"{EXTRACTOR_VERSION}:{versions.height}:{int(digest.sum() or 0)}"


def merge_incremental(
    documents: pl.DataFrame, found: DocumentFindings, state: AccumulatedState, merge: Callable[..., Any]
) -> tuple[dict[str, pl.DataFrame], bool]:
    """`merge(documents, found)`, or its stored result when no document changed since it was computed.

    Returns (tables, reused). The merge groups candidates across all documents, so any new or changed
    document means merging again; an unchanged refresh reuses the last result."""
    key = findings_key(documents)
    stored_key = state.read("merged/key")
    if stored_key is not None and stored_key.height == 1 and stored_key["key"].item() == key:
        tables = {name: state.read(f"merged/{name}") for name in MERGED_TABLES}
        if all(frame is not None for frame in tables.values()):
            return {name: frame for name, frame in tables.items() if frame is not None}, True
    tables = merge(documents, found)
    for name in MERGED_TABLES:
        state.write(f"merged/{name}", tables[name])
    state.write("merged/key", pl.DataFrame({"key": [key]}))
    return tables, False
