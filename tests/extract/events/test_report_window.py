"""An event a report gives no date for lies in the report's window, which depends on the kind of
source: a weekly newsletter reviews its week, an official statement or a wire report covers the day
before publication and the day itself. The widths are data (report_window_days)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from conflict_events.extract.events import extract_candidates
from conflict_events.extract.triggers import TRIGGERS_FILE
from conflict_events.text.rules import read_rules
from tests.extract.events.test_events import PUBLISHED, documents
from tests.extract.events.texts import findings

TEXT = "Lavrov said the proposal was unacceptable to Moscow."
DAY = PUBLISHED.date()


def _statement_dates(kind: str, rules_path: Path | None = None) -> tuple[dt.date, dt.date, str]:
    rules = read_rules(rules_path) if rules_path else None
    (row,) = extract_candidates(findings(documents(TEXT, kind=kind)), rules).filter(
        event_type="statement"
    ).select("date_start", "date_end", "date_precision").rows()
    return row


def test_an_official_statement_dates_an_undated_event_to_its_last_two_days() -> None:
    assert _statement_dates("official_statement") == (DAY - dt.timedelta(days=1), DAY, "day")


def test_a_newsletter_dates_an_undated_event_to_its_week() -> None:
    assert _statement_dates("newsletter") == (DAY - dt.timedelta(days=6), DAY, "week")


def test_the_window_of_a_source_kind_is_data(tmp_path: Path) -> None:
    data = yaml.safe_load(TRIGGERS_FILE.read_text(encoding="utf-8"))
    data["report_window_days"]["official_statement"] = 4
    path = tmp_path / "event_triggers.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert _statement_dates("official_statement", path) == (DAY - dt.timedelta(days=3), DAY, "week")


def test_a_date_the_sentence_gives_wins_over_the_window() -> None:
    (row,) = extract_candidates(
        findings(documents("On Monday, " + TEXT, kind="official_statement"))
    ).filter(event_type="statement").select("date_start", "date_end").rows()
    assert row[0] == row[1] and row[0] < DAY - dt.timedelta(days=1)


def test_a_month_named_before_in_the_paragraph_does_not_date_what_follows() -> None:
    text = "In October, Lavrov visited several capitals. Germany plans to finance two more air defence systems."
    (row,) = extract_candidates(findings(documents(text, kind="official_statement"))).filter(
        event_type="aid"
    ).select("date_start", "date_end").rows()
    assert row == (DAY - dt.timedelta(days=1), DAY)


def test_a_day_named_before_in_the_paragraph_dates_what_follows() -> None:
    text = "On Monday, Lavrov arrived in Ankara. Germany plans to finance two more air defence systems for Ukraine."
    (row,) = extract_candidates(findings(documents(text, kind="official_statement"))).filter(
        event_type="aid"
    ).select("date_start", "date_end").rows()
    assert row[0] == row[1] == dt.date(2025, 12, 22)
