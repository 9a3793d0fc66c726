"""One date expression, as extracted, resolved against a publication date (cached per distinct
expression): the first form that matches decides the kind, its period function the dates."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

from conflict_events.normalise.dates.model import Resolved
from conflict_events.normalise.dates.periods import (
    about_week_ago,
    ago,
    day_of_month,
    in_future,
    month_only,
    nearest_weekday,
    part_of_relative,
    relative_fixed,
    safe_date,
    weekday_of_week,
    year_only,
)
from conflict_events.normalise.dates.phrases import DatePhrases


@lru_cache(maxsize=65536)
def resolve(text: str, pub: date, future: bool, phrases: DatePhrases) -> tuple[Resolved, str] | None:
    """One date expression (as extracted) against a publication date: the resolution and the expression
    without a leading past-tense verb; None when it is not a date."""
    for kind, pattern in phrases.forms:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        groups = match.groupdict()
        if kind == "ignore":
            return None
        clean = text
        if groups.get("lead"):
            clean, future = text[match.end("lead") :].lstrip(), False
        resolved = _resolve_form(kind, groups, clean, pub, future, phrases)
        return None if resolved is None else (resolved, clean)
    return None


def _resolve_form(
    kind: str, groups: dict[str, str | None], text: str, pub: date, future: bool, phrases: DatePhrases
) -> Resolved | None:
    """Dispatch one matched form to its resolver."""
    if kind == "ignore":
        return None
    if kind == "night_before":  # "у ніч на 25 грудня": the night before the day named
        resolved = day_of_month(groups, pub, future, phrases)
        if resolved is None:
            return None
        start, end, precision, is_future = resolved
        return start - timedelta(1), end, precision, is_future
    if kind == "fixed_phrase":  # a relative phrase of another language, read as the English it means
        return relative_fixed(phrases.meanings[re.sub(r"\s+", " ", text.lower())], pub)
    if kind in {"night_of_md", "night_of_dm"}:
        resolved = day_of_month(groups, pub, future, phrases)
        if resolved is None:
            return None
        start, end, precision, is_future = resolved
        # "the night of 26 September" runs into the 27th; "the evening of 26 September" does not.
        if (groups.get("part") or "").lower() == "night" and not groups.get("day2"):
            end = start + timedelta(1)
        return start, end, precision, is_future
    if kind == "part_of_weekday":
        return nearest_weekday(groups, pub, future, phrases)
    if kind == "day_shift":
        inner = resolve(groups["inner"], pub, future, phrases)
        if inner is None:
            return None
        (start, end, precision, is_future), _ = inner
        step = timedelta(1 if groups["dir"].lower() == "after" else -1)
        return start + step, end + step, precision, start + step > pub
    if kind == "weekday_of_week":
        return weekday_of_week(groups, pub, phrases)
    if kind == "part_of_relative":
        return part_of_relative(groups, pub)
    if kind == "anchor":
        return None
    if kind in {"iso", "dotted"}:
        day = safe_date(int(groups["year"]), int(groups["month"]), int(groups["day"]))
        return None if day is None else (day, day, "day", day > pub)
    if kind in {"month_day", "day_month"}:
        return day_of_month(groups, pub, future, phrases)
    if kind == "fixed":
        return relative_fixed(text, pub)
    if kind == "about_week_ago":
        return about_week_ago(groups["qual"], pub)
    if kind == "ago":
        return ago(groups["count"], groups["unit"], pub, phrases)
    if kind == "in_future":
        return in_future(groups["count"], groups["unit"], pub, phrases)
    if kind == "weekday":
        return nearest_weekday(groups, pub, future, phrases)
    if kind in {"month", "month_year"}:
        return month_only(groups, pub, future, phrases)
    if kind == "year":
        return year_only(groups, pub)
    if kind == "holiday":
        name = re.sub(r"\s+", " ", groups["holiday"].lower()).replace("’", "'")
        month, day = phrases.holidays[name]
        return day_of_month({"month": calendar.month_name[month], "day": str(day)}, pub, future, phrases)
    return None
