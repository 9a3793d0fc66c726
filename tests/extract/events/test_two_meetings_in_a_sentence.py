"""A sentence naming a meeting and, after it, "talks between A, B and C" names two meetings, and the merge
keeps them apart; a later trigger naming the same sides adds nothing."""

from __future__ import annotations

import datetime as dt

import polars as pl

from conflict_events import schema
from conflict_events.extract.pipeline import extract_all
from tests.extract.events.texts import extracted

PUBLISHED = dt.datetime(2025, 6, 14, 9, tzinfo=dt.UTC)
TEXT = (
    "Recep Tayyip Erdogan met on Friday with the heads of the delegations taking part in talks between "
    "Russia and Ukraine, which opened later that day in Istanbul."
)


def _sides(cand: dict) -> set[str]:
    return {a["actor_id"] for a in cand["actors"]}


def test_the_talks_between_the_delegations_are_a_meeting_of_their_own() -> None:
    meetings = extracted(TEXT, "meeting", published=PUBLISHED)
    assert [_sides(m) for m in meetings] == [
        {"recep-tayyip-erdogan", "russia", "ukraine"},
        {"russia", "ukraine"},
    ]
    assert {m["location_name"] for m in meetings} == {"Istanbul"}


def test_the_merge_keeps_the_two_meetings_of_one_sentence_apart() -> None:
    docs = schema.conform(
        pl.DataFrame(
            [{"doc_id": "d", "source_id": "wire", "source_kind": "official_statement", "url": "https://w.example/d",
              "published_at": PUBLISHED, "language": "en", "text": TEXT}]
        ),
        schema.DOCUMENTS,
    )  # fmt: skip
    events = extract_all(docs)["events"].filter(pl.col("event_type") == "meeting")
    assert events.height == 2


def test_talks_between_the_same_sides_name_the_same_meeting() -> None:
    text = "Russia and Ukraine held talks in Istanbul on Friday, the first talks between Russia and Ukraine in years."
    assert len(extracted(text, "meeting", published=PUBLISHED)) == 1
