"""Spellings the gazetteer lacks, end to end: extract_documents gives the strike its facility or town."""

from __future__ import annotations

import datetime as dt

import polars as pl

from conflict_events import schema
from conflict_events.extract.pipeline import extract_documents

PUBLISHED = dt.datetime(2025, 10, 3, 7, 30, tzinfo=dt.UTC)
TEXTS = {
    "refinery": "Ukrainian drones struck the Orsknaftoorgsintez refinery overnight on Thursday, the regional "
    "governor said.",
    "town": "A Russian ballistic missile hit a residential block in Kryvyi Rig on Wednesday, killing three people.",
}


def _documents() -> pl.DataFrame:
    rows = [
        {"doc_id": doc_id, "source_id": "notes", "source_kind": "newsletter", "url": f"https://n.example/{doc_id}",
         "published_at": PUBLISHED, "language": "en", "text": text}
        for doc_id, text in TEXTS.items()
    ]  # fmt: skip
    return schema.conform(pl.DataFrame(rows), schema.DOCUMENTS)


def test_strikes_get_the_facility_and_the_town_of_variant_spellings() -> None:
    found = extract_documents(_documents())
    strikes = {row["doc_id"]: row for row in found.candidates.filter(pl.col("event_type") == "strike").to_dicts()}
    assert set(strikes) == {"refinery", "town"}

    refinery = strikes["refinery"]
    assert (refinery["place_id"], refinery["target_type"], refinery["country_code"]) == (
        "facility-orsk-refinery",
        "oil_refinery",
        "RU",
    )
    assert (refinery["latitude"], refinery["longitude"]) == (51.23, 58.47)
    assert refinery["target_name"] == "Orsk oil refinery"

    town = strikes["town"]
    assert (town["place_id"], town["location_name"], town["country_code"], town["admin1_code"]) == (
        "city-ua-kryvyy-rih",
        "Kryvyi Rih",
        "UA",
        "UA-12",
    )
    assert set(found.place_refs["place_id"]) == {"facility-orsk-refinery", "city-ua-kryvyy-rih"}
