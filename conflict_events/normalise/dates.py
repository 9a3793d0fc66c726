"""Date expressions in sentences, resolved against the document's publication date.

How it works (vectorised; Python only once per distinct expression):
1. A cheap keyword regex (Polars) keeps the sentences that could hold a date; most hold none.
2. One combined regex (Polars `str.extract_all`) pulls every date expression out of those sentences.
3. Each distinct (expression, publication date, future tense) is resolved once by `_resolve`
   (lru_cache) with plain regexes and datetime arithmetic: predictable across month and year ends,
   which dateparser's relative parsing is not.
4. Per sentence the most precise expression wins (day > week > month > year), then the first.

Output per sentence: date_start, date_end (the event lies within; equal when known to the day),
date_precision ('day'|'week'|'month'|'year'), date_text (the expression as written), date_is_future
(the expression points after publication). Sentences without date words get nulls.
Ranges are honest: "earlier this week" is a span of days, never an invented exact day.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

import polars as pl

DATES = {
    "doc_id": pl.String,
    "sent_idx": pl.Int64,
    "date_start": pl.Date,
    "date_end": pl.Date,
    "date_precision": pl.String,
    "date_text": pl.String,
    "date_is_future": pl.Boolean,
}
_KEYS = ["doc_id", "sent_idx"]
# Every date expression of a sentence with its character span (find_date_expressions): a sentence may
# hold two events with two dates ("Drones hit A last week, and yesterday B was struck").
DATE_EXPRESSIONS = {
    "doc_id": pl.String,
    "sent_idx": pl.Int64,
    "expr_idx": pl.Int64,  # 0, 1, ... in text order among the sentence's date expressions
    "char_start": pl.Int64,  # span of the expression in the sentence (Python str offsets)
    "char_end": pl.Int64,
    "clause_start": pl.Int64,  # span of the clause holding it (see _CLAUSE_BREAK)
    "clause_end": pl.Int64,
    "date_start": pl.Date,
    "date_end": pl.Date,
    "date_precision": pl.String,
    "date_text": pl.String,
    "date_is_future": pl.Boolean,
}
# Where one clause of a sentence ends and the next begins: semicolons, dashes, and a comma before a
# coordinating or contrasting word.
_CLAUSE_BREAK = re.compile(
    r";|\s[—–-]\s|,\s+(?:and|but|while|whereas|although|though|then|yet)\b|\s(?:while|whereas)\s"
)
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# Ukrainian and Russian month names in the genitive, as they follow a day ("25 грудня", "25 декабря").
_MONTHS_CYRILLIC = {
    name: number
    for number, names in enumerate(
        [
            ("січня", "января"),
            ("лютого", "февраля"),
            ("березня", "марта"),
            ("квітня", "апреля"),
            ("травня", "мая"),
            ("червня", "июня"),
            ("липня", "июля"),
            ("серпня", "августа"),
            ("вересня", "сентября"),
            ("жовтня", "октября"),
            ("листопада", "ноября"),
            ("грудня", "декабря"),
        ],
        start=1,
    )
    for name in names
}
_MONTHS.update(_MONTHS_CYRILLIC)
_WEEKDAYS = {
    name: i for i, name in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20,
}  # fmt: skip

# Month and weekday names must be capitalised ("May 15", not "may"); everything else is any case.
_MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTH_ANY = rf"(?:{_MONTH_FULL}|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
_MONTH_CYRILLIC = "(?:" + "|".join(sorted(_MONTHS_CYRILLIC, key=len, reverse=True)) + ")"
# Relative words of Ukrainian and Russian official posts ("за минулу добу": over the past day).
_FIXED_CYRILLIC = (
    r"(?i:позавчора|позавчера|вчора|вчера|сьогодні|сегодня|завтра|минулої\s+доби|за\s+минулу\s+добу"
    r"|за\s+прошедшие\s+сутки|за\s+минувшие\s+сутки|минулої\s+ночі|цієї\s+ночі|вночі|прошлой\s+ночью"
    r"|этой\s+ночью|минулого\s+тижня|на\s+минулому\s+тижні|на\s+прошлой\s+неделе|цього\s+тижня|на\s+этой\s+неделе)"
)
_CYRILLIC_FIXED_MEANING = {
    "позавчора": "the day before yesterday", "позавчера": "the day before yesterday",
    "вчора": "yesterday", "вчера": "yesterday", "сьогодні": "today", "сегодня": "today", "завтра": "tomorrow",
    "минулої доби": "over the past day", "за минулу добу": "over the past day",
    "за прошедшие сутки": "over the past day", "за минувшие сутки": "over the past day",
    "минулої ночі": "last night", "цієї ночі": "last night", "вночі": "last night", "прошлой ночью": "last night",
    "этой ночью": "last night", "минулого тижня": "last week", "на минулому тижні": "last week",
    "на прошлой неделе": "last week", "цього тижня": "this week", "на этой неделе": "this week",
}  # fmt: skip
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?:19[5-9]\d|20\d\d)\b"
_COUNT = (
    r"(?:\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty)"
)
_FEW = r"(?:a\s+few|a\s+couple\s+of|a\s+couple|several|few)"

# "on the night of", "on the evening of", "late on the morning of": a part of one day (nights run on).
_NIGHT_OF = (
    r"(?i:(?:(?:late|early)\s+)?(?:on\s+|in\s+|during\s+)?the\s+"
    r"(?P<part>night|morning|afternoon|evening|early\s+hours)\s+of\s+)"
)
# "late on", "early on", "late", "early" before a day or weekday: still that day.
_LATE_EARLY = r"(?:(?i:late|early)\s+(?:(?i:on)\s+)?)"
_DAY_RANGE = rf"(?P<day>{_DAY})(?:\s*[-–/]\s*(?P<day2>{_DAY}))?"
_OPT_YEAR = rf"(?:,?\s+(?P<year>{_YEAR})|\s+(?P<last_year>(?i:last\s+year)))?"
_OPT_WEEKDAY = rf"(?:{_WEEKDAY},?\s+)?"
# A past-tense verb right before a weekday or a month ("said on Friday", "met in August") pins the
# expression to the past even when the sentence also speaks of the future ("said on Friday he will...").
_PAST_LEAD = (
    r"(?:(?P<lead>said|says|told|announced|reported|stated|wrote|met|spoke|held|signed|struck|hit|attacked"
    r"|launched|added|noted|claimed|confirmed|published|released|visited|arrived|died|killed|occurred|happened"
    r"|began|started|ended|was|were|came|took\s+place|fired|shot\s+down|downed|destroyed|damaged)\s+)?"
)
_FIXED_DAYS = (
    r"(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|earlier\s+today|later\s+today|yesterday"
    r"|today|tonight|tomorrow|last\s+night|this\s+morning|this\s+afternoon|this\s+evening|overnight"
    r"|during\s+the\s+night|in\s+the\s+early\s+hours)"
)
_ANCHORED = (
    r"(?i:the\s+(?:next|following)\s+(?P<next>day|morning|week)|the\s+day\s+(?P<dir>after|before)"
    r"|the\s+(?:previous|preceding)\s+(?P<prev>day|week)|(?P<count>an?|one|two|three|four|five|\d)\s+(?P<unit>day|week)s?"
    r"\s+(?P<side>later|earlier|after(?:wards)?|before))"
)
_FIXED_WEEKENDS = r"(?i:(?:over|during|at|on)\s+the\s+weekend|this\s+(?:past\s+)?weekend|last\s+weekend|next\s+weekend)"
_FIXED_WEEKS = (
    r"(?i:earlier\s+(?:this|in\s+the)\s+week|later\s+(?:this|in\s+the)\s+week"
    r"|(?:over\s+)?(?:the\s+)?(?:past|last)\s+(?:7|seven)\s+days|(?:over|during|in)\s+the\s+(?:past|last)\s+week"
    r"|this\s+week|last\s+week|next\s+week|in\s+recent\s+days|in\s+the\s+(?:coming|next)\s+(?:few\s+)?days"
    r"|in\s+(?:the\s+)?(?:next|coming)\s+(?:few\s+)?hours|in\s+a\s+few\s+hours"
    r"|(?:over|during|in|within)\s+the\s+(?:past|last)\s+(?:24\s+hours|day)|in\s+recent\s+weeks)"
)
_FIXED_MONTHS_YEARS = (
    r"(?i:earlier\s+this\s+month|later\s+this\s+month|this\s+month|last\s+month|next\s+month"
    r"|earlier\s+this\s+year|later\s+this\s+year|this\s+year|last\s+year|next\s+year)"
)
_MONTH_PREP = (
    r"(?P<prep>(?i:in|during|by|throughout|last|this|next|of|from|early|mid|late|end\s+of|beginning\s+of"
    r"|the\s+end\s+of|the\s+beginning\s+of))"
)
_YEAR_PREP = (
    r"(?P<prep>(?i:in|during|by|throughout|of|early|mid|late|summer\s+of|spring\s+of|autumn\s+of|winter\s+of"
    r"|the\s+end\s+of|the\s+start\s+of))"
)

# (kind, pattern).  Order matters: at one position the first alternative that matches is taken.
# Named groups are for the resolver; they are stripped for the combined Polars regex.
_FORMS: list[tuple[str, str]] = [
    # "since August", "until Friday": an open range, not the event's date; consumed and ignored.
    (
        "ignore",
        rf"(?i:since|until|till)\s+(?:(?i:early|mid-?|late)\s*)?(?:{_MONTH_ANY}(?:\s+{_DAY})?(?:,?\s+{_YEAR})?"
        rf"|{_YEAR}|{_WEEKDAY}|(?i:then|last\s+\w+|yesterday|today))"
        # "in the last year", "over the past month": a span up to now, not the previous calendar year.
        r"|(?i:(?:in|over|during|within)\s+the\s+(?:last|past)\s+(?:year|month|twelve\s+months|12\s+months))",
    ),
    # "the day after October 21", "the day before Tuesday": the named day, shifted by one.
    (
        "day_shift",
        rf"(?i:the\s+day\s+)(?P<dir>(?i:after|before))\s+(?P<inner>{_WEEKDAY}|{_MONTH_ANY}\s+{_DAY}(?:,?\s+{_YEAR})?"
        rf"|(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH_ANY}(?:,?\s+{_YEAR})?)",
    ),
    ("fixed", r"(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)"),
    # "the day after", "the next day", "two days later": relative to an earlier date of the text, resolved
    # against the nearest dated expression before it (see _anchored); alone they date nothing.
    ("anchor", _ANCHORED),
    # "on Tuesday last week", "Friday of next week", "last week on Tuesday": that weekday of that week.
    (
        "weekday_of_week",
        rf"{_PAST_LEAD}(?:{_LATE_EARLY}|(?i:on)\s+)?(?P<weekday>{_WEEKDAY})"
        rf"(?:\s+(?P<part>(?i:night|morning|afternoon|evening)))?\s+(?:(?i:of)\s+)?(?P<week>(?i:last|this|next))\s+(?i:week)",
    ),
    ("weekday_of_week", rf"(?P<week>(?i:last|this|next))\s+(?i:week),?\s+(?i:on\s+)?(?P<weekday>{_WEEKDAY})"),
    # "at the end of last month", "early next week", "mid-last year": a third of that week, month or year.
    (
        "part_of_relative",
        r"(?i:(?:(?:at|by|towards?|in|during)\s+)?(?:the\s+)?(?P<part>end|beginning|start|middle)\s+of\s+"
        r"|(?P<part2>early|late|mid)(?:\s+|-))(?P<rel>last|this|next)\s+(?P<unit>week|month|year)",
    ),
    ("part_of_weekday", rf"{_NIGHT_OF}(?:(?P<rel>(?i:last|this|next|this\s+past))\s+)?(?P<weekday>{_WEEKDAY})"),
    ("night_of_md", rf"{_NIGHT_OF}{_OPT_WEEKDAY}(?P<month>{_MONTH_ANY})\s+{_DAY_RANGE}{_OPT_YEAR}"),
    (
        "night_of_dm",
        rf"{_NIGHT_OF}{_OPT_WEEKDAY}(?:the\s+)?{_DAY_RANGE}\s+(?:of\s+)?(?P<month>{_MONTH_ANY}){_OPT_YEAR}",
    ),
    # Ukrainian / Russian: "у ніч на 25 грудня" (the night before the 25th), "25 грудня 2025 року".
    (
        "night_before_cyrillic",
        rf"(?i:(?:у|в)\s+ніч\s+на|в\s+ночь\s+на)\s+(?P<day>{_DAY})\s+(?P<month>{_MONTH_CYRILLIC})"
        rf"(?:\s+(?P<year>{_YEAR}))?",
    ),
    ("day_month", rf"(?P<day>{_DAY})\s+(?P<month>{_MONTH_CYRILLIC})(?:\s+(?P<year>{_YEAR}))?"),
    ("fixed_cyrillic", _FIXED_CYRILLIC),
    ("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    ("dotted", r"\b(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)\b"),
    (
        "month_day",
        rf"{_PAST_LEAD}(?:{_LATE_EARLY}|(?i:on)\s+)?{_OPT_WEEKDAY}(?P<month>{_MONTH_ANY})\s+{_DAY_RANGE}{_OPT_YEAR}",
    ),
    (
        "day_month",
        rf"{_PAST_LEAD}(?:{_LATE_EARLY}|(?i:on)\s+)?{_OPT_WEEKDAY}(?:the\s+)?{_DAY_RANGE}\s+(?:of\s+)?(?P<month>{_MONTH_ANY})"
        rf"{_OPT_YEAR}",
    ),
    ("fixed", _FIXED_DAYS),
    ("fixed", _FIXED_WEEKENDS),
    ("fixed", _FIXED_WEEKS),
    ("fixed", _FIXED_MONTHS_YEARS),
    (
        "holiday",
        r"(?:(?i:on)\s+)?(?P<holiday>Christmas\s+Day|Christmas\s+Eve|New\s+Year's\s+Eve|New\s+Year’s\s+Eve"
        r"|New\s+Year's\s+Day|New\s+Year’s\s+Day)",
    ),
    # Bare "Christmas" is a date only with a preposition ("a Christmas ceasefire" is not).
    ("holiday", r"(?i:on|over|at)\s+(?P<holiday>Christmas)"),
    (
        "about_week_ago",
        r"(?i:(?P<qual>just\s+over|just\s+under|over|under|more\s+than|less\s+than|almost|nearly|about|around"
        r"|roughly)\s+a\s+week\s+ago)",
    ),
    ("ago", rf"(?i:(?P<count>{_FEW}|{_COUNT})\s+(?P<unit>day|week|month|year)s?\s+ago)"),
    ("in_future", rf"(?i:in\s+(?P<count>{_FEW}|{_COUNT})\s+(?P<unit>day|week|month)s?(?:'|’)?\s*(?:time)?)\b"),
    (
        "weekday",
        rf"{_PAST_LEAD}{_LATE_EARLY}?(?:(?P<rel>(?i:on|last|this|next|this\s+past|by))\s+)?(?P<weekday>{_WEEKDAY})"
        r"(?:\s+(?P<part>(?i:night|morning|afternoon|evening)))?",
    ),
    (
        "month",
        rf"{_PAST_LEAD}{_MONTH_PREP}(?:\s+|-)(?:(?P<part>(?i:early|mid|late))(?:\s+|-))?(?P<month>{_MONTH_FULL})"
        rf"(?:\s+(?P<year>{_YEAR}))?",
    ),
    ("month_year", rf"(?P<month>{_MONTH_FULL})\s+(?P<year>{_YEAR})"),
    ("year", rf"{_YEAR_PREP}(?:\s+|-)(?P<year>{_YEAR})"),
]

_COMPILED = [(kind, re.compile(pattern)) for kind, pattern in _FORMS]
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
# Polars (Rust regex) rejects a group name used twice, so the combined pattern has none.  Its word
# boundaries are ASCII ones: a Unicode \b keeps Rust's fast DFA off any text with a curly quote
# (measured 10-100x slower), and every boundary here sits next to an ASCII letter or digit anyway.
_COMBINED = "|".join("(?:" + _NAMED_GROUP.sub("(?:", pattern) + ")" for _, pattern in _FORMS).replace(
    r"\b", r"(?-u:\b)"
)
# Any sentence with a date expression contains one of these; the rest skip the combined regex.
_PREFILTER = (
    rf"{_MONTH_ANY}|{_WEEKDAY}|\d{{4}}|\d\.\d"
    r"|Christmas|New\s+Year|(?i:вчора|вчера|сьогодні|сегодня|завтра|доби|добу|сутки|ніч|ночь|ночі|ночью|тижн|недел)"
    r"|(?i:today|tonight|yesterday|tomorrow|night|week|month|year|ago|day|hours)"
)
# Verbs that put a weekday or a bare month in the future ("will meet on Monday").
_FUTURE_TENSE = (
    r"(?i)(?-u:\b)(?:will|shall|won't|is\s+going\s+to|are\s+going\s+to|plans?\s+to|is\s+(?:scheduled|expected|due|set)\s+to"
    r"|are\s+(?:scheduled|expected|due|set)\s+to|is\s+due|are\s+due|upcoming|next"
    r"|(?:set|scheduled|planned|slated)\s+for)(?-u:\b)"
)

Resolved = tuple[date, date, str, bool]  # start, end, precision, is_future
_HOLIDAYS = {"christmas day": (12, 25), "christmas": (12, 25), "christmas eve": (12, 24),
             "new year's eve": (12, 31), "new year's day": (1, 1)}  # fmt: skip
# Without a year and without future tense a day-month is in the past, unless it falls this close after
# publication ("talks on January 5" in a December 28 post) while its past reading is almost a year back.
_NEAR_FUTURE_DAYS = 14


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


def _count(text: str) -> int | None:
    text = re.sub(r"\s+", " ", text.strip().lower())
    if text.isdigit():
        return int(text)
    return _NUMBER_WORDS.get(text)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day_of_month(groups: dict[str, str | None], pub: date, future: bool) -> Resolved | None:
    month = _MONTHS.get(groups["month"].rstrip(".").lower()) if groups["month"] else None
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
        candidates = [d for d in (_safe_date(y, month, day) for y in (pub.year - 1, pub.year, pub.year + 1)) if d]
        if not candidates:
            return None
        if future:
            year = min((d for d in candidates if d >= pub), default=candidates[-1]).year
        else:
            near = [d for d in candidates if pub < d <= pub + timedelta(days=_NEAR_FUTURE_DAYS)]
            past = [d for d in candidates if d <= pub]
            year = (near[0] if near else max(past) if past else candidates[0]).year
    start, end = _safe_date(year, month, day), _safe_date(year, month, last)
    if start is None or end is None:
        return None
    return start, end, "day", start > pub


def _relative_fixed(text: str, pub: date) -> Resolved | None:
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


def _about_week_ago(qual: str, pub: date) -> Resolved:
    q = re.sub(r"\s+", " ", qual.lower())
    if q in {"just over", "over", "more than"}:
        # "just over a week ago": 7 to 11 days before; "over a week" may reach two.
        return pub - timedelta(11 if q == "just over" else 14), pub - timedelta(7), "week", False
    if q in {"just under", "under", "less than", "almost", "nearly"}:
        return pub - timedelta(7), pub - timedelta(4), "week", False
    return pub - timedelta(9), pub - timedelta(5), "week", False


def _ago(count_text: str, unit: str, pub: date) -> Resolved | None:
    unit = unit.lower()
    few = _count(count_text) is None
    n = _count(count_text) or 0
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


def _in_future(count_text: str, unit: str, pub: date) -> Resolved | None:
    n = _count(count_text)
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


def _weekday(groups: dict[str, str | None], pub: date, future: bool) -> Resolved | None:
    target = _WEEKDAYS[groups["weekday"].lower()]
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


def _weekday_of_week(groups: dict[str, str | None], pub: date) -> Resolved:
    """ "Tuesday last week": the weekday inside the named Monday-Sunday week."""
    monday = pub - timedelta(days=pub.weekday())
    week = (groups.get("week") or "this").lower()
    monday += timedelta(days={"last": -7, "this": 0, "next": 7}[week])
    day = monday + timedelta(days=_WEEKDAYS[groups["weekday"].lower()])
    end = day + timedelta(1) if (groups.get("part") or "").lower() == "night" else day
    return day, end, "day", day > pub


def _part_of_relative(groups: dict[str, str | None], pub: date) -> Resolved | None:
    """ "At the end of last month", "early next week", "mid-this year": a third of the named period."""
    unit, rel = groups["unit"].lower(), re.sub(r"\s+", " ", groups["rel"].lower())
    whole = _relative_fixed(f"{rel} {unit}", pub)
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


def _month_only(groups: dict[str, str | None], pub: date, future: bool) -> Resolved | None:
    month = _MONTHS[groups["month"].lower()]
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


def _year_only(groups: dict[str, str | None], pub: date) -> Resolved | None:
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


@lru_cache(maxsize=65536)
def _resolve(text: str, pub: date, future: bool) -> tuple[Resolved, str] | None:
    """One date expression (as extracted) against a publication date: the resolution and the expression
    without a leading past-tense verb; None when it is not a date."""
    for kind, pattern in _COMPILED:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        groups = match.groupdict()
        if kind == "ignore":
            return None
        clean = text
        if groups.get("lead"):
            clean, future = text[match.end("lead") :].lstrip(), False
        resolved = _resolve_form(kind, groups, clean, pub, future)
        return None if resolved is None else (resolved, clean)
    return None


def _resolve_form(kind: str, groups: dict[str, str | None], text: str, pub: date, future: bool) -> Resolved | None:
    """Dispatch one matched form to its resolver."""
    if kind == "ignore":
        return None
    if kind == "night_before_cyrillic":
        resolved = _day_of_month(groups, pub, future)
        if resolved is None:
            return None
        start, end, precision, is_future = resolved
        return start - timedelta(1), end, precision, is_future
    if kind == "fixed_cyrillic":
        return _relative_fixed(_CYRILLIC_FIXED_MEANING[re.sub(r"\s+", " ", text.lower())], pub)
    if kind in {"night_of_md", "night_of_dm"}:
        resolved = _day_of_month(groups, pub, future)
        if resolved is None:
            return None
        start, end, precision, is_future = resolved
        # "the night of 26 September" runs into the 27th; "the evening of 26 September" does not.
        if (groups.get("part") or "").lower() == "night" and not groups.get("day2"):
            end = start + timedelta(1)
        return start, end, precision, is_future
    if kind == "part_of_weekday":
        return _weekday(groups, pub, future)
    if kind == "day_shift":
        inner = _resolve(groups["inner"], pub, future)
        if inner is None:
            return None
        (start, end, precision, is_future), _ = inner
        step = timedelta(1 if groups["dir"].lower() == "after" else -1)
        return start + step, end + step, precision, start + step > pub
    if kind == "weekday_of_week":
        return _weekday_of_week(groups, pub)
    if kind == "part_of_relative":
        return _part_of_relative(groups, pub)
    if kind == "anchor":
        return None
    if kind in {"iso", "dotted"}:
        day = _safe_date(int(groups["year"]), int(groups["month"]), int(groups["day"]))
        return None if day is None else (day, day, "day", day > pub)
    if kind in {"month_day", "day_month"}:
        return _day_of_month(groups, pub, future)
    if kind == "fixed":
        return _relative_fixed(text, pub)
    if kind == "about_week_ago":
        return _about_week_ago(groups["qual"], pub)
    if kind == "ago":
        return _ago(groups["count"], groups["unit"], pub)
    if kind == "in_future":
        return _in_future(groups["count"], groups["unit"], pub)
    if kind == "weekday":
        return _weekday(groups, pub, future)
    if kind in {"month", "month_year"}:
        return _month_only(groups, pub, future)
    if kind == "year":
        return _year_only(groups, pub)
    if kind == "holiday":
        name = re.sub(r"\s+", " ", groups["holiday"].lower()).replace("’", "'")
        month, day = _HOLIDAYS[name]
        return _day_of_month({"month": calendar.month_name[month], "day": str(day)}, pub, future)
    return None


_ANCHORED_RE = re.compile(_ANCHORED)
# An anchored expression ("the next day") looks this many sentences back for the date it counts from.
_ANCHOR_REACH = 4
_COUNT_SIDE_SIGN = {"later": 1, "after": 1, "afterwards": 1, "earlier": -1, "before": -1}


@lru_cache(maxsize=4096)
def _anchor_shift(text: str) -> int | None:
    """Days an anchored expression moves its anchor date: "the next day" +1, "two days earlier" -2."""
    match = _ANCHORED_RE.fullmatch(text)
    if match is None:
        return None
    groups = {k: (v or "").lower() for k, v in match.groupdict().items()}
    if groups["next"]:
        return 7 if groups["next"] == "week" else 1
    if groups["dir"]:
        return 1 if groups["dir"] == "after" else -1
    if groups["prev"]:
        return -7 if groups["prev"] == "week" else -1
    count = _count(groups["count"]) or 1
    return count * (7 if groups["unit"] == "week" else 1) * _COUNT_SIDE_SIGN[groups["side"]]


def _empty_dates(sentences: pl.DataFrame) -> pl.DataFrame:
    return sentences.select(
        pl.col("doc_id").cast(pl.String),
        pl.col("sent_idx").cast(pl.Int64),
        *[pl.lit(None, dtype=dtype).alias(name) for name, dtype in DATES.items() if name not in _KEYS],
    )


_RESOLVED_SCHEMA = {
    "date_text": pl.String,
    "pub": pl.Date,
    "future": pl.Boolean,
    "date_start": pl.Date,
    "date_end": pl.Date,
    "date_precision": pl.String,
    "date_is_future": pl.Boolean,
    "clean_text": pl.String,
    "shift": pl.Int64,
}


def _candidates(sentences: pl.DataFrame) -> pl.DataFrame:
    """Every date expression of every sentence, in text order (_order), as extracted (date_text)."""
    return (
        # One chunk: Polars compiles a regex once per chunk, and concatenated frames have thousands.
        sentences.select(*_KEYS, "sentence", pl.col("published_at").dt.date().alias("pub"))
        .rechunk()
        .filter(pl.col("pub").is_not_null() & pl.col("sentence").str.contains(_PREFILTER))
        .with_columns(
            pl.col("sentence").str.extract_all(_COMBINED).alias("date_text"),
            pl.col("sentence").str.contains(_FUTURE_TENSE).alias("future"),
        )
        .explode("date_text")
        .drop_nulls("date_text")
        .with_row_index("_order")  # explode keeps each sentence's expressions in text order
    )


def _resolved_expressions(candidates: pl.DataFrame) -> pl.DataFrame:
    """The candidates that are dates, resolved; anchored ones ("the next day") counted from the nearest
    dated expression before them (same sentence or up to _ANCHOR_REACH sentences back), else an honest
    week: the event lies before publication, nothing more is known."""
    rows = []
    for text, pub, future in candidates.select("date_text", "pub", "future").unique().iter_rows():
        found = _resolve(text, pub, future)
        if found is not None:
            (start, end, precision, is_future), clean = found
            rows.append((text, pub, future, start, end, precision, is_future, clean, None))
        elif (shift := _anchor_shift(text)) is not None:
            rows.append((text, pub, future, None, None, None, None, text, shift))
    resolved = pl.DataFrame(rows, schema=_RESOLVED_SCHEMA, orient="row")
    found = candidates.join(resolved, on=["date_text", "pub", "future"], how="inner").sort([*_KEYS, "_order"])
    anchored = pl.col("shift").is_not_null()
    own = pl.col("date_start").is_not_null()

    def previous(name: str) -> pl.Expr:
        return pl.when(own).then(pl.col(name)).forward_fill().over("doc_id")

    shift = pl.duration(days=pl.col("shift"))
    near = (pl.col("sent_idx") - pl.col("_anchor_idx")) <= _ANCHOR_REACH
    with_anchor = anchored & pl.col("_anchor_start").is_not_null() & near.fill_null(False)
    pub = pl.col("pub")
    back = pl.col("shift") < 0
    return (
        found.with_columns(
            previous("date_start").alias("_anchor_start"),
            previous("date_end").alias("_anchor_end"),
            previous("date_precision").alias("_anchor_precision"),
            previous("sent_idx").alias("_anchor_idx"),
        )
        .with_columns(
            pl.when(with_anchor)
            .then(pl.col("_anchor_start") + shift)
            .when(anchored)
            .then(pl.when(back).then(pub - pl.duration(days=7)).otherwise(pub - pl.duration(days=6)))
            .otherwise(pl.col("date_start"))
            .alias("date_start"),
            pl.when(with_anchor)
            .then(pl.col("_anchor_end") + shift)
            .when(anchored)
            .then(pl.when(back).then(pub - pl.duration(days=1)).otherwise(pub))
            .otherwise(pl.col("date_end"))
            .alias("date_end"),
            pl.when(with_anchor)
            .then(pl.col("_anchor_precision"))
            .when(anchored)
            .then(pl.lit("week"))
            .otherwise(pl.col("date_precision"))
            .alias("date_precision"),
        )
        .with_columns(
            pl.when(anchored)
            .then(pl.col("date_start") > pub)
            .otherwise(pl.col("date_is_future"))
            .alias("date_is_future")
        )
        .drop("_anchor_start", "_anchor_end", "_anchor_precision", "_anchor_idx")
    )


def resolve_sentence_dates(sentences: pl.DataFrame) -> pl.DataFrame:
    """One row per input sentence (DATES columns): its most precise date expression, resolved."""
    if sentences.height == 0:
        return pl.DataFrame(schema=DATES)
    candidates = _candidates(sentences)
    if candidates.height == 0:
        return _empty_dates(sentences)
    rank = pl.col("date_precision").replace_strict(_PRECISION_RANK, return_dtype=pl.Int64)
    best = (
        _resolved_expressions(candidates)
        .sort([*_KEYS, rank, "_order"])
        .unique(_KEYS, keep="first", maintain_order=True)
        .with_columns(pl.col("clean_text").str.strip_chars().alias("date_text"))
    )
    out = sentences.select(pl.col("doc_id").cast(pl.String), pl.col("sent_idx").cast(pl.Int64)).join(
        best.select(*DATES), on=_KEYS, how="left", maintain_order="left"
    )
    return out.select([pl.col(name).cast(dtype) for name, dtype in DATES.items()])


def _spans(candidates: pl.DataFrame) -> pl.DataFrame:
    """Character span of each extracted expression (by _order) and of the clause around it.  One Python
    step per dated sentence: extract_all gives texts in order, and each is found after the previous."""
    rows = []
    grouped = candidates.group_by(_KEYS, maintain_order=True).agg(pl.col("sentence").first(), "_order", "date_text")
    for sentence, orders, texts in grouped.select("sentence", "_order", "date_text").iter_rows():
        breaks = [0, *(m.start() for m in _CLAUSE_BREAK.finditer(sentence)), len(sentence)]
        position = 0
        for order, text in zip(orders, texts, strict=True):
            start = sentence.find(text, position)
            if start < 0:
                continue
            position = start + len(text)
            clause = max(i for i, b in enumerate(breaks[:-1]) if b <= start)
            rows.append((order, start, position, breaks[clause], breaks[clause + 1]))
    return pl.DataFrame(
        rows,
        schema={"_order": pl.UInt32, "char_start": pl.Int64, "char_end": pl.Int64, "clause_start": pl.Int64,
                "clause_end": pl.Int64},
        orient="row",
    )  # fmt: skip


def find_date_expressions(sentences: pl.DataFrame) -> pl.DataFrame:
    """Every resolved date expression of every sentence (DATE_EXPRESSIONS), with its character span and
    the span of its clause; resolve_sentence_dates keeps only the most precise one per sentence.
    date_char_start/end are offsets into `sentence`, so a finding at offset x of a sentence takes the date
    of its own clause (clause_start <= x < clause_end) when that clause has one: see dates_for_spans."""
    if sentences.height == 0:
        return pl.DataFrame(schema=DATE_EXPRESSIONS)
    candidates = _candidates(sentences)
    if candidates.height == 0:
        return pl.DataFrame(schema=DATE_EXPRESSIONS)
    found = _resolved_expressions(candidates).join(_spans(candidates), on="_order", how="inner")
    return (
        found.sort([*_KEYS, "_order"])
        .with_columns(
            pl.int_range(pl.len()).over(_KEYS).cast(pl.Int64).alias("expr_idx"),
            pl.col("clean_text").str.strip_chars().alias("date_text"),
            # the span of the expression without a leading past-tense verb ("said on Friday" -> "on Friday")
            (pl.col("char_end") - pl.col("clean_text").str.strip_chars().str.len_chars()).alias("char_start"),
        )
        .select([pl.col(name).cast(dtype) for name, dtype in DATE_EXPRESSIONS.items()])
    )


def dates_for_spans(spans: pl.DataFrame, expressions: pl.DataFrame) -> pl.DataFrame:
    """For findings at character spans of sentences (doc_id, sent_idx, span_start, span_end, any other
    columns), the date of their own clause: the most precise expression whose clause holds span_start.
    Adds date_start, date_end, date_precision, date_text, date_is_future (null where the finding's clause
    has no date; fall back to the sentence's date from resolve_sentence_dates then)."""
    rank = pl.col("date_precision").replace_strict(_PRECISION_RANK, return_dtype=pl.Int64)
    date_columns = ["date_start", "date_end", "date_precision", "date_text", "date_is_future"]
    indexed = spans.with_row_index("_span")
    inside = (pl.col("clause_start") <= pl.col("span_start")) & (pl.col("span_start") < pl.col("clause_end"))
    chosen = (
        indexed.select("_span", *_KEYS, "span_start")
        .join(expressions, on=_KEYS, how="inner")
        .filter(inside)
        .sort(["_span", rank, "expr_idx"])
        .unique("_span", keep="first", maintain_order=True)
        .select("_span", *date_columns)
    )
    clashing = [c for c in date_columns if c in spans.columns]
    return indexed.drop(clashing).join(chosen, on="_span", how="left", maintain_order="left").drop("_span")
