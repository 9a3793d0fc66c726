"""Weapons: one id per weapon across spellings, plurals and scripts; tables consistent."""

from __future__ import annotations

import polars as pl

from conflict_events import schema
from conflict_events.normalise.reference import WEAPON_CATEGORIES
from conflict_events.normalise.weapons import find_weapons, weapon_aliases_table, weapons_table
from tests.normalise.normalise_frames import sentence_frame


def _ids(sentence: str) -> list[tuple[str, str]]:
    found = find_weapons(sentence_frame([sentence]))
    return list(zip(found["surface"].to_list(), found["entity_id"].to_list(), strict=True))


def test_storm_shadow_spellings_are_one_weapon() -> None:
    for sentence, surface in [
        ("The attack used the British/French Storm Shadow/Scalp cruise missile.", "Storm Shadow/Scalp"),
        ("France supplied SCALP-EG missiles.", "SCALP-EG"),
        ("Storm/Shadow Scalps show the importance of long-range systems.", "Storm/Shadow Scalps"),
        ("Ukraine fired Storm Shadows at the bridge.", "Storm Shadows"),
        ("Two SCALP missiles hit the port.", "SCALP"),
    ]:
        assert _ids(sentence) == [(surface, "storm-shadow")], sentence


def test_shahed_and_geran_are_one_weapon_in_any_script() -> None:
    found = _ids("Russia launched Shaheds, a Geran-2 and Шахеди overnight, plus Shahed-136 drones.")
    assert {weapon for _, weapon in found} == {"shahed-136"}
    assert len(found) == 4


def test_ordinary_words_are_not_weapons() -> None:
    assert _ids("He felt his scalp tingle; a true patriot, he said, like a flamingo.") == []


def test_several_weapons_in_one_sentence() -> None:
    found = _ids("Kinzhals, Iskander-M and Kalibr missiles were intercepted by Patriot systems and IRIS-T.")
    assert [weapon for _, weapon in found] == ["kinzhal", "iskander-m", "kalibr", "patriot", "iris-t"]


def test_glide_bombs_in_any_case() -> None:
    assert _ids("Glide bombs and KABs fell on Kostiantynivka.") == [
        ("Glide bombs", "kab-glide-bomb"),
        ("KABs", "kab-glide-bomb"),
    ]


def test_tables_are_consistent() -> None:
    weapons = weapons_table()
    aliases = weapon_aliases_table()
    assert weapons["weapon_id"].is_unique().all()
    assert set(weapons["category"]) <= WEAPON_CATEGORIES
    assert weapons.filter(pl.col("weapon_id") == "storm-shadow")["origin_country_code"].item() == "GB"
    assert aliases.join(weapons, on="weapon_id", how="anti").height == 0
    storm = set(aliases.filter(pl.col("weapon_id") == "storm-shadow")["alias"])
    assert {"Storm Shadow", "SCALP-EG"} <= storm
    assert find_weapons(schema.empty(schema.SENTENCES)).height == 0


def test_ukrainian_long_range_weapons_of_2025() -> None:
    found = _ids(
        "The strike used a Long Neptune, two Neptun missiles, an FP-5 Flamingo, a Peklo and Palianytsia drones."
    )
    assert found == [
        ("Long Neptune", "long-neptune"),
        ("Neptun", "neptune"),
        ("FP-5 Flamingo", "flamingo"),
        ("Peklo", "peklo"),
        ("Palianytsia", "palianytsia"),
    ]
    assert _ids("A Ruta missile was shown at the fair; Ruta herself did not come.") == [("Ruta missile", "ruta")]


def test_russian_weapons_of_2025() -> None:
    found = _ids("Russia launched Kh-69 and Kh-59MK2 missiles, Geran-3 jets, Molniya drones and KAB-500 bombs.")
    assert found == [
        ("Kh-69", "kh-69"),
        ("Kh-59MK2", "kh-59"),
        ("Geran-3", "shahed-238"),
        ("Molniya", "molniya"),
        ("KAB-500", "kab-glide-bomb"),
    ]
