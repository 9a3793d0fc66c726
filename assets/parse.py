"""Parse: the stored captures become clean documents (no network needed)."""

import dagster as dg
import polars as pl

from assets.metadata import frame_metadata
from assets.resources import PipelineConfig
from conflict_events.parse.documents import parse_documents


@dg.asset(
    group_name="parse",
    kinds={"python", "polars"},
    deps=["raw_captures"],
    description=(
        "Clean documents parsed from the newest stored capture of every item: newsletter posts, "
        "official statements and reader comments (their own documents). Body text without page "
        "furniture, paragraphs and blockquote ranges kept, paywalled posts flagged is_truncated."
    ),
    owners=["team:data-engineering"],
    tags={"stage": "parse"},
)
def documents(context: dg.AssetExecutionContext, pipeline: PipelineConfig) -> dg.Output[pl.DataFrame]:
    frame = parse_documents(pipeline.sources(), pipeline.store(), context.log)
    by_kind = frame.group_by("source_kind").len().sort("source_kind")
    return dg.Output(
        frame,
        metadata={
            **frame_metadata(frame, ["source_id", "source_kind", "published_at", "title", "url", "is_truncated"]),
            "by_source_kind": {k: int(n) for k, n in by_kind.iter_rows()},
            "truncated": int(frame["is_truncated"].sum() or 0),
        },
    )
