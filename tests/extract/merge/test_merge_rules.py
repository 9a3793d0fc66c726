"""merge_events rules: status and call/summit compatibility, place support across documents,
unlocated strikes joining the located strike of their report, reported-statement summaries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from conflict_events import schema
from conflict_events.extract.events import CANDIDATES
from conflict_events.extract.merge import merge_events

DAY = dt.date(2025, 9, 10)
TEXTS = {
    "call": "Macron and Merz spoke by phone on Wednesday.",
    "talks": "Macron and Merz held talks in Lille on Wednesday about air defence.",
    "summit": "Macron and Merz met in Lille on Wednesday for a summit.",
    "plan": "Macron and Merz are due to meet in Lille on Wednesday.",
    "nowhere": "Macron and Merz met on Wednesday, their offices said.",
    "strikes": "Drones hit a fuel depot in Sumy on Wednesday night.\n\n"
    "The Russian army launched sixty drones overnight.\n\n"
    "In Poltava a grain silo was hit as well.",
    "one": "Russia launched a wave of missiles overnight.\n\nA warehouse in Uman burned after Russia struck it.",
    "said": "Finance Minister Anna Berg said on Monday that the new budget keeps defence spending at its level.",
}


def docs(ids: list[str]) -> pl.DataFrame:
    rows = [
        {"doc_id": d, "source_kind": "newsletter", "text": TEXTS[d],
         "published_at": dt.datetime(2025, 9, 12, 9, tzinfo=dt.UTC)}
        for d in ids
    ]  # fmt: skip
    return schema.conform(pl.DataFrame(rows), schema.DOCUMENTS)


def cand(doc_id: str, idx: int, event_type: str, sentence: str, **kw: Any) -> dict[str, Any]:
    text = TEXTS[doc_id]
    start = text.index(sentence)
    sent_idx = text[:start].count("\n\n")
    row: dict[str, Any] = {name: None for name in CANDIDATES}
    row.update(
        doc_id=doc_id, cand_idx=idx, anchor_sent=sent_idx, event_type=event_type, sub_type="unspecified",
        status="occurred", date_start=DAY, date_end=DAY, date_precision="day", date_source="sentence",
        actors=[], strength=0.6, place_named=False,
        mentions=[{"sent_idx": sent_idx, "char_start": start, "char_end": start + len(sentence)}],
    )  # fmt: skip
    row.update(kw)
    return row


def lille() -> dict[str, Any]:
    return {"place_id": "city-lille", "location_name": "Lille", "place_type": "city", "country_code": "FR"}


def city(name: str) -> dict[str, Any]:
    return {"place_id": f"city-{name.lower()}", "location_name": name, "place_type": "city", "country_code": "UA"}


PAIR = [
    {"actor_id": "emmanuel-macron", "role": "participant", "name": "Emmanuel Macron"},
    {"actor_id": "friedrich-merz", "role": "participant", "name": "Friedrich Merz"},
]
RUSSIA = [{"actor_id": "russia", "role": "initiator", "name": "Russia"}]
UKRAINE = [{"actor_id": "ukraine", "role": "initiator", "name": "Ukraine"}]


def run(rows: list[dict[str, Any]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    ids = sorted({r["doc_id"] for r in rows})
    events, _, mentions = merge_events(pl.DataFrame(rows, schema=CANDIDATES), docs(ids), "test")
    return events, mentions


def test_a_call_never_joins_a_summit_even_through_talks_between_them() -> None:
    events, _ = run(
        [
            cand("call", 0, "meeting", TEXTS["call"], sub_type="call", actors=PAIR),
            cand("talks", 0, "meeting", TEXTS["talks"], sub_type="talks", actors=PAIR, **lille()),
            cand("summit", 0, "meeting", TEXTS["summit"], sub_type="summit", actors=PAIR, **lille()),
        ]
    )
    subs = sorted(events["sub_type"].to_list())
    assert subs == ["call", "summit"]
    assert events.filter(pl.col("sub_type") == "call")["location_name"].to_list() == [None]


def test_a_planned_meeting_never_joins_the_one_that_took_place() -> None:
    events, _ = run(
        [
            cand("plan", 0, "meeting", TEXTS["plan"], sub_type="summit", status="planned", actors=PAIR, **lille()),
            cand("summit", 0, "meeting", TEXTS["summit"], sub_type="summit", actors=PAIR, **lille()),
        ]
    )
    assert sorted(events["status"].to_list()) == ["occurred", "planned"]


def test_a_place_is_not_carried_into_a_report_that_never_names_it() -> None:
    events, mentions = run(
        [
            cand("summit", 0, "meeting", TEXTS["summit"], sub_type="summit", actors=PAIR, **lille()),
            cand("nowhere", 0, "meeting", "Macron and Merz met on Wednesday, their offices said.", sub_type="talks",
                 actors=PAIR),
        ]
    )  # fmt: skip
    assert events.height == 2
    unplaced = events.filter(pl.col("location_name").is_null())
    assert mentions.filter(pl.col("event_id").is_in(unplaced["event_id"].implode()))["doc_id"].to_list() == ["nowhere"]


def test_a_place_is_carried_when_the_other_report_names_it() -> None:
    TEXTS["named"] = "Macron and Merz met on Wednesday. Lille's mayor welcomed them."
    events, _ = run(
        [
            cand("summit", 0, "meeting", TEXTS["summit"], sub_type="summit", actors=PAIR, **lille()),
            cand("named", 0, "meeting", "Macron and Merz met on Wednesday.", sub_type="talks", actors=PAIR),
        ]
    )
    assert events.height == 1
    assert events["location_name"][0] == "Lille"
    assert events["source_count"][0] == 2


def test_an_unlocated_strike_joins_the_nearest_located_strike_of_its_attacker_only() -> None:
    text = TEXTS["strikes"]
    events, mentions = run(
        [
            cand("strikes", 0, "strike", text.split("\n\n")[0], actors=RUSSIA, **city("Sumy")),
            cand("strikes", 1, "strike", text.split("\n\n")[1], actors=RUSSIA),
            cand("strikes", 2, "strike", text.split("\n\n")[2], actors=RUSSIA, **city("Poltava")),
        ]
    )
    # Still two strikes (the unlocated one never chains Sumy and Poltava), and no unlocated one.
    assert sorted(events["location_name"].to_list()) == ["Poltava", "Sumy"]
    sumy = events.filter(pl.col("location_name") == "Sumy")["event_id"][0]
    assert mentions.filter(pl.col("event_id") == sumy).height == 2


def test_an_unlocated_strike_of_another_attacker_stays_apart() -> None:
    text = TEXTS["strikes"]
    events, _ = run(
        [
            cand("strikes", 0, "strike", text.split("\n\n")[0], actors=RUSSIA, **city("Sumy")),
            cand("strikes", 1, "strike", text.split("\n\n")[1], actors=UKRAINE),
        ]
    )
    assert events.height == 2


def test_an_unlocated_strike_gives_its_attacker_to_a_located_strike_without_one() -> None:
    first, second = TEXTS["one"].split("\n\n")
    events, _ = run(
        [
            cand("one", 0, "strike", first, actors=RUSSIA, sub_type="missile"),
            cand("one", 1, "strike", second, target_name="warehouse", target_type="other", **city("Uman")),
        ]
    )
    assert events.height == 1
    assert events["summary"][0].startswith("Russia struck")


def test_a_reported_statement_is_summarised_by_what_was_said() -> None:
    speaker = [{"actor_id": "anna-berg", "role": "speaker", "name": "Anna Berg"}]
    events, _ = run([cand("said", 0, "statement", TEXTS["said"], sub_type="reported", actors=speaker)])
    assert events["summary"][0] == ("Anna Berg said the new budget keeps defence spending at its level.")


def test_a_statement_without_a_clause_is_summarised_by_its_sentence() -> None:
    TEXTS["bare"] = "Anna Berg said so."
    speaker = [{"actor_id": "anna-berg", "role": "speaker", "name": "Anna Berg"}]
    events, _ = run([cand("bare", 0, "statement", TEXTS["bare"], sub_type="reported", actors=speaker)])
    assert events["summary"][0] == "Statement by Anna Berg, as reported: Anna Berg said so."


def test_a_long_summary_is_cut_after_a_whole_clause() -> None:
    from conflict_events.extract.merge.summaries import trim

    clause = "the delegations met for six hours in the capital"
    text = f"{clause}, and then they agreed to meet again " + "with many further words " * 10
    assert trim(text, 90) == clause + "…"


def test_two_named_targets_in_one_place_stay_two_strikes() -> None:
    TEXTS["tankers"] = "Naval drones hit the Alpha tanker and the Beta tanker off the coast."
    first = cand("tankers", 0, "strike", TEXTS["tankers"], target_name="Alpha tanker", place_id="city-x")
    second = cand("tankers", 1, "strike", TEXTS["tankers"], target_name="Beta tanker", place_id="city-x")
    events, _ = run([first, second])
    assert events.height == 2
