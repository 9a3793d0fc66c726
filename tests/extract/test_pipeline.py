"""extract_all end to end over every real stage, on documents written for this test."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from conflict_events import schema
from conflict_events.extract.pipeline import EXTRACTOR_VERSION, TABLE_COLUMNS, extract_all, extract_all_timed

NEWSLETTER = (
    "Weekly notes\n\n"
    "Volodymyr Zelensky will meet Donald Trump in Geneva next week, his office said.\n\n"
    "Overnight, Russian forces struck the port of Odesa with Shahed drones, injuring four people.\n\n"
    "Vladimir Putin said on Monday that Russia was ready for talks.\n\n"
    "Maybe Trump could meet Putin in Budapest if the stars align."
)
GENSTAFF = "The Defence Forces of Ukraine struck the Saratov oil refinery in the Saratov region overnight."
COMMENT = "Russian forces struck the port of Odesa again, awful. Putin said nothing."
UKRAINIAN = "Сили оборони України уразили нафтопереробний завод у Саратові."


def documents() -> pl.DataFrame:
    published = dt.datetime(2025, 11, 20, 7, 30, tzinfo=dt.UTC)
    rows = [
        {"doc_id": "news", "source_id": "notes", "source_kind": "newsletter", "url": "https://n.example/p/1",
         "published_at": published, "language": "en", "text": NEWSLETTER},
        {"doc_id": "gs", "source_id": "genstaff", "source_kind": "official_statement", "url": "https://t.example/1",
         "published_at": published, "language": "en", "text": GENSTAFF},
        {"doc_id": "cm", "source_id": "notes", "source_kind": "comment", "url": "https://n.example/p/1#comment-1",
         "published_at": published, "language": "en", "text": COMMENT, "parent_doc_id": "news"},
        {"doc_id": "uk", "source_id": "genstaff", "source_kind": "official_statement", "url": "https://t.example/2",
         "published_at": published, "language": "uk", "text": UKRAINIAN},
        {"doc_id": "empty", "source_id": "notes", "source_kind": "newsletter", "url": "https://n.example/p/2",
         "published_at": None, "language": None, "text": None},
    ]  # fmt: skip
    return schema.conform(pl.DataFrame(rows), schema.DOCUMENTS)


@pytest.fixture(scope="module")
def tables() -> dict[str, pl.DataFrame]:
    return extract_all(documents())


def test_every_contract_table_has_its_columns_first(tables: dict[str, pl.DataFrame]) -> None:
    for name, columns in TABLE_COLUMNS.items():
        assert tables[name].columns[: len(columns)] == columns, name


def test_expected_events_and_nothing_from_comments_or_hedges(tables: dict[str, pl.DataFrame]) -> None:
    events = tables["events"]
    mentions = tables["event_mentions"]
    assert set(mentions["doc_id"]) <= {"news", "gs", "uk"}
    kinds = sorted(events["event_type"].to_list())
    # The Ukrainian report of the Saratov strike merges with the English one.
    assert kinds == ["meeting", "statement", "strike", "strike"]
    meeting = events.filter(pl.col("event_type") == "meeting").row(0, named=True)
    assert meeting["status"] == "planned"
    assert meeting["location_name"] == "Geneva"
    participants = tables["event_actors"].filter(pl.col("event_id") == meeting["event_id"])["actor_id"].to_list()
    assert sorted(participants) == ["donald-trump", "volodymyr-zelensky"]
    refinery = events.filter(pl.col("target_type") == "oil_refinery").row(0, named=True)
    assert refinery["country_code"] == "RU"
    assert refinery["source_count"] == 2
    odesa = events.filter(pl.col("event_type") == "strike", pl.col("target_type") != "oil_refinery").row(0, named=True)
    assert odesa["sub_type"] == "drone"
    assert "Odesa" in (odesa["location_name"] or "") + (odesa["target_name"] or "")


def test_mentions_point_into_document_text(tables: dict[str, pl.DataFrame]) -> None:
    texts = dict(documents().select("doc_id", "text").iter_rows())
    mentions = tables["event_mentions"]
    assert mentions.height >= tables["events"].height
    for row in mentions.iter_rows(named=True):
        assert texts[row["doc_id"]][row["char_start"] : row["char_end"]] == row["sentence"]
        assert row["extractor_version"] == EXTRACTOR_VERSION


def test_foreign_keys_resolve(tables: dict[str, pl.DataFrame]) -> None:
    assert tables["event_actors"]["actor_id"].is_in(tables["actors"]["actor_id"].implode()).all()
    weapons = tables["events"]["weapon_id"].drop_nulls()
    assert weapons.is_in(tables["weapons"]["weapon_id"].implode()).all()
    assert set(tables["events"]["event_id"]) == set(tables["event_mentions"]["event_id"])


def test_two_runs_give_identical_tables(tables: dict[str, pl.DataFrame]) -> None:
    again, timing = extract_all_timed(documents())
    assert again["events"].equals(tables["events"])
    assert again["event_actors"].equals(tables["event_actors"])
    assert {"sentences", "actors", "events", "merge"} <= set(timing.seconds)


def test_no_documents_gives_empty_tables() -> None:
    empty = extract_all(schema.empty(schema.DOCUMENTS))
    assert empty["events"].height == 0
    assert empty["event_mentions"].columns[:6] == TABLE_COLUMNS["event_mentions"]


def test_actor_tables_read_in_slices_equal_those_read_at_once(
    tables: dict[str, pl.DataFrame], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The distinct actor spellings of all history are collected a slice of mentions at a time; the first
    # name seen of an actor, and every spelling, are the same as over all mentions at once.
    from conflict_events.extract import pipeline

    monkeypatch.setattr(pipeline, "_MENTION_SLICE", 2)
    sliced = extract_all(documents())
    for name in ("actors", "actor_aliases"):
        assert sliced[name].equals(tables[name])
