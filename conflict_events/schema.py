"""Polars schemas of the frames passed between stages. Stage functions return exactly these columns."""

from __future__ import annotations

import polars as pl

UTC_TS = pl.Datetime("us", "UTC")
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


def empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)


def conform(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Select and cast exactly the schema's columns (missing ones become nulls)."""
    return frame.select(
        [
            (pl.col(name) if name in frame.columns else pl.lit(None)).cast(dtype).alias(name)
            for name, dtype in schema.items()
        ]
    )
