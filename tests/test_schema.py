"""Stage boundaries check their input: a missing or renamed column is an error naming the stage,
never a silent null column."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from conflict_events import schema
from conflict_events.extract.events import Findings, extract_candidates
from conflict_events.normalise.dates import resolve_sentence_dates
from conflict_events.normalise.places import find_places
from conflict_events.text.sentences import split_sentences


def _sentences() -> pl.DataFrame:
    documents = schema.conform(
        pl.DataFrame(
            {
                "doc_id": ["d"],
                "text": ["Drones hit a depot near Odesa on Monday."],
                "published_at": [dt.datetime(2025, 12, 28, 9, tzinfo=dt.UTC)],
                "source_kind": ["newsletter"],
                "language": ["en"],
            }
        ),
        schema.DOCUMENTS,
    )
    return split_sentences(documents)


def test_check_names_the_stage_and_the_missing_column() -> None:
    frame = pl.DataFrame({"doc_id": ["d"], "sent_idx": [0], "text": ["renamed"]})
    with pytest.raises(schema.SchemaError, match=r"my stage: missing column\(s\) sentence"):
        schema.check(frame, schema.SENTENCES, "my stage", schema.SENTENCE_TEXT)


def test_check_rejects_a_column_of_another_type() -> None:
    frame = pl.DataFrame({"doc_id": ["d"], "sent_idx": ["0"], "sentence": ["x"]})
    with pytest.raises(schema.SchemaError, match="sent_idx is String, expected Int64"):
        schema.check(frame, schema.SENTENCES, "my stage", schema.SENTENCE_TEXT)


def test_finders_refuse_a_renamed_column() -> None:
    sentences = _sentences()
    assert find_places(sentences).height == 1
    with pytest.raises(schema.SchemaError, match="find_places"):
        find_places(sentences.rename({"sentence": "text"}))
    with pytest.raises(schema.SchemaError, match=r"resolve_sentence_dates: missing column.*published_at"):
        resolve_sentence_dates(sentences.drop("published_at"))


def test_event_extraction_refuses_findings_without_a_column_it_reads() -> None:
    sentences = _sentences()
    places = find_places(sentences)
    # Without the check, a places frame lacking place_id would give places with a null id.
    with pytest.raises(schema.SchemaError, match=r"events \(places\): missing column\(s\) place_id"):
        extract_candidates(Findings(sentences=sentences, places=places.drop("place_id")))
    dates = resolve_sentence_dates(sentences).rename({"date_start": "start_date"})
    with pytest.raises(schema.SchemaError, match=r"events \(dates\)"):
        extract_candidates(Findings(sentences=sentences, dates=dates))
