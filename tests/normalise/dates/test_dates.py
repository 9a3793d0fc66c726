"""Date expressions resolved against the publication date: explicit, relative, weekdays, ranges, future."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import polars as pl
import pytest

from conflict_events.normalise.dates import (
    DATES,
    report_window,
    resolve_sentence_dates,
)
from tests.normalise.normalise_frames import sentence_frame


def _one(sentence: str, published: str) -> dict:
    out = resolve_sentence_dates(sentence_frame([sentence], f"{published}T09:30:00+00:00"))
    assert out.height == 1
    return out.row(0, named=True)


# (published, sentence, expected start, expected end, precision) — expectations worked out by hand
# with a calendar (2025-12-28 is a Sunday; 2026-01-02 a Friday; 2025-03-03 a Monday).
CASES = [
    ("2025-12-28", "During the summit in Anchorage on August 15, understandings were reached.",
     date(2025, 8, 15), date(2025, 8, 15), "day"),
    ("2025-12-28", "The summit took place on 15 August 2025 in Alaska.", date(2025, 8, 15), date(2025, 8, 15), "day"),
    ("2025-12-28", "They spoke on Aug. 15 by phone.", date(2025, 8, 15), date(2025, 8, 15), "day"),
    ("2025-12-28", "The decree is dated 15.08.2025.", date(2025, 8, 15), date(2025, 8, 15), "day"),
    ("2025-12-28", "The ministry statement (2025-08-15) was brief.", date(2025, 8, 15), date(2025, 8, 15), "day"),
    ("2025-12-28", "Thursday, May 15 brought talks in Istanbul.", date(2025, 5, 15), date(2025, 5, 15), "day"),
    # The date a weekday names decides, however it is set off (2025-05-05 is a Monday; the report is of
    # Sunday 18 May, so "Monday" alone would be read as the latest Monday, May 12).
    ("2025-05-18", "The envoys met on Monday (May 5) in Istanbul.", date(2025, 5, 5), date(2025, 5, 5), "day"),
    ("2025-05-18", "The envoys met on Monday – May 5 – in Istanbul.", date(2025, 5, 5), date(2025, 5, 5), "day"),
    # Year ends: a day or a count of days that crosses back into the previous year.
    ("2026-01-02", "The depot was hit on December 30.", date(2025, 12, 30), date(2025, 12, 30), "day"),
    ("2026-01-02", "Three days ago a drone hit the depot.", date(2025, 12, 30), date(2025, 12, 30), "day"),
    ("2026-01-02", "The talks were held in December.", date(2025, 12, 1), date(2025, 12, 31), "month"),
    ("2026-01-01", "Yesterday the city was shelled again.", date(2025, 12, 31), date(2025, 12, 31), "day"),
    # Month end.
    ("2025-03-01", "The day before yesterday a bridge was struck.", date(2025, 2, 27), date(2025, 2, 27), "day"),
    ("2025-03-03", "Last month the sanctions came into force.", date(2025, 2, 1), date(2025, 2, 28), "month"),
    # Weekdays: the most recent such day, the publication day itself when it is that weekday.
    ("2025-12-28", "They met on Friday in Geneva.", date(2025, 12, 26), date(2025, 12, 26), "day"),
    ("2025-12-28", "They met on Sunday in Geneva.", date(2025, 12, 28), date(2025, 12, 28), "day"),
    ("2025-12-28", "Last Sunday a refinery burned.", date(2025, 12, 21), date(2025, 12, 21), "day"),
    ("2026-01-02", "On Tuesday the port was attacked.", date(2025, 12, 30), date(2025, 12, 30), "day"),
    # Weeks, honestly as ranges.
    ("2025-12-28", "Earlier in the week, Witkoff met Umerov.", date(2025, 12, 22), date(2025, 12, 27), "week"),
    ("2025-12-28", "Earlier this week, the envoys talked.", date(2025, 12, 22), date(2025, 12, 27), "week"),
    ("2025-12-28", "This week saw heavy strikes.", date(2025, 12, 22), date(2025, 12, 28), "week"),
    ("2025-12-28", "Last week the front barely moved.", date(2025, 12, 15), date(2025, 12, 21), "week"),
    ("2025-12-28", "Just over a week ago, the envoys met in Florida.", date(2025, 12, 17), date(2025, 12, 21), "week"),
    ("2025-12-28", "Over the weekend, drones hit Kharkiv.", date(2025, 12, 27), date(2025, 12, 28), "week"),
    ("2025-12-28", "A few days ago the plant was hit.", date(2025, 12, 23), date(2025, 12, 26), "week"),
    # Nights run into the next day.
    ("2025-12-28", "Drones struck on the night of 26 September.", date(2025, 9, 26), date(2025, 9, 27), "day"),
    ("2025-12-28", "Drones struck on the night of September 26-27.", date(2025, 9, 26), date(2025, 9, 27), "day"),
    ("2025-12-28", "Overnight, Russia launched hundreds of drones.", date(2025, 12, 27), date(2025, 12, 28), "day"),
    ("2025-12-28", "Last night air defence was busy.", date(2025, 12, 27), date(2025, 12, 28), "day"),
    # Months and years.
    ("2025-12-28", "The offensive began in August.", date(2025, 8, 1), date(2025, 8, 31), "month"),
    ("2025-12-28", "The plan was drafted in early December.", date(2025, 12, 1), date(2025, 12, 10), "month"),
    ("2025-12-28", "This month was the coldest yet.", date(2025, 12, 1), date(2025, 12, 28), "month"),
    ("2025-12-28", "The deal collapsed in 2024.", date(2024, 1, 1), date(2024, 12, 31), "year"),
    ("2025-12-28", "Earlier this year the offensive stalled.", date(2025, 1, 1), date(2025, 12, 28), "year"),
    ("2025-12-28", "Two weeks ago the talks stalled.", date(2025, 12, 11), date(2025, 12, 17), "week"),
]  # fmt: skip


@pytest.mark.parametrize(("published", "sentence", "start", "end", "precision"), CASES)
def test_resolves_against_the_publication_date(
    published: str, sentence: str, start: date, end: date, precision: str
) -> None:
    row = _one(sentence, published)
    assert (row["date_start"], row["date_end"], row["date_precision"]) == (start, end, precision), row["date_text"]
    assert row["date_is_future"] is False
    assert row["date_text"] and row["date_text"] in sentence


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        ("Trump and Zelensky will meet on Monday.", date(2025, 12, 29), date(2025, 12, 29)),
        ("Talks resume next week in Geneva.", date(2025, 12, 29), date(2026, 1, 4)),
        ("Tomorrow the envoys fly to Moscow.", date(2025, 12, 29), date(2025, 12, 29)),
        ("The delegation is expected to arrive in January.", date(2026, 1, 1), date(2026, 1, 31)),
    ],
)
def test_future_expressions_are_flagged(sentence: str, start: date, end: date) -> None:
    row = _one(sentence, "2025-12-28")
    assert (row["date_start"], row["date_end"]) == (start, end)
    assert row["date_is_future"] is True


def test_in_a_few_hours_is_future_even_on_the_same_day() -> None:
    row = _one("Zelensky lands in Florida in a few hours.", "2025-12-28")
    assert row["date_is_future"] is True
    assert row["date_start"] == date(2025, 12, 28)


def test_sentences_without_date_words_get_nulls_and_every_sentence_gets_a_row() -> None:
    sentences = [
        "The Ukrainians attacked Russian refineries.",
        "Officials may decide in March, or may not.",  # "may" the verb is no month; "March" is.
        "We march on; the general may speak.",
        "The 27 points differ from the 20-point plan.",
    ]
    out = resolve_sentence_dates(sentence_frame(sentences))
    assert out.columns == list(DATES)
    assert out["sent_idx"].to_list() == [0, 1, 2, 3]
    by_idx = {row["sent_idx"]: row for row in out.iter_rows(named=True)}
    for idx in (0, 2, 3):
        assert by_idx[idx]["date_start"] is None and by_idx[idx]["date_precision"] is None
        assert by_idx[idx]["date_text"] is None
    assert by_idx[1]["date_precision"] == "month"
    assert by_idx[1]["date_start"] == date(2025, 3, 1)


def test_the_most_precise_expression_wins() -> None:
    row = _one("Earlier this year, at the summit on August 15, little was agreed.", "2025-12-28")
    assert row["date_precision"] == "day"
    assert row["date_start"] == date(2025, 8, 15)


def test_since_is_not_the_events_date() -> None:
    row = _one("Since 2022 the city has been shelled daily.", "2025-12-28")
    assert row["date_start"] is None


def test_missing_publication_date_gives_nulls() -> None:
    frame = sentence_frame(["Yesterday a drone hit Sumy."]).with_columns(
        pl.lit(None, dtype=pl.Datetime("us", "UTC")).alias("published_at")
    )
    out = resolve_sentence_dates(frame)
    assert out.height == 1 and out["date_start"][0] is None


def test_empty_input_keeps_the_schema() -> None:
    out = resolve_sentence_dates(sentence_frame([]))
    assert out.height == 0 and out.schema == pl.Schema(DATES)


def test_report_window_is_the_week_ending_at_the_report() -> None:
    assert report_window(datetime(2026, 1, 2, 23, 59, tzinfo=UTC)) == (date(2025, 12, 27), date(2026, 1, 2))
    assert report_window(date(2025, 3, 3)) == (date(2025, 2, 25), date(2025, 3, 3))


def test_same_input_same_output_in_any_row_order() -> None:
    sentences = [case[1] for case in CASES]
    frame = sentence_frame(sentences)
    first = resolve_sentence_dates(frame)
    shuffled = frame.sample(fraction=1.0, shuffle=True, seed=random.Random(7).randint(0, 1000))
    again = resolve_sentence_dates(shuffled).sort("sent_idx")
    assert first.sort("sent_idx").equals(again)
    assert resolve_sentence_dates(frame).equals(first)


@pytest.mark.parametrize(
    ("sentence", "start", "future"),
    [
        # A past verb before the date wins over a future verb elsewhere in the sentence.
        ("Trump said on Friday that he will meet Zelensky.", date(2025, 12, 26), False),
        ("Trump will meet Zelensky on Friday.", date(2026, 1, 2), True),
        # A day just after publication is the coming one, not last year's; "last year" says otherwise.
        ("Talks are set for January 5 in Geneva.", date(2026, 1, 5), True),
        ("The strike on December 30 last year was the largest.", date(2024, 12, 30), False),
        ("The talks on February 29 failed.", date(2024, 2, 29), False),
        ("On Christmas Day Russia struck Kyiv.", date(2025, 12, 25), False),
    ],
)
def test_tense_and_nearness_choose_the_year(sentence: str, start: date, future: bool) -> None:
    row = _one(sentence, "2025-12-28")
    assert (row["date_start"], row["date_is_future"]) == (start, future)
    assert not row["date_text"].startswith("said")


def test_counts_of_hours_and_holidays_without_a_preposition() -> None:
    assert _one("Over the past 24 hours, 120 clashes took place.", "2025-12-28")["date_start"] == date(2025, 12, 27)
    assert _one("A Christmas ceasefire was proposed.", "2025-12-28")["date_start"] is None


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        ("У ніч на 1 січня ворог атакував Одесу.", date(2025, 12, 31), date(2026, 1, 1)),
        ("В ночь на 30 декабря была атака.", date(2025, 12, 29), date(2025, 12, 30)),
        ("За минулу добу відбулося 150 боєзіткнень.", date(2026, 1, 1), date(2026, 1, 2)),
        ("Вчора ворог атакував Харків.", date(2026, 1, 1), date(2026, 1, 1)),
        ("Переговори 15 серпня 2025 року в Анкориджі.", date(2025, 8, 15), date(2025, 8, 15)),
        # A day and a month with no year and no other date word: the month name alone lets it through.
        ("Удар по порту Ізмаїла стався 28 грудня.", date(2025, 12, 28), date(2025, 12, 28)),
        ("Встреча прошла 3 марта в Женеве.", date(2025, 3, 3), date(2025, 3, 3)),
    ],
)
def test_ukrainian_and_russian_official_posts(sentence: str, start: date, end: date) -> None:
    row = _one(sentence, "2026-01-02")
    assert (row["date_start"], row["date_end"]) == (start, end)


# Parts of days, parts of relative periods, weekdays of named weeks (2025-11-01 is a Saturday,
# 2026-01-03 a Saturday, 2025-03-02 a Sunday).
PART_CASES = [
    ("2025-11-01", "On the evening of October 21 a drone hit it.", date(2025, 10, 21), date(2025, 10, 21), "day"),
    ("2025-11-01", "Late on the morning of 3 October the sirens stopped.", date(2025, 10, 3), date(2025, 10, 3), "day"),
    ("2026-01-03", "In the early hours of December 31 Odesa was attacked.", date(2025, 12, 31), date(2025, 12, 31),
     "day"),
    ("2026-01-03", "On the night of Wednesday drones reached Sumy.", date(2025, 12, 31), date(2026, 1, 1), "day"),
    ("2026-01-03", "Late on Tuesday the port was struck.", date(2025, 12, 30), date(2025, 12, 30), "day"),
    ("2026-01-03", "Early on January 2 the grid failed.", date(2026, 1, 2), date(2026, 1, 2), "day"),
    ("2026-01-03", "The depot burned on Monday of last week.", date(2025, 12, 22), date(2025, 12, 22), "day"),
    ("2026-01-03", "Last week, on Wednesday, the talks broke down.", date(2025, 12, 24), date(2025, 12, 24), "day"),
    ("2025-03-02", "At the end of last month the envoys met.", date(2025, 2, 19), date(2025, 2, 28), "month"),
    ("2026-01-03", "In early last month the bridge was hit.", date(2025, 12, 1), date(2025, 12, 11), "month"),
    ("2026-01-03", "By the end of last year the front had frozen.", date(2025, 9, 1), date(2025, 12, 31), "year"),
    ("2026-01-03", "Drones came in during the night.", date(2026, 1, 2), date(2026, 1, 3), "day"),
]  # fmt: skip


@pytest.mark.parametrize(("published", "sentence", "start", "end", "precision"), PART_CASES)
def test_parts_of_days_and_periods(published: str, sentence: str, start: date, end: date, precision: str) -> None:
    row = _one(sentence, published)
    assert (row["date_start"], row["date_end"], row["date_precision"]) == (start, end, precision), row["date_text"]
    assert row["date_is_future"] is False


def test_part_of_a_coming_week_is_future() -> None:
    row = _one("Early next week the delegation flies to Riyadh.", "2025-12-31")  # a Wednesday
    assert (row["date_start"], row["date_end"], row["date_is_future"]) == (date(2026, 1, 5), date(2026, 1, 7), True)


def test_the_day_after_a_named_day() -> None:
    row = _one("The day after December 31 the capital was quiet.", "2026-01-03")
    assert (row["date_start"], row["date_end"]) == (date(2026, 1, 1), date(2026, 1, 1))
    row = _one("The day before Monday a refinery burned.", "2026-01-03")
    assert (row["date_start"], row["date_end"]) == (date(2025, 12, 28), date(2025, 12, 28))


def test_anchored_expressions_count_from_the_nearest_earlier_date() -> None:
    sentences = [
        "On December 30 the ministry announced new sanctions.",
        "The day after the announcement, Moscow answered with drones.",
        "Two days later a second wave followed.",
        "Analysts were not surprised.",
    ]
    out = resolve_sentence_dates(sentence_frame(sentences, "2026-01-03T08:00:00+00:00")).sort("sent_idx")
    assert out["date_start"].to_list()[:3] == [date(2025, 12, 30), date(2025, 12, 31), date(2026, 1, 1)]
    assert out["date_precision"].to_list()[:3] == ["day", "day", "day"]
    assert out["date_start"][3] is None


def test_an_unanchored_day_after_is_an_honest_week_before_publication() -> None:
    row = _one("The following day, the envoys met again.", "2026-01-03")
    assert (row["date_start"], row["date_end"], row["date_precision"]) == (date(2025, 12, 28), date(2026, 1, 3), "week")
    row = _one("A day earlier the governor had warned of an attack.", "2026-01-03")
    assert (row["date_start"], row["date_end"]) == (date(2025, 12, 27), date(2026, 1, 2))


def test_an_anchor_too_far_back_is_not_used() -> None:
    sentences = ["On December 2 the plant was hit.", "A.", "B.", "C.", "D.", "E.", "The next day it burned again."]
    out = resolve_sentence_dates(sentence_frame(sentences, "2026-01-03T08:00:00+00:00")).sort("sent_idx")
    assert out["date_precision"][6] == "week"
