"""Dates of whole sentence frames: candidates by one combined regex, each distinct expression resolved
once, then the most precise per sentence."""

from __future__ import annotations

import polars as pl

from conflict_events import schema
from conflict_events.normalise.dates.anchoring import anchor_shift, anchored_to_previous
from conflict_events.normalise.dates.model import DATES, KEYS, PRECISION_RANK
from conflict_events.normalise.dates.phrases import DatePhrases, load_date_phrases
from conflict_events.normalise.dates.resolver import resolve


def _empty_dates(sentences: pl.DataFrame) -> pl.DataFrame:
    return sentences.select(
        pl.col("doc_id").cast(pl.String),
        pl.col("sent_idx").cast(pl.Int64),
        *[pl.lit(None, dtype=dtype).alias(name) for name, dtype in DATES.items() if name not in KEYS],
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


def _candidates(sentences: pl.DataFrame, phrases: DatePhrases) -> pl.DataFrame:
    """Every date expression of every sentence, in text order (_order), as extracted (date_text), with
    where it ends in the sentence (_end, in characters)."""
    # The same scan with the text before each expression ("(?s).*?" is lazy, so each match is the
    # stretch up to the next expression): the running total of their lengths is where each one ends.
    upto = "(?s).*?(?:" + phrases.combined + ")"
    return (
        # One chunk: Polars compiles a regex once per chunk, and concatenated frames have thousands.
        sentences.select(*KEYS, "sentence", pl.col("published_at").dt.date().alias("pub"))
        .rechunk()
        .filter(pl.col("pub").is_not_null() & pl.col("sentence").str.contains(phrases.prefilter))
        .with_columns(
            pl.col("sentence").str.extract_all(phrases.combined).alias("date_text"),
            pl.col("sentence").str.extract_all(upto).alias("_upto"),
            pl.col("sentence").str.contains(phrases.future_tense).alias("future"),
        )
        .explode("date_text", "_upto")
        .drop_nulls("date_text")
        .with_row_index("_order")  # explode keeps each sentence's expressions in text order
        .with_columns(pl.col("_upto").str.len_chars().cum_sum().over(KEYS).cast(pl.Int64).alias("_end"))
        .drop("_upto")
    )


def _resolved_expressions(candidates: pl.DataFrame, phrases: DatePhrases) -> pl.DataFrame:
    """The candidates that are dates, resolved; anchored ones ("the next day") counted from the nearest
    dated expression before them (same sentence or up to `anchor_reach_sentences` back), else an honest
    week: the event lies before publication, nothing more is known."""
    rows = []
    for text, pub, future in candidates.select("date_text", "pub", "future").unique().iter_rows():
        found = resolve(text, pub, future, phrases)
        if found is not None:
            (start, end, precision, is_future), clean = found
            rows.append((text, pub, future, start, end, precision, is_future, clean, None))
        elif (shift := anchor_shift(text, phrases)) is not None:
            rows.append((text, pub, future, None, None, None, None, text, shift))
    resolved = pl.DataFrame(rows, schema=_RESOLVED_SCHEMA, orient="row")
    found = candidates.join(resolved, on=["date_text", "pub", "future"], how="inner").sort([*KEYS, "_order"])
    return anchored_to_previous(found, phrases.windows["anchor_reach_sentences"])


def _expressions(sentences: pl.DataFrame, phrases: DatePhrases | None, stage: str) -> pl.DataFrame | None:
    """Every resolved expression of the sentences in text order (None: no sentence names a date)."""
    schema.check(sentences, schema.SENTENCES, stage, [*schema.SENTENCE_TEXT, "published_at"])
    if sentences.height == 0:
        return None
    candidates = _candidates(sentences, phrases or load_date_phrases())
    if candidates.height == 0:
        return None
    return _resolved_expressions(candidates, phrases or load_date_phrases())


def _spans(found: pl.DataFrame | None) -> pl.DataFrame:
    """Resolved expressions (text order) as schema.DATE_EXPRESSIONS."""
    if found is None:
        return schema.empty(schema.DATE_EXPRESSIONS)
    clean = pl.col("clean_text")
    return schema.conform(
        found.sort("_order").with_columns(
            # A leading past-tense verb ("said on Friday") is not part of the date.
            (pl.col("_end") - clean.str.len_chars().cast(pl.Int64)).alias("start"),
            (pl.col("_end") - clean.str.len_chars() + clean.str.strip_chars_end().str.len_chars())
            .cast(pl.Int64)
            .alias("end"),
            clean.str.strip_chars().alias("date_text"),
        ),
        schema.DATE_EXPRESSIONS,
    )


def _best_per_sentence(sentences: pl.DataFrame, found: pl.DataFrame | None) -> pl.DataFrame:
    """One row per sentence (DATES): its most precise expression, the first on a tie."""
    if found is None:
        return _empty_dates(sentences) if sentences.height else pl.DataFrame(schema=DATES)
    rank = pl.col("date_precision").replace_strict(PRECISION_RANK, return_dtype=pl.Int64)
    best = (
        found.sort([*KEYS, rank, "_order"])
        .unique(KEYS, keep="first", maintain_order=True)
        .with_columns(pl.col("clean_text").str.strip_chars().alias("date_text"))
    )
    out = sentences.select(pl.col("doc_id").cast(pl.String), pl.col("sent_idx").cast(pl.Int64)).join(
        best.select(*DATES), on=KEYS, how="left", maintain_order="left"
    )
    return out.select([pl.col(name).cast(dtype) for name, dtype in DATES.items()])


def resolve_date_expressions(sentences: pl.DataFrame, phrases: DatePhrases | None = None) -> pl.DataFrame:
    """Every date expression of the sentences, resolved, with its span in the sentence
    (schema.DATE_EXPRESSIONS): what a clause of the sentence is dated by."""
    return _spans(_expressions(sentences, phrases, "resolve_date_expressions"))


def resolve_sentence_dates(sentences: pl.DataFrame, phrases: DatePhrases | None = None) -> pl.DataFrame:
    """One row per input sentence (DATES columns): its most precise date expression, resolved
    (`phrases`: the date phrase tables, the shipped ones by default)."""
    return _best_per_sentence(sentences, _expressions(sentences, phrases, "resolve_sentence_dates"))


def resolve_dates(sentences: pl.DataFrame, phrases: DatePhrases | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Both at once, from one pass: (DATES per sentence, DATE_EXPRESSIONS)."""
    found = _expressions(sentences, phrases, "resolve_dates")
    return _best_per_sentence(sentences, found), _spans(found)
