"""Find reference-data aliases in sentences (Aho-Corasick through Polars `str.find_many`).

Shared by actors, places, weapons and targets.  Rules:
- whole words only: an alias never matches inside a longer word ("Ukraine" not in "Ukrainian",
  "US" not in "USSR"); a side of the alias that is punctuation ("U.S.") needs no boundary;
- case-insensitive by default (Unicode lower-casing, so Cyrillic too), except aliases that are
  short all-capital acronyms ("US", "UK", "EU", "SBU", "ЗСУ"), which only match as written;
  an optional boolean `case_sensitive` column in `aliases` forces case per alias;
- where matches overlap, the longest wins (ties: the leftmost);
- offsets are character offsets in the sentence (`sentence[start:end] == surface`), converted
  from the byte offsets Polars reports;
- no-break spaces, apostrophe styles (' ’ ʼ) and Russian ё/е are interchangeable.
"""

from __future__ import annotations

import polars as pl

from conflict_events import schema

_WORD_CHAR = r"^[\p{L}\p{N}_]"
_WORD = r"[\p{L}\p{N}_]+"
_ACRONYM = r"^[\p{Lu}\p{N}&.\-]{2,6}$"
_KEYS = ["doc_id", "sent_idx"]


# Characters written several ways, folded one-for-one (so offsets stay valid) in texts and aliases alike:
# no-break and thin spaces, apostrophe styles, Russian "ё" (usually printed as "е").
_FOLD_FROM = ["\u00a0", "\u2009", "\u202f", "’", "ʼ", "ё", "Ё"]
_FOLD_TO = [" ", " ", " ", "'", "'", "е", "Е"]


def _folded(text: pl.Expr) -> pl.Expr:
    return text.str.replace_many(_FOLD_FROM, _FOLD_TO)


# Prepared alias tables by content: callers pass the same reference aliases again and again (one small
# batch of sentences at a time), and preparing 100,000 gazetteer aliases costs far more than hashing them.
_PREPARED: dict[tuple[object, ...], pl.DataFrame] = {}
_PREPARED_KEEP = 16


def _prepared_aliases(aliases: pl.DataFrame, case_sensitive: bool, remember: bool) -> pl.DataFrame:
    if not remember:
        return _prepare_aliases(aliases, case_sensitive)
    key = (tuple(aliases.columns), aliases.height, int(aliases.hash_rows(seed=7).sum()), case_sensitive)
    if key not in _PREPARED:
        if len(_PREPARED) >= _PREPARED_KEEP:
            _PREPARED.pop(next(iter(_PREPARED)))
        _PREPARED[key] = _prepare_aliases(aliases, case_sensitive)
    return _PREPARED[key]


def _prepare_aliases(aliases: pl.DataFrame, case_sensitive: bool) -> pl.DataFrame:
    """alias, entity_id, case_sensitive, pattern (the string searched for)."""
    alias = pl.col("alias").cast(pl.String).str.strip_chars()
    forced = pl.col("case_sensitive").cast(pl.Boolean) if "case_sensitive" in aliases.columns else pl.lit(None)
    is_acronym = alias.str.contains(_ACRONYM) & alias.str.contains(r"\p{Lu}")
    cased = pl.lit(True) if case_sensitive else forced.fill_null(is_acronym)
    prepared = (
        aliases.select(alias.alias("alias"), pl.col("entity_id").cast(pl.String), cased.alias("case_sensitive"))
        .drop_nulls(["alias", "entity_id"])
        .filter(pl.col("alias").str.len_chars() > 0)
    )
    # Lower-casing must keep the length, otherwise offsets in the lowered text would be wrong.
    folded = _folded(pl.col("alias"))
    lowered = folded.str.to_lowercase()
    keeps_length = lowered.str.len_chars() == pl.col("alias").str.len_chars()
    prepared = prepared.with_columns(
        pl.col("case_sensitive") | ~keeps_length,
    ).with_columns(pl.when(pl.col("case_sensitive")).then(folded).otherwise(lowered).alias("pattern"))
    return prepared.unique(["pattern", "case_sensitive", "entity_id"]).sort(["pattern", "entity_id"])


def _raw_matches(sentences: pl.DataFrame, patterns: list[str], *, lowered: bool) -> pl.DataFrame:
    """Every occurrence (overlapping) of any pattern: doc_id, sent_idx, start, end, pattern."""
    base = _folded(pl.col("sentence"))
    # "İ" is the one common letter whose lower case is two characters long.
    hay = base.str.replace_all("İ", "I", literal=True).str.to_lowercase() if lowered else base
    if lowered:
        # Rows whose lower-casing still changes the length are searched as written (very rare).
        hay = pl.when(hay.str.len_chars() == pl.col("sentence").str.len_chars()).then(hay).otherwise(base)
    haystack = sentences.select(*_KEYS, "sentence", hay.alias("_hay"))
    patterns = _patterns_that_can_match(haystack, patterns)
    if not patterns:
        return haystack.head(0).select(*_KEYS, "sentence", pl.lit(0, pl.Int64).alias("start"),
                                       pl.lit(0, pl.Int64).alias("end"), pl.lit("").alias("pattern"))
    found = (
        haystack
        .filter(pl.col("_hay").str.contains_any(patterns))
        .with_columns(
            pl.col("_hay").str.find_many(patterns, overlapping=True).alias("_byte_start"),
            pl.col("_hay").str.extract_many(patterns, overlapping=True).alias("pattern"),
        )
        .explode(["_byte_start", "pattern"])
        .drop_nulls("pattern")
    )
    is_ascii = pl.col("_hay").str.len_bytes() == pl.col("_hay").str.len_chars()
    prefix_chars = (
        pl.col("_hay").cast(pl.Binary).bin.head(pl.col("_byte_start").cast(pl.Int64)).cast(pl.String).str.len_chars()
    )
    start = pl.when(is_ascii).then(pl.col("_byte_start")).otherwise(prefix_chars).cast(pl.Int64)
    return found.with_columns(start.alias("start")).select(
        *_KEYS,
        "sentence",
        "start",
        (pl.col("start") + pl.col("pattern").str.len_chars().cast(pl.Int64)).alias("end"),
        "pattern",
    )


def _patterns_that_can_match(haystack: pl.DataFrame, patterns: list[str]) -> list[str]:
    """The patterns whose leading word occurs as a whole word in the haystack. Any other pattern could only
    match glued to a longer word, which the word-boundary rule rejects; dropping them first keeps the
    automaton small when few sentences are searched against a large gazetteer (tests, incremental runs).
    Patterns that start with punctuation are always kept."""
    words = haystack.select(pl.col("_hay").str.extract_all(_WORD).explode().unique().alias("word"))
    leading = pl.DataFrame({"pattern": patterns}, schema={"pattern": pl.String}).with_columns(
        pl.col("pattern").str.extract(f"^({_WORD})", 1).alias("word")
    )
    kept = pl.concat([
        leading.filter(pl.col("word").is_null()),
        leading.join(words, on="word", how="semi"),
    ])
    return kept["pattern"].unique().sort().to_list()


def _on_word_boundaries(matches: pl.DataFrame) -> pl.DataFrame:
    before = pl.col("sentence").str.slice(pl.col("start") - 1, 1)
    after = pl.col("sentence").str.slice(pl.col("end"), 1)
    first = pl.col("pattern").str.slice(0, 1)
    last = pl.col("pattern").str.slice(-1, 1)
    glued_left = (pl.col("start") > 0) & before.str.contains(_WORD_CHAR) & first.str.contains(_WORD_CHAR)
    glued_right = after.str.contains(_WORD_CHAR) & last.str.contains(_WORD_CHAR)
    return matches.filter(~glued_left.fill_null(False) & ~glued_right.fill_null(False))


def longest_non_overlapping(spans: pl.DataFrame) -> pl.DataFrame:
    """Drop every span that overlaps a longer span (or an equally long one further left) in its sentence.

    `spans` needs doc_id, sent_idx, start, end; other columns are kept.  Spans with identical
    offsets (one alias, several entities) are all kept.
    """
    if spans.height == 0:
        return spans
    keyed = spans.with_row_index("_span")
    # Only sentences where some span starts before an earlier span ends need the pairwise check.
    ordered = keyed.select(*_KEYS, "_span", "start", "end").sort([*_KEYS, "start", "end"])
    # Offsets are shifted by a per-sentence base so one running maximum serves all sentences.
    new_sentence = (pl.col("doc_id") != pl.col("doc_id").shift(1)) | (pl.col("sent_idx") != pl.col("sent_idx").shift(1))
    base = new_sentence.fill_null(True).cast(pl.Int64).cum_sum() * (1 << 32)
    previous_end = (base + pl.col("end")).cum_max().shift(1)
    clashing = ordered.filter((base + pl.col("start")) < previous_end.fill_null(-1)).select(_KEYS).unique()
    candidates = keyed.join(clashing, on=_KEYS, how="semi")
    pairs = candidates.select(*_KEYS, "_span", "start", "end").join(
        candidates.select(*_KEYS, pl.col("start").alias("o_start"), pl.col("end").alias("o_end")),
        on=_KEYS,
        how="inner",
    )
    length = pl.col("end") - pl.col("start")
    other_length = pl.col("o_end") - pl.col("o_start")
    beaten = pairs.filter(
        (pl.col("o_start") < pl.col("end"))
        & (pl.col("start") < pl.col("o_end"))
        & ((other_length > length) | ((other_length == length) & (pl.col("o_start") < pl.col("start"))))
    ).select("_span")
    return keyed.join(beaten.unique(), on="_span", how="anti").sort("_span").drop("_span")


def match_aliases(
    sentences: pl.DataFrame, aliases: pl.DataFrame, *, case_sensitive: bool = False, remember: bool = True
) -> pl.DataFrame:
    """sentences (schema.SENTENCES; needs doc_id, sent_idx, sentence) x aliases (alias, entity_id)
    -> schema.MENTIONS, sorted by doc_id, sent_idx, start.

    `remember=False` for a table made for one batch (fuzzy spellings): it is not kept among the prepared
    tables, so it never pushes a reference table out of them."""
    if sentences.height == 0 or aliases.height == 0:
        return schema.empty(schema.MENTIONS)
    prepared = _prepared_aliases(aliases, case_sensitive, remember)
    frames: list[pl.DataFrame] = []
    for cased in (True, False):
        group = prepared.filter(pl.col("case_sensitive") == cased)
        if group.height == 0:
            continue
        patterns = group["pattern"].unique().sort().to_list()
        raw = _raw_matches(sentences.select(*_KEYS, "sentence"), patterns, lowered=not cased)
        raw = _on_word_boundaries(raw)
        frames.append(raw.join(group.select("pattern", "entity_id"), on="pattern", how="inner"))
    if not frames:
        return schema.empty(schema.MENTIONS)
    matches = pl.concat(frames).unique([*_KEYS, "start", "end", "entity_id"])
    matches = longest_non_overlapping(matches)
    mentions = matches.with_columns(
        pl.col("sentence").str.slice(pl.col("start"), pl.col("end") - pl.col("start")).alias("surface")
    )
    return schema.conform(mentions, schema.MENTIONS).sort([*_KEYS, "start", "entity_id"])
