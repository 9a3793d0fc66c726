"""People the reference lacks, learned from titles: "<affiliation> <title> <Name Surname>" and
"<Name Surname>, <the> <affiliation> <title>"."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from conflict_events.normalise.actors.model import KEYS
from conflict_events.normalise.actors.names import NAME, NAME_BEFORE_COMMA, clean_name
from conflict_events.normalise.actors.reference import TitleGrammar
from conflict_events.text.gazetteer import match_aliases


def _alternation(forms: list[str]) -> str:
    """Regex alternation, longest first so "Deputy Foreign Minister" wins over "Foreign Minister"."""
    ordered = sorted(set(forms), key=lambda f: (-len(f), f))
    return "|".join(pl.escape_regex(f) for f in ordered)


_SP = r"[ \u00a0]+"
_CYRILLIC_GENITIVE_WORD = (
    r"(?:[а-яіїєґё][а-яіїєґё'’ʼ\-]*|[А-ЯІЇЄҐ]{2,5}|[А-ЯІЇЄҐ][а-яіїєґё'’ʼ\-]+(?:их|ої|ого|ів|ей|ы|и|ї|у))"
)


@dataclass(frozen=True)
class _TitleRegexes:
    name_after: str  # the text after a title: optional affiliation suffix, then the name
    affiliation_before: str  # the text before a title ends with an affiliation (and modifiers)
    name_before: str  # the text before a title ends with "<Name Surname>, the <affiliation>"
    suffix_after: str  # the text after a title starts with an affiliation suffix


def _title_regexes(grammar: TitleGrammar) -> _TitleRegexes:
    affiliation = _alternation(grammar.affiliations["form"].to_list())
    suffix = _alternation(grammar.suffixes["form"].to_list())
    modifiers = rf"(?:(?i:{_alternation(list(grammar.modifiers))})[ \u00a0]*)*"
    # Anchored at the title: regexes run on short slices next to each title found, never on whole texts.
    return _TitleRegexes(
        # "Ambassador to Ukraine Martin Harris", "Minister for Europe Stephen Doughty": a short complement
        # may sit between the title and the name.
        # In Ukrainian and Russian the complement is a genitive phrase: "Речник Повітряних сил Юрій Ігнат",
        # "пресс-секретарь президента РФ Дмитрий Песков".
        name_after=(
            rf"^(?:{_SP}(?P<suf>{suffix}))?(?:{_SP}(?:to|for|of|in|at){_SP}(?:the{_SP})?\p{{Lu}}[\p{{L}}'’\-]+"
            rf"(?:{_SP}\p{{Lu}}[\p{{L}}'’\-]+)?)?(?:{_SP}{_CYRILLIC_GENITIVE_WORD}){{0,3}},?{_SP}(?P<name>{NAME})"
        ),
        affiliation_before=rf"(?P<aff>{affiliation}){_SP}{modifiers}$",
        name_before=(
            rf"(?:^|[^\p{{L}}\p{{N}}])(?P<name>{NAME_BEFORE_COMMA}),{_SP}(?:(?i:the|a|an){_SP})?{modifiers}"
            rf"(?:(?P<aff>{affiliation}){_SP})?{modifiers}$"
        ),
        suffix_after=rf"^{_SP}(?P<suf>{suffix})",
    )


def titled_names(sentences: pl.DataFrame, grammar: TitleGrammar) -> pl.DataFrame:
    """Distinct (name, title, country_code) found next to titles; the most frequent title/country per name."""
    empty = pl.DataFrame(schema={"name": pl.String, "title": pl.String, "country_code": pl.String})
    if grammar.titles.height == 0 or sentences.height == 0:
        return empty
    title_aliases = grammar.titles.select(pl.col("form").alias("alias"), pl.col("title").alias("entity_id"))
    hits = match_aliases(sentences, title_aliases)
    if hits.height == 0:
        return empty
    before_name = grammar.titles.select(pl.col("form").str.to_lowercase().alias("_form"), "before_name").unique(
        "_form", keep="first"
    )
    regexes = _title_regexes(grammar)
    window = 90
    hits = (
        hits.join(sentences.select(*KEYS, "sentence"), on=KEYS)
        .with_columns(pl.col("surface").str.to_lowercase().alias("_form"))
        .join(before_name, on="_form", how="left")
        .select(
            pl.col("entity_id").alias("title"),
            pl.col("before_name").fill_null(True),
            pl.col("sentence").str.slice(pl.col("end"), window).alias("after"),
            pl.col("sentence")
            .str.slice((pl.col("start") - window).clip(lower_bound=0), pl.col("start").clip(upper_bound=window))
            .alias("before"),
        )
    )
    # "<affiliation> <title> <Name Surname>"
    title_first = (
        hits.filter(pl.col("before_name"))
        .with_columns(
            pl.col("after").str.extract_groups(regexes.name_after).alias("_a"),
            pl.col("before").str.extract_groups(regexes.affiliation_before).alias("_b"),
        )
        .select(
            "title",
            pl.col("_a").struct.field("name"),
            pl.col("_a").struct.field("suf"),
            pl.col("_b").struct.field("aff"),
            pl.lit(0).alias("_pattern"),
        )
    )
    # "<Name Surname>, <the> <affiliation> <title> <affiliation suffix>"
    name_first = hits.with_columns(
        pl.col("before").str.extract_groups(regexes.name_before).alias("_b"),
        pl.col("after").str.extract_groups(regexes.suffix_after).alias("_a"),
    ).select(
        "title",
        pl.col("_b").struct.field("name"),
        pl.col("_a").struct.field("suf"),
        pl.col("_b").struct.field("aff"),
        pl.lit(1).alias("_pattern"),
    )
    countries = pl.concat([grammar.affiliations, grammar.suffixes]).unique("form", keep="first")
    resolved = (
        pl.concat([title_first, name_first])
        .with_columns(clean_name(pl.col("name"), grammar.not_name_words).alias("name"))
        .drop_nulls("name")
        .join(countries.rename({"form": "aff", "country_code": "_aff_cc"}), on="aff", how="left")
        .join(countries.rename({"form": "suf", "country_code": "_suf_cc"}), on="suf", how="left")
        .select("name", "title", pl.coalesce("_aff_cc", "_suf_cc").alias("country_code"), "_pattern")
    )

    # One title and one country per name: the most frequent (ties: alphabetical), deterministic.  A title
    # written before the name counts first: in lists ("A, Governor of X B, Head of Y C") the title after a
    # comma belongs to the next person.
    def most_frequent(column: str) -> pl.DataFrame:
        return (
            resolved.drop_nulls(column)
            .group_by("name", column)
            .agg(pl.len(), pl.col("_pattern").min())
            .sort(["name", "_pattern", "len", column], descending=[False, False, True, False])
            .unique("name", keep="first")
            .select("name", column)
        )

    names = resolved.select("name").unique()
    return (
        names.join(most_frequent("title"), on="name", how="left")
        .join(most_frequent("country_code"), on="name", how="left")
        .sort("name")
    )
