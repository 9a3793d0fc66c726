"""merge_events on hand-made candidate frames: within and across documents, stable ids, offsets."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from conflict_events import schema
from conflict_events.extract.events import CANDIDATES
from conflict_events.extract.merge import merge_events

DAY = dt.date(2025, 12, 20)
TEXT_A = (
    "Trump and Putin met in Anchorage on August 15.\n\n"
    "Little came of the Anchorage summit.\n\n"
    "Russia struck Kyiv overnight.\n\n"
    "Russia also struck Odesa overnight."
)
TEXT_B = "The Kremlin confirmed Russia struck Kyiv on the night of the 19th. Officials counted damage."


def docs() -> pl.DataFrame:
    rows = [
        {"doc_id": "a", "source_kind": "newsletter", "text": TEXT_A,
         "published_at": dt.datetime(2025, 12, 21, 8, tzinfo=dt.UTC)},
        {"doc_id": "b", "source_kind": "official_statement", "text": TEXT_B,
         "published_at": dt.datetime(2025, 12, 20, 18, tzinfo=dt.UTC)},
        {"doc_id": "c", "source_kind": "comment", "text": "Russia struck Kyiv again, terrible.",
         "published_at": dt.datetime(2025, 12, 21, 9, tzinfo=dt.UTC)},
    ]  # fmt: skip
    return schema.conform(pl.DataFrame(rows), schema.DOCUMENTS)


def span(text: str, sentence: str) -> dict[str, int]:
    start = text.index(sentence)
    return {"sent_idx": text[:start].count("\n\n"), "char_start": start, "char_end": start + len(sentence)}


def cand(doc_id: str, idx: int, event_type: str, sentence: str, **kw: Any) -> dict[str, Any]:
    text = {"a": TEXT_A, "b": TEXT_B, "c": "Russia struck Kyiv again, terrible."}[doc_id]
    row: dict[str, Any] = {name: None for name in CANDIDATES}
    row.update(
        doc_id=doc_id,
        cand_idx=idx,
        anchor_sent=span(text, sentence)["sent_idx"],
        event_type=event_type,
        sub_type=kw.pop("sub_type", "unspecified"),
        status="occurred",
        date_start=DAY,
        date_end=DAY,
        date_precision="day",
        date_source="sentence",
        actors=[],
        strength=0.6,
        place_named=False,
        mentions=[span(text, sentence)],
    )
    row.update(kw)
    return row


def place(name: str) -> dict[str, Any]:
    return {"place_id": f"city-{name.lower()}", "location_name": name, "place_type": "city", "country_code": "UA"}


def frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=CANDIDATES)


RUSSIA = {"actor_id": "russia", "role": "initiator", "name": "Russia"}
SUMMIT_PEOPLE = [
    {"actor_id": "donald-trump", "role": "participant", "name": "Donald Trump"},
    {"actor_id": "vladimir-putin", "role": "participant", "name": "Vladimir Putin"},
]


def sample() -> pl.DataFrame:
    anchorage = {"place_id": "city-anchorage", "location_name": "Anchorage", "place_type": "city", "country_code": "US"}
    return frame(
        [
            cand("a", 0, "meeting", "Trump and Putin met in Anchorage on August 15.", sub_type="talks",
                 actors=SUMMIT_PEOPLE, date_start=dt.date(2025, 8, 15), date_end=dt.date(2025, 8, 15), **anchorage),
            cand("a", 1, "meeting", "Little came of the Anchorage summit.", sub_type="summit", actors=SUMMIT_PEOPLE,
                 date_start=dt.date(2025, 12, 15), date_end=dt.date(2025, 12, 21), date_source="window",
                 date_precision="week", place_named=True, **anchorage),
            cand("a", 2, "strike", "Russia struck Kyiv overnight.", actors=[RUSSIA], **place("Kyiv")),
            cand("a", 3, "strike", "Russia also struck Odesa overnight.", actors=[RUSSIA], **place("Odesa")),
            cand("b", 0, "strike", "The Kremlin confirmed Russia struck Kyiv on the night of the 19th.",
                 actors=[RUSSIA], date_start=dt.date(2025, 12, 19), date_end=dt.date(2025, 12, 20), strength=0.7,
                 sub_type="missile", **place("Kyiv")),
            cand("c", 0, "strike", "Russia struck Kyiv again, terrible.", actors=[RUSSIA], **place("Kyiv")),
        ]
    )  # fmt: skip


def test_summit_mentioned_twice_in_one_document_is_one_event_with_its_exact_date() -> None:
    events, actors, mentions = merge_events(sample(), docs(), "v1")
    meetings = events.filter(pl.col("event_type") == "meeting")
    assert meetings.height == 1
    meeting = meetings.row(0, named=True)
    assert meeting["date_start"] == meeting["date_end"] == dt.date(2025, 8, 15)
    assert meeting["sub_type"] == "summit"
    assert mentions.filter(pl.col("event_id") == meeting["event_id"]).height == 2
    assert set(actors.filter(pl.col("event_id") == meeting["event_id"])["actor_id"]) == {
        "donald-trump",
        "vladimir-putin",
    }


def test_same_strike_across_documents_merges_and_counts_sources() -> None:
    events, _, mentions = merge_events(sample(), docs(), "v1")
    strikes = events.filter(pl.col("event_type") == "strike").sort("location_name")
    assert strikes["location_name"].to_list() == ["Kyiv", "Odesa"]
    kyiv = strikes.row(0, named=True)
    assert kyiv["source_count"] == 2
    assert kyiv["first_reported_at"] == dt.datetime(2025, 12, 20, 18, tzinfo=dt.UTC)
    assert kyiv["sub_type"] == "missile"
    # The comment's candidate is never evidence.
    assert "c" not in mentions.filter(pl.col("event_id") == kyiv["event_id"])["doc_id"].to_list()
    odesa = strikes.row(1, named=True)
    assert odesa["source_count"] == 1
    assert kyiv["confidence"] > odesa["confidence"]


def test_event_ids_are_identical_across_runs_and_input_order() -> None:
    first, _, _ = merge_events(sample(), docs(), "v1")
    second, _, _ = merge_events(sample().reverse(), docs().reverse(), "v1")
    assert first["event_id"].to_list() == second["event_id"].to_list()
    assert first["event_id"].n_unique() == first.height


def test_mentions_are_exact_slices_of_the_document_text() -> None:
    _, _, mentions = merge_events(sample(), docs(), "v9")
    texts = dict(docs().select("doc_id", "text").iter_rows())
    for row in mentions.iter_rows(named=True):
        assert texts[row["doc_id"]][row["char_start"] : row["char_end"]] == row["sentence"]
        assert row["extractor_version"] == "v9"


def test_occurred_event_is_not_dated_after_its_first_report() -> None:
    late = frame(
        [cand("b", 0, "strike", "The Kremlin confirmed Russia struck Kyiv on the night of the 19th.", actors=[RUSSIA],
              date_start=dt.date(2025, 12, 19), date_end=dt.date(2025, 12, 25), **place("Kyiv"))]
    )  # fmt: skip
    events, _, _ = merge_events(late, docs(), "v1")
    assert events["date_end"][0] == dt.date(2025, 12, 20)


def test_statements_by_one_speaker_in_adjacent_sentences_merge_and_keep_the_quote() -> None:
    text = "Lavrov said the plan was dead. “There is nothing left to discuss with them,” he added. Later, rain."
    documents = schema.conform(
        pl.DataFrame([{"doc_id": "s", "source_kind": "newsletter", "text": text,
                       "published_at": dt.datetime(2025, 12, 21, tzinfo=dt.UTC)}]),
        schema.DOCUMENTS,
    )  # fmt: skip
    speaker = [{"actor_id": "sergey-lavrov", "role": "speaker", "name": "Sergey Lavrov"}]
    first = "Lavrov said the plan was dead."
    second = "“There is nothing left to discuss with them,” he added."
    rows = []
    for i, (sentence, sub, quote) in enumerate(
        [(first, "reported", None), (second, "quote", "There is nothing left to discuss with them")]
    ):
        start = text.index(sentence)
        row = {name: None for name in CANDIDATES}
        row.update(doc_id="s", cand_idx=i, anchor_sent=i, event_type="statement", sub_type=sub, status="occurred",
                   date_start=DAY, date_end=DAY, date_precision="day", date_source="window", actors=speaker,
                   strength=0.6, place_named=False, quote=quote,
                   mentions=[{"sent_idx": i, "char_start": start, "char_end": start + len(sentence)}])  # fmt: skip
        rows.append(row)
    events, _, mentions = merge_events(frame(rows), documents, "v1")
    assert events.height == 1
    assert events["sub_type"][0] == "quote"
    assert events["quote"][0] == "There is nothing left to discuss with them"
    assert mentions.height == 2


def test_meetings_with_different_people_in_one_place_stay_apart() -> None:
    florida = {"place_id": "admin1-us-fl", "location_name": "Florida", "place_type": "admin1", "country_code": "US"}
    a = [
        {"actor_id": "volodymyr-zelensky", "role": "participant", "name": "Z"},
        {"actor_id": "donald-trump", "role": "participant", "name": "T"},
    ]
    b = [{"actor_id": "steve-witkoff", "role": "participant", "name": "W"},
         {"actor_id": "kirill-dmitriev", "role": "participant", "name": "D"}]  # fmt: skip
    rows = frame(
        [
            cand("a", 0, "meeting", "Trump and Putin met in Anchorage on August 15.", actors=a, **florida),
            cand("a", 1, "meeting", "Little came of the Anchorage summit.", actors=b, date_source="window", **florida),
        ]
    )
    events, _, _ = merge_events(rows, docs(), "v1")
    assert events.height == 2


def test_no_candidates_gives_empty_tables_with_the_contract_columns() -> None:
    events, actors, mentions = merge_events(frame([]), docs(), "v1")
    assert events.height == actors.height == mentions.height == 0
    assert {"event_id", "summary", "confidence", "first_reported_at"} <= set(events.columns)
    assert mentions.columns == ["event_id", "doc_id", "sentence", "char_start", "char_end", "extractor_version"]


def test_one_host_meeting_two_guests_in_one_palace_is_two_meetings() -> None:
    kremlin = {"place_id": "facility-kremlin", "location_name": "Kremlin", "place_type": "facility"}
    guest_a = [
        {"actor_id": "vladimir-putin", "role": "participant", "name": "P"},
        {"actor_id": "guest-a", "role": "participant", "name": "A"},
    ]
    guest_b = [{"actor_id": "vladimir-putin", "role": "participant", "name": "P"},
               {"actor_id": "guest-b", "role": "participant", "name": "B"}]  # fmt: skip
    rows = frame(
        [
            cand("a", 0, "meeting", "Trump and Putin met in Anchorage on August 15.", actors=guest_a, **kremlin),
            cand("b", 0, "meeting", "Officials counted damage.", actors=guest_b, **kremlin),
        ]
    )
    events, _, _ = merge_events(rows, docs(), "v1")
    assert events.height == 2


def test_a_call_is_not_merged_into_a_summit_between_the_same_leaders() -> None:
    rows = frame(
        [
            cand("a", 0, "meeting", "Trump and Putin met in Anchorage on August 15.", sub_type="summit",
                 actors=SUMMIT_PEOPLE, date_start=dt.date(2025, 8, 15), date_end=dt.date(2025, 8, 15)),
            cand("a", 1, "meeting", "Little came of the Anchorage summit.", sub_type="call", actors=SUMMIT_PEOPLE,
                 date_start=dt.date(2025, 12, 15), date_end=dt.date(2025, 12, 21), date_source="window"),
        ]
    )  # fmt: skip
    events, _, _ = merge_events(rows, docs(), "v1")
    assert sorted(events["sub_type"].to_list()) == ["call", "summit"]
