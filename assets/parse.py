"""Parse: the stored captures become clean documents, added to every document published before."""

import dagster as dg
import polars as pl

from assets.metadata import ddl_schema, frame_metadata, table_description
from assets.resources import REFRESH_POOL, PipelineConfig
from conflict_events.schema import DOCUMENTS
from conflict_events.sources.documents import (
    FINGERPRINTS,
    PARSED_CAPTURES,
    accumulate_documents,
    flag_gone,
    parse_sources,
)
from conflict_events.sources.documents import (
    document_quotes as quotes_of,
)

# Written by `documents`, made current by `warehouse` once the publish succeeded.
PENDING_FINGERPRINTS = "pending/parse_fingerprints"
FINGERPRINTS_NAME = "parse_fingerprints"
PENDING_PARSED_CAPTURES = "pending/parsed_captures"
PARSED_CAPTURES_NAME = "parsed_captures"
DOCUMENTS_NAME = "documents"


@dg.asset(
    group_name="parse",
    kinds={"python", "polars"},
    deps=["raw_captures"],
    description=(
        "Every document ever published, plus what this refresh parsed from the newest stored capture of "
        "every item: newsletter posts, official statements and reader comments (their own documents). "
        "Nothing leaves when a feed rolls over or a max_items cap is reached; an edited document keeps "
        "its row with the newest text; a page that answers 404/410 stays, with gone_at set; a capture "
        "claiming another source's document is refused. Sources whose captures did not change are not "
        "parsed again."
    ),
    owners=["team:data-engineering"],
    tags={"stage": "parse"},
    pool=REFRESH_POOL,
    metadata=ddl_schema("documents"),
)
def documents(context: dg.AssetExecutionContext, pipeline: PipelineConfig) -> dg.Output[pl.DataFrame]:
    sources = pipeline.sources()
    store = pipeline.store()
    state = pipeline.state()
    parsed, fingerprints, skipped, read = parse_sources(
        sources, store, context.log, state.read(FINGERPRINTS_NAME, FINGERPRINTS),
        # Item by item only over documents kept: without them, every source is parsed whole.
        state.read(PARSED_CAPTURES_NAME, PARSED_CAPTURES) if state.exists(DOCUMENTS_NAME) else None,
    )
    frame, changes = accumulate_documents(state.read(DOCUMENTS_NAME, DOCUMENTS), parsed, sources, context.log)
    frame = flag_gone(frame, store, sources)
    state.write(PENDING_FINGERPRINTS, fingerprints)
    state.write(PENDING_PARSED_CAPTURES, read)
    context.log.info(
        f"documents: {changes.added} new, {changes.changed} changed, {changes.kept_unseen} kept from earlier "
        f"refreshes, {len(changes.refused)} refused; sources not re-parsed (unchanged): {skipped or 'none'}"
    )
    by_kind = frame.group_by("source_kind").len().sort("source_kind")
    return dg.Output(
        frame,
        metadata={
            **frame_metadata(frame, ["source_id", "source_kind", "published_at", "title", "url", "is_truncated"],
                             table="documents"),
            "description": table_description("documents"),
            "by_source_kind": {k: int(n) for k, n in by_kind.iter_rows()},
            "truncated": int(frame["is_truncated"].sum() or 0),
            "gone": int(frame["gone_at"].is_not_null().sum()),
            "added": changes.added,
            "changed": changes.changed,
            "unchanged": changes.unchanged,
            "kept_from_earlier_refreshes": changes.kept_unseen,
            "refused_claims": dg.MetadataValue.md("\n".join(f"- {r}" for r in changes.refused) or "none"),
            "removed_with_their_source": changes.removed_by_source,
            "sources_parsed": [s.id for s in sources if s.id not in skipped],
            "sources_unchanged": skipped,
        },
    )


@dg.asset(
    group_name="parse",
    kinds={"polars"},
    description=table_description("document_quotes"),
    metadata=ddl_schema("document_quotes"),
    owners=["team:data-engineering"],
    tags={"stage": "parse"},
)
def document_quotes(documents: pl.LazyFrame) -> dg.Output[pl.DataFrame]:
    frame = quotes_of(documents)
    return dg.Output(frame, metadata=frame_metadata(frame, ["doc_id", "char_start", "char_end"],
                                                    table="document_quotes"))
