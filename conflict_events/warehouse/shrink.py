"""Never publish a shrinking warehouse by accident.

Before the swap, the documents and the event evidence about to be published are counted per
source and compared with the published file. Events are counted by their evidence sentences in
documents whose text did not change: an edited document's events follow its new text, and merging
two events into one keeps every sentence, so neither looks like a loss. A drop beyond the tolerance
(a fraction; default 0: any drop) is a problem naming the sources that lost rows. An operator who
means the removal (a source taken out of the configuration, documents deleted on purpose, an
extractor change that finds fewer events) confirms it with `allow_shrink`
(CONFLICT_EVENTS_ALLOW_SHRINK=1, or the resource's config in the launchpad); the guard then
reports and lets the publish go on.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from conflict_events.warehouse.build import read_published

COUNTS = {"source_id": pl.String, "rows": pl.Int64}


def documents_by_source(documents: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    return documents.lazy().group_by("source_id").agg(pl.len().cast(pl.Int64).alias("rows")).collect()


def evidence_by_source(
    event_mentions: pl.DataFrame | pl.LazyFrame, documents: pl.DataFrame | pl.LazyFrame
) -> pl.DataFrame:
    """source_id, doc_id, content_sha256, rows: the evidence sentences (distinct spans) of each document."""
    return (
        event_mentions.lazy().select("doc_id", "char_start", "char_end")
        .unique()
        .join(documents.lazy().select("doc_id", "source_id", "content_sha256"), on="doc_id", how="inner")
        .group_by("source_id", "doc_id", "content_sha256")
        .agg(pl.len().cast(pl.Int64).alias("rows"))
        .collect()
    )


def unedited_evidence(before: pl.DataFrame | None, after: pl.DataFrame) -> tuple[pl.DataFrame | None, pl.DataFrame]:
    """Evidence per source, over the documents whose text is the same before and after.

    Events follow an edited document's new text, and merging events never removes evidence, so a
    drop here means events were lost, not merged or revised."""
    if before is None:
        return None, after.group_by("source_id").agg(pl.col("rows").sum())
    same = before.select("doc_id", "content_sha256").join(
        after.select("doc_id", "content_sha256"), on=["doc_id", "content_sha256"], how="inner"
    )
    after_ids = after.select("doc_id").unique()
    # A document no longer published at all still counts: its evidence is lost.
    gone = before.join(after_ids, on="doc_id", how="anti").select("doc_id", "content_sha256")
    keep = pl.concat([same, gone])

    def per_source(frame: pl.DataFrame) -> pl.DataFrame:
        return (
            frame.join(keep, on=["doc_id", "content_sha256"], how="semi")
            .group_by("source_id")
            .agg(pl.col("rows").sum().cast(pl.Int64))
        )

    return per_source(before), per_source(after)


def published_documents_by_source(db_path: Path) -> pl.DataFrame | None:
    return read_published(db_path, "select source_id, count(*)::BIGINT as rows from documents group by 1")


def published_evidence(db_path: Path) -> pl.DataFrame | None:
    return read_published(
        db_path,
        "select d.source_id, m.doc_id, d.content_sha256, count(distinct (m.char_start, m.char_end))::BIGINT as rows "
        "from event_mentions m join documents d using (doc_id) group by all",
    )


def shrinkage(what: str, before: pl.DataFrame | None, after: pl.DataFrame, tolerance: float = 0.0) -> list[str]:
    """Problems for every source whose row count drops by more than `tolerance` (a fraction)."""
    if before is None:
        return []  # nothing published yet
    compared = (
        before.rename({"rows": "before"})
        .join(after.rename({"rows": "after"}), on="source_id", how="full", coalesce=True)
        .with_columns(pl.col("before").fill_null(0), pl.col("after").fill_null(0))
        .filter(pl.col("after") < pl.col("before") * (1.0 - tolerance))
        .sort("source_id")
    )
    problems = [
        f"{what}: source {source} would go from {b} to {a} rows (-{b - a})"
        for source, b, a in compared.select("source_id", "before", "after").iter_rows()
    ]
    total_before, total_after = int(before["rows"].sum()), int(after["rows"].sum())
    if total_after < total_before * (1.0 - tolerance) and not problems:
        problems.append(f"{what}: {total_before} -> {total_after} rows in all")
    return problems
