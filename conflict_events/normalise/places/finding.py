"""`find_places`: place mentions in sentences (exact spellings, then the fuzzy fallback for the rest), with
first names, districts and region lists sorted out."""

from __future__ import annotations

import polars as pl

from conflict_events import schema
from conflict_events.normalise import reference
from conflict_events.normalise.places.cities import district_cities
from conflict_events.normalise.places.fuzzy import fuzzy_mentions
from conflict_events.normalise.places.gazetteer import gazetteer
from conflict_events.normalise.places.model import PLACE_MENTIONS
from conflict_events.text.gazetteer import match_aliases

# Capitalised words before a place that are not part of a person's name (sentence-initial prepositions).
_NOT_NAME_WORDS = [
    "In",
    "On",
    "At",
    "From",
    "To",
    "The",
    "And",
    "But",
    "Near",
    "Over",
    "Of",
    "For",
    "By",
    "With",
    "Outside",
    "Around",
    "Across",
    "Into",
    "Toward",
    "Towards",
    "Hit",
    "Struck",
    "Also",
    "Then",
]


def _one_chunk(sentences: pl.DataFrame) -> pl.DataFrame:
    """The columns matching needs, in one chunk: Polars builds a search automaton per chunk, and a frame
    concatenated from many documents has thousands of chunks (measured: minutes instead of a second)."""
    return sentences.select("doc_id", "sent_idx", "sentence").rechunk()


def _without_first_names(mentions: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """Drop first-name city spellings that sit inside a person's name ("Vladimir Putin", "President
    Volodymyr Zelensky"): a capitalised word right before or after them."""
    first_names = reference.load_places_extra().get("first_name_cities", [])
    if mentions.height == 0 or not first_names:
        return mentions
    text = pl.col("sentence")
    after = text.str.slice(pl.col("end"), 2)
    window = pl.min_horizontal(pl.col("start"), pl.lit(30, dtype=pl.Int64))
    before = text.str.slice(pl.col("start") - window, window)
    previous_word = before.str.extract(r"(\p{Lu}[\p{L}.'’-]*)\s$", 1)
    in_name = after.str.contains(r"^\s\p{Lu}") | (previous_word.is_not_null() & ~previous_word.is_in(_NOT_NAME_WORDS))
    checked = mentions.join(sentences.select("doc_id", "sent_idx", "sentence"), on=["doc_id", "sent_idx"], how="left")
    drop = pl.col("surface").is_in(first_names) & in_name.fill_null(False)
    return checked.filter(~drop).select(mentions.columns)


# After a district name: maybe more district names ("the Obolonskyi and Podilskyi districts"), then the word.
_DISTRICT_FOLLOWS = r"^(?:\s*(?:,|and|&|or)\s*\p{Lu}[\p{L}'’-]+)*\s+(?i:districts?|raions?|rayons?)(?-u:\b)"


def _districts_as_cities(mentions: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """District names followed by "district(s)" become their city (the one named in the same sentence when
    the name is shared); other district-name matches are dropped."""
    is_district = pl.col("entity_id").str.starts_with("district-")
    districts = mentions.filter(is_district)
    if districts.height == 0:
        return mentions
    keys = ["doc_id", "sent_idx"]
    followed = (
        districts.join(sentences, on=keys, how="left")
        .filter(
            pl.col("surface").str.contains(r"(?i)(?:district|raion)$")
            | pl.col("sentence").str.slice(pl.col("end"), 80).str.contains(_DISTRICT_FOLLOWS).fill_null(False)
        )
        .select(mentions.columns)
        .with_row_index("_mention")
    )
    named_cities = mentions.filter(~is_district).select(*keys, pl.col("entity_id").alias("city_place_id"))
    resolved = (
        followed.join(district_cities(), left_on="entity_id", right_on="district_id", how="inner")
        .join(named_cities.unique().with_columns(pl.lit(True).alias("_named")), on=[*keys, "city_place_id"],
              how="left")
        .sort(["_mention", pl.col("_named").fill_null(False), "preference"], descending=[False, True, False])
        .unique("_mention", keep="first", maintain_order=True)
        .with_columns(pl.col("city_place_id").alias("entity_id"))
        .select(mentions.columns)
    )  # fmt: skip
    return pl.concat([mentions.filter(~is_district), resolved]).sort([*keys, "start"])


# After a town name in a list of regions: more names, then a plural region word ("the Kharkiv and Odesa
# regions", "Sumy, Poltava and Kharkiv oblasts").
_REGIONS_FOLLOW = r"^(?:\s*(?:,|and|&)\s*(?:the\s+)?\p{Lu}[\p{L}'’-]+)*\s+(?i:regions|oblasts|provinces)(?-u:\b)"


def _listed_regions(mentions: pl.DataFrame, sentences: pl.DataFrame, aliases: pl.DataFrame) -> pl.DataFrame:
    """Town names in a list ending with a plural region word name the regions: "the Kharkiv and Odesa
    regions" are Kharkiv Oblast and Odesa Oblast, not the two cities."""
    region_of = aliases.filter(pl.col("entity_id").str.starts_with("admin1-")).select(
        pl.col("alias").str.strip_suffix(" region").alias("surface"), pl.col("entity_id").alias("_region_id")
    )
    candidates = mentions.filter(pl.col("entity_id").str.starts_with("city-"))
    if candidates.height == 0:
        return mentions
    keys = ["doc_id", "sent_idx", "start"]
    regions = (
        candidates.join(sentences, on=["doc_id", "sent_idx"], how="inner")
        .filter(pl.col("sentence").str.slice(pl.col("end"), 100).str.contains(_REGIONS_FOLLOW).fill_null(False))
        .join(region_of.filter(pl.col("surface") != pl.col("_region_id")), on="surface", how="inner")
        .select(*keys, "_region_id")
        .unique(keys)
    )
    return (
        mentions.join(regions, on=keys, how="left")
        .with_columns(pl.coalesce("_region_id", "entity_id").alias("entity_id"))
        .drop("_region_id")
    )


def find_places(sentences: pl.DataFrame) -> pl.DataFrame:
    """Place mentions in sentences: MENTIONS + place columns + geo_precision (PLACE_MENTIONS)."""
    schema.check(sentences, schema.SENTENCES, "find_places", schema.SENTENCE_TEXT)
    places, aliases = gazetteer()
    sentences = _one_chunk(sentences)
    exact = match_aliases(sentences, aliases)
    # Spellings the gazetteer lacks ("Kryvyi Rig") come after exact matching and never overlap it.
    fuzzy = fuzzy_mentions(sentences, exact, aliases)
    if fuzzy.height:
        exact = pl.concat([exact, fuzzy]).sort(["doc_id", "sent_idx", "start"])
    mentions = _without_first_names(exact, sentences)
    mentions = _listed_regions(_districts_as_cities(mentions, sentences), sentences, aliases)
    if mentions.height == 0:
        return schema.empty(PLACE_MENTIONS)
    found = mentions.join(places, left_on="entity_id", right_on="place_id", how="inner").with_columns(
        pl.col("entity_id").alias("place_id")
    )
    return schema.conform(found, PLACE_MENTIONS).sort(["doc_id", "sent_idx", "start"])
