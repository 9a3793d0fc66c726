"""Which candidates are one event: features, compatible pairs within and across documents
(Polars joins on blocking keys), clusters by union-find."""

from __future__ import annotations

import re

import polars as pl

SOURCE_RANK = {"sentence": 0, "context": 1, "window": 2}
PLACE_RANK = {"facility": 0, "city": 1, "admin1": 2, "country": 3}
KEY_ROLE = {"strike": "initiator", "meeting": "participant", "statement": "speaker"}
# When mentions disagree, the more specific sub_type wins ("the Anchorage summit" over "talks").
SUB_TYPE_RANK = {"summit": 0, "call": 1, "talks": 2}
_MAX_BLOCK_WEEKS = 6
SUMMARY_CHARS = 200
# "said on Tuesday that ...": the words between the speech verb and "that" (a time, an audience).
_THAT = re.compile(r"^(?P<between>[^.;:“”\"]{0,40}?)\bthat\s+", re.IGNORECASE)
_SHINGLE = 4


def norm(text: str | None) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", (text or "").lower()).split())


def norm_expr(column: str) -> pl.Expr:
    """norm as a Polars expression (ASCII letters and digits, single spaces; null stays null)."""
    return pl.col(column).str.to_lowercase().str.replace_all(r"[^a-z0-9]+", " ").str.strip_chars(" ").replace("", None)


def features(candidates: pl.DataFrame) -> pl.DataFrame:
    """Per candidate: key actor ids (role that defines the event), all actor ids, evidence span."""
    key_role = (
        pl.col("event_type").replace_strict(KEY_ROLE, default="initiator", return_dtype=pl.String).alias("_key_role")
    )
    frame = candidates.with_columns(key_role)
    keys = (
        frame.select("cid", "_key_role", "actors")
        .explode("actors")
        .drop_nulls("actors")
        .unnest("actors")
        .filter(pl.col("role") == pl.col("_key_role"))
        .group_by("cid")
        .agg(pl.col("actor_id").unique().sort().alias("key_actors"))
    )
    sents = pl.col("mentions").list.eval(pl.element().struct.field("sent_idx"))
    return (
        frame.join(keys, on="cid", how="left")
        .with_columns(
            pl.col("key_actors").fill_null(pl.lit([], dtype=pl.List(pl.String))),
            sents.list.min().alias("first_sent"),
            sents.list.max().alias("last_sent"),
            norm_expr("quote").alias("quote_norm"),
            norm_expr("target_name").alias("target_norm"),
        )
        .drop("_key_role")
    )


def sentence_distance() -> pl.Expr:
    """Sentences between the evidence of a pair's two sides (columns x and x_r); 0 when they overlap."""
    return pl.max_horizontal(
        pl.col("first_sent_r") - pl.col("last_sent"), pl.col("first_sent") - pl.col("last_sent_r"), pl.lit(0)
    )


def _compatible(pairs: pl.DataFrame, *, same_doc: bool) -> pl.DataFrame:
    """Keep the pairs (columns x and x_r) that describe one event."""
    overlap = (pl.col("date_start") <= pl.col("date_end_r")) & (pl.col("date_start_r") <= pl.col("date_end"))
    if same_doc:
        dates_ok = overlap | (pl.col("date_source") == "window") | (pl.col("date_source_r") == "window")
    else:
        dates_ok = overlap
    shared = pl.col("key_actors").list.set_intersection(pl.col("key_actors_r")).list.len()
    either_empty = (pl.col("key_actors").list.len() == 0) | (pl.col("key_actors_r").list.len() == 0)
    same_place = pl.col("place_id").is_not_null() & (pl.col("place_id") == pl.col("place_id_r"))
    same_target = (pl.col("target_norm").fill_null("") != "") & (pl.col("target_norm") == pl.col("target_norm_r"))
    kind = pl.col("event_type")
    # Two named targets are two strikes, even in one town ("the Kairos and the Virat tankers").
    targets_clash = (
        (pl.col("target_norm").fill_null("") != "")
        & (pl.col("target_norm_r").fill_null("") != "")
        & (pl.col("target_norm") != pl.col("target_norm_r"))
    )
    strike = (same_place | same_target) & (either_empty | (shared > 0)) & ~targets_clash
    places_clash = pl.col("place_id").is_not_null() & pl.col("place_id_r").is_not_null() & ~same_place
    # One shared participant and the same place is enough only when a mention names the meeting by
    # its place ("after the Florida meeting, Witkoff ..."); otherwise the same host meeting two guests
    # in the same palace would merge.
    named_by_place = pl.col("place_named").fill_null(False) | pl.col("place_named_r").fill_null(False)
    # A phone call and a meeting in person are different events even between the same people.
    # Every pair must agree on both, so a chain of pairs cannot join a call to a summit either.
    call_clash = (pl.col("sub_type") == "call") != (pl.col("sub_type_r") == "call")
    # Two meetings found in one sentence are two ("X met the delegations of the talks between A, B and C").
    one_sentence = (pl.col("doc_id") == pl.col("doc_id_r")) & (pl.col("first_sent") == pl.col("first_sent_r"))
    apart = places_clash | call_clash | one_sentence
    meeting = ((shared >= 2) | (same_place & (shared >= 1) & named_by_place)) & ~apart
    distance = sentence_distance()
    same_quote = (pl.col("quote_norm").fill_null("") != "") & (
        pl.col("quote_norm").str.contains(pl.col("quote_norm_r").str.slice(0, 40), literal=True)
        | pl.col("quote_norm_r").str.contains(pl.col("quote_norm").str.slice(0, 40), literal=True)
    )
    if same_doc:
        statement = (shared > 0) & ((distance <= 2) | same_quote)
    else:
        both_reported = pl.col("quote_norm").is_null() & pl.col("quote_norm_r").is_null()
        same_day = (pl.col("date_start") == pl.col("date_end")) & (pl.col("date_start") == pl.col("date_start_r"))
        statement = (shared > 0) & (
            same_quote | (both_reported & same_day & (pl.col("date_end_r") == pl.col("date_start")))
        )
    other = (pl.col("sub_type") == pl.col("sub_type_r")) & (shared > 0)
    rule = (
        pl.when(kind == "strike")
        .then(strike)
        .when(kind == "meeting")
        .then(meeting)
        .when(kind == "statement")
        .then(statement)
        .otherwise(other)
    )
    # A planned (or cancelled) event and one that took place are two events, whatever the type.
    same_status = pl.col("status").fill_null("") == pl.col("status_r").fill_null("")
    return pairs.filter(dates_ok & same_status & rule)


_PAIR_COLUMNS = [
    "cid", "doc_id", "event_type", "sub_type", "status", "date_start", "date_end", "date_source", "place_id",
    "location_name", "target_norm", "key_actors", "first_sent", "last_sent", "quote_norm", "place_named",
]  # fmt: skip
# Pair generation joins only these narrow columns; the rules' columns are joined to the survivors.
_KEY_COLUMNS = ["cid", "doc_id", "date_start", "date_end"]
_PAIR_SLICE = 50_000


def _with_features(pairs: pl.DataFrame, feats: pl.DataFrame) -> pl.DataFrame:
    """Candidate pairs (cid, cid_r) with every rule column of both sides (right side suffixed _r)."""
    left = feats.select(_PAIR_COLUMNS)
    right = left.rename({c: f"{c}_r" for c in _PAIR_COLUMNS})
    return pairs.select("cid", "cid_r").join(left, on="cid", how="inner").join(right, on="cid_r", how="inner")


def _compatible_slices(
    pairs: pl.DataFrame, feats: pl.DataFrame, *, same_doc: bool, texts: pl.DataFrame | None = None
) -> pl.DataFrame:
    """The pairs (cid, cid_r) that describe one event (`texts`: also place_supported), checked a slice
    at a time: the rule columns (lists, quotes) are wide, and joined to a million pairs at once they
    would take hundreds of MB."""
    kept = []
    for offset in range(0, pairs.height, _PAIR_SLICE):
        compatible = _compatible(_with_features(pairs.slice(offset, _PAIR_SLICE), feats), same_doc=same_doc)
        kept.append((compatible if texts is None else place_supported(compatible, texts)).select("cid", "cid_r"))
    return pl.concat(kept) if kept else pl.DataFrame(schema={"cid": pl.UInt64, "cid_r": pl.UInt64})


def within_document_pairs(feats: pl.DataFrame, *, same_week: bool = True) -> pl.DataFrame:
    """Compatible pairs of one document: same type and status (a planned event and a held one are
    never one: _compatible) and, unless not `same_week`, the same week as across documents (_week_expr):
    two dated ranges that overlap across a week's end ("the night of Sunday to Monday") would join two
    weeks, and through other reports every week after them. Undated mentions have by then taken the
    date of the event they name (merge.dating), so they stay with it."""
    keys = feats.select("cid", "doc_id", "event_type", pl.col("status").fill_null(""), _week_expr().alias("week"))
    on = ["doc_id", "event_type", "status", *(["week"] if same_week else [])]
    pairs = keys.join(keys, on=on, how="inner", suffix="_r", nulls_equal=True).filter(pl.col("cid") < pl.col("cid_r"))
    return _compatible_slices(pairs, feats, same_doc=True)


def unlocated_strike_pairs(feats: pl.DataFrame) -> pl.DataFrame:
    """One report, one strike: a strike candidate with neither place nor target ("the Defence Forces
    hit a key enterprise") joins the nearest located or targeted strike of its document with an
    overlapping date - by the same attacker, else one whose attacker is not named ("apartment blocks
    in Kyiv were hit" after "the Russians launched 430 drones"). Only one, so it never chains two
    located strikes together."""
    strikes = feats.filter(pl.col("event_type") == "strike").select(
        "cid", "doc_id", "cand_idx", "status", "date_start", "date_end", "key_actors", "first_sent", "last_sent",
        (pl.col("place_id").is_null() & pl.col("target_norm").is_null()).alias("_bare"),
        _week_expr().alias("_week"),
    )  # fmt: skip
    bare = strikes.filter(pl.col("_bare") & (pl.col("key_actors").list.len() > 0)).drop("_bare")
    located = strikes.filter(~pl.col("_bare")).drop("_bare")
    distance = sentence_distance()
    return (
        bare.join(located, on=["doc_id", "status", "_week"], how="inner", suffix="_r", nulls_equal=True)
        .with_columns(
            (pl.col("key_actors").list.set_intersection(pl.col("key_actors_r")).list.len() > 0).alias("_same"),
            distance.alias("_distance"),
        )
        .filter(
            (pl.col("_same") | (pl.col("key_actors_r").list.len() == 0))
            & (pl.col("date_start") <= pl.col("date_end_r"))
            & (pl.col("date_start_r") <= pl.col("date_end"))
        )
        # Ties go to the earlier candidate of the report (cand_idx: the order within the document).
        .sort("cid", pl.col("_same").not_(), "_distance", "cand_idx_r")
        .group_by("cid", maintain_order=True)
        .first()
        .select(pl.min_horizontal("cid", "cid_r").alias("cid"), pl.max_horizontal("cid", "cid_r").alias("cid_r"))
    )


def place_supported(pairs: pl.DataFrame, texts: pl.DataFrame) -> pl.DataFrame:
    """Drop meeting pairs across documents where only one side has a place and the other document
    never names it: merging would carry that place into a report that does not support it."""
    text_of = texts.select("doc_id", pl.col("text").str.to_lowercase().alias("_text"))
    one_sided = (pl.col("event_type") == "meeting") & (pl.col("place_id").is_null() != pl.col("place_id_r").is_null())
    name = pl.coalesce("location_name", "location_name_r").str.to_lowercase()
    other_text = pl.when(pl.col("place_id").is_null()).then(pl.col("_text")).otherwise(pl.col("_text_r"))
    checked = pairs.filter(one_sided)
    if checked.height == 0:
        return pairs
    checked = checked.join(text_of, on="doc_id", how="left").join(
        text_of.rename({"doc_id": "doc_id_r", "_text": "_text_r"}), on="doc_id_r", how="left"
    )
    unsupported = checked.filter(~other_text.fill_null("").str.contains(name.fill_null(""), literal=True))
    return pairs.join(unsupported.select("cid", "cid_r"), on=["cid", "cid_r"], how="anti")


def _actor_keys(feats: pl.DataFrame) -> pl.DataFrame:
    """(cid, actor) for every key actor."""
    return feats.select("cid", pl.col("key_actors").alias("actor")).explode("actor").drop_nulls("actor")


def _shingle_expr(words: pl.Expr, limit: int = 24) -> pl.Expr:
    """The first `limit` runs of _SHINGLE words of a word list (the whole list when shorter)."""
    n = words.list.len()
    return pl.concat_list(
        [
            pl.when((pl.lit(i) == 0) | (n - _SHINGLE >= i))
            .then(words.list.slice(i, _SHINGLE).list.join(" "))
            .otherwise(pl.lit(None, dtype=pl.String))
            for i in range(limit)
        ]
    ).list.drop_nulls()


def _block_keys(feats: pl.DataFrame) -> pl.DataFrame:
    """(cid, key) blocking keys across documents: two candidates are compared only when they share
    a key and the ISO week of the middle of their date ranges. Keys per type: strike - place, target;
    meeting - each pair of participants, place + participant; statement - speaker + quote shingle
    (quoted) or speaker + day (reported, which must be single-day on the same day to merge); others -
    sub_type + initiator."""
    kind = pl.col("event_type")
    actors = _actor_keys(feats)
    with_actor = feats.select("cid", "event_type", "sub_type", "place_id", "quote_norm", "date_start", "date_end").join(
        actors, on="cid", how="inner"
    )
    strikes = feats.filter(kind == "strike")
    meetings = with_actor.filter(kind == "meeting")
    statements = with_actor.filter(kind == "statement")
    quoted = statements.filter(pl.col("quote_norm").is_not_null())
    same_day = pl.col("date_start").is_not_null() & (pl.col("date_start") == pl.col("date_end"))
    parts = [
        strikes.filter(pl.col("place_id").is_not_null()).select("cid", ("p:" + pl.col("place_id")).alias("key")),
        strikes.filter(pl.col("target_norm").is_not_null()).select("cid", ("t:" + pl.col("target_norm")).alias("key")),
        meetings.join(meetings.select("cid", pl.col("actor").alias("other")), on="cid")
        .filter(pl.col("actor") < pl.col("other"))
        .select("cid", ("m:" + pl.col("actor") + "+" + pl.col("other")).alias("key")),
        meetings.filter(pl.col("place_id").is_not_null()).select(
            "cid", ("mp:" + pl.col("place_id") + "+" + pl.col("actor")).alias("key")
        ),
        quoted.select("cid", "actor", _shingle_expr(pl.col("quote_norm").str.split(" ")).alias("shingle"))
        .explode("shingle")
        .drop_nulls("shingle")
        .select("cid", ("q:" + pl.col("actor") + ":" + pl.col("shingle")).alias("key")),
        statements.filter(pl.col("quote_norm").is_null() & same_day).select(
            "cid", ("r:" + pl.col("actor") + ":" + pl.col("date_start").cast(pl.String)).alias("key")
        ),
        with_actor.filter(~kind.is_in(["strike", "meeting", "statement"])).select(
            "cid", ("o:" + pl.col("sub_type").fill_null("") + ":" + pl.col("actor")).alias("key")
        ),
    ]
    return pl.concat(parts).unique()


def _week_expr() -> pl.Expr:
    """The ISO week (its Monday) of the middle day of a date range: the one week a candidate is
    compared across documents in (null for ranges longer than _MAX_BLOCK_WEEKS).

    One week, not every week the range touches: two reports are one event only when their date
    ranges overlap, but overlap alone chains - a report of each week overlaps the next week's - so
    a year of weekly mentions of "the peace plan" would become one event. Within one week, every
    event of a cluster falls within a few days of the others."""
    end = pl.col("date_end").fill_null(pl.col("date_start"))
    span = (end - pl.col("date_start")).dt.total_days()
    middle = pl.col("date_start") + pl.duration(days=span // 2)
    return pl.when(pl.col("date_start").is_not_null() & (span <= 7 * _MAX_BLOCK_WEEKS)).then(middle.dt.truncate("1w"))


def candidate_ids() -> pl.Expr:
    """A candidate's id for the merge: a hash of (doc_id, cand_idx), the same in every refresh, so
    stored pairs, clusters and blocking keys of unchanged documents stay valid."""
    return pl.struct("doc_id", "cand_idx").hash(seed=_HASH_SEED).alias("cid")


def document_numbers(column: str = "doc_id") -> pl.Expr:
    """A document's number in the blocking join (a hash: integers are cheap to copy into pairs)."""
    return pl.col(column).hash(seed=_HASH_SEED)


_HASH_SEED = 8


def block_rows(feats: pl.DataFrame) -> pl.DataFrame:
    """cid, block, doc, date_start, date_end: one row per blocking key of a candidate (with its week).

    Two candidates of different documents are compared only when they share a block (event type,
    key, week), so a new candidate meets the few stored ones of its blocks, not all history."""
    return (
        _block_keys(feats)
        .join(feats.select(*_KEY_COLUMNS, "event_type", _week_expr().alias("week")), on="cid", how="inner")
        .drop_nulls("week")
        .select(
            "cid",
            pl.struct("event_type", "key", "week").hash(seed=_HASH_SEED).alias("block"),
            document_numbers().alias("doc"),
            "date_start",
            "date_end",
        )
    )


BLOCK_ROWS = {"cid": pl.UInt64, "block": pl.UInt64, "doc": pl.UInt64, "date_start": pl.Date, "date_end": pl.Date}


def block_pairs(new: pl.DataFrame, stored: pl.DataFrame | None = None, *, within: bool = True) -> pl.DataFrame:
    """(cid, cid_r), cid < cid_r: the pairs of block rows sharing a block, from different documents,
    with overlapping dates - among the `new` rows (unless not `within`), and between a new row and a
    `stored` one."""

    def joined(left: pl.DataFrame, right: pl.DataFrame, *, ordered: bool) -> pl.LazyFrame:
        # Narrow join, filtered at once (different documents, overlapping dates): the wide rule columns
        # are joined only to the pairs that survive, which keeps the peak memory small.
        order = pl.col("cid") < pl.col("cid_r") if ordered else pl.lit(True)
        return (
            left.lazy()
            .join(right.lazy(), on="block", how="inner", suffix="_r")
            .filter(
                order
                & (pl.col("doc") != pl.col("doc_r"))
                & (pl.col("date_start") <= pl.col("date_end_r"))
                & (pl.col("date_start_r") <= pl.col("date_end"))
            )
            .select(pl.min_horizontal("cid", "cid_r").alias("cid"), pl.max_horizontal("cid", "cid_r").alias("cid_r"))
        )

    parts = [joined(new, new, ordered=True)] if within else []
    if stored is not None and stored.height:
        parts.append(joined(new, stored, ordered=False))
    if not parts:
        return pl.DataFrame(schema={"cid": pl.UInt64, "cid_r": pl.UInt64})
    return pl.concat(parts).unique().collect()


def compatible_cross_pairs(pairs: pl.DataFrame, feats: pl.DataFrame, texts: pl.DataFrame) -> pl.DataFrame:
    """The block pairs (cid, cid_r) that describe one event; `feats` holds both sides' features,
    `texts` (doc_id, text) the documents of both sides."""
    return _compatible_slices(pairs, feats, same_doc=False, texts=texts)


def cross_document_pairs(feats: pl.DataFrame, texts: pl.DataFrame) -> pl.DataFrame:
    """Every compatible pair across documents among `feats` (blocked)."""
    return compatible_cross_pairs(block_pairs(block_rows(feats)), feats, texts)


def clusters(cids: pl.Series, pairs: pl.DataFrame) -> pl.DataFrame:
    """Connected components of the pair graph: cid -> label, the smallest cid of its cluster
    (candidates in no pair are their own cluster).

    Min-label propagation with pointer jumping over dense positions: the candidates are numbered in
    cid order, so a label is a position and "the label of my label" is a gather, not a join. Each
    round every candidate takes the smallest label among its own and its neighbours', then the
    label of its label; a few rounds (about the logarithm of the longest chain) reach the fixed
    point. Arrays of 32-bit positions keep the memory at a few bytes per pair."""
    ids = pl.concat([cids.cast(pl.UInt64), pairs["cid"], pairs["cid_r"]]).unique().sort()
    position = pl.DataFrame({"cid": ids}).with_row_index("pos")

    def positions(column: str) -> pl.Series:
        return pairs.select(column).join(position, left_on=column, right_on="cid", how="left")["pos"]

    left, right = positions("cid"), positions("cid_r")
    node, other = pl.concat([left, right]), pl.concat([right, left])
    label = pl.Series("label", range(ids.len()), dtype=pl.UInt32)
    while other.len():
        smallest = (
            pl.DataFrame({"node": node, "other_label": label.gather(other)})
            .group_by("node")
            .agg(pl.col("other_label").min())
        )
        lower = smallest.filter(pl.col("other_label") < label.gather(smallest["node"]))
        hooked = label.clone().scatter(lower["node"], lower["other_label"])
        jumped = hooked.gather(hooked)
        if (jumped == label).all():
            break
        label = jumped
    cluster_of = position.select("cid", ids.gather(label).alias("label"))
    return pl.DataFrame({"cid": cids.cast(pl.UInt64)}).join(cluster_of, on="cid", how="left")


# ---------------------------------------------------------------------------------------------
# One event per cluster
# ---------------------------------------------------------------------------------------------
