"""Timestamps as pages and feeds write them → aware UTC datetimes.

Machine formats first (ISO 8601 with its offset, RFC 822 pubDate), then dateparser for dates written
for people ("14 August 2025, 15:20", "14 серпня 2025"). An offset written in the source is always
respected (`+03:00` is Moscow time); a time without any zone is taken as UTC, as nothing better is known.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import warnings

import dateparser

_ISO_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A date inside a longer visible line ("Published 20 May 2025", "Оновлено: 14 серпня 2025, 15:20").
_HUMAN_DATE = re.compile(
    r"(\d{1,2}\s+[^\W\d_]+\.?,?\s+\d{4}|[^\W\d_]+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}[./]\d{1,2}[./]\d{4})"
    r"(,?\s*(о|в|at)?\s*\d{1,2}:\d{2})?"
)
_DOTTED_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b(?:[,\s]+(?:о|в|at)?\s*(\d{1,2}):(\d{2}))?")
_DATEPARSER_SETTINGS: dict[str, object] = {
    "TIMEZONE": "UTC",
    "TO_TIMEZONE": "UTC",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "PREFER_DAY_OF_MONTH": "first",
    "STRICT_PARSING": False,
}


def as_utc(value: dt.datetime) -> dt.datetime:
    """Aware UTC; a naive value is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def parse_iso(value: str) -> dt.datetime | None:
    """ISO 8601 (`2025-08-14T21:40:00+03:00`, `...Z`, `2025-08-14`)."""
    text = value.strip()
    if not text:
        return None
    if _ISO_DATE_ONLY.match(text):
        text += "T00:00:00"
    try:
        return as_utc(dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00")))
    except ValueError:
        return None


def parse_rfc822(value: str) -> dt.datetime | None:
    """RSS pubDate (`Thu, 14 Aug 2025 18:40:00 +0300`, `... GMT`, `... EST`)."""
    try:
        parsed = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return as_utc(parsed) if parsed is not None else None


def _dotted(text: str) -> dt.datetime | None:
    """`07.09.2025 09:15`: dotted numeric dates are always day.month.year (never the US order)."""
    found = _DOTTED_DATE.search(text)
    if not found:
        return None
    day, month, year, hour, minute = found.groups()
    try:
        return dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), tzinfo=dt.UTC)
    except ValueError:
        return None


def parse_human(value: str, languages: list[str] | None = None) -> dt.datetime | None:
    """A date written for readers, in English, Ukrainian or Russian (the first language sets the
    day/month order of numeric dates: day first for uk/ru)."""
    text = " ".join(value.split())
    if not text or not re.search(r"\d", text):
        return None
    if (dotted := _dotted(text)) is not None:
        return dotted
    settings = dict(_DATEPARSER_SETTINGS)
    if languages and languages[0] in ("uk", "ru"):
        settings["DATE_ORDER"] = "DMY"
    with warnings.catch_warnings():
        # dateparser warns about pytz/zoneinfo internals on some inputs; not actionable here.
        warnings.simplefilter("ignore")
        parsed = dateparser.parse(text, languages=languages, settings=settings)
        if parsed is None and (found := _HUMAN_DATE.search(text)):
            parsed = dateparser.parse(found.group(0), languages=languages, settings=settings)
    return as_utc(parsed) if parsed is not None else None


def parse_timestamp(value: str | None, languages: list[str] | None = None) -> dt.datetime | None:
    """Any of the above, machine formats first; None when nothing readable is there."""
    if value is None or not value.strip():
        return None
    return parse_iso(value) or parse_rfc822(value) or parse_human(value, languages)
