"""Language of a document: English, Ukrainian or Russian (ISO 639-1), or None when there is no text.

Two signals, cheapest first:
1. the script and the letters that only one of the two Cyrillic languages uses
   (і ї є ґ are Ukrainian only; ы э ъ ё are Russian only);
2. py3langid restricted to en/uk/ru for Cyrillic text that carries neither or both letter sets.
"""

from __future__ import annotations

import functools
import re

import polars as pl
from py3langid.langid import MODEL_FILE, LanguageIdentifier

LANGUAGES = ("en", "uk", "ru")
# Enough text to decide; classifying a whole long article only costs time.
_SAMPLE_CHARS = 3000

_LATIN = r"[A-Za-z]"
_CYRILLIC = r"[\u0400-\u04FF]"
_UK_ONLY = r"[іїєґІЇЄҐ]"
_RU_ONLY = r"[ыэъёЫЭЪЁ]"


@functools.cache
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def _by_letters(latin: int, cyrillic: int, uk_only: int, ru_only: int) -> str | None:
    """The language the letters alone decide, or None when only the statistical model can."""
    if latin == 0 and cyrillic == 0:
        return None
    if latin > cyrillic:
        return "en"
    if uk_only and not ru_only:
        return "uk"
    if ru_only and not uk_only:
        return "ru"
    return None


def _by_model(text: str) -> str | None:
    sample = text[:_SAMPLE_CHARS]
    latin = len(re.findall(_LATIN, sample))
    cyrillic = len(re.findall(_CYRILLIC, sample))
    if latin == 0 and cyrillic == 0:
        return None
    if latin > cyrillic:
        return "en"
    # Cyrillic text: English must not win on a few Latin names, so take the best Cyrillic language.
    ranked = _identifier().rank(sample)
    return next(str(lang) for lang, _score in ranked if lang in ("uk", "ru"))


def detect_language(text: str | None) -> str | None:
    """ISO 639-1 code among en/uk/ru, or None for empty or letterless text."""
    if not text:
        return None
    sample = text[:_SAMPLE_CHARS]
    decided = _by_letters(
        len(re.findall(_LATIN, sample)),
        len(re.findall(_CYRILLIC, sample)),
        len(re.findall(_UK_ONLY, sample)),
        len(re.findall(_RU_ONLY, sample)),
    )
    return decided if decided is not None else _by_model(sample)


def with_detected_language(documents: pl.DataFrame) -> pl.DataFrame:
    """Fill null `language` from `text`; the letter rules run as Polars expressions, the model only on the rest."""
    if documents.is_empty():
        return documents
    sample = pl.col("text").fill_null("").str.slice(0, _SAMPLE_CHARS)
    counted = documents.with_columns(
        sample.str.count_matches(_LATIN).alias("_latin"),
        sample.str.count_matches(_CYRILLIC).alias("_cyrillic"),
        sample.str.count_matches(_UK_ONLY).alias("_uk"),
        sample.str.count_matches(_RU_ONLY).alias("_ru"),
    )
    by_letters = (
        pl.when((pl.col("_latin") == 0) & (pl.col("_cyrillic") == 0))
        .then(pl.lit(None, dtype=pl.String))
        .when(pl.col("_latin") > pl.col("_cyrillic"))
        .then(pl.lit("en"))
        .when((pl.col("_uk") > 0) & (pl.col("_ru") == 0))
        .then(pl.lit("uk"))
        .when((pl.col("_ru") > 0) & (pl.col("_uk") == 0))
        .then(pl.lit("ru"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    decided = counted.with_columns(
        pl.when(pl.col("language").is_not_null()).then(pl.col("language")).otherwise(by_letters).alias("language"),
        (pl.col("language").is_null() & by_letters.is_null() & (pl.col("_latin") + pl.col("_cyrillic") > 0)).alias(
            "_open"
        ),
    ).drop("_latin", "_cyrillic", "_uk", "_ru")
    if not decided["_open"].any():
        return decided.drop("_open")
    # Row-wise model only for the few texts the letters could not decide.
    decided = decided.with_row_index("_row")
    modelled = decided.filter(pl.col("_open")).select(
        "_row", pl.col("text").map_elements(_by_model, return_dtype=pl.String).alias("_modelled")
    )
    return (
        decided.join(modelled, on="_row", how="left")
        .sort("_row")
        .with_columns(pl.coalesce("language", "_modelled").alias("language"))
        .drop("_row", "_open", "_modelled")
    )
