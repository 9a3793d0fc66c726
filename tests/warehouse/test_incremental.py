"""Incremental extraction and merge over the accumulated state: only new or changed documents cost work."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from conflict_events import schema
from conflict_events.accumulated import AccumulatedState
from conflict_events.extract.incremental import extract_incremental, merge_incremental
from conflict_events.extract.pipeline import extract_all

TEXTS = [
    "Russian forces struck Kharkiv with Shahed drones overnight on 3 March 2025, damaging a power plant.",
    "Ukrainian drones hit an oil refinery in Saratov on 4 March 2025, the regional governor said.",
    "Volodymyr Zelensky met Emmanuel Macron in Paris on 5 March 2025.",
]


def documents(texts: list[str]) -> pl.DataFrame:
    return schema.conform(pl.DataFrame([
        {"doc_id": f"doc_{i}", "source_id": "s", "source_kind": "newsletter", "url": f"https://example.org/{i}",
         "published_at": dt.datetime(2025, 3, 6, 9, tzinfo=dt.UTC), "text": text, "language": "en",
         "is_truncated": False, "content_sha256": str(hash(text))}
        for i, text in enumerate(texts)
    ]), schema.DOCUMENTS)


def test_only_new_or_changed_documents_are_extracted_and_the_result_equals_a_full_extraction(tmp_path: Path) -> None:
    state = AccumulatedState(tmp_path)
    docs = documents(TEXTS)
    found, first = extract_incremental(docs, state, batch_size=2)
    assert (first.extracted, first.reused) == (3, 0)
    scans, merge = merge_incremental(docs, found, state)
    tables = {name: scan.collect() for name, scan in scans.items()}  # before the next run replaces the files
    assert not merge.reused
    full = extract_all(docs)
    assert tables["events"].sort("event_id").equals(full["events"].sort("event_id"))

    again, second = extract_incremental(docs, state)
    assert (second.extracted, second.reused) == (0, 3)
    same, merge = merge_incremental(docs, again, state)
    assert merge.reused and same["events"].collect().sort("event_id").equals(tables["events"].sort("event_id"))

    edited = documents([TEXTS[0], TEXTS[1], "Russian forces struck Odesa with Kalibr missiles on 5 March 2025."])
    found3, third = extract_incremental(edited, state)
    assert (third.extracted, third.reused) == (1, 2)
    merged3, merge = merge_incremental(edited, found3, state)
    assert not merge.reused and (merge.documents_merged, merge.documents_dropped) == (1, 1)
    assert merged3["events"].collect().sort("event_id").equals(extract_all(edited)["events"].sort("event_id"))
