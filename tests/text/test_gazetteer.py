"""Alias matching: whole words, acronyms by case, longest match, character offsets."""

from __future__ import annotations

import polars as pl

from conflict_events import schema
from conflict_events.text.gazetteer import match_aliases

ALIASES = pl.DataFrame(
    {
        "alias": [
            "Ukraine",
            "Ukrainian",
            "US",
            "U.S.",
            "Russia",
            "Foreign Ministry",
            "Russian Foreign Ministry",
            "General Staff",
            "General Staff of the Armed Forces of Ukraine",
            "Armed Forces of Ukraine",
            "Зеленський",
            "Путин",
            "ЗСУ",
            "Kharkiv",
        ],
        "entity_id": [
            "ukraine",
            "ukrainian-demonym",
            "united-states",
            "united-states",
            "russia",
            "generic-mfa",
            "russian-mfa",
            "generic-staff",
            "general-staff-ua",
            "armed-forces-ua",
            "volodymyr-zelensky",
            "vladimir-putin",
            "armed-forces-ua",
            "kharkiv",
        ],
    }
)


def _sentences(*texts: str) -> pl.DataFrame:
    return pl.DataFrame({"doc_id": ["d"] * len(texts), "sent_idx": list(range(len(texts))), "sentence": list(texts)})


def _found(*texts: str, aliases: pl.DataFrame = ALIASES, **kwargs: bool) -> list[tuple[int, str, str]]:
    sentences = _sentences(*texts)
    mentions = match_aliases(sentences, aliases, **kwargs)
    assert mentions.schema == pl.Schema(schema.MENTIONS)
    for row in mentions.join(sentences, on=["doc_id", "sent_idx"]).iter_rows(named=True):
        assert row["sentence"][row["start"] : row["end"]] == row["surface"]
    return [(r["sent_idx"], r["surface"], r["entity_id"]) for r in mentions.iter_rows(named=True)]


def test_no_match_inside_longer_words() -> None:
    aliases = ALIASES.filter(pl.col("alias") != "Ukrainian")
    assert _found("Ukrainian drones hit the USSR-era plant in Russian territory.", aliases=aliases) == []


def test_longer_alias_exists_wins() -> None:
    assert _found("Ukrainian drones flew over Ukraine.") == [
        (0, "Ukrainian", "ukrainian-demonym"),
        (0, "Ukraine", "ukraine"),
    ]


def test_short_acronyms_are_case_sensitive() -> None:
    found = _found("The US told us that the U.S. would help; bus routes and USA flags aside.")
    assert found == [(0, "US", "united-states"), (0, "U.S.", "united-states")]


def test_longest_match_wins_and_case_insensitive_otherwise() -> None:
    found = _found(
        "The russian foreign ministry replied.",
        "The General Staff of the Armed Forces of Ukraine reported 150 clashes.",
        "Ukraine's General Staff said so.",
    )
    assert found == [
        (0, "russian foreign ministry", "russian-mfa"),
        (1, "General Staff of the Armed Forces of Ukraine", "general-staff-ua"),
        (2, "Ukraine", "ukraine"),
        (2, "General Staff", "generic-staff"),
    ]


def test_cyrillic_offsets_are_characters_not_bytes() -> None:
    found = _found("Вчора Зеленський і Путин говорили про ЗСУ, а потім Kharkiv.", "ЗЕЛЕНСЬКИЙ заявив.")
    assert found == [
        (0, "Зеленський", "volodymyr-zelensky"),
        (0, "Путин", "vladimir-putin"),
        (0, "ЗСУ", "armed-forces-ua"),
        (0, "Kharkiv", "kharkiv"),
        (1, "ЗЕЛЕНСЬКИЙ", "volodymyr-zelensky"),
    ]


def test_possessive_and_punctuation_neighbours() -> None:
    assert _found("Russia’s strike on Kharkiv's centre (Ukraine).") == [
        (0, "Russia", "russia"),
        (0, "Kharkiv", "kharkiv"),
        (0, "Ukraine", "ukraine"),
    ]


def test_global_case_sensitive_and_per_alias_override() -> None:
    assert _found("ukraine and russia", case_sensitive=True) == []
    aliases = pl.DataFrame({"alias": ["Mir"], "entity_id": ["mir"], "case_sensitive": [True]})
    assert _found("Mir base, not mir.", aliases=aliases) == [(0, "Mir", "mir")]


def test_one_alias_for_two_entities_keeps_both() -> None:
    aliases = pl.DataFrame({"alias": ["Georgia", "Georgia"], "entity_id": ["georgia-country", "georgia-us-state"]})
    assert [e for _, _, e in _found("Georgia voted.", aliases=aliases)] == ["georgia-country", "georgia-us-state"]


def test_deterministic_and_bad_aliases_ignored() -> None:
    aliases = pl.concat([ALIASES, pl.DataFrame({"alias": [None, "  "], "entity_id": ["x", "y"]})])
    texts = [f"Russia struck Kharkiv {i} times; Ukraine answered." for i in range(200)]
    first = match_aliases(_sentences(*texts), aliases)
    second = match_aliases(_sentences(*texts), aliases.reverse())
    assert first.equals(second)
    assert first.height == 600


def test_empty_inputs() -> None:
    assert match_aliases(_sentences(), ALIASES).schema == pl.Schema(schema.MENTIONS)
    assert match_aliases(_sentences("Ukraine"), ALIASES.clear()).height == 0


def test_overlaps_resolved_per_sentence_only() -> None:
    sentences = pl.DataFrame(
        {
            "doc_id": ["a", "b", "b"],
            "sent_idx": [0, 0, 1],
            "sentence": ["General Staff", "Ukraine's General Staff of the Armed Forces of Ukraine", "Kharkiv"],
        }
    )
    mentions = match_aliases(sentences, ALIASES)
    assert mentions.select("doc_id", "sent_idx", "entity_id").rows() == [
        ("a", 0, "generic-staff"),
        ("b", 0, "ukraine"),
        ("b", 0, "general-staff-ua"),
        ("b", 1, "kharkiv"),
    ]


def test_spacing_apostrophe_and_yo_variants_match_with_exact_offsets() -> None:
    aliases = pl.DataFrame(
        {"alias": ["Volodymyr Zelensky", "Russia's Foreign Ministry", "Лихачёв"], "entity_id": ["vz", "mfa", "al"]}
    )
    found = _found(
        "Volodymyr\u00a0Zelensky met Лихачев; Russia’s Foreign Ministry objected.",
        "Лихачёв spoke.",
        aliases=aliases,
    )
    assert found == [
        (0, "Volodymyr\u00a0Zelensky", "vz"),
        (0, "Лихачев", "al"),
        (0, "Russia’s Foreign Ministry", "mfa"),
        (1, "Лихачёв", "al"),
    ]
