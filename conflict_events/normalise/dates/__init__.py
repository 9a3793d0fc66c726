"""Date expressions in sentences, resolved against the document's publication date.

How it works (vectorised; Python only once per distinct expression):
1. A cheap keyword regex (Polars) keeps the sentences that could hold a date; most hold none.
2. One combined regex (Polars `str.extract_all`) pulls every date expression out of those sentences.
3. Each distinct (expression, publication date, future tense) is resolved once by `resolver.resolve`
   (lru_cache) with plain regexes and datetime arithmetic: predictable across month and year ends,
   which dateparser's relative parsing is not.
4. Per sentence the most precise expression wins (day > week > month > year), then the first.

Output per sentence: date_start, date_end (the event lies within; equal when known to the day),
date_precision ('day'|'week'|'month'|'year'), date_text (the expression as written), date_is_future
(the expression points after publication). Sentences without date words get nulls.
Ranges are honest: "earlier this week" is a span of days, never an invented exact day.

Modules: phrases (what we read), periods (the period of each kind of expression), resolver (one
expression), anchoring ("the next day"), sentences (whole frames); model holds the frames.
"""

from conflict_events.normalise.dates.model import DATES
from conflict_events.normalise.dates.periods import report_window
from conflict_events.normalise.dates.sentences import resolve_date_expressions, resolve_dates, resolve_sentence_dates

__all__ = ["DATES", "report_window", "resolve_date_expressions", "resolve_dates", "resolve_sentence_dates"]
