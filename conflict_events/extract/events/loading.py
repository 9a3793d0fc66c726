"""Frames -> per-document Python structures: the eligible sentences of each document (pre-filtered
by event type with Aho-Corasick), dated (own date, paragraph context, or the report window), with
the actors, places, weapons and targets found in each."""

from __future__ import annotations

from typing import Any

import polars as pl

from conflict_events.extract import roles as R
from conflict_events.extract.events.model import Findings, Place, Sentence, Target, Weapon
from conflict_events.text.rules import Rules


def _frame(frame: pl.DataFrame | None, docs: pl.Series) -> pl.DataFrame | None:
    if frame is None or frame.height == 0:
        return None
    return frame.filter(pl.col("doc_id").is_in(docs.implode()))


def _col(frame: pl.DataFrame, name: str) -> pl.Expr:
    return pl.col(name) if name in frame.columns else pl.lit(None)


def _dated_sentences(sentences: pl.DataFrame, dates: pl.DataFrame | None) -> pl.DataFrame:
    """Sentences with a date: own, else nearest earlier in the paragraph, else the report window."""
    if dates is not None and dates.height:
        keep = [c for c in ("date_start", "date_end", "date_precision", "date_is_future") if c in dates.columns]
        sentences = sentences.join(
            dates.select("doc_id", "sent_idx", *keep).unique(["doc_id", "sent_idx"]),
            on=["doc_id", "sent_idx"],
            how="left",
        )
    for name, dtype in (
        ("date_start", pl.Date),
        ("date_end", pl.Date),
        ("date_precision", pl.String),
        ("date_is_future", pl.Boolean),
    ):
        if name not in sentences.columns:
            sentences = sentences.with_columns(pl.lit(None, dtype=dtype).alias(name))
        else:
            sentences = sentences.with_columns(pl.col(name).cast(dtype))
    published = pl.col("published_at").dt.date()
    own = pl.col("date_start").is_not_null()
    para = ["doc_id", "paragraph_idx"]
    # Context: the nearest earlier dated sentence of the paragraph, else a dated lead sentence up to
    # three sentences before (it dates the short paragraphs of a bulletin that follow it).
    # Across paragraphs only the day-precise date of the document's lead sentence (a bulletin's
    # "Overnight on 21 October, ...") is carried.
    near = ["doc_id"]
    day = (pl.col("date_precision") == "day") & (pl.col("sent_idx") <= 1)
    sentences = sentences.sort("doc_id", "sent_idx").with_columns(
        pl.when(own).then(pl.lit("sentence")).alias("date_source"),
        pl.coalesce(
            pl.col("date_start").forward_fill().over(para),
            pl.when(day).then(pl.col("date_start")).forward_fill(limit=3).over(near),
        ).alias("_ctx_start"),
        pl.coalesce(
            pl.col("date_end").forward_fill().over(para),
            pl.when(day).then(pl.col("date_end")).forward_fill(limit=3).over(near),
        ).alias("_ctx_end"),
        pl.coalesce(
            pl.col("date_precision").forward_fill().over(para),
            pl.when(day).then(pl.col("date_precision")).forward_fill(limit=3).over(near),
        ).alias("_ctx_precision"),
    )
    from_context = ~own & pl.col("_ctx_start").is_not_null()
    window = pl.col("date_start").is_null()
    return sentences.with_columns(
        pl.when(from_context).then(pl.lit("context")).otherwise(pl.col("date_source")).alias("date_source"),
        pl.when(from_context).then(pl.col("_ctx_start")).otherwise(pl.col("date_start")).alias("date_start"),
        pl.when(from_context).then(pl.col("_ctx_end")).otherwise(pl.col("date_end")).alias("date_end"),
        pl.when(from_context)
        .then(pl.col("_ctx_precision"))
        .otherwise(pl.col("date_precision"))
        .alias("date_precision"),
    ).with_columns(
        pl.when(window).then(pl.lit("window")).otherwise(pl.col("date_source")).alias("date_source"),
        pl.when(window).then(published - pl.duration(days=6)).otherwise(pl.col("date_start")).alias("date_start"),
        pl.when(window).then(published).otherwise(pl.col("date_end")).alias("date_end"),
        pl.when(window).then(pl.lit("week")).otherwise(pl.col("date_precision")).alias("date_precision"),
    )


def _group_rows(frame: pl.DataFrame | None, columns: list[str]) -> dict[tuple[str, int], list[tuple[Any, ...]]]:
    out: dict[tuple[str, int], list[tuple[Any, ...]]] = {}
    if frame is None:
        return out
    selected = frame.select("doc_id", "sent_idx", *[(_col(frame, c)).alias(c) for c in columns]).sort(
        "doc_id", "sent_idx", "start"
    )
    for row in selected.iter_rows():
        out.setdefault((row[0], row[1]), []).append(row[2:])
    return out


def documents_of(findings: Findings, rules: Rules) -> dict[str, list[Sentence]]:
    sentences = findings.sentences
    if sentences.height == 0:
        return {}
    language = pl.col("language").fill_null("en").str.to_lowercase().str.slice(0, 2)
    languages: dict[str, list[str]] = rules.value("event_languages")
    eligible = sentences.filter(
        (pl.col("source_kind").fill_null("") != "comment")
        & language.is_in(sorted({lang for langs in languages.values() for lang in langs}))
    )
    # Each sentence is tagged with the types whose pre-filter words it holds, in a language the
    # type is looked for in.
    eligible = eligible.with_columns(
        pl.concat_list(
            [
                pl.when(
                    pl.col("sentence").str.contains_any(list(words), ascii_case_insensitive=True)
                    & language.is_in(languages.get(kind, ["en"]))
                )
                .then(pl.lit(kind))
                .otherwise(pl.lit(None, dtype=pl.String))
                for kind, words in rules.value("prefilter").items()
            ]
        )
        .list.drop_nulls()
        .alias("_kinds")
    )
    hits = eligible.filter(pl.col("_kinds").list.len() > 0)
    docs = hits.get_column("doc_id").unique()
    eligible = eligible.filter(pl.col("doc_id").is_in(docs.implode()))
    if eligible.height == 0:
        return {}
    dated = _dated_sentences(eligible, _frame(findings.dates, docs))

    actors = _group_rows(
        _frame(findings.actors, docs),
        ["start", "end", "entity_id", "actor_type", "match_kind", "country_code", "name", "title", "surface"],
    )
    places_frame = _frame(findings.places, docs)
    place_cols = [
        "start", "end", "place_id", "name", "place_type", "admin1", "admin1_code",
        "country_code", "latitude", "longitude", "geo_precision", "surface",
    ]  # fmt: skip
    if places_frame is not None and "place_id" not in places_frame.columns:
        places_frame = places_frame.with_columns(pl.col("entity_id").alias("place_id"))
    places = _group_rows(places_frame, place_cols)
    weapons = _group_rows(_frame(findings.weapons, docs), ["start", "end", "entity_id", "category", "name"])
    targets = _group_rows(
        _frame(findings.targets, docs), ["start", "end", "target_type", "target_name", "place_id", "surface"]
    )

    out: dict[str, list[Sentence]] = {}
    columns = [
        "doc_id", "sent_idx", "paragraph_idx", "char_start", "char_end", "sentence", "in_blockquote",
        "date_start", "date_end", "date_precision", "date_source", "date_is_future", "published_at", "_kinds",
    ]  # fmt: skip
    for row in dated.select(columns).sort("doc_id", "sent_idx").iter_rows():
        (doc_id, idx, para, start, end, text, in_bq, d0, d1, prec, source, future, published, kinds) = row
        key = (doc_id, idx)
        sent = Sentence(
            idx=idx,
            para=para,
            start=start,
            end=end,
            text=text,
            in_blockquote=bool(in_bq),
            date=(d0, d1, prec or "week", source or "window"),
            is_future=bool(future),
            published=published,
            kinds=frozenset(kinds or ()),
        )
        sent.actors = [
            R.ActorMention(a[0], a[1], a[2], a[3] or "organisation", a[4] or "alias", a[5], a[6] or a[2], a[7], a[8])
            for a in actors.get(key, [])
        ]
        sent.places = [
            Place(p[0], p[1], p[2], p[3] or p[11], p[4] or "city", *p[5:11], p[11]) for p in places.get(key, [])
        ]
        sent.weapons = [Weapon(w[0], w[1], w[2], w[3], w[4] or w[2]) for w in weapons.get(key, [])]
        sent.targets = [Target(t[0], t[1], t[2] or "other", t[3] or t[5], t[4], t[5]) for t in targets.get(key, [])]
        out.setdefault(doc_id, []).append(sent)
    return out


def places_by_id(findings: Findings) -> dict[str, Place]:
    info = findings.place_info
    if info is None or info.height == 0:
        return {}
    cols = ["place_id", "name", "place_type", "admin1", "admin1_code", "country_code", "latitude", "longitude"]
    lookup: dict[str, Place] = {}
    for row in info.select([_col(info, c).alias(c) for c in cols]).iter_rows():
        precision = {"facility": "point", "city": "city", "admin1": "admin1", "country": "country"}.get(row[2] or "")
        lookup[row[0]] = Place(0, 0, row[0], row[1], row[2] or "city", row[3], row[4], row[5], row[6], row[7],
                               precision, row[1])  # fmt: skip
    return lookup
