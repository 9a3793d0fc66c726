"""Place and facility spellings that exact matching misses ("Kryvyi Rig", "Orsknaftoorgsintez"): capitalised
names folded by transliteration rules and compared with the folded gazetteer (fuzzy_matching.yaml).

Only names exact matching left unresolved are tried, and only against a prepared target list (facilities,
curated spellings, towns above a population). Spellings the fallback must never take - countries, small
towns, first names, and folded forms shared by two places - stay in the list as blockers: a name that
folds to one, or is as close to one as to a target, is left unresolved rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import polars as pl
from rapidfuzz import fuzz, process

from conflict_events import schema
from conflict_events.normalise import reference
from conflict_events.normalise.places.gazetteer import ranked_gazetteer
from conflict_events.normalise.places.model import RANK_CITY_ALTERNATE, RANK_CITY_INFLECTED, RANK_CURATED_CITY_ALIAS
from conflict_events.text.gazetteer import match_aliases
from conflict_events.text.spelling import Folding, capitalised_runs, fold

_KEYS = ["doc_id", "sent_idx"]
_RESOLVED = {"alias": pl.String, "entity_id": pl.String}


@dataclass(frozen=True)
class FuzzySettings:
    """fuzzy_matching.yaml, read once."""

    word: str
    leading_words: tuple[str, ...]
    max_words: int
    place_types: tuple[str, ...]
    countries: tuple[str, ...]
    min_city_population: int
    folding: Folding
    min_folded_length: int
    min_fuzzy_length: int
    min_score: float
    min_margin: float
    max_length_difference: int
    same_first_letter: bool
    same_last_letter: bool
    same_word_count: bool
    fuzzy_alternate_names: bool

    @staticmethod
    def from_data(data: dict[str, Any]) -> FuzzySettings:
        candidates, targets, folding, matching = (data[k] for k in ("candidates", "targets", "folding", "matching"))
        return FuzzySettings(
            word=str(candidates["word"]),
            leading_words=tuple(str(w) for w in candidates.get("leading_words", [])),
            max_words=int(candidates["max_words"]),
            place_types=tuple(targets["place_types"]),
            countries=tuple(targets["countries"]),
            min_city_population=int(targets["min_city_population"]),
            folding=Folding(
                tuple((str(a), str(b)) for a, b in folding.get("rules", [])), str(folding.get("collapse_doubles", ""))
            ),
            min_folded_length=int(matching["min_folded_length"]),
            min_fuzzy_length=int(matching["min_fuzzy_length"]),
            min_score=float(matching["min_score"]),
            min_margin=float(matching["min_margin"]),
            max_length_difference=int(matching["max_length_difference"]),
            same_first_letter=bool(matching["same_first_letter"]),
            same_last_letter=bool(matching["same_last_letter"]),
            same_word_count=bool(matching["same_word_count"]),
            fuzzy_alternate_names=bool(matching["fuzzy_alternate_names"]),
        )


@cache
def settings() -> FuzzySettings:
    return FuzzySettings.from_data(reference.load_fuzzy_matching())


def _shape(settings: FuzzySettings) -> list[pl.Expr]:
    """The bucket a folded key is compared within: first letter, last letter, word count (as configured)."""
    key = pl.col("key")
    return [
        (key.str.slice(0, 1) if settings.same_first_letter else pl.lit("")).alias("first"),
        (key.str.slice(-1, 1) if settings.same_last_letter else pl.lit("")).alias("last"),
        (key.str.count_matches(" ") + 1 if settings.same_word_count else pl.lit(0)).cast(pl.Int64).alias("words"),
    ]


@cache
def fuzzy_targets(settings: FuzzySettings) -> pl.DataFrame:
    """key (folded spelling), entity_id (null: a blocker), may_win (in the fuzzy comparison), length, first,
    last, words; one row per key."""
    places, ranked = ranked_gazetteer()
    extra = reference.load_places_extra()
    # Names the gazetteer refuses as towns (surnames, first names, English words) block their folded forms
    # too: "Gusev" the governor must not become Gusev the town through its spelling "Gusëv".
    refused = [str(n) for n in [*extra.get("first_name_cities", []), *extra.get("city_stoplist", [])]]
    typed = ranked.join(
        places.select(pl.col("place_id").alias("entity_id"), "place_type", "country_code"), on="entity_id"
    )
    is_city = pl.col("place_type") == "city"
    small_town = (pl.col("rank") > RANK_CURATED_CITY_ALIAS) & (pl.col("population") < settings.min_city_population)
    wanted = (
        pl.col("place_type").is_in(list(settings.place_types))
        & pl.col("country_code").is_in(list(settings.countries))
        # Generated Cyrillic case forms are guesses; towns below the population are found as written.
        & ~(is_city & ((pl.col("rank") == RANK_CITY_INFLECTED) | small_town))
    )
    # ALL-CAPS spellings are acronyms ("YANOS") or shouted copies of a spelling kept anyway in its own case;
    # an acronym matches only as written, so its lower-cased fold must not make "Janos" a refinery.
    spellings = pl.concat([
        typed.filter(pl.col("alias").str.contains(r"\p{Ll}")).select(
            "alias", pl.when(wanted).then(pl.col("entity_id")).alias("entity_id"), "rank"
        ),
        # Refused names outrank every spelling.
        pl.DataFrame({"alias": refused, "entity_id": None, "rank": -1}, schema={**_RESOLVED, "rank": pl.Int64}),
    ])
    keyed = spellings.select(fold(pl.col("alias"), settings.folding).alias("key"), "entity_id", "rank").filter(
        pl.col("key").str.len_chars() >= settings.min_folded_length
    )
    # Where spellings of several places fold together, the best-ranked spelling decides, as in the exact
    # gazetteer (a town's own name beats a stray alternate name of another town); a key is a target only
    # when every spelling of that rank is the same wanted place.
    per_key = (
        keyed.filter(pl.col("rank") == pl.col("rank").min().over("key"))
        .group_by("key")
        .agg(
            pl.col("entity_id").first().alias("entity_id"),
            # Geonames alternate names (other languages, old and stray names) resolve only by an equal fold.
            (pl.col("rank") != RANK_CITY_ALTERNATE).any().alias("may_win") | pl.lit(settings.fuzzy_alternate_names),
            (pl.col("entity_id").null_count() == 0).alias("_all_wanted"),
            (pl.col("entity_id").n_unique() == 1).alias("_one_place"),
        )
    )
    return (
        per_key.with_columns(pl.when(pl.col("_all_wanted") & pl.col("_one_place")).then("entity_id").alias("entity_id"))
        .select("key", "entity_id", "may_win", pl.col("key").str.len_chars().cast(pl.Int64).alias("length"))
        .with_columns(_shape(settings))
        .sort("key")
    )


# One shape's targets: keys, entity ids (None: blocker), may-win flags, lengths.
_Bucket = tuple[list[str], list[str | None], list[bool], list[int]]


@cache
def _buckets(settings: FuzzySettings) -> dict[tuple[str, str, int], _Bucket]:
    """Fuzzy targets grouped by shape, so each name is scored against a few hundred keys, not all of them."""
    buckets: dict[tuple[str, str, int], _Bucket] = {}
    for row in fuzzy_targets(settings).iter_rows(named=True):
        keys, ids, may_win, lengths = buckets.setdefault((row["first"], row["last"], row["words"]), ([], [], [], []))
        keys.append(row["key"])
        ids.append(row["entity_id"])
        may_win.append(row["may_win"])
        lengths.append(row["length"])
    return buckets


def _closest(key: str, shape: tuple[str, str, int], settings: FuzzySettings) -> str | None:
    """The one target place clearly closest to a folded name, or None (nothing close, a blocker as close,
    two places within the margin, or the closest place close only by a spelling that may not win)."""
    bucket = _buckets(settings).get(shape)
    if bucket is None:
        return None
    keys, ids, may_win, lengths = bucket
    scored = process.extract(
        key, keys, scorer=fuzz.ratio, score_cutoff=settings.min_score - settings.min_margin, limit=None
    )
    best: dict[str, float] = {}
    winning: dict[str, float] = {}
    for _choice, score, index in scored:
        if abs(lengths[index] - len(key)) > settings.max_length_difference:
            continue
        # Each blocker is its own competitor: being close to it is as disqualifying as being close to a place.
        competitor = ids[index] or f"\0{index}"
        best[competitor] = max(best.get(competitor, 0.0), score)
        if may_win[index]:
            winning[competitor] = max(winning.get(competitor, 0.0), score)
    if not best:
        return None
    ranking = sorted(best.items(), key=lambda item: (-item[1], item[0]))
    winner, top = ranking[0]
    runner_up = ranking[1][1] if len(ranking) > 1 else 0.0
    clear = top - runner_up >= settings.min_margin and winning.get(winner, 0.0) >= settings.min_score
    return winner if clear and not winner.startswith("\0") else None


def resolve_spellings(names: pl.Series, known: pl.Series, settings: FuzzySettings) -> pl.DataFrame:
    """alias (a name as written) -> entity_id for the names that are no known spelling but fold to, or are
    close to, exactly one target place."""
    candidates = (
        pl.DataFrame({"alias": names}, schema={"alias": pl.String})
        .unique()
        .join(pl.DataFrame({"alias": known}, schema={"alias": pl.String}), on="alias", how="anti")
        .with_columns(fold(pl.col("alias"), settings.folding).alias("key"))
        .with_columns(pl.col("key").str.len_chars().cast(pl.Int64).alias("length"))
        .filter(pl.col("length") >= settings.min_folded_length)
    )
    if candidates.height == 0:
        return pl.DataFrame(schema=_RESOLVED)
    targets = fuzzy_targets(settings)
    folded_equal = candidates.join(targets.select("key", "entity_id"), on="key", how="inner")
    # A name folding to a blocker is settled too: it must not go on to the fuzzy comparison.
    rows = folded_equal.drop_nulls("entity_id").select(list(_RESOLVED)).to_dicts()
    rest = candidates.join(folded_equal.select("key"), on="key", how="anti").filter(
        pl.col("length") >= settings.min_fuzzy_length
    )
    for row in rest.with_columns(_shape(settings)).iter_rows(named=True):
        entity_id = _closest(row["key"], (row["first"], row["last"], row["words"]), settings)
        if entity_id is not None:
            rows.append({"alias": row["alias"], "entity_id": entity_id})
    return pl.DataFrame(rows, schema=_RESOLVED).sort("alias")


def _overlapping(spans: pl.DataFrame, others: pl.DataFrame) -> pl.DataFrame:
    """The rows of `spans` that overlap some span of `others` in the same sentence."""
    pairs = spans.with_row_index("_span").join(
        others.select(*_KEYS, pl.col("start").alias("o_start"), pl.col("end").alias("o_end")), on=_KEYS
    )
    hit = pairs.filter((pl.col("o_start") < pl.col("end")) & (pl.col("start") < pl.col("o_end")))
    return spans.with_row_index("_span").join(hit.select("_span").unique(), on="_span", how="semi").drop("_span")


def fuzzy_mentions(sentences: pl.DataFrame, exact: pl.DataFrame, aliases: pl.DataFrame) -> pl.DataFrame:
    """schema.MENTIONS of places named in spellings the gazetteer does not hold, outside the exact mentions."""
    config = settings()
    names = capitalised_runs(sentences, config.word, config.leading_words, config.max_words)
    resolved = resolve_spellings(names, aliases["alias"], config)
    if resolved.height == 0:
        return schema.empty(schema.MENTIONS)
    table = resolved.with_columns(pl.lit(True).alias("case_sensitive"))
    found = match_aliases(sentences, table, case_sensitive=True, remember=False)
    if found.height == 0 or exact.height == 0:
        return found
    # Exact matching has the last word: a fuzzy name overlapping an exact mention is dropped.
    return found.join(_overlapping(found, exact), on=[*_KEYS, "start", "end", "entity_id"], how="anti")
