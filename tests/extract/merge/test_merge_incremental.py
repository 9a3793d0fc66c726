"""The merge brought up to date night after night equals a merge from scratch over the same documents.

Real extraction of a few short reports (several of them about the same strike or meeting, so events
merge across documents); the stored merge (extract.merge.state through extract.incremental) takes new
documents in steps of two, an edit that moves a report out of its event, and a removed document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from conflict_events import schema
from conflict_events.accumulated import AccumulatedState
from conflict_events.extract.incremental import MERGED_TABLES, extract_incremental, merge_incremental
from conflict_events.extract.pipeline import extract_documents, merge_documents

TEXTS = {
    "a": "Russian forces struck Kharkiv with Shahed drones on 3 March 2025, damaging a power plant.",
    "b": "On 3 March 2025 Russian drones hit a power plant in Kharkiv, the regional governor said.",
    "c": "Volodymyr Zelensky met Emmanuel Macron in Paris on 5 March 2025.",
    "d": "Zelensky and Macron held talks in Paris on 5 March 2025 about air defence.",
    "e": "Ukrainian drones hit an oil refinery in Saratov on 4 March 2025, the regional governor said.",
    "f": "Russian forces struck Odesa with Kalibr missiles on 5 March 2025.",
    "g": "Kalibr missiles launched by Russia hit Odesa on 5 March 2025, the Ukrainian air force said.",
    "h": "Emmanuel Macron met Volodymyr Zelensky in Paris on 5 March 2025, the Elysee said.",
}
EDITED_C = "Volodymyr Zelensky met Keir Starmer in London on 5 March 2025."


def documents(texts: dict[str, str]) -> pl.DataFrame:
    return schema.conform(pl.DataFrame([
        {"doc_id": f"doc_{k}", "source_id": "s", "source_kind": "newsletter", "url": f"https://example.org/{k}",
         "published_at": dt.datetime(2025, 3, 6, 9, tzinfo=dt.UTC) + dt.timedelta(hours=ord(k)), "text": text,
         "language": "en", "is_truncated": False, "content_sha256": str(hash(text))}
        for k, text in texts.items()
    ]), schema.DOCUMENTS)


def assert_same_as_from_scratch(tables: dict[str, pl.DataFrame], docs: pl.DataFrame) -> None:
    scratch = merge_documents(docs, extract_documents(docs))
    for name in MERGED_TABLES:
        # The merge writes rows in the order it stores them; the warehouse sorts them by ROW_ORDER.
        incremental = tables[name].sort(schema.ROW_ORDER[name]) if name in schema.ROW_ORDER else tables[name]
        assert_frame_equal(incremental, scratch[name], check_row_order=name in schema.ROW_ORDER)


def test_an_incremental_merge_equals_a_merge_from_scratch_and_keeps_event_ids(tmp_path: Path) -> None:
    state = AccumulatedState(tmp_path)

    def night(texts: dict[str, str]) -> tuple[dict[str, pl.DataFrame], pl.DataFrame]:
        docs = documents(texts)
        found, _ = extract_incremental(docs, state)
        scans, report = merge_incremental(docs, found, state, batch_size=2)
        # Scans of the files the tables were streamed to, never all of history in memory.
        assert all(isinstance(scan, pl.LazyFrame) for scan in scans.values())
        tables = {name: scan.collect() for name, scan in scans.items()}
        assert_same_as_from_scratch(tables, docs)
        return tables, report

    first, report = night({k: TEXTS[k] for k in "abcde"})
    assert (report.documents_merged, report.documents_dropped) == (5, 0)
    cross = first["event_mentions"].group_by("event_id").agg(pl.col("doc_id").n_unique()).filter(pl.col("doc_id") > 1)
    assert cross.height >= 2, "the strike of a and b, and the meeting of c and d, are one event each"
    ids_of = dict(first["event_mentions"].select("doc_id", "event_id").iter_rows())

    # Night 2: c is edited (another meeting, so the Paris meeting keeps d alone), f and g arrive.
    second, report = night({**{k: TEXTS[k] for k in "abde"}, "c": EDITED_C, "f": TEXTS["f"], "g": TEXTS["g"]})
    assert (report.documents_merged, report.documents_dropped) == (3, 1)
    total = second["event_mentions"].height
    assert report.candidates_rebuilt < total, "the events of a, b and e were kept, not merged again"
    kept = dict(second["event_mentions"].select("doc_id", "event_id").iter_rows())
    assert all(kept[f"doc_{k}"] == ids_of[f"doc_{k}"] for k in "abe"), "event ids are stable"

    # Night 3: b's source is removed, h reports the Paris meeting again; then a night with no change.
    third, report = night({k: (EDITED_C if k == "c" else TEXTS[k]) for k in "acdefgh"})
    assert (report.documents_merged, report.documents_dropped) == (1, 1)
    again, report = night({k: (EDITED_C if k == "c" else TEXTS[k]) for k in "acdefgh"})
    assert report.reused
    for name in MERGED_TABLES:
        assert_frame_equal(again[name], third[name])
