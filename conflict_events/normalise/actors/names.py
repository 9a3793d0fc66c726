"""What a person's name looks like in running text, and how a captured name is cleaned."""

from __future__ import annotations

import polars as pl

# A name word: "Sergei", "O'Brien", "McDonald", "Kosiniak-Kamysz", "Зеленський".
_NAME_WORD = r"\p{Lu}(?:\p{Ll}+(?:\p{Lu}\p{Ll}+)?|['’]\p{Lu}\p{Ll}+)(?:-\p{Lu}?\p{Ll}+)*"
_PARTICLES = r"(?:(?:von|van|der|den|de|da|di|du|le|la|bin|ibn|al)[ \u00a0]+)*"
NAME = rf"{_NAME_WORD}(?:[ \u00a0]+{_PARTICLES}{_NAME_WORD}){{1,2}}"
# Before ", <title>" a name is taken as two words (plus particles): the word before a name is so often
# the end of a place ("Governor of the Tver Region Vitaly Korolyov, Governor of ...").
NAME_BEFORE_COMMA = rf"{_NAME_WORD}[ \u00a0]+{_PARTICLES}{_NAME_WORD}"


def clean_name(name: pl.Expr, not_name_words: frozenset[str]) -> pl.Expr:
    """The name without leading stop words ("Minister Sergei Ryabkov" -> "Sergei Ryabkov"); null when fewer
    than two words remain or a remaining word is a stop word ("Ukraine War Update")."""
    stop = list(not_name_words)
    words = name.str.replace_all(r"[ \u00a0]+", " ").str.split(" ")
    first_kept = words.list.eval(pl.element().is_in(stop).not_().arg_max()).list.first()
    words = words.list.slice(first_kept)
    bad = words.list.eval(pl.element().is_in(stop)).list.any() | (words.list.len() < 2)
    return pl.when(bad).then(pl.lit(None, pl.String)).otherwise(words.list.join(" "))
