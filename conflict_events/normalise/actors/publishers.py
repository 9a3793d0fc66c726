"""Official publishers and the bare roles their texts use ("The Prime Minister" on gov.uk, "ворог")."""

from __future__ import annotations

import polars as pl

from conflict_events import schema
from conflict_events.normalise.actors.case_forms import with_case_forms
from conflict_events.normalise.actors.model import KEYS
from conflict_events.normalise.actors.reference import ActorReference
from conflict_events.text.gazetteer import match_aliases


def publisher_countries(documents: pl.DataFrame, publishers: pl.DataFrame) -> pl.DataFrame:
    """doc_id, country_code, published (date) for documents from an official publisher.

    A publisher is recognised by the URL's host (kremlin.ru, gov.uk), a URL fragment (t.me/s/<channel>),
    a publisher name in the source id ("kremlin_en"), or, for sites served from a local mirror, in the
    first path segment or any path segment of the URL ("/kremlin/...", "/s/GeneralStaffZSU")."""
    empty = pl.DataFrame(schema={"doc_id": pl.String, "country_code": pl.String, "published": pl.Date})
    if "url" not in documents.columns or publishers.height == 0:
        return empty
    url = pl.col("url").cast(pl.String).fill_null("").str.to_lowercase()
    host = url.str.extract(r"^[a-z][a-z0-9+.\-]*://(?:[^/@]*@)?([^/:?#]+)", 1).fill_null("")
    path = url.str.replace(r"^[a-z][a-z0-9+.\-]*://[^/]*", "").str.replace(r"[?#].*$", "")
    segments = path.str.split("/").list.eval(pl.element().str.replace_all(r"[^a-z0-9]", ""))
    source = (
        pl.col("source_id").cast(pl.String).fill_null("") if "source_id" in documents.columns else pl.lit("")
    ).str.to_lowercase()
    source_name = source.str.replace_all(r"[^a-z0-9]", "")
    # Path segments only speak for the publisher on a local mirror: on a real site "/kremlin-says-..." is a slug.
    mirrored = host.str.contains(r"^(?:localhost|\d+\.\d+\.\d+\.\d+|\[?::1\]?)$")
    first_segment = segments.list.get(1, null_on_oob=True).fill_null("")

    def recognised(pattern: str, kind: str) -> pl.Expr:
        if kind == "name":
            on_mirror = first_segment.str.contains(pattern, literal=True) | segments.list.contains(pattern)
            return source_name.str.contains(pattern, literal=True) | (mirrored & on_mirror)
        if "/" in pattern:
            return url.str.contains(pattern, literal=True)
        return (host == pattern) | host.str.ends_with("." + pattern)

    # One expression per reference pattern (a few dozen), evaluated over all documents at once.
    matches = [
        pl.when(recognised(pattern, kind)).then(pl.lit(code)).otherwise(None)
        for code, pattern, kind in publishers.iter_rows()
    ]
    published = pl.col("published_at").cast(pl.Date) if "published_at" in documents.columns else pl.lit(None, pl.Date)
    return (
        documents.select(pl.col("doc_id"), pl.coalesce(matches).alias("country_code"), published.alias("published"))
        .drop_nulls(["doc_id", "country_code"])
        .unique("doc_id", keep="first")
    )


_ANYWHERE = "ANY"  # roles.country_code for descriptions read in every text ("the German chancellor")


def role_mentions(
    sents: pl.DataFrame, publisher_docs: pl.DataFrame, all_docs: pl.DataFrame, reference: ActorReference
) -> pl.DataFrame:
    """Mentions of roles as their actors: a publisher's own roles ("The Prime Minister", "ворог") in its
    texts, and dated descriptions ("the German chancellor") in every text; the publisher's reading wins."""
    empty = schema.empty({**schema.MENTIONS, "match_kind": pl.String})
    if reference.roles.height == 0:
        return empty
    docs = pl.concat(
        [
            publisher_docs.select("doc_id", "country_code", "published", _reading=pl.lit(0)),
            all_docs.select("doc_id", pl.lit(_ANYWHERE).alias("country_code"), "published", _reading=pl.lit(1)),
        ]
    )
    if not (reference.roles["country_code"] == _ANYWHERE).any():
        docs = docs.filter(pl.col("country_code") != _ANYWHERE)
    if docs.height == 0:
        return empty
    texts = sents.join(docs.select("doc_id").unique(), on="doc_id", how="semi")
    # Cyrillic case forms ("ворога", "Президента") map back to the phrase they were made from.
    forms = reference.roles.select("phrase").unique().with_columns(pl.col("phrase").alias("_base"))
    forms = with_case_forms(forms, "phrase").rename({"phrase": "alias"})
    found = match_aliases(texts, forms.select("alias", pl.col("_base").alias("entity_id")), case_sensitive=True)
    if found.height == 0:
        return empty
    published_ok = (
        pl.col("valid_from").is_null() | pl.col("published").is_null() | (pl.col("published") >= pl.col("valid_from"))
    ) & (
        pl.col("valid_until").is_null() | pl.col("published").is_null() | (pl.col("published") <= pl.col("valid_until"))
    )
    spans = [*KEYS, "start", "end"]
    found = (
        found.join(texts.select(*KEYS, "sentence"), on=KEYS)
        .with_columns(pl.col("sentence").str.slice(pl.col("end"), 40).alias("_after"))
        # "the President of France", "the President Emmanuel Macron": someone else, named.
        .filter(~pl.col("_after").str.contains(r"^[ \u00a0]+(?:of[ \u00a0]|\p{Lu})"))
        .drop("sentence", "_after")
        .rename({"entity_id": "phrase"})
        .join(docs, on="doc_id")
        .join(reference.roles, on=["phrase", "country_code"])
        .filter(published_ok)
        # Without a publication date, an office with several holders is ambiguous: keep the open-ended one.
        .filter(pl.col("published").is_not_null() | pl.col("valid_until").is_null())
        .filter(pl.col("_reading") == pl.col("_reading").min().over(spans))
        .select(*spans, "surface", pl.col("actor_id").alias("entity_id"), match_kind=pl.lit("role"))
    )
    return schema.conform(found.unique([*spans, "entity_id"]), {**schema.MENTIONS, "match_kind": pl.String})
