"""Candidates as a CANDIDATES frame: each candidate's final date (status, same-day cues, clipped to
the publication day) and its columns, built column-wise (nested actors and mentions by a group_by),
then the background events dropped by one filter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import polars as pl

from conflict_events.extract.events.loading import DAY_WINDOW_DAYS, clause_date
from conflict_events.extract.events.model import ACTOR_ROLE, CANDIDATES, EVIDENCE, Candidate
from conflict_events.text.rules import Rules


def _date_of(cand: Candidate, rules: Rules) -> tuple[dt.date, dt.date, str, str]:
    sent = cand.anchor
    start, end, precision, source = clause_date(cand, rules)
    published = sent.published.date() if sent.published else None
    if cand.event_type == "statement" and precision in ("month", "year") and published is not None:
        # "in its summary of 2025 it stated ...": the month or year is what was talked about;
        # the statement itself is dated by the report.
        start, end, source = published - dt.timedelta(days=sent.window_days - 1), published, "window"
        precision = "day" if sent.window_days <= DAY_WINDOW_DAYS else "week"
    if published is not None and any(rules.pattern("same_day_cues").search(s.text) for s in cand.evidence[:1]):
        start, end, precision, source = published, published, "day", "sentence"
    elif published is not None and cand.status == "planned" and source == "window":
        start, end, precision = published, published + dt.timedelta(days=6), "week"
    if published is not None and cand.status == "occurred" and end is not None and end > published:
        end = published
        start = min(start, end) if start is not None else end
    return start, end, precision, source


def _dataset_sub_type(cand: Candidate, rules: Rules) -> str:
    """The sub_type in DATASET.md's vocabulary (finer rule names map onto it: offered talks are a
    peace plan, a suggested trade an agreement)."""
    path = f"{cand.event_type}.dataset_sub_type"
    return rules.value(path).get(cand.sub_type, cand.sub_type) if rules.has(path) else cand.sub_type


# The one-value-per-candidate columns, in the order _scalars gives them.
_SCALAR_COLUMNS = [name for name in CANDIDATES if name not in ("actors", "mentions")]
# A place's columns are the Place fields from place_id to geo_precision (model.Place's order).
_NO_PLACE = (None,) * 9
_ACTOR_FIELDS = ("actor_id", "role", "name")
_MENTION_FIELDS = ("sent_idx", "char_start", "char_end")


def _scalars(doc_id: str, cand_idx: int, cand: Candidate, rules: Rules) -> tuple[Any, ...]:
    target, weapon = cand.target, cand.weapon
    return (
        doc_id,
        cand_idx,
        cand.anchor.idx,
        cand.event_type,
        _dataset_sub_type(cand, rules),
        cand.status,
        *_date_of(cand, rules),
        *(cand.place[2:11] if cand.place else _NO_PLACE),
        target.target_name if target else None,
        target.target_type if target else cand.target_type,
        weapon.weapon_id if weapon else None,
        weapon.name if weapon else None,
        cand.quote,
        cand.strength,
        cand.place_named,
        cand.anchor.published,
    )


def _nested(rows: list[tuple[Any, ...]], fields: tuple[str, ...], dtype: pl.Struct, name: str) -> pl.DataFrame:
    """(candidate row, field values...) tuples as one list-of-struct column per candidate row."""
    flat = pl.DataFrame(rows, schema={"_row": pl.Int64, **{f: dtype.to_schema()[f] for f in fields}}, orient="row")
    return flat.group_by("_row").agg(pl.struct(*fields).alias(name))


def candidates_frame(found: Iterable[tuple[str, list[Candidate]]], rules: Rules) -> pl.DataFrame:
    """The candidates of each (doc_id, candidates) as CANDIDATES rows (cand_idx: the order within the
    document), without those too vague to be news."""
    scalars: list[tuple[Any, ...]] = []
    actors: list[tuple[Any, ...]] = []
    mentions: list[tuple[Any, ...]] = []
    for doc_id, cands in found:
        for cand_idx, cand in enumerate(cands):
            row = len(scalars)
            scalars.append(_scalars(doc_id, cand_idx, cand, rules))
            seen: set[tuple[str, str]] = set()
            for m, role in cand.actors:
                if (m.actor_id, role) not in seen:
                    seen.add((m.actor_id, role))
                    actors.append((row, m.actor_id, role, m.name))
            evidence = sorted({s.idx: s for s in cand.evidence}.values(), key=lambda s: s.idx)
            mentions += [(row, s.idx, s.start, s.end) for s in evidence]
    frame = pl.DataFrame(scalars, schema={c: CANDIDATES[c] for c in _SCALAR_COLUMNS}, orient="row")
    frame = (
        frame.with_row_index("_row")
        .with_columns(pl.col("_row").cast(pl.Int64))
        .join(_nested(actors, _ACTOR_FIELDS, ACTOR_ROLE, "actors"), on="_row", how="left")
        .join(_nested(mentions, _MENTION_FIELDS, EVIDENCE, "mentions"), on="_row", how="left")
        .sort("_row")
        .select(
            *[
                pl.col(c).fill_null(pl.lit([], dtype=CANDIDATES[c])) if c in ("actors", "mentions") else pl.col(c)
                for c in CANDIDATES
            ]
        )
    )
    return frame.filter(~too_vague())


# A strike that ended this many days before the report is background the report recalls, not news.
BACKGROUND_DAYS = 31


def too_vague() -> pl.Expr:
    """An event dated only to a year ("the bridge attack in 2022") is background, not news; so is a
    strike dated to a month long before the report ("since the invasion in February 2022")."""
    by_year = (pl.col("date_precision") == "year") & (pl.col("event_type") != "statement")
    long_before = (pl.col("event_type") == "strike") & (
        pl.col("date_end") < pl.col("published_at").dt.date() - dt.timedelta(days=BACKGROUND_DAYS)
    )
    return (by_year.fill_null(False) | long_before.fill_null(False)).alias("too_vague")
