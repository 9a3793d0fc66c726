"""Clause-level dating: a date belongs to the clause it hangs on, not to every event of the sentence.
Sentences are our own."""

from __future__ import annotations

import datetime as dt

import polars as pl

from conflict_events import schema
from conflict_events.extract.events.loading import clause_date
from conflict_events.extract.events.model import Candidate, DateSpan, Sentence
from conflict_events.extract.pipeline import extract_documents
from conflict_events.extract.triggers import load_rules

MONDAY = (dt.date(2025, 12, 15), dt.date(2025, 12, 15), "day", "sentence")
NEXT_WEEK = (dt.date(2025, 12, 22), dt.date(2025, 12, 28), "week", "sentence")
WINDOW = (dt.date(2025, 12, 12), dt.date(2025, 12, 18), "week", "window")


def _sentence(text: str, spans: dict[str, tuple]) -> Sentence:
    sent = Sentence(0, 0, 0, len(text), text, False, MONDAY, False, None)
    sent.date_spans = [DateSpan(text.index(t), text.index(t) + len(t), date, False) for t, date in spans.items()]
    return sent


def _candidate(sent: Sentence, event_type: str, trigger: str | None) -> Candidate:
    cand = Candidate(event_type, "", sent, 0.6)
    cand.trigger_start = None if trigger is None else sent.text.index(trigger)
    return cand


def test_each_event_takes_the_date_of_its_own_clause() -> None:
    rules = load_rules()
    sent = _sentence(
        "Drones hit a fuel depot in Kherson on Monday; the envoys meet in Vienna next week.",
        {"on Monday": MONDAY, "next week": NEXT_WEEK},
    )
    assert clause_date(_candidate(sent, "strike", "hit"), rules) == MONDAY
    assert clause_date(_candidate(sent, "meeting", "meet"), rules) == NEXT_WEEK


def test_without_a_date_in_its_clause_an_event_keeps_the_sentence_date() -> None:
    rules = load_rules()
    sent = _sentence("Kyiv was shelled on Monday, but the ministers talked by phone.", {"on Monday": MONDAY})
    sent.date = WINDOW  # what the sentence is dated by when nothing closer is known
    assert clause_date(_candidate(sent, "meeting", "talked"), rules) == WINDOW
    # A candidate whose trigger is not known (made by a document pass) keeps the sentence date too.
    assert clause_date(_candidate(sent, "strike", None), rules) == WINDOW


def test_a_planned_meeting_in_a_later_clause_is_not_dated_by_an_earlier_day() -> None:
    text = "Air defence was busy in Lviv on Monday, while Sybiha will meet Wadephul in Berlin next week."
    documents = schema.conform(
        pl.DataFrame(
            {
                "doc_id": ["d1"],
                "url": ["https://example.org/briefing"],
                "source_kind": ["newsletter"],
                "language": ["en"],
                "text": [text],
                "published_at": [dt.datetime(2025, 12, 18, 9, tzinfo=dt.UTC)],  # a Thursday
            }
        ),
        schema.DOCUMENTS,
    )
    meetings = extract_documents(documents).candidates.filter(pl.col("event_type") == "meeting")
    assert meetings.height == 1
    meeting = meetings.row(0, named=True)
    # Before clause dating the sentence's most precise date ("on Monday") dated the meeting too.
    assert (meeting["date_start"], meeting["date_end"], meeting["date_precision"]) == NEXT_WEEK[:3]
