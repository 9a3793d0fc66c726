"""What a strike hit: target words ("refinery", "air base") typed and named from the place next to them.

A curated facility named in the text ("Engels air base", "the Crimean bridge") is a target by itself.
Otherwise a target word takes its name from a place written right before it ("the Ryazan refinery",
"Kharkiv's power plant") or right after it through a preposition ("an oil depot in Feodosia",
"the port of Novorossiysk"); each target word pairs with its own place, so two strikes in one sentence or
paragraph keep their own targets.  A composed target in a town with a curated facility of the same type
becomes that facility.

Output: schema.MENTIONS (start/end span the whole target phrase, entity_id = target_type) plus
target_type, target_name and place_id (the curated facility when known, else the place named with the
target, else null).
"""

from __future__ import annotations

from functools import cache

import polars as pl

from conflict_events import schema
from conflict_events.normalise import places, reference
from conflict_events.text.gazetteer import longest_non_overlapping, match_aliases

TARGET_MENTIONS = schema.TARGET_MENTIONS

_KEYS = ["doc_id", "sent_idx"]
# Between a place and the target word after it: nothing, a possessive, or one lower-case word ("Ryazan
# main refinery").
_GAP_PLACE_FIRST = r"^(?:['’]s)?\s+(?:[a-z][a-z\-]*\s+)?$"
# Between a target word and the place after it: a preposition, maybe "the city of", "occupied".
_GAP_WORD_FIRST = (
    r"^,?\s+(?:in|at|near|outside|of|on|close to|in the|near the|outside the"
    r"|у|в|на|біля|поблизу|під|под|около|возле)\s+"
    r"(?:(?:the\s+)?(?:city|town|village|port|region|settlement|district) of\s+)?"
    r"(?:(?:Russian-)?occupied\s+|Russia['’]s\s+|Ukraine['’]s\s+)?$"
)
_NAMED_PLACE_TYPES = ["city", "admin1", "facility"]


@cache
def _word_aliases() -> pl.DataFrame:
    words = reference.load_target_words()
    return words.select(pl.col("word").alias("alias"), pl.col("word").str.to_lowercase().alias("entity_id"))


@cache
def _word_types() -> pl.DataFrame:
    words = reference.load_target_words()
    return words.select(pl.col("word").str.to_lowercase().alias("entity_id"), "target_type", "label").unique(
        "entity_id", keep="first"
    )


# Target types where "the <town> <word>" means one known facility (a town has one refinery, one air base);
# a town's "power plant" may be any of several, so those are never guessed.
_TOWN_UNIQUE_TYPES = ["oil_refinery", "oil_depot", "airfield", "port", "bridge"]


@cache
def _facility_by_town() -> pl.DataFrame:
    """town_place_id, target_type -> facility place_id and name, where the town has exactly one such facility."""
    facilities = reference.load_facilities().filter(
        pl.col("town").is_not_null() & pl.col("target_type").is_in(_TOWN_UNIQUE_TYPES)
    )
    town_ids = places.place_aliases().filter(pl.col("entity_id").str.starts_with("city-"))
    return (
        facilities.join(town_ids, left_on="town", right_on="alias", how="inner")
        .select(
            pl.col("entity_id").alias("town_place_id"),
            "target_type",
            pl.col("place_id").alias("facility_place_id"),
            pl.col("name").alias("facility_name"),
        )
        .unique()
        .filter(pl.len().over(["town_place_id", "target_type"]) == 1)
    )


# Words that say only "a plant" ("the Ladyzhyn plant"): after a town with exactly one curated plant-like
# facility they mean that facility, whatever its type (power plant, refinery, defence plant).
_GENERIC_PLANT_WORDS = ["plant", "factory", "enterprise"]
_PLANT_TYPES = ["power_plant", "oil_refinery", "military_industry"]


@cache
def _plant_by_town() -> pl.DataFrame:
    """town_place_id -> the town's only curated plant-like facility (place_id, name, type)."""
    facilities = reference.load_facilities().filter(
        pl.col("town").is_not_null() & pl.col("target_type").is_in(_PLANT_TYPES)
    )
    town_ids = places.place_aliases().filter(pl.col("entity_id").str.starts_with("city-"))
    return (
        facilities.join(town_ids, left_on="town", right_on="alias", how="inner")
        .select(
            pl.col("entity_id").alias("town_place_id"),
            pl.col("place_id").alias("plant_place_id"),
            pl.col("name").alias("plant_name"),
            pl.col("target_type").alias("plant_type"),
        )
        .unique()
        .filter(pl.len().over("town_place_id") == 1)
    )


def _facility_targets(place_mentions: pl.DataFrame) -> pl.DataFrame:
    facility_types = reference.load_facilities().select("place_id", "target_type")
    return (
        place_mentions.filter(pl.col("place_type") == "facility")
        .join(facility_types, on="place_id", how="inner")
        .select(*_KEYS, "start", "end", "surface", "target_type", pl.col("name").alias("target_name"), "place_id")
    )


def _paired_places(words: pl.DataFrame, named: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """For each target word (by _word), the adjacent place: before it first, else after it."""
    pairs = (
        words.select("_word", *_KEYS, "start", "end")
        .join(named, on=_KEYS, how="inner")
        .join(sentences.select(*_KEYS, "sentence"), on=_KEYS, how="inner")
    )
    place_first = pl.col("p_end") <= pl.col("start")
    word_first = pl.col("end") <= pl.col("p_start")
    gap = (
        pl.when(place_first)
        .then(pl.col("sentence").str.slice(pl.col("p_end"), pl.col("start") - pl.col("p_end")))
        .when(word_first)
        .then(pl.col("sentence").str.slice(pl.col("end"), pl.col("p_start") - pl.col("end")))
    )
    adjacent = (
        pl.when(place_first).then(gap.str.contains(_GAP_PLACE_FIRST)).otherwise(gap.str.contains(_GAP_WORD_FIRST))
    )
    return (
        pairs.filter((place_first | word_first) & adjacent.fill_null(False))
        .with_columns(pl.when(place_first).then(0).otherwise(1).alias("_side"))
        .sort(["_word", "_side", "p_start"])
        .unique("_word", keep="first", maintain_order=True)
        .select("_word", "p_start", "p_end", "p_place_id", "p_name", "p_type")
    )


def find_targets(sentences: pl.DataFrame) -> pl.DataFrame:
    """Target mentions in sentences (TARGET_MENTIONS), ordered by doc_id, sent_idx, start."""
    schema.check(sentences, schema.SENTENCES, "find_targets", schema.SENTENCE_TEXT)
    if sentences.height == 0:
        return schema.empty(TARGET_MENTIONS)
    # One chunk: Polars builds a search automaton per chunk.
    sentences = sentences.select(*_KEYS, "sentence").rechunk()
    place_mentions = places.find_places(sentences)
    facility_targets = _facility_targets(place_mentions)

    words = match_aliases(sentences, _word_aliases())
    words = words.join(_word_types(), on="entity_id", how="inner")
    # A target word inside a curated facility's name ("Engels air base") is that facility.
    inside_facility = (
        words.select(*_KEYS, "start", "end")
        .with_row_index("_word")
        .join(facility_targets.select(*_KEYS, pl.col("start").alias("f_start"), pl.col("end").alias("f_end")), on=_KEYS)
        .filter((pl.col("start") < pl.col("f_end")) & (pl.col("f_start") < pl.col("end")))
        .select("_word")
    )
    words = words.with_row_index("_word").join(inside_facility, on="_word", how="anti")

    named = place_mentions.filter(pl.col("place_type").is_in(_NAMED_PLACE_TYPES)).select(
        *_KEYS,
        pl.col("start").alias("p_start"),
        pl.col("end").alias("p_end"),
        pl.col("place_id").alias("p_place_id"),
        pl.col("name").alias("p_name"),
        pl.col("place_type").alias("p_type"),
    )
    paired = words.join(_paired_places(words, named, sentences), on="_word", how="left")
    paired = paired.join(
        _facility_by_town(),
        left_on=["p_place_id", "target_type"],
        right_on=["town_place_id", "target_type"],
        how="left",
    )
    # Only name-like use, the town right before the word ("the Ladyzhyn plant"), not "a plant in Kharkiv".
    generic = (
        pl.col("entity_id").is_in(_GENERIC_PLANT_WORDS)
        & pl.col("facility_place_id").is_null()
        & (pl.col("p_end") <= pl.col("start")).fill_null(False)
    )
    paired = (
        paired.join(_plant_by_town(), left_on="p_place_id", right_on="town_place_id", how="left")
        .with_columns(
            pl.when(generic & pl.col("plant_place_id").is_not_null())
            .then(pl.struct(t="plant_type", p="plant_place_id", n="plant_name"))
            .otherwise(pl.struct(t="target_type", p="facility_place_id", n="facility_name"))
            .alias("_chosen")
        )
        .with_columns(
            pl.col("_chosen").struct.field("t").alias("target_type"),
            pl.col("_chosen").struct.field("p").alias("facility_place_id"),
            pl.col("_chosen").struct.field("n").alias("facility_name"),
        )
    )
    composed_name = (
        pl.when(pl.col("facility_name").is_not_null())
        .then(pl.col("facility_name"))
        # A facility named with the word is the target itself ("the Orsknefteorgsintez refinery" is the Orsk
        # oil refinery, not "Orsk oil refinery oil refinery").
        .when(pl.col("p_type") == "facility")
        .then(pl.col("p_name"))
        .when(pl.col("p_type") == "admin1")
        .then(pl.concat_str([pl.col("label"), pl.lit(" in "), pl.col("p_name")]))
        .when((pl.col("target_type") == "city") & pl.col("p_name").is_not_null())
        .then(pl.col("p_name"))
        .when(pl.col("p_name").is_not_null())
        .then(pl.concat_str([pl.col("p_name"), pl.lit(" "), pl.col("label")]))
        .otherwise(pl.col("label"))
    )
    start = pl.min_horizontal("start", "p_start")
    end = pl.max_horizontal("end", "p_end")
    word_targets = (
        paired.join(sentences.select(*_KEYS, "sentence"), on=_KEYS, how="inner")
        .with_columns(start.alias("_start"), end.alias("_end"))
        .select(
            *_KEYS,
            pl.col("_start").alias("start"),
            pl.col("_end").alias("end"),
            pl.col("sentence").str.slice(pl.col("_start"), pl.col("_end") - pl.col("_start")).alias("surface"),
            "target_type",
            composed_name.alias("target_name"),
            pl.coalesce("facility_place_id", "p_place_id").alias("place_id"),
        )
    )
    targets = pl.concat([facility_targets, word_targets], how="vertical_relaxed")
    if targets.height == 0:
        return schema.empty(TARGET_MENTIONS)
    # A place shared by two target words ("the Ryazan refinery and depot") may widen both spans; keep the
    # longest where spans overlap, as for any other mention.
    targets = longest_non_overlapping(targets.unique([*_KEYS, "start", "end", "target_type"], maintain_order=True))
    targets = targets.with_columns(pl.col("target_type").alias("entity_id"))
    return schema.conform(targets, TARGET_MENTIONS).sort([*_KEYS, "start", "target_type"])
