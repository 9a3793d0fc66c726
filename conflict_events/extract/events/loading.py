"""Frames -> per-document Python structures: the eligible sentences of each document (pre-filtered
by event type with Aho-Corasick), dated (own date, paragraph context, or the report window), with
the actors, places, weapons and targets found in each.  Everything up to the sentence objects is
Polars (filters, joins, group_by/agg of each sentence's mentions); one pass over the joined rows
builds the objects the per-document rules read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import polars as pl

from conflict_events import schema
from conflict_events.extract import roles as R
from conflict_events.extract.events.model import Candidate, DateSpan, Findings, Place, Sentence, Target, Weapon
from conflict_events.extract.triggers import possible_triggers
from conflict_events.text.rules import Rules


def _frame(frame: pl.DataFrame | None, docs: pl.Series) -> pl.DataFrame | None:
    if frame is None or frame.height == 0:
        return None
    return frame.filter(pl.col("doc_id").is_in(docs.implode()))


def check_findings(findings: Findings) -> None:
    """Each findings frame has the columns event extraction reads (schema.py), or SchemaError."""
    schema.check(findings.sentences, schema.SENTENCES, "events (sentences)")
    frames = (
        (findings.actors, schema.FINDING_ACTORS, "actors", None),
        # A dates frame is read for these columns (it may come without date_text).
        (findings.dates, schema.DATES, "dates", ["doc_id", "sent_idx", *_DATE_COLUMNS]),
        (findings.places, schema.PLACE_MENTIONS, "places", None),
        (findings.weapons, schema.FINDING_WEAPONS, "weapons", None),
        (findings.targets, schema.TARGET_MENTIONS, "targets", None),
        (findings.place_info, schema.PLACES, "place_info", None),
        (findings.date_expressions, schema.DATE_EXPRESSIONS, "date_expressions", None),
    )
    for frame, expected, name, read in frames:
        if frame is not None:
            schema.check(frame, expected, f"events ({name})", read)


_DATE_COLUMNS = ["date_start", "date_end", "date_precision", "date_is_future"]


# A report window this short (the day before publication and the day itself) is day precision.
DAY_WINDOW_DAYS = 2


def _report_window_days(rules: Rules) -> pl.Expr:
    """Days back from publication an undated event of the report may lie, by its source kind."""
    windows: dict[str, int] = rules.value("report_window_days")
    return pl.col("source_kind").replace_strict(
        {k: v for k, v in windows.items() if k != "default"}, default=windows["default"], return_dtype=pl.Int64
    )


def _dated_sentences(sentences: pl.DataFrame, dates: pl.DataFrame | None, rules: Rules) -> pl.DataFrame:
    """Sentences with a date: own, else nearest earlier in the paragraph, else the report window
    (`report_window_days` of the source kind: a day-by-day report covers less than a weekly one)."""
    if dates is not None and dates.height:
        sentences = sentences.join(
            dates.select("doc_id", "sent_idx", *_DATE_COLUMNS).unique(["doc_id", "sent_idx"]),
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
    # A month or a year named before is background the report recalls ("In June, ..."); only a day or a
    # week dates the sentences after it (context_date_precisions).
    carried = pl.col("_ctx_precision").is_in(rules.words("context_date_precisions"))
    from_context = ~own & pl.col("_ctx_start").is_not_null() & carried
    window = pl.col("date_start").is_null()
    window_days = _report_window_days(rules)
    return sentences.with_columns(
        window_days.alias("_window_days"),
        pl.when(from_context).then(pl.lit("context")).otherwise(pl.col("date_source")).alias("date_source"),
        pl.when(from_context).then(pl.col("_ctx_start")).otherwise(pl.col("date_start")).alias("date_start"),
        pl.when(from_context).then(pl.col("_ctx_end")).otherwise(pl.col("date_end")).alias("date_end"),
        pl.when(from_context)
        .then(pl.col("_ctx_precision"))
        .otherwise(pl.col("date_precision"))
        .alias("date_precision"),
    ).with_columns(
        pl.when(window).then(pl.lit("window")).otherwise(pl.col("date_source")).alias("date_source"),
        pl.when(window)
        .then(published - pl.duration(days=window_days - 1))
        .otherwise(pl.col("date_start"))
        .alias("date_start"),
        pl.when(window).then(published).otherwise(pl.col("date_end")).alias("date_end"),
        pl.when(window)
        .then(pl.when(window_days <= DAY_WINDOW_DAYS).then(pl.lit("day")).otherwise(pl.lit("week")))
        .otherwise(pl.col("date_precision"))
        .alias("date_precision"),
    )


def _or(value: pl.Expr, fallback: pl.Expr | str) -> pl.Expr:
    """`value`, or `fallback` where it is null or empty (what `value or fallback` does in Python)."""
    other = pl.lit(fallback) if isinstance(fallback, str) else fallback
    return pl.when(value.is_null() | (value.cast(pl.String) == "")).then(other).otherwise(value)


# The fields of each kind of mention object, in order, from its findings frame.
_ACTOR_FIELDS = [
    pl.col("start"),
    pl.col("end"),
    pl.col("entity_id"),
    _or(pl.col("actor_type"), "organisation"),
    _or(pl.col("match_kind"), "alias"),
    pl.col("country_code"),
    _or(pl.col("name"), pl.col("entity_id")),
    pl.col("title"),
    pl.col("surface"),
]
_PLACE_FIELDS = [
    pl.col("start"),
    pl.col("end"),
    pl.col("place_id"),
    _or(pl.col("name"), pl.col("surface")),
    _or(pl.col("place_type"), "city"),
    pl.col("admin1"),
    pl.col("admin1_code"),
    pl.col("country_code"),
    pl.col("latitude"),
    pl.col("longitude"),
    pl.col("geo_precision"),
    pl.col("surface"),
]
_WEAPON_FIELDS = [
    pl.col("start"),
    pl.col("end"),
    pl.col("entity_id"),
    pl.col("category"),
    _or(pl.col("name"), pl.col("entity_id")),
]
_TARGET_FIELDS = [
    pl.col("start"),
    pl.col("end"),
    _or(pl.col("target_type"), "other"),
    _or(pl.col("target_name"), pl.col("surface")),
    pl.col("place_id"),
    pl.col("surface"),
]

_DATE_SPAN_FIELDS = [pl.col(name) for name in ("start", "end", *_DATE_COLUMNS[:3], "date_is_future")]

_KEYS = ["doc_id", "sent_idx"]


def _date_span(
    start: int, end: int, date_start: Any, date_end: Any, precision: str | None, is_future: bool | None
) -> DateSpan:
    return DateSpan(start, end, (date_start, date_end, precision or "week", "sentence"), bool(is_future))


def _by_sentence(
    frame: pl.DataFrame | None,
    rows: pl.DataFrame,
    fields: list[pl.Expr],
    cls: Callable[..., Any],
) -> list[list[Any]]:
    """The mentions of each sentence of `rows` (doc_id, sent_idx, _row), as objects in text order.

    A join gives every mention its sentence's row and a sort puts them in order (Polars); Python only
    turns whole columns into objects (Series.to_list, not row by row) and hands each to its row."""
    out: list[list[Any]] = [[] for _ in range(rows.height)]
    if frame is None:
        return out
    placed = (
        frame.select(*_KEYS, *[expr.alias(f"_f{i}") for i, expr in enumerate(fields)])
        .join(rows, on=_KEYS, how="inner")
        .sort("_row", "_f0", maintain_order=True)
    )
    columns = [placed[f"_f{i}"].to_list() for i in range(len(fields))]
    for row, obj in zip(placed["_row"].to_list(), [cls(*f) for f in zip(*columns, strict=True)], strict=True):
        out[row].append(obj)
    return out


# Documents turned into sentence objects at a time: the objects of one chunk are all the Python
# memory the rules hold, so the peak stays flat however many documents a batch has.
DOCUMENT_CHUNK = 400


def documents_of(
    findings: Findings, rules: Rules, chunk_size: int = DOCUMENT_CHUNK
) -> Iterator[dict[str, list[Sentence]]]:
    """The eligible sentences of each document as objects, `chunk_size` documents at a time."""
    check_findings(findings)
    sentences = findings.sentences
    if sentences.height == 0:
        return
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
    trigger_types = [kind for kind in rules.value("prefilter") if rules.has(f"{kind}.triggers")]
    docs = hits.get_column("doc_id").unique().sort()
    if docs.len() == 0:
        return
    chunk_of = (
        docs.to_frame().with_row_index("_chunk").select("doc_id", (pl.col("_chunk") // chunk_size).cast(pl.Int64))
    )
    dated = (
        _dated_sentences(eligible.join(chunk_of, on="doc_id", how="inner"), _frame(findings.dates, docs), rules)
        .join(_possible_triggers(hits, trigger_types, rules), on=_KEYS, how="left")
        .select(*_SENTENCE_COLUMNS, "_chunk", *[f"{_POSSIBLE}{kind}" for kind in trigger_types])
        .sort("_chunk", *_KEYS)
    )
    # Every mention frame cut into the same chunks once (a join per frame, not one per chunk).
    mention_frames = {
        name: _chunked(frame, chunk_of)
        for name, frame in (
            ("actors", findings.actors),
            ("places", findings.places),
            ("weapons", findings.weapons),
            ("targets", findings.targets),
            ("date_expressions", findings.date_expressions),
        )
    }
    for (chunk,), part in dated.partition_by("_chunk", as_dict=True, maintain_order=True).items():
        yield _sentence_objects(part.drop("_chunk"), {name: parts.get(chunk) for name, parts in mention_frames.items()})


def _possible_triggers(hits: pl.DataFrame, kinds: list[str], rules: Rules) -> pl.DataFrame:
    """Keys of `hits` and, per event type, the trigger patterns that can match each sentence tagged
    with the type (null for the others): find_triggers then tries only those."""
    out = hits.select(_KEYS)
    for kind in kinds:
        tagged = hits.filter(pl.col("_kinds").list.contains(kind))
        possible = possible_triggers(pl.col("sentence"), kind, rules).alias(f"{_POSSIBLE}{kind}")
        out = out.join(tagged.select(*_KEYS, possible), on=_KEYS, how="left")
    return out


def _chunked(frame: pl.DataFrame | None, chunk_of: pl.DataFrame) -> dict[int, pl.DataFrame]:
    if frame is None or frame.height == 0:
        return {}
    joined = frame.join(chunk_of, on="doc_id", how="inner")
    return {key: part for (key,), part in joined.partition_by("_chunk", as_dict=True).items()}


_SENTENCE_COLUMNS = [
    "doc_id", "sent_idx", "paragraph_idx", "char_start", "char_end", "sentence", "in_blockquote",
    "date_start", "date_end", "date_precision", "date_source", "date_is_future", "published_at", "_kinds",
    "_window_days",
]  # fmt: skip
_POSSIBLE = "_possible_"  # + event type: the indices of its trigger patterns that can match (find_triggers)


def _sentence_objects(dated: pl.DataFrame, mentions: dict[str, pl.DataFrame | None]) -> dict[str, list[Sentence]]:
    """Sentence objects of each document of `dated` (sorted by doc_id, sent_idx), with their mentions."""
    dated = dated.with_row_index("_row")
    rows = dated.select(*_KEYS, pl.col("_row").cast(pl.Int64))
    actors = _by_sentence(mentions["actors"], rows, _ACTOR_FIELDS, R.ActorMention)
    places = _by_sentence(mentions["places"], rows, _PLACE_FIELDS, Place)
    weapons = _by_sentence(mentions["weapons"], rows, _WEAPON_FIELDS, Weapon)
    targets = _by_sentence(mentions["targets"], rows, _TARGET_FIELDS, Target)
    date_spans = _by_sentence(mentions["date_expressions"], rows, _DATE_SPAN_FIELDS, _date_span)

    out: dict[str, list[Sentence]] = {}
    sentence_rows = zip(*(dated[name].to_list() for name in _SENTENCE_COLUMNS), strict=True)
    possible = {
        name.removeprefix(_POSSIBLE): dated[name].to_list() for name in dated.columns if name.startswith(_POSSIBLE)
    }
    for i, row in enumerate(sentence_rows):
        (doc_id, idx, para, start, end, text, in_bq, d0, d1, prec, source, future, published, sent_kinds, window) = row
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
            kinds=frozenset(sent_kinds or ()),
            window_days=window,
        )
        sent.actors, sent.places, sent.weapons, sent.targets = actors[i], places[i], weapons[i], targets[i]
        sent.date_spans = date_spans[i]
        sent.possible_triggers = {kind: tuple(found[i]) for kind, found in possible.items() if found[i] is not None}
        out.setdefault(doc_id, []).append(sent)
    return out


_GEO_PRECISION = {"facility": "point", "city": "city", "admin1": "admin1", "country": "country"}


def places_by_id(findings: Findings) -> dict[str, Place]:
    """The places table as Place objects by id (a target's place is looked up here)."""
    info = findings.place_info
    if info is None or info.height == 0:
        return {}
    schema.check(info, schema.PLACES, "events (place_info)")
    place_type = pl.col("place_type").cast(pl.String)
    fields = info.select(
        pl.lit(0).alias("start"),
        pl.lit(0).alias("end"),
        pl.col("place_id"),
        pl.col("name"),
        _or(place_type, "city").alias("place_type"),
        *[pl.col(name) for name in ("admin1", "admin1_code", "country_code", "latitude", "longitude")],
        place_type.replace_strict(_GEO_PRECISION, default=None, return_dtype=pl.String).alias("geo_precision"),
        pl.col("name").alias("surface"),
    )
    places = [Place(*row) for row in zip(*(series.to_list() for series in fields.iter_columns()), strict=True)]
    return {place.place_id: place for place in places}


_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def clause_date(cand: Candidate, rules: Rules) -> tuple[Any, Any, str, str]:
    """The date of the clause a candidate's trigger hangs on: the most precise date expression inside
    that clause (the first on a tie), so "X said on Tuesday that Russia struck Kyiv overnight" dates the
    strike by "overnight" and "..., while talks are set for next week" dates the talks by "next week";
    with no date in the clause (or no known trigger), the sentence's date (own, context or window)."""
    sent = cand.anchor
    if cand.trigger_start is None or not sent.date_spans:
        return sent.date
    start, end = R.clause_bounds(sent.text, cand.trigger_start, rules)
    inside = [span for span in sent.date_spans if start <= span.start and span.end <= end]
    if not inside:
        return sent.date
    return min(inside, key=lambda span: (_PRECISION_RANK.get(span.date[2], 9), span.start)).date
