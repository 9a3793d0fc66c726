"""The date expressions we read: month and weekday names, relative phrases, and the ordered forms
(kind, regex) the resolver dispatches on."""

from __future__ import annotations

import re

MONTHS = {
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
MONTHS.update(_MONTHS_CYRILLIC)
WEEKDAYS = {
    name: i for i, name in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
}
NUMBER_WORDS = {
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
CYRILLIC_FIXED_MEANING = {
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
ANCHORED = (
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
    ("anchor", ANCHORED),
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

COMPILED = [(kind, re.compile(pattern)) for kind, pattern in _FORMS]
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
# Polars (Rust regex) rejects a group name used twice, so the combined pattern has none.  Its word
# boundaries are ASCII ones: a Unicode \b keeps Rust's fast DFA off any text with a curly quote
# (measured 10-100x slower), and every boundary here sits next to an ASCII letter or digit anyway.
COMBINED = "|".join("(?:" + _NAMED_GROUP.sub("(?:", pattern) + ")" for _, pattern in _FORMS).replace(r"\b", r"(?-u:\b)")
# Any sentence with a date expression contains one of these; the rest skip the combined regex.
PREFILTER = (
    rf"{_MONTH_ANY}|{_WEEKDAY}|\d{{4}}|\d\.\d"
    r"|Christmas|New\s+Year|(?i:вчора|вчера|сьогодні|сегодня|завтра|доби|добу|сутки|ніч|ночь|ночі|ночью|тижн|недел)"
    r"|(?i:today|tonight|yesterday|tomorrow|night|week|month|year|ago|day|hours)"
)
# Verbs that put a weekday or a bare month in the future ("will meet on Monday").
FUTURE_TENSE = (
    r"(?i)(?-u:\b)(?:will|shall|won't|is\s+going\s+to|are\s+going\s+to|plans?\s+to|is\s+(?:scheduled|expected|due|set)\s+to"
    r"|are\s+(?:scheduled|expected|due|set)\s+to|is\s+due|are\s+due|upcoming|next"
    r"|(?:set|scheduled|planned|slated)\s+for)(?-u:\b)"
)
