"""Polars schemas of the frames passed between stages, one per stage boundary, in one place.

Stage functions return exactly these columns (`conform`) and check what they are given on entry
(`check`): a missing or renamed column, or a column of another type, is a SchemaError naming the
stage, never a silent null.

Extraction, stage by stage: DOCUMENTS -> split_sentences -> SENTENCES -> the finders, each giving
its mentions (ACTOR_MENTIONS, DATES, PLACE_MENTIONS, WEAPON_MENTIONS, TARGET_MENTIONS) -> event
candidates, which read the findings in the shapes FINDING_ACTORS, DATES, PLACE_MENTIONS,
FINDING_WEAPONS, TARGET_MENTIONS and PLACES (extract.events.model.CANDIDATES comes out).
"""

from __future__ import annotations

from typing import TypeVar

import polars as pl

# A frame, eager or lazy: functions typed with it return the kind they were given.
Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)

UTC_TS = pl.Datetime("us", "UTC")

# The order of the published tables' rows (the merge writes them in the order it stores them; the
# warehouse sorts them as it loads them, spilling to disk rather than holding a table in memory).
ROW_ORDER: dict[str, tuple[str, ...]] = {
    "events": ("event_id",),
    "event_actors": ("event_id", "role", "actor_id"),
    "event_mentions": ("event_id", "doc_id", "char_start", "char_end"),
}
SPAN = pl.Struct({"start": pl.Int64, "end": pl.Int64})

# One row per HTTP exchange kept in the raw store (fetch stage).
CAPTURES = {
    "capture_id": pl.String,  # sha256 of url + fetched_at, unique
    "source_id": pl.String,
    # role: what the crawler asked for (feed, archive, post_json, post_page, comments, article, channel_page)
    "role": pl.String,
    "key": pl.String,  # the crawler's own key for the item (post id, message id); may be null
    "url": pl.String,
    "status": pl.Int64,  # HTTP status; 0 when no response (timeout, refused)
    "headers": pl.String,  # JSON object of response headers
    "fetched_at": UTC_TS,
    "body_sha256": pl.String,  # content address of the body in the store; for a 304, the body it confirmed
    "size": pl.Int64,
    "not_modified": pl.Boolean,
    "error": pl.String,  # null when the response was usable
}

# The documents table of DATASET.md plus internal columns (kept in the warehouse as extras).
DOCUMENTS = {
    "doc_id": pl.String,
    "source_id": pl.String,
    "source_kind": pl.String,  # newsletter | official_statement | comment
    "url": pl.String,
    "title": pl.String,
    "author": pl.String,
    "published_at": UTC_TS,
    "fetched_at": UTC_TS,
    "language": pl.String,
    "text": pl.String,
    "is_truncated": pl.Boolean,
    "content_sha256": pl.String,
    "subtitle": pl.String,
    "parent_doc_id": pl.String,  # for comments: the post's doc_id
    "external_id": pl.String,  # the site's own id (post id, comment id, message id)
    "quote_spans": pl.List(SPAN),  # character ranges of text that sit in blockquotes
    # When the document's page last answered 404/410 (the document stays published, flagged); null
    # while it is online. Set by sources.documents.flag_gone, never by a parser.
    "gone_at": UTC_TS,
}

# One row per sentence (extract stage).
SENTENCES = {
    "doc_id": pl.String,
    "sent_idx": pl.Int64,  # order within the document
    "paragraph_idx": pl.Int64,
    "char_start": pl.Int64,  # offsets into documents.text
    "char_end": pl.Int64,
    "sentence": pl.String,  # == text[char_start:char_end]
    "in_blockquote": pl.Boolean,
    "has_quotation": pl.Boolean,  # contains a quotation in quote marks
    "published_at": UTC_TS,
    "source_kind": pl.String,
    "language": pl.String,
}

# A matched span of a reference-data alias inside a sentence (shared by actors, places, weapons, targets).
MENTIONS = {
    "doc_id": pl.String,
    "sent_idx": pl.Int64,
    "start": pl.Int64,  # offsets within the sentence
    "end": pl.Int64,
    "surface": pl.String,  # the matched text as written
    "entity_id": pl.String,
}

# Where an event happened, what it hit and with what: the same columns (and order) in event
# candidates and in the events table.
EVENT_PLACE_TARGET_WEAPON = {
    "admin1": pl.String,
    "admin1_code": pl.String,
    "country_code": pl.String,
    "latitude": pl.Float64,
    "longitude": pl.Float64,
    "geo_precision": pl.String,
    "target_name": pl.String,
    "target_type": pl.String,
    "weapon_id": pl.String,
}

# --- extraction: what the finders give (offsets within the sentence) ---------------------------------

# Actors (normalise.actors.find_actors): entity_id = actor_id, with how each was found and what the actor is.
ACTOR_MENTIONS = {
    **MENTIONS,
    "match_kind": pl.String,  # alias | title_pattern | fuzzy | demonym | surname | role
    "actor_name": pl.String,
    "actor_type": pl.String,
    "actor_country_code": pl.String,
    "actor_title": pl.String,
}

# Dates (normalise.dates.resolve_sentence_dates): one row per sentence, nulls where it names no date.
DATES = {
    "doc_id": pl.String,
    "sent_idx": pl.Int64,
    "date_start": pl.Date,
    "date_end": pl.Date,
    "date_precision": pl.String,  # day | week | month | year
    "date_text": pl.String,
    "date_is_future": pl.Boolean,
}

# Every date expression of a sentence, resolved (normalise.dates.resolve_date_expressions): what a
# clause is dated by. start/end: the expression's span within the sentence.
DATE_EXPRESSIONS = {
    "doc_id": pl.String,
    "sent_idx": pl.Int64,
    "start": pl.Int64,
    "end": pl.Int64,
    "date_start": pl.Date,
    "date_end": pl.Date,
    "date_precision": pl.String,
    "date_text": pl.String,
    "date_is_future": pl.Boolean,
}

# The places table of DATASET.md, and place mentions (normalise.places.find_places).
PLACES = {
    "place_id": pl.String,
    "name": pl.String,
    "place_type": pl.String,  # city | admin1 | country | facility
    "admin1": pl.String,
    "admin1_code": pl.String,
    "country_code": pl.String,
    "latitude": pl.Float64,
    "longitude": pl.Float64,
}
PLACE_MENTIONS = {**MENTIONS, **PLACES, "geo_precision": pl.String}

# Weapons (normalise.weapons.find_weapons): entity_id = weapon_id.
WEAPON_MENTIONS = MENTIONS

# Targets (normalise.targets.find_targets): the whole target phrase, entity_id = target_type.
TARGET_MENTIONS = {**MENTIONS, "target_type": pl.String, "target_name": pl.String, "place_id": pl.String}

# --- extraction: what event candidates read (extract.events.Findings) ---------------------------------

# Actor mentions with the actors table's columns for each actor (extract.pipeline joins them).
FINDING_ACTORS = {
    **MENTIONS,
    "match_kind": pl.String,
    "name": pl.String,
    "actor_type": pl.String,
    "country_code": pl.String,
    "title": pl.String,
}
# Weapon mentions with the weapons table's category and name.
FINDING_WEAPONS = {**WEAPON_MENTIONS, "category": pl.String, "name": pl.String}

# The sentence columns every finder reads.
SENTENCE_TEXT = ["doc_id", "sent_idx", "sentence"]


class SchemaError(ValueError):
    """A frame handed to a stage lacks a column of its schema, or has it with another type."""


def check(
    frame: pl.DataFrame, schema: dict[str, pl.DataType], stage: str, columns: list[str] | None = None
) -> pl.DataFrame:
    """`frame` itself, once it has every column of `schema` (or the `columns` of it the stage reads)
    with the schema's type; otherwise SchemaError.  A column that is all nulls without a type (Polars'
    Null) passes: that is how an empty optional value is built."""
    wanted = list(schema) if columns is None else columns
    missing = [name for name in wanted if name not in frame.columns]
    wrong = [
        f"{name} is {frame.schema[name]}, expected {schema[name]}"
        for name in wanted
        if name in frame.columns and frame.schema[name] != schema[name] and frame.schema[name] != pl.Null
    ]
    if missing or wrong:
        problems = ([f"missing column(s) {', '.join(missing)}"] if missing else []) + wrong
        raise SchemaError(f"{stage}: {'; '.join(problems)} (has: {', '.join(frame.columns)})")
    return frame


def empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


def column_names(frame: pl.DataFrame | pl.LazyFrame) -> list[str]:
    """The frame's columns (of a lazy frame, from its schema: nothing is read)."""
    return frame.collect_schema().names() if isinstance(frame, pl.LazyFrame) else frame.columns


def conform(frame: Frame, schema: dict[str, pl.DataType]) -> Frame:
    """Select and cast exactly the schema's columns (missing ones become nulls); lazy stays lazy."""
    names = column_names(frame)
    return frame.select(
        [(pl.col(name) if name in names else pl.lit(None)).cast(dtype).alias(name) for name, dtype in schema.items()]
    )
