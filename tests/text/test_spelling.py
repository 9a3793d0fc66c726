"""Spelling folds and capitalised name runs (the fuzzy fallback's inputs)."""

from __future__ import annotations

import polars as pl

from conflict_events.text.spelling import Folding, capitalised_runs, fold

WORD = r"\p{Lu}\p{Ll}+(?:[-'’]\p{L}\p{Ll}*)*"


def _folded(folding: Folding, *names: str) -> list[str]:
    return pl.DataFrame({"name": list(names)}).select(fold(pl.col("name"), folding))["name"].to_list()


def test_rules_apply_in_order_then_doubled_letters_collapse() -> None:
    folding = Folding((("kh", "h"), ("y", "i"), ("'", "")), doubles="is")
    assert _folded(folding, "Kharkiv", "Kryvyy", "Kup'yansk", "Odessa") == ["harkiv", "krivi", "kupiansk", "odesa"]


def test_no_rules_only_lower_case() -> None:
    assert _folded(Folding(()), "Kyiv ") == ["kyiv"]


def test_runs_cut_leading_words_possessives_and_long_titles() -> None:
    sentences = pl.DataFrame(
        {
            "sentence": [
                "Overnight, In Kryvyi Rig the mayor spoke.",
                "They said Ukraine's Black Sea Fleet Command Post was hit in Novo Ozerne's port.",
                "Sumy was quiet, and so was Lutsk.",
            ]
        }
    )
    runs = capitalised_runs(sentences, WORD, ["In", "Overnight"], 3).to_list()
    # "Overnight", "They" and "Sumy" open their sentences alone; "Black Sea Fleet Command Post" is too long.
    assert runs == ["Kryvyi Rig", "Lutsk", "Novo Ozerne", "Ukraine"]
