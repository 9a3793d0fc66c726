"""The period each kind of date expression names, counted from a publication date: plain datetime
arithmetic, predictable across month and year ends."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

from conflict_events.normalise.dates.model import Resolved
from conflict_events.normalise.dates.phrases import DatePhrases


def report_window(published_at: datetime | date) -> tuple[date, date]:
    """The default range of an event reported without date words: the week ending at the report
    (precision 'week'), never an invented exact day."""
    day = published_at.date() if isinstance(published_at, datetime) else published_at
    return day - timedelta(days=6), day


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def count_of(text: str, phrases: DatePhrases) -> int | None:
    text = re.sub(r"\s+", " ", text.strip().lower())
    if text.isdigit():
        return int(text)
    return phrases.number_words.get(text)


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def day_of_month(groups: dict[str, str | None], pub: date, future: bool, phrases: DatePhrases) -> Resolved | None:
    month = phrases.months.get(groups["month"].rstrip(".").lower()) if groups["month"] else None
    day = int(re.sub(r"\D", "", groups["day"] or ""))
    last = int(re.sub(r"\D", "", groups["day2"])) if groups.get("day2") else day
    if month is None or last < day:
        return None
    if groups.get("year"):
        year = int(groups["year"])
    elif groups.get("last_year"):
        year = pub.year - 1
    else:
        # No year: the most recent such day not after publication (or one just ahead of it), or the next
        # one when said of the future.
        candidates = [d for d in (safe_date(y, month, day) for y in (pub.year - 1, pub.year, pub.year + 1)) if d]
        if not candidates:
            return None
        if future:
            year = min((d for d in candidates if d >= pub), default=candidates[-1]).year
        else:
            # A day just after publication ("talks on January 5" in a December 28 post) is that one.
            ahead = timedelta(days=phrases.windows["near_future_days"])
            near = [d for d in candidates if pub < d <= pub + ahead]
            past = [d for d in candidates if d <= pub]
            year = (near[0] if near else max(past) if past else candidates[0]).year
    start, end = safe_date(year, month, day), safe_date(year, month, last)
    if start is None or end is None:
        return None
    return start, end, "day", start > pub


def relative_fixed(text: str, pub: date) -> Resolved | None:
    t = re.sub(r"\s+", " ", text.lower())
    monday = pub - timedelta(days=pub.weekday())
    if t == "the day before yesterday":
        return pub - timedelta(2), pub - timedelta(2), "day", False
    if t == "the day after tomorrow":
        return pub + timedelta(2), pub + timedelta(2), "day", True
    if t == "yesterday":
        return pub - timedelta(1), pub - timedelta(1), "day", False
    if t in {"today", "earlier today", "this morning", "this afternoon", "this evening"}:
        return pub, pub, "day", False
    if t in {"tonight", "later today"}:
        return pub, pub, "day", True
    if t == "tomorrow":
        return pub + timedelta(1), pub + timedelta(1), "day", True
    if t in {"last night", "overnight", "during the night", "in the early hours"}:
        return pub - timedelta(1), pub, "day", False
    if t.endswith("weekend"):
        if t.startswith("next"):
            saturday = monday + timedelta(days=12)
            return saturday, saturday + timedelta(1), "week", True
        if t.startswith("last"):
            saturday = monday - timedelta(days=2)
            return saturday, saturday + timedelta(1), "week", False
        # The weekend just gone (or under way): Saturday-Sunday on or before publication.
        saturday = pub - timedelta(days=(pub.weekday() - 5) % 7)
        return saturday, min(saturday + timedelta(1), pub), "week", False
    if t.startswith("earlier") and "week" in t:
        # From Monday of the publication week to the day before; early in the week the previous seven days.
        start = monday if pub.weekday() >= 2 else pub - timedelta(7)
        return start, max(start, pub - timedelta(1)), "week", False
    if t.startswith("later") and "week" in t:
        return min(pub + timedelta(1), monday + timedelta(6)), monday + timedelta(6), "week", True
    if "24 hours" in t or t.endswith("past day") or t.endswith("last day"):
        return pub - timedelta(1), pub, "day", False
    if t == "in recent weeks":
        return pub - timedelta(28), pub, "month", False
    if t == "this week":
        return monday, pub, "week", False
    if t == "last week":
        return monday - timedelta(7), monday - timedelta(1), "week", False
    if t == "next week":
        return monday + timedelta(7), monday + timedelta(13), "week", True
    if ("past" in t and ("week" in t or "days" in t)) or t.startswith("in the last") or t == "in recent days":
        return pub - timedelta(7), pub, "week", False
    if t.startswith("in the coming") or t.startswith("in the next"):
        if "hours" in t:
            return pub, pub + timedelta(1), "day", True
        return pub + timedelta(1), pub + timedelta(7), "week", True
    if "hours" in t:
        return pub, pub + timedelta(1), "day", True
    if "month" in t:
        first = pub.replace(day=1)
        if t.startswith("last"):
            y, m = _shift_month(pub.year, pub.month, -1)
            return date(y, m, 1), _month_end(y, m), "month", False
        if t.startswith("next"):
            y, m = _shift_month(pub.year, pub.month, 1)
            return date(y, m, 1), _month_end(y, m), "month", True
        if t.startswith("later"):
            return (
                min(pub + timedelta(1), _month_end(pub.year, pub.month)),
                _month_end(pub.year, pub.month),
                "month",
                True,
            )
        return first, pub, "month", False
    if "year" in t:
        if t.startswith("last"):
            return date(pub.year - 1, 1, 1), date(pub.year - 1, 12, 31), "year", False
        if t.startswith("next"):
            return date(pub.year + 1, 1, 1), date(pub.year + 1, 12, 31), "year", True
        if t.startswith("later"):
            return min(pub + timedelta(1), date(pub.year, 12, 31)), date(pub.year, 12, 31), "year", True
        return date(pub.year, 1, 1), pub, "year", False
    return None


def about_week_ago(qual: str, pub: date) -> Resolved:
    q = re.sub(r"\s+", " ", qual.lower())
    if q in {"just over", "over", "more than"}:
        # "just over a week ago": 7 to 11 days before; "over a week" may reach two.
        return pub - timedelta(11 if q == "just over" else 14), pub - timedelta(7), "week", False
    if q in {"just under", "under", "less than", "almost", "nearly"}:
        return pub - timedelta(7), pub - timedelta(4), "week", False
    return pub - timedelta(9), pub - timedelta(5), "week", False


def ago(count_text: str, unit: str, pub: date, phrases: DatePhrases) -> Resolved | None:
    unit = unit.lower()
    few = count_of(count_text, phrases) is None
    n = count_of(count_text, phrases) or 0
    if unit == "day":
        if few:  # "a few days ago", "several days ago", "a couple of days ago"
            upper = 3 if "couple" in count_text.lower() else 7 if "several" in count_text.lower() else 5
            return pub - timedelta(upper), pub - timedelta(1 if "couple" in count_text.lower() else 2), "week", False
        return pub - timedelta(n), pub - timedelta(n), "day", False
    if unit == "week":
        if few:
            return pub - timedelta(35), pub - timedelta(14), "month", False
        return pub - timedelta(7 * n + 3), pub - timedelta(max(7 * n - 3, 1)), "week", False
    if unit == "month":
        if few:
            return pub - timedelta(180), pub - timedelta(45), "month", False
        y, m = _shift_month(pub.year, pub.month, -n)
        return date(y, m, 1), _month_end(y, m), "month", False
    if few:
        return date(pub.year - 5, 1, 1), date(pub.year - 2, 12, 31), "year", False
    return date(pub.year - n, 1, 1), date(pub.year - n, 12, 31), "year", False


def in_future(count_text: str, unit: str, pub: date, phrases: DatePhrases) -> Resolved | None:
    n = count_of(count_text, phrases)
    unit = unit.lower()
    if unit == "day":
        if n is None:
            return pub + timedelta(2), pub + timedelta(7), "week", True
        return pub + timedelta(n), pub + timedelta(n), "day", True
    if unit == "week":
        days = 7 * (n or 3)
        return pub + timedelta(days - 3), pub + timedelta(days + 3), "week", True
    y, m = _shift_month(pub.year, pub.month, n or 3)
    return date(y, m, 1), _month_end(y, m), "month", True


def nearest_weekday(groups: dict[str, str | None], pub: date, future: bool, phrases: DatePhrases) -> Resolved | None:
    target = phrases.weekdays[groups["weekday"].lower()]
    rel = re.sub(r"\s+", " ", (groups.get("rel") or "").lower())
    back = (pub.weekday() - target) % 7  # days back to the most recent such weekday (0 = today)
    if rel == "next" or (future and rel in {"", "on", "this", "by"}):
        ahead = (target - pub.weekday()) % 7 or 7
        day = pub + timedelta(days=ahead + (7 if rel == "next" and ahead < 3 else 0))
        is_future = True
    elif rel in {"last", "this past"}:
        day = pub - timedelta(days=back or 7)
        is_future = False
    else:
        day = pub - timedelta(days=back)
        is_future = False
    end = day + timedelta(1) if (groups.get("part") or "").lower() == "night" else day
    return day, end, "day", is_future


def weekday_of_week(groups: dict[str, str | None], pub: date, phrases: DatePhrases) -> Resolved:
    """ "Tuesday last week": the weekday inside the named Monday-Sunday week."""
    monday = pub - timedelta(days=pub.weekday())
    week = (groups.get("week") or "this").lower()
    monday += timedelta(days={"last": -7, "this": 0, "next": 7}[week])
    day = monday + timedelta(days=phrases.weekdays[groups["weekday"].lower()])
    end = day + timedelta(1) if (groups.get("part") or "").lower() == "night" else day
    return day, end, "day", day > pub


def part_of_relative(groups: dict[str, str | None], pub: date) -> Resolved | None:
    """ "At the end of last month", "early next week", "mid-this year": a third of the named period."""
    unit, rel = groups["unit"].lower(), re.sub(r"\s+", " ", groups["rel"].lower())
    whole = relative_fixed(f"{rel} {unit}", pub)
    if whole is None:
        return None
    start, _, precision, is_future = whole
    if unit == "week":
        start = pub - timedelta(days=pub.weekday()) + timedelta(days={"last": -7, "this": 0, "next": 7}[rel])
        end = start + timedelta(6)
    elif unit == "month":
        end = _month_end(start.year, start.month)
    else:
        end = date(start.year, 12, 31)
    length = (end - start).days + 1
    third = max(length // 3, 1)
    part = (groups.get("part") or groups.get("part2") or "").lower()
    if part in {"beginning", "start", "early"}:
        end = start + timedelta(third)
    elif part in {"middle", "mid"}:
        start, end = start + timedelta(third), start + timedelta(2 * third)
    else:  # end, late
        start = end - timedelta(third)
    if start > pub:
        return start, end, precision, True
    return start, min(end, pub), precision, is_future and start > pub


def month_only(groups: dict[str, str | None], pub: date, future: bool, phrases: DatePhrases) -> Resolved | None:
    month = phrases.months[groups["month"].lower()]
    prep = re.sub(r"\s+", " ", (groups.get("prep") or "").lower())
    part = (groups.get("part") or (prep if prep in {"early", "mid", "late"} else "")).lower()
    if groups.get("year"):
        year = int(groups["year"])
    else:
        year = pub.year
        if prep == "next" or (future and prep != "last"):
            if month < pub.month or (month == pub.month and prep == "next"):
                year += 1
        elif month > pub.month or (prep == "last" and month == pub.month):
            year -= 1
    start, end = date(year, month, 1), _month_end(year, month)
    if part == "early":
        end = date(year, month, 10)
    elif part == "mid":
        start, end = date(year, month, 10), date(year, month, 20)
    elif part == "late" or prep.endswith("end of"):
        start = date(year, month, 20)
    elif prep.endswith("beginning of"):
        end = date(year, month, 10)
    is_future = start > pub
    if not is_future and end > pub:
        end = pub  # a past event this month happened by the report
    return start, end, "month", is_future


def year_only(groups: dict[str, str | None], pub: date) -> Resolved | None:
    year = int(groups["year"])
    start, end = date(year, 1, 1), date(year, 12, 31)
    prep = (groups.get("prep") or "").lower()
    if prep.startswith("early") or "start" in prep:
        end = date(year, 4, 30)
    elif prep.startswith("mid") or prep.startswith("summer"):
        start, end = date(year, 5, 1), date(year, 9, 30)
    elif prep.startswith("late") or "end" in prep:
        start = date(year, 9, 1)
    is_future = start > pub
    if not is_future and end > pub:
        end = pub
    return start, end, "year", is_future
