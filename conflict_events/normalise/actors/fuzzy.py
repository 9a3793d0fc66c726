"""Misspelt names of known people ("Rusten Umerov"): capitalised name candidates scored against the
reference with rapidfuzz."""

from __future__ import annotations

import polars as pl
from rapidfuzz import fuzz, process

from conflict_events.normalise.actors.names import NAME, clean_name

# Fuzzy matching: a name must score this much (rapidfuzz ratio, 0-100) against a known full name...
_FUZZY_NAME_CUTOFF = 88.0
# ...or share the exact surname and the first initial and score at least this much.
_FUZZY_SAME_SURNAME_CUTOFF = 75.0
# Surnames are compared first, to keep the number of full comparisons small.
_FUZZY_SURNAME_CUTOFF = 80.0


def name_candidates(sentences: pl.DataFrame, not_name_words: frozenset[str]) -> list[str]:
    """Distinct capitalised 2-3 word sequences (and the last two words of 3-word ones)."""
    pattern = rf"[^\p{{L}}\p{{N}}]{NAME}"
    found = (
        sentences.select((pl.lit(" ") + pl.col("sentence")).str.extract_all(pattern).alias("c"))
        .explode("c")
        .drop_nulls("c")
        .select(pl.col("c").str.slice(1).str.replace_all(r"[ \u00a0]+", " ").alias("c"))
        .unique()
    )
    last_two = found.select(pl.col("c").str.split(" ").list.slice(-2, 2).list.join(" ").alias("c"))
    candidates = pl.concat([found, last_two]).unique()
    candidates = candidates.select(clean_name(pl.col("c"), not_name_words).alias("c")).drop_nulls().unique()
    return sorted(candidates["c"].to_list())


def _surname_of(name: str) -> str:
    return name.split()[-1]


def fuzzy_matches(candidates: list[str], known: pl.DataFrame) -> pl.DataFrame:
    """candidate -> actor_id for candidates close to a known full person name (known: actor_id, alias)."""
    result_schema = {"alias": pl.String, "entity_id": pl.String}
    targets = known.filter(pl.col("alias").str.contains(" ")).unique().sort(["alias", "actor_id"])
    if not candidates or targets.height == 0:
        return pl.DataFrame(schema=result_schema)
    target_names = targets["alias"].to_list()
    target_ids = targets["actor_id"].to_list()
    target_surnames = [_surname_of(t).lower() for t in target_names]
    distinct_surnames = sorted(set(target_surnames))
    candidate_surnames = [_surname_of(c).lower() for c in candidates]
    # Surnames first, all at once in C: a (candidates x known surnames) score matrix.
    scores = process.cdist(candidate_surnames, distinct_surnames, scorer=fuzz.ratio, workers=1)
    close = scores >= _FUZZY_SURNAME_CUTOFF
    rows: list[dict[str, str]] = []
    for i in close.any(axis=1).nonzero()[0]:
        candidate = candidates[i]
        # Same first letter, and at most one letter longer or shorter: "Zelenskyy" is Zelensky, but
        # "Yermakov" is not Yermak nor "Peskova" Peskov's spelling.
        mine = candidate_surnames[i]
        close_surnames = {
            distinct_surnames[j]
            for j in close[i].nonzero()[0]
            if distinct_surnames[j][0] == mine[0] and abs(len(distinct_surnames[j]) - len(mine)) <= 1
        }
        best: tuple[float, str] | None = None
        for name, actor_id, surname in zip(target_names, target_ids, target_surnames, strict=True):
            if surname not in close_surnames:
                continue
            score = fuzz.ratio(candidate.lower(), name.lower())
            same_person_shape = surname == candidate_surnames[i] and name[0].lower() == candidate[0].lower()
            close_enough = score >= _FUZZY_NAME_CUTOFF or (same_person_shape and score >= _FUZZY_SAME_SURNAME_CUTOFF)
            if close_enough and (best is None or score > best[0] or (score == best[0] and actor_id < best[1])):
                best = (score, actor_id)
        if best is not None:
            rows.append({"alias": candidate, "entity_id": best[1]})
    return pl.DataFrame(rows, schema=result_schema)
