from __future__ import annotations

import datetime as dt

import polars as pl

from conflict_events.warehouse.contract import CHECKS

UTC = dt.UTC


def healthy() -> dict[str, pl.DataFrame]:
    text = "Intro.\n\nUkraine struck the refinery. Later text."
    start = text.index("Ukraine")
    sentence = "Ukraine struck the refinery."
    return {
        "documents": pl.DataFrame({"doc_id": ["d1", "c1"], "text": [text, "A comment."],
                                   "source_kind": ["newsletter", "comment"]}),
        "events": pl.DataFrame({"event_id": ["e1"], "status": ["occurred"], "weapon_id": ["storm-shadow"],
                                "date_start": [dt.date(2025, 12, 25)],
                                "first_reported_at": [dt.datetime(2025, 12, 28, tzinfo=UTC)]}),
        "actors": pl.DataFrame({"actor_id": ["ukraine"]}),
        "weapons": pl.DataFrame({"weapon_id": ["storm-shadow"]}),
        "event_actors": pl.DataFrame({"event_id": ["e1"], "actor_id": ["ukraine"], "role": ["initiator"]}),
        "event_mentions": pl.DataFrame({"event_id": ["e1"], "doc_id": ["d1"], "sentence": [sentence],
                                        "char_start": [start], "char_end": [start + len(sentence)]}),
    }


def problems(tables: dict[str, pl.DataFrame]) -> dict[str, list[str]]:
    return {name: found for name, check in CHECKS.items() if (found := check(tables))}


def test_healthy_tables_pass_every_check() -> None:
    assert problems(healthy()) == {}


def test_each_broken_rule_is_caught() -> None:
    t = healthy()
    t["events"] = pl.concat([t["events"], t["events"]])
    assert "ids_unique" in problems(t)

    t = healthy()
    t["event_actors"] = t["event_actors"].with_columns(actor_id=pl.lit("nobody"))
    assert "foreign_keys_resolve" in problems(t)

    t = healthy()
    t["event_mentions"] = t["event_mentions"].with_columns(char_start=pl.col("char_start") + 1)
    assert "mention_offsets_match_text" in problems(t)

    t = healthy()
    t["event_mentions"] = t["event_mentions"].with_columns(
        doc_id=pl.lit("c1"), sentence=pl.lit("A comment."), char_start=pl.lit(0), char_end=pl.lit(10))
    assert "no_comment_only_events" in problems(t)

    t = healthy()
    t["events"] = t["events"].with_columns(date_start=pl.lit(dt.date(2025, 12, 30)))
    assert "no_occurred_event_after_first_report" in problems(t)

    t = healthy()
    t["event_mentions"] = t["event_mentions"].clear()
    assert "every_event_has_a_mention" in problems(t)
