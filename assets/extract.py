"""Extract and normalise: events, actors, places and weapons from the documents."""

import dagster as dg
import polars as pl

from assets.metadata import preview_markdown
from conflict_events.extract.pipeline import extract_all


@dg.asset(
    group_name="extract",
    kinds={"python", "polars"},
    description=(
        "Sentences matched against the curated actors, places, weapons and target words; dates "
        "resolved against each document's publication date; event candidates of six types merged "
        "into events within and across documents, each with its evidence sentences. Reader comments "
        "never produce events."
    ),
    owners=["team:data-engineering"],
    tags={"stage": "extract"},
)
def event_tables(context: dg.AssetExecutionContext, documents: pl.DataFrame) -> dg.Output[dict[str, pl.DataFrame]]:
    tables = extract_all(documents)
    events = tables["events"]
    by_type = events.group_by("event_type").len().sort("event_type")
    context.log.info(f"{events.height} events from {documents.height} documents")
    return dg.Output(
        tables,
        metadata={
            "dagster/row_count": events.height,
            "row_counts": {name: frame.height for name, frame in tables.items()},
            "events_by_type": {t: int(n) for t, n in by_type.iter_rows()},
            "preview": dg.MetadataValue.md(
                preview_markdown(events, ["event_type", "sub_type", "date_start", "summary"], rows=10)
            ),
        },
    )
