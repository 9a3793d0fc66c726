"""Undated mentions take their event's date, and a weekly series never chains into one event."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from conflict_events import schema
from conflict_events.extract.events import CANDIDATES
from conflict_events.extract.merge import merge_events
from conflict_events.extract.merge.build import reporting_candidates
from conflict_events.extract.merge.dating import with_partner_dates

KYIV = {"actor_id": "ukraine", "role": "initiator", "name": "Ukraine"}
MONDAY = dt.date(2025, 3, 3)  # an ISO week starts on a Monday


def _row(doc_id: str, idx: int, sent: int, start: dt.date, end: dt.date, source: str) -> dict[str, Any]:
    row: dict[str, Any] = {name: None for name in CANDIDATES}
    row.update(
        doc_id=doc_id, cand_idx=idx, anchor_sent=sent, event_type="proposal", sub_type="peace_plan",
        status="occurred", date_start=start, date_end=end, date_precision="day" if start == end else "week",
        date_source=source, actors=[KYIV], strength=0.6, place_named=False,
        mentions=[{"sent_idx": sent, "char_start": 40 * sent, "char_end": 40 * sent + 30}],
    )  # fmt: skip
    return row


def _documents(days: list[dt.date]) -> pl.DataFrame:
    rows = [
        {"doc_id": f"w{i}", "source_kind": "newsletter", "text": "x" * 400,
         "published_at": dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)}
        for i, day in enumerate(days)
    ]  # fmt: skip
    return schema.conform(pl.DataFrame(rows), schema.DOCUMENTS)


def _weekly_issue(i: int, published: dt.date) -> list[dict[str, Any]]:
    """Issue i, out on the Tuesday of week i+1: the plan's talks on the Monday of week i and on the
    Monday of week i+1, and between them an undated mention (the issue's seven-day window)."""
    this_monday = published - dt.timedelta(days=1)
    last_monday = this_monday - dt.timedelta(days=7)
    window = (published - dt.timedelta(days=6), published)
    return [
        _row(f"w{i}", 0, 0, last_monday, last_monday, "sentence"),
        _row(f"w{i}", 1, 3, *window, "window"),
        _row(f"w{i}", 2, 6, this_monday, this_monday, "sentence"),
    ]


def test_an_undated_mention_takes_the_date_of_the_nearest_dated_one_of_its_report() -> None:
    tuesday = MONDAY + dt.timedelta(days=8)
    far, near = MONDAY - dt.timedelta(days=1), MONDAY + dt.timedelta(days=7)
    rows = [
        _row("w0", 0, 0, far, far, "sentence"),
        _row("w0", 1, 5, near, near, "sentence"),
        _row("w0", 2, 6, tuesday - dt.timedelta(days=6), tuesday, "window"),
    ]
    feats = with_partner_dates(reporting_candidates(pl.DataFrame(rows, schema=CANDIDATES), _documents([tuesday])))
    undated = feats.filter(pl.col("cand_idx") == 2).row(0, named=True)
    assert (undated["date_start"], undated["date_end"], undated["date_source"]) == (near, near, "sentence")
    # The dated ones keep their own dates.
    assert feats.filter(pl.col("cand_idx") == 0)["date_start"].item() == far


def test_an_undated_mention_with_no_dated_partner_keeps_its_window() -> None:
    tuesday = MONDAY + dt.timedelta(days=1)
    rows = [_row("w0", 0, 2, tuesday - dt.timedelta(days=6), tuesday, "window")]
    feats = with_partner_dates(reporting_candidates(pl.DataFrame(rows, schema=CANDIDATES), _documents([tuesday])))
    assert feats["date_source"].to_list() == ["window"]


def test_a_weekly_series_makes_one_event_per_monday_not_one_chain() -> None:
    # Each issue's second Monday is the next issue's first: those merge across the two issues. The
    # undated mention joins one Monday of its issue; joining both would chain every week into one.
    weeks = 6
    published = [MONDAY + dt.timedelta(days=7 * (i + 1) + 1) for i in range(weeks)]
    rows = [row for i, day in enumerate(published) for row in _weekly_issue(i, day)]
    events, _, mentions = merge_events(pl.DataFrame(rows, schema=CANDIDATES), _documents(published), "v1")
    assert events.height == weeks + 1
    assert (events["date_end"] == events["date_start"]).all()
    assert sorted(events["date_start"].to_list()) == [MONDAY + dt.timedelta(days=7 * i) for i in range(weeks + 1)]
    docs_per_event = mentions.group_by("event_id").agg(pl.col("doc_id").n_unique())["doc_id"]
    assert docs_per_event.max() == 2
