"""The merge kept between refreshes, and brought up to date from what changed.

A pair of candidates is one event or not by the two candidates alone (and their documents), so the
clusters of candidates of documents that did not change stay valid. A refresh
- drops the candidates of documents that changed or left, and the clusters they were in;
- finds the stored candidates the new ones pair with, through the stored blocking rows of the new
  candidates' blocks only (event type, key, ISO week), and their clusters;
- clusters again those clusters' remaining members with the new candidates, and builds their events;
- keeps every other cluster and event as stored.
The event ids are then disambiguated over all clusters (a sort), so the tables equal those of a merge
from scratch over the same candidates (tests/extract/merge/test_merge_incremental.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

from conflict_events import schema
from conflict_events.extract.events.model import CANDIDATES
from conflict_events.extract.merge.build import (
    CLUSTER_ACTORS,
    CLUSTER_EVENTS,
    CLUSTER_MENTIONS,
    cluster_events,
    contract_frames,
    reporting_candidates,
)
from conflict_events.extract.merge.dating import with_partner_dates
from conflict_events.extract.merge.pairs import (
    BLOCK_ROWS,
    block_pairs,
    block_rows,
    clusters,
    compatible_cross_pairs,
    cross_document_pairs,
    document_numbers,
    unlocated_strike_pairs,
    within_document_pairs,
)

PARTS = ("candidates", "blocks", "events", "actors", "mentions")


def _empty_candidates() -> pl.DataFrame:
    none = reporting_candidates(schema.empty(CANDIDATES), schema.empty({"doc_id": pl.String, "source_kind": pl.String}))
    return none.with_columns(pl.lit(None, dtype=pl.UInt64).alias("cluster"))


@dataclass
class MergeState:
    """Frames (lazy: scans of the stored state, or in memory) of every merged candidate."""

    candidates: pl.LazyFrame  # reporting candidates with their merge features and `cluster`
    blocks: pl.LazyFrame  # pairs.BLOCK_ROWS of every candidate
    events: pl.LazyFrame  # build.CLUSTER_EVENTS, one row per cluster
    actors: pl.LazyFrame  # build.CLUSTER_ACTORS
    mentions: pl.LazyFrame  # build.CLUSTER_MENTIONS

    @staticmethod
    def empty() -> MergeState:
        return MergeState(
            candidates=_empty_candidates().lazy(),
            blocks=schema.empty(BLOCK_ROWS).lazy(),
            events=schema.empty(CLUSTER_EVENTS).lazy(),
            actors=schema.empty(CLUSTER_ACTORS).lazy(),
            mentions=schema.empty(CLUSTER_MENTIONS).lazy(),
        )

    def part(self, name: str) -> pl.LazyFrame:
        frame: pl.LazyFrame = getattr(self, name)
        return frame

    def tables(self) -> tuple[pl.LazyFrame, pl.LazyFrame, pl.LazyFrame]:
        """events, event_actors, event_mentions (the contract's frames), lazy: read as they are written."""
        return contract_frames(self.events, self.actors, self.mentions)


@dataclass
class MergeDelta:
    """What one merge step changed: the rows it built, and what left the merge."""

    candidates: pl.DataFrame  # the candidates of every cluster built again, with their new `cluster`
    blocks: pl.DataFrame  # pairs.BLOCK_ROWS of the new candidates
    events: pl.DataFrame  # build.CLUSTER_EVENTS of the clusters built again
    actors: pl.DataFrame
    mentions: pl.DataFrame
    clusters_dropped: pl.DataFrame  # cluster: stored clusters replaced (built again or emptied)
    documents_dropped: pl.DataFrame  # doc: document_numbers() of the documents whose blocking rows left

    def part(self, name: str) -> pl.DataFrame:
        frame: pl.DataFrame = getattr(self, name)
        return frame


def apply(state: MergeState, delta: MergeDelta) -> MergeState:
    """The state after the step (lazy: the stored rows kept, then the step's rows)."""
    dropped_clusters = delta.clusters_dropped.lazy()

    def kept(frame: pl.LazyFrame) -> pl.LazyFrame:
        return frame.join(dropped_clusters, on="cluster", how="anti")

    return MergeState(
        candidates=pl.concat([kept(state.candidates), delta.candidates.lazy()], how="diagonal_relaxed"),
        blocks=pl.concat(
            [state.blocks.join(delta.documents_dropped.lazy(), on="doc", how="anti"), delta.blocks.lazy()]
        ),
        events=pl.concat([kept(state.events), delta.events.lazy()], how="diagonal_relaxed"),
        actors=pl.concat([kept(state.actors), delta.actors.lazy()]),
        mentions=pl.concat([kept(state.mentions), delta.mentions.lazy()]),
    )


@dataclass
class MergeChange:
    candidates: int  # new candidates merged
    dropped_documents: int
    clusters_rebuilt: int  # clusters built again (new ones and the stored ones they touched)
    candidates_rebuilt: int


def _documents(documents: pl.DataFrame | pl.LazyFrame, doc_ids: pl.DataFrame) -> pl.DataFrame:
    return (
        documents.lazy()
        .join(doc_ids.lazy(), on="doc_id", how="semi")
        .select("doc_id", "text", "published_at", pl.col("source_kind").fill_null(""))
        .unique("doc_id", keep="first")
        .collect()
    )


def _among(column: str, frame: pl.DataFrame) -> pl.Expr:
    return pl.col(column).is_in(frame.get_column(column).unique().implode())


def update_merge(
    state: MergeState,
    candidates: pl.DataFrame,
    gone: Iterable[str],
    documents: pl.DataFrame | pl.LazyFrame,
    extractor_version: str,
) -> tuple[MergeDelta, MergeChange]:
    """What changes in the merge when `gone` documents left (or changed) and the `candidates` of new
    or changed documents arrived (`apply` gives the state after it). `documents` (doc_id, text,
    published_at, source_kind) must hold every document still merged; only those of the clusters
    built again are read."""
    new_doc_ids = candidates.select("doc_id").unique()
    gone_ids = pl.concat([pl.DataFrame({"doc_id": list(gone)}, schema={"doc_id": pl.String}), new_doc_ids]).unique()
    gone_lazy = gone_ids.lazy()
    new = with_partner_dates(reporting_candidates(candidates, _documents(documents, new_doc_ids)))
    new_blocks = block_rows(new)

    gone_numbers = gone_ids.select(document_numbers().alias("doc"))
    kept_blocks = state.blocks.join(gone_numbers.lazy(), on="doc", how="anti")
    # The stored candidates that share a block with a new one, and which of them pair with it. The stored
    # frames are scans: a filter (not a join) is applied while the file is read, so only the rows wanted
    # are ever in memory, however long the history.
    probe = kept_blocks.filter(_among("block", new_blocks)).collect()
    probe_pairs = block_pairs(new_blocks, probe, within=False)
    stored_ids = pl.concat([probe_pairs.select("cid"), probe_pairs.select(pl.col("cid_r").alias("cid"))]).unique()
    others = state.candidates.filter(_among("cid", stored_ids)).collect()
    both = pl.concat([new, others.drop("cluster")], how="diagonal_relaxed")
    paired = compatible_cross_pairs(probe_pairs, both, _documents(documents, both.select("doc_id").unique()))
    linked = pl.concat([paired.select("cid"), paired.select(pl.col("cid_r").alias("cid"))]).unique()
    touched = others.join(linked, on="cid", how="semi").select("cluster").unique()
    dropped = state.candidates.filter(_among("doc_id", gone_ids)).select("cluster").unique().collect()
    affected = pl.concat([dropped, touched]).unique()

    # A cluster that lost a candidate is paired again from its remaining members (it may split); one
    # that only gained new candidates stays connected, and joins whatever the new ones pair with.
    members = (
        state.candidates.filter(_among("cluster", affected)).join(gone_lazy, on="doc_id", how="anti").collect()
    )
    split = members.join(dropped, on="cluster", how="semi")
    repaired = pl.concat([split.drop("cluster"), new], how="diagonal_relaxed")
    docs = _documents(documents, pl.concat([members.select("doc_id"), new.select("doc_id")]).unique())
    repaired_pairs = pl.concat(
        [within_document_pairs(repaired), unlocated_strike_pairs(repaired), cross_document_pairs(repaired, docs)]
    )
    # Nodes of the union-find: a kept cluster is one node (its label, the smallest cid of its members),
    # every other candidate its own.
    kept_whole = members.join(dropped, on="cluster", how="anti")
    node = kept_whole.select("cid", pl.col("cluster").alias("node"))
    as_node = (
        paired.join(node, on="cid", how="left")
        .join(node.rename({"cid": "cid_r", "node": "node_r"}), on="cid_r", how="left")
        .select(
            pl.col("node").fill_null(pl.col("cid")).alias("cid"),
            pl.col("node_r").fill_null(pl.col("cid_r")).alias("cid_r"),
        )
    )
    nodes = pl.concat([repaired.select("cid"), kept_whole.select(pl.col("cluster").alias("cid")).unique()])
    labels = clusters(nodes["cid"], pl.concat([repaired_pairs, as_node]).unique()).rename(
        {"cid": "node", "label": "cluster"}
    )
    group = (
        pl.concat(
            [repaired.with_columns(pl.col("cid").alias("node")), kept_whole.drop("cluster").join(node, on="cid")],
            how="diagonal_relaxed",
        )
        .join(labels, on="node", how="left")
        .drop("node")
    )
    events, actors, mentions = cluster_events(group, docs, extractor_version)

    delta = MergeDelta(
        candidates=group,
        blocks=new_blocks,
        events=events,
        actors=actors,
        mentions=mentions,
        clusters_dropped=affected,
        documents_dropped=gone_numbers,
    )
    change = MergeChange(
        candidates=new.height,
        dropped_documents=gone_ids.height - new_doc_ids.height,
        clusters_rebuilt=events.height,
        candidates_rebuilt=group.height,
    )
    return delta, change
