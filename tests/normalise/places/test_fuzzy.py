"""The fuzzy fallback for place spellings: transliteration variants of known towns and facilities resolve,
near-but-different names (other towns, people, countries, common words) do not."""

from __future__ import annotations

import copy

import polars as pl
import pytest

from conflict_events.normalise import reference
from conflict_events.normalise.places import find_places, fuzzy
from conflict_events.normalise.places.fuzzy import FuzzySettings, resolve_spellings, settings
from tests.normalise.normalise_frames import sentence_frame

_NOTHING_KNOWN = pl.Series([], dtype=pl.String)


def _places(*sentences: str) -> pl.DataFrame:
    return find_places(sentence_frame(list(sentences)))


def _resolved(*names: str, config: FuzzySettings | None = None) -> dict[str, str]:
    found = resolve_spellings(pl.Series(list(names), dtype=pl.String), _NOTHING_KNOWN, config or settings())
    return dict(found.iter_rows())


def test_a_russian_style_romanisation_of_a_ukrainian_city_is_that_city() -> None:
    found = _places("Rescue teams were still searching the rubble in Kryvyi Rig late on Sunday.")
    assert found.select("surface", "place_id").rows() == [("Kryvyi Rig", "city-ua-kryvyy-rih")]
    row = found.row(0, named=True)
    assert (row["name"], row["country_code"], row["admin1_code"]) == ("Kryvyi Rih", "UA", "UA-12")
    assert 47.8 < row["latitude"] < 48.0 and 33.3 < row["longitude"] < 33.5


def test_a_variant_spelling_of_a_facility_is_the_facility_with_its_coordinates() -> None:
    found = _places("A fire broke out at the Orsknaftoorgsintez plant after the drone attack.")
    row = found.row(0, named=True)
    assert (row["surface"], row["place_id"], row["place_type"]) == (
        "Orsknaftoorgsintez",
        "facility-orsk-refinery",
        "facility",
    )
    assert (row["latitude"], row["longitude"], row["admin1_code"]) == (51.23, 58.47, "RU-ORE")


def test_transliteration_habits_fold_to_one_spelling() -> None:
    assert _resolved("Krivyi Rig", "Kup'yansk", "Kirrishi", "Novoshakhtynsk", "Тихорецьк") == {
        "Krivyi Rig": "city-ua-kryvyy-rih",  # y/i, g/h
        "Kup'yansk": "city-ua-kupyansk",  # apostrophe
        "Kirrishi": "city-ru-kirishi",  # doubled letter
        "Novoshakhtynsk": "city-ru-novoshakhtinsk",  # y/i inside a long name
        "Тихорецьк": "city-ru-tikhoretsk",  # Ukrainian soft sign in a Russian town's name
    }


def test_short_names_never_match_fuzzily() -> None:
    # One letter away from Orsk, Omsk, Kursk, Oryol and Sumy, and too short to tell apart by spelling.
    assert _resolved("Orsc", "Omks", "Ursk", "Kursc", "Oreol", "Syumi") == {}


def test_near_but_different_real_places_keep_their_own_identity() -> None:
    found = _places("Shelling hit Bryanka while drones flew towards Bryansk, Orsk and Omsk.")
    assert dict(found.select("surface", "place_id").iter_rows()) == {
        "Bryanka": "city-ua-bryanka",
        "Bryansk": "city-ru-bryansk",
        "Orsk": "city-ru-orsk",
        "Omsk": "city-ru-omsk",
    }


def test_a_different_ending_is_a_different_word() -> None:
    # A first name one letter short of a city, a surname one letter short of a town's "-ovo".
    assert _resolved("Mykolai", "Oleksandr", "Kostyukov") == {}


def test_peoples_names_are_not_places() -> None:
    found = _places(
        "Governor Alexander Gusev said the fire was out.",
        "Later, Gusev told reporters that nobody was hurt, citing Xinhua and Oleksandr Vilkul.",
    )
    assert found.height == 0


def test_countries_demonyms_and_sentence_openers_are_not_places() -> None:
    found = _places(
        "Ukrainain and Belarusian officials met; Russain media were silent.",
        "Міський голова повідомив про вибухи.",
    )
    assert found.height == 0


def test_exact_spellings_win_and_are_not_touched() -> None:
    found = _places("Strikes on Kharkiv, Zaporizhzhia and the Saratov refinery.")
    assert dict(found.select("surface", "place_id").iter_rows()) == {
        "Kharkiv": "city-ua-kharkiv",
        "Zaporizhzhia": "city-ua-zaporizhzhya",
        "Saratov refinery": "facility-saratov-refinery",
    }


def test_a_folding_rule_is_one_line_of_data() -> None:
    assert _resolved("Kharkoff") == {}
    data = copy.deepcopy(reference.load_fuzzy_matching())
    data["folding"]["rules"].append(["ff$", "v"])
    config = FuzzySettings.from_data(data)
    assert _resolved("Kharkoff", config=config) == {"Kharkoff": "city-ua-kharkiv"}


def test_two_places_or_a_blocker_within_the_margin_leave_a_name_unresolved(monkeypatch: pytest.MonkeyPatch) -> None:
    config = settings()
    shape = ("n", "k", 1)
    # Made-up towns one letter apart from the name (and from each other): the name is neither's; the same
    # closeness to a blocker (a refused name) disqualifies too.
    buckets = {shape: (["novoalinovsk", "novoalanovsk"], ["town-a", "town-b"], [True, True], [12, 12])}
    monkeypatch.setattr(fuzzy, "_buckets", lambda _settings: buckets)
    assert fuzzy._closest("novoalenovsk", shape, config) is None
    buckets[shape] = (["novoalinovsk", "novoalanovsk"], ["town-a", "town-a"], [True, True], [12, 12])
    assert fuzzy._closest("novoalenovsk", shape, config) == "town-a"
    buckets[shape] = (["novoalinovsk", "novoalenovsz"], ["town-a", None], [True, True], [12, 12])
    assert fuzzy._closest("novoalenovsk", shape, config) is None
    # Close only by a spelling that may not win (a geonames alternate name): unresolved.
    buckets[shape] = (["novoalinovsk"], ["town-a"], [False], [12])
    assert fuzzy._closest("novoalenovsk", shape, config) is None
