"""Extract and normalise: per-document findings (cached), then the merge into the contract tables."""


import time

import dagster as dg
import polars as pl

from assets.io import ParquetFile
from assets.metadata import ddl_schema, frame_metadata, preview_markdown, table_description
from assets.resources import REFRESH_POOL, PipelineConfig
from conflict_events.extract.incremental import (
    FINDINGS_FILES,
    MERGE_FORMAT,
    MERGED_FILES,
    extract_incremental,
    merge_incremental,
)
from conflict_events.extract.pipeline import EXTRACTOR_VERSION, StoredFindings
from conflict_events.warehouse.located import locate

FINDINGS = ("event_candidates", "actor_mentions", "place_mentions")


@dg.multi_asset(
    group_name="extract",
    outs={
        "event_candidates": dg.AssetOut(
            kinds={"polars"}, code_version=EXTRACTOR_VERSION,
            description="Event candidates of six types, one row per (candidate, evidence sentence), per document.",
        ),
        "actor_mentions": dg.AssetOut(
            kinds={"polars"}, code_version=EXTRACTOR_VERSION,
            description="Every actor named in a sentence, with how it was recognised.",
        ),
        "place_mentions": dg.AssetOut(
            kinds={"polars"}, code_version=EXTRACTOR_VERSION,
            description="Every gazetteer place or facility a document names (doc_id, place_id).",
        ),
    },
    ins={"documents": dg.AssetIn()},
    pool=REFRESH_POOL,
)
def document_findings(
    context: dg.AssetExecutionContext, pipeline: PipelineConfig, documents: pl.LazyFrame
) -> tuple[dg.Output[ParquetFile], dg.Output[ParquetFile], dg.Output[ParquetFile]]:
    """Sentences, actors, dates, places, weapons, targets and candidates of each document, extracted only
    for documents new or changed since their findings were stored (or after an extractor change). The
    outputs are the stored findings' files, never read into memory here."""
    state = pipeline.state()
    found, report = extract_incremental(documents, state)
    context.log.info(
        f"findings: {report.extracted} documents extracted ({report.sentences} sentences), "
        f"{report.reused} reused, in {report.seconds:.1f} s"
    )
    common = {
        "extractor_version": EXTRACTOR_VERSION,
        "documents_extracted": report.extracted,
        "documents_reused": report.reused,
        "sentences_extracted": report.sentences,
        "extract_seconds": round(report.seconds, 3),
    }
    # The stored findings' files themselves become the assets' files (linked, not rewritten).
    return (
        dg.Output(ParquetFile(state.path(FINDINGS_FILES["candidates"])), output_name="event_candidates", metadata={
            **frame_metadata(found.candidates, ["doc_id", "event_type", "sub_type", "status"]), **common}),
        dg.Output(ParquetFile(state.path(FINDINGS_FILES["actor_mentions"])), output_name="actor_mentions", metadata={
            **frame_metadata(found.actor_mentions, ["doc_id", "surface", "entity_id"]), **common}),
        dg.Output(ParquetFile(state.path(FINDINGS_FILES["place_refs"])), output_name="place_mentions", metadata={
            **frame_metadata(found.place_refs, ["doc_id", "place_id"]), **common}),
    )


MERGED = ("events", "event_actors", "event_mentions", "actors", "actor_aliases", "places", "weapons",
          "weapon_aliases")
PREVIEW = {
    "events": ["event_type", "sub_type", "date_start", "location_name", "summary"],
    "event_actors": ["event_id", "actor_id", "role"],
    "event_mentions": ["event_id", "doc_id", "sentence"],
    "actors": ["actor_id", "name", "actor_type", "country_code"],
    "actor_aliases": ["actor_id", "alias"],
    "places": ["place_id", "name", "place_type", "admin1"],
    "weapons": ["weapon_id", "name", "category"],
    "weapon_aliases": ["weapon_id", "alias"],
}
# Lineage shown in the UI: which findings each table is made of.
LINEAGE = {
    "events": {"event_candidates", "documents", "actor_mentions"},
    "event_actors": {"event_candidates", "actor_mentions"},
    "event_mentions": {"event_candidates", "documents"},
    "actors": {"actor_mentions"},
    "actor_aliases": {"actor_mentions"},
    "places": {"place_mentions"},
    "weapons": set(),
    "weapon_aliases": set(),
}


@dg.multi_asset(
    group_name="warehouse",
    outs={
        # The merged tables change with the extractor and with the merge rules.
        name: dg.AssetOut(kinds={"polars"}, code_version=f"{EXTRACTOR_VERSION}+{MERGE_FORMAT}",
                          description=table_description(name),
                          metadata=ddl_schema(name))
        for name in MERGED
    },
    ins={name: dg.AssetIn() for name in ("documents", *FINDINGS)},
    internal_asset_deps={name: {dg.AssetKey(k) for k in deps} for name, deps in LINEAGE.items()},
    pool=REFRESH_POOL,
)
def contract_tables(
    context: dg.AssetExecutionContext,
    pipeline: PipelineConfig,
    documents: pl.DataFrame,
    event_candidates: pl.LazyFrame,
    actor_mentions: pl.LazyFrame,
    place_mentions: pl.LazyFrame,
):
    """Candidates of all documents merged into events within and across documents (reader comments never
    produce events), and the actors, places and weapons they refer to."""
    started = time.perf_counter()
    # Places and event locations as analysts read them (region centroids, distinct region names).
    state = pipeline.state()
    merged, merge = merge_incremental(
        documents, StoredFindings(event_candidates, actor_mentions, place_mentions), state
    )
    # Located events and places are streamed to their asset files by the IO manager; the other tables are
    # the merged files themselves (linked, not rewritten).
    located = locate(dict(merged))
    tables = {name: located[name] if name in ("events", "places") else ParquetFile(state.path(MERGED_FILES[name]))
              for name in MERGED}
    merge_seconds = time.perf_counter() - started
    events = located["events"].lazy()
    by_type = events.group_by("event_type").len().sort("event_type").collect()
    context.log.info(f"{int(by_type['len'].sum())} events from {documents.height} documents in {merge_seconds:.1f} s")
    for name in MERGED:
        metadata = frame_metadata(located[name], PREVIEW[name], table=name)
        if name == "events":
            metadata |= {
                "events_by_type": {t: int(n) for t, n in by_type.iter_rows()},
                "merge_seconds": round(merge_seconds, 3),
                "merge_reused": merge.reused,
                "merge_documents_merged": merge.documents_merged,
                "merge_documents_dropped": merge.documents_dropped,
                "merge_candidates_rebuilt": merge.candidates_rebuilt,
                "candidates": merge.candidates,
                "preview": dg.MetadataValue.md(preview_markdown(events.head(10).collect(), PREVIEW["events"], rows=10)),
            }
        yield dg.Output(tables[name], output_name=name, metadata=metadata)
