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
from dataclasses import dataclass

import polars as pl

from conflict_events import schema
from conflict_events.accumulated import AccumulatedState
from conflict_events.extract.merge.state import update_merge
from conflict_events.extract.merge.stored import StoredMerge
from conflict_events.extract.pipeline import (
    EXTRACTOR_VERSION,
    FINDINGS_PARTS,
    DocumentFindings,
    StoredFindings,
    dataset_tables,
    extract_documents,
)

log = logging.getLogger(__name__)

# What the extractor reads of a document (fetched_at and gone_at do not change what it finds).
_EXTRACTOR_INPUTS = [c for c in schema.DOCUMENTS if c not in ("fetched_at", "gone_at")]
INDEX = {"doc_id": pl.String, "doc_version": pl.String}
# Where each part of the stored findings is kept in the state.
FINDINGS_FILES = {name: f"extracted/{name}" for name in FINDINGS_PARTS}
DEFAULT_BATCH_SIZE = 150


def document_versions(documents: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """doc_id, doc_version (the cache key of a document's findings). Of a scan, the texts are read in
    streamed batches: only the keys are kept."""
    docs = schema.conform(documents.lazy(), schema.DOCUMENTS)
    return docs.select(
        "doc_id",
        pl.concat_str(pl.lit(EXTRACTOR_VERSION + ":"), pl.struct(_EXTRACTOR_INPUTS).hash(seed=0).cast(pl.String)).alias(
            "doc_version"
        ),
    ).collect(engine="streaming")


@dataclass
class ExtractionReport:
    documents: int
    extracted: int  # documents whose findings were computed in this refresh
    reused: int  # documents whose stored findings were still valid
    sentences: int  # sentences of the documents extracted now
    seconds: float


def extract_incremental(
    documents: pl.DataFrame | pl.LazyFrame, state: AccumulatedState, *, batch_size: int = DEFAULT_BATCH_SIZE
) -> tuple[StoredFindings, ExtractionReport]:
    """Findings of every document: stored ones reused, the others extracted in batches of `batch_size`
    documents, each batch written at once to the state, so memory holds one batch, not all findings.
    `documents` may be a scan: then only each batch's documents are read whole."""
    started = time.perf_counter()
    versions = document_versions(documents)
    index = state.read("extracted/index", INDEX)
    stored = {name: state.scan(FINDINGS_FILES[name]) for name in FINDINGS_PARTS}
    if index is None or any(frame is None for frame in stored.values()):
        index = versions.head(0)  # an incomplete cache is rebuilt whole
    valid = versions.join(index, on=["doc_id", "doc_version"], how="semi")
    todo = versions.join(valid, on="doc_id", how="anti")
    docs = schema.conform(documents.lazy(), schema.DOCUMENTS)
    todo_ids = todo["doc_id"]
    batches: list[str] = []
    sentences = 0
    for offset in range(0, todo_ids.len(), batch_size):
        batch_docs = docs.filter(pl.col("doc_id").is_in(todo_ids.slice(offset, batch_size).implode())).collect()
        found = extract_documents(batch_docs)
        sentences += found.sentences
        batch = f"extracted/batches/{len(batches)}"
        for name in FINDINGS_PARTS:
            state.write(f"{batch}-{name}", getattr(found, name))
        batches.append(batch)
        log.info(
            "extracted %d of %d new or changed documents", min(offset + batch_size, todo_ids.len()), todo_ids.len()
        )
    if todo.height or index.height != valid.height or any(frame is None for frame in stored.values()):
        keep = valid.select("doc_id").lazy()
        empty = extract_documents(docs.head(0).collect())
        for name in FINDINGS_PARTS:
            parts = [scan.join(keep, on="doc_id", how="semi") for scan in [stored[name]] if scan is not None]
            parts += [pl.scan_parquet(state.path(f"{batch}-{name}")) for batch in batches]
            state.sink(FINDINGS_FILES[name], pl.concat([getattr(empty, name).lazy(), *parts], how="diagonal_relaxed"))
        state.write("extracted/index", pl.concat([valid, todo]).select(list(INDEX)))
        state.remove_folder("extracted/batches")
    scans = {name: state.scan(FINDINGS_FILES[name]) for name in FINDINGS_PARTS}
    report = ExtractionReport(
        documents=versions.height,
        extracted=todo.height,
        reused=valid.height,
        sentences=sentences,
        seconds=time.perf_counter() - started,
    )
    return StoredFindings(**{name: scan for name, scan in scans.items() if scan is not None}), report


MERGED_TABLES = ("actors", "actor_aliases", "events", "event_actors", "event_mentions", "weapons", "weapon_aliases",
                 "places")
# Where each merged table is kept in the state.
MERGED_FILES = {name: f"merged/{name}" for name in MERGED_TABLES}
# Documents merged per step of an incremental merge (in order of publication, so the clusters a step
# touches are mostly the recent ones): bounds the memory of a first run over all history.
DEFAULT_MERGE_BATCH = 200
# The stored merge is valid for one extractor version, one version of the merge rules and one format of
# its frames (candidate ids and blocks are Polars hashes, so the Polars version too). A change to the
# merge rules (extract/merge/) changes this, so stored merges and merged tables are built again.
MERGE_FORMAT = "merge-state-3"


@dataclass
class MergeReport:
    reused: bool  # nothing changed: the stored tables were published as they were
    documents_merged: int  # new or changed documents whose candidates were merged
    documents_dropped: int  # documents whose candidates left the merge (changed or removed)
    candidates_rebuilt: int  # candidates whose clusters were built again
    seconds: float
    candidates: int = 0  # candidates of all documents (the merge's input)


def _count(frame: pl.DataFrame | pl.LazyFrame) -> int:
    return int(frame.lazy().select(pl.len()).collect().item())


def findings_key(documents: pl.DataFrame) -> str:
    """What the merged tables depend on: every document's version (its extractor inputs and
    EXTRACTOR_VERSION) and the merge rules' version."""
    versions = document_versions(documents).sort("doc_id")
    digest = versions.select(pl.concat_str("doc_id", "doc_version").hash(seed=0).alias("h"))["h"]
    return f"{EXTRACTOR_VERSION}:{MERGE_FORMAT}:{versions.height}:{int(digest.sum() or 0)}"


def _merge_state_key() -> str:
    return f"{EXTRACTOR_VERSION}:{MERGE_FORMAT}:polars-{pl.__version__}"


MERGE_FRAMES = "merge/frames"  # the stored merge's folder in the state (extract.merge.stored)


def _stored_merge(state: AccumulatedState) -> tuple[StoredMerge, pl.DataFrame]:
    """The stored merge and the document versions it holds (a new, empty one when missing or of
    another version)."""
    key = state.read("merge/key")
    index = state.read("merge/index", INDEX)
    folder = state.root / MERGE_FRAMES
    if key is not None and key.height == 1 and key["key"].item() == _merge_state_key() and index is not None:
        stored = StoredMerge.open(folder)
        if stored is not None:
            return stored, index
    state.remove_folder("merge")  # of another version or format: merged again from scratch
    return StoredMerge.create(folder), pl.DataFrame(schema=INDEX)


def merge_incremental(
    documents: pl.DataFrame,
    found: DocumentFindings | StoredFindings,
    state: AccumulatedState,
    *,
    batch_size: int = DEFAULT_MERGE_BATCH,
) -> tuple[dict[str, pl.LazyFrame], MergeReport]:
    """The contract tables of `merge_documents`, with the events merge brought up to date from the
    stored one: only the candidates of new or changed documents are merged (extract.merge.state), in
    steps of `batch_size` documents, and the result equals a merge from scratch. The tables are
    returned as scans of the files they were streamed to (`merged/*` in the state)."""
    log.info("extract: merge")
    started = time.perf_counter()
    key = findings_key(documents)
    stored_key = state.read("merged/key")
    if stored_key is not None and stored_key.height == 1 and stored_key["key"].item() == key:
        scans = {name: state.scan(MERGED_FILES[name]) for name in MERGED_TABLES}
        if all(scan is not None for scan in scans.values()):
            reused = {name: scan for name, scan in scans.items() if scan is not None}
            return reused, MergeReport(True, 0, 0, 0, time.perf_counter() - started, _count(found.candidates))
    docs = schema.conform(documents, schema.DOCUMENTS).unique("doc_id", keep="first", maintain_order=True)
    versions = document_versions(docs)
    stored, index = _stored_merge(state)
    todo = versions.join(index, on=["doc_id", "doc_version"], how="anti")
    gone = index.join(versions, on=["doc_id", "doc_version"], how="anti")["doc_id"].to_list()
    order = docs.join(todo, on="doc_id", how="semi").sort("published_at", "doc_id", nulls_last=True)["doc_id"]
    looked_up = docs.select("doc_id", "text", "published_at", "source_kind")
    rebuilt = 0
    for offset in range(0, max(order.len(), 1 if gone else 0), batch_size):
        batch = order.slice(offset, batch_size)
        # A filter, applied while the stored findings are read: only the batch's rows are loaded.
        candidates = found.candidates.lazy().filter(pl.col("doc_id").is_in(batch.implode())).collect()
        delta, change = update_merge(
            stored.state(), candidates, gone if offset == 0 else [], looked_up, EXTRACTOR_VERSION
        )
        rebuilt += change.candidates_rebuilt
        stored.append(delta)  # what the step built and dropped, appended: history is not rewritten
        log.info("merged %d of %d new or changed documents", min(offset + batch_size, order.len()), order.len())
    stored.compact()
    log.info("merge state compacted")
    state.write("merge/index", versions)
    state.write("merge/key", pl.DataFrame({"key": [_merge_state_key()]}))
    merge_state = stored.state()
    # Each table is streamed from the stored merge to its file, one at a time: the merged tables of all
    # history are never in memory together.
    tables = dataset_tables(docs, found, merge_state.tables())
    for name in MERGED_TABLES:
        state.sink(MERGED_FILES[name], tables[name])
        log.info("merged table %s written", name)
    state.write("merged/key", pl.DataFrame({"key": [key]}))
    merged = {name: pl.scan_parquet(state.path(MERGED_FILES[name])) for name in MERGED_TABLES}
    report = MergeReport(
        False, order.len(), len(gone), rebuilt, time.perf_counter() - started, _count(found.candidates)
    )
    return merged, report
