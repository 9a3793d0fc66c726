"""Strike targets: typed by target words, named from adjacent places or curated facilities."""

from __future__ import annotations

import polars as pl

from conflict_events.normalise.places import place_by_id
from conflict_events.normalise.targets import TARGET_MENTIONS, find_targets
from tests.normalise.normalise_frames import sentence_frame, split_document


def _targets(*sentences: str) -> list[tuple[int, str, str, str | None]]:
    found = find_targets(sentence_frame(list(sentences)))
    assert found.schema == pl.Schema(TARGET_MENTIONS)
    return [
        (row["sent_idx"], row["target_type"], row["target_name"], row["place_id"])
        for row in found.iter_rows(named=True)
    ]


def test_named_refinery_with_adjectives_and_region() -> None:
    found = _targets("The general staff reported a strike on the large Novoshakhtinsk oil refinery in Rostov Oblast.")
    assert found == [(0, "oil_refinery", "Novoshakhtinsk oil refinery", "facility-novoshakhtinsk-refinery")]


def test_place_before_or_after_the_target_word() -> None:
    found = _targets(
        "Drones hit the Ryazan refinery.",
        "An oil depot in Feodosia burned for hours.",
        "A substation in Sumy Oblast was damaged.",
        "Missiles struck apartment blocks in Kharkiv.",
    )
    assert found == [
        (0, "oil_refinery", "Ryazan oil refinery", "facility-ryazan-refinery"),
        (1, "oil_depot", "Feodosia oil terminal", "facility-feodosia-oil-terminal"),
        (2, "energy_grid", "energy facility in Sumy Oblast", "admin1-ua-59"),
        (3, "residential", "Kharkiv residential buildings", "city-ua-kharkiv"),
    ]


def test_curated_facilities_are_targets_by_name() -> None:
    found = _targets("Overnight Engels air base and the Crimean bridge were attacked.")
    assert found == [
        (0, "airfield", "Engels air base", "facility-engels-air-base"),
        (0, "bridge", "Crimean Bridge", "facility-crimean-bridge"),
    ]


def test_two_strikes_in_one_paragraph_keep_their_own_targets() -> None:
    sentences = split_document(
        "Ukrainian drones struck the Saratov refinery and an ammunition depot near Belgorod. "
        "Hours later Russian missiles hit a power plant in Lviv Oblast."
    )
    found = find_targets(sentences)
    names = [(row["sent_idx"], row["target_type"], row["target_name"]) for row in found.iter_rows(named=True)]
    assert names == [
        (0, "oil_refinery", "Saratov oil refinery"),
        (0, "military_base", "Belgorod military facility"),
        (1, "power_plant", "power plant in Lviv Oblast"),
    ]
    text = "".join(sentences["sentence"])
    for row in found.iter_rows(named=True):
        sentence = sentences.filter(pl.col("sent_idx") == row["sent_idx"])["sentence"].item()
        assert sentence[row["start"] : row["end"]] == row["surface"]
        assert row["surface"] in text


def test_unnamed_and_ambiguous_targets_are_not_invented() -> None:
    found = _targets(
        "The Ukrainians attacked Russian refineries.",
        "Kharkiv's power plant was hit again.",
        "The terror campaign against cities goes on; the city of Odesa was hit.",
    )
    assert found == [
        (0, "oil_refinery", "oil refinery", None),
        # Kharkiv has several power plants: the town is named, no particular plant is guessed.
        (1, "power_plant", "Kharkiv power plant", "city-ua-kharkiv"),
        (2, "city", "city", None),
        (2, "city", "Odesa", "city-ua-odesa"),
    ]


def test_deterministic() -> None:
    frame = sentence_frame(["Drones hit the port of Novorossiysk and an oil depot in Tuapse.", "Nothing here."])
    assert find_targets(frame).equals(find_targets(frame))


def test_ukrainian_official_post() -> None:
    found = _targets(
        "У ніч на 25 грудня Сили оборони уразили Новошахтинський НПЗ у Ростовській області.",
        "Також уражено нафтобазу в Феодосії та підстанцію у Бєлгородській області.",
    )
    assert found == [
        (0, "oil_refinery", "Novoshakhtinsk oil refinery", "facility-novoshakhtinsk-refinery"),
        (1, "oil_depot", "Feodosia oil terminal", "facility-feodosia-oil-terminal"),
        (1, "energy_grid", "energy facility in Belgorod Oblast", "admin1-ru-bel"),
    ]


def test_terminals_airfields_plants_and_power_stations_of_2025_are_facilities() -> None:
    found = _targets(
        "Sea drones struck the Sheskharis terminal overnight.",
        "Long-range drones reached the Novorossiysk oil terminal again.",
        "Missiles hit the Kirovske airfield and the Bryansk chemical plant.",
        "The Dobrotvir TPP and the Zmiiv TPP lost generation after the attack.",
    )
    assert (0, "port", "Sheskharis oil terminal (Novorossiysk)", "facility-sheskharis-oil-terminal") in found
    assert found[1][3] == "facility-sheskharis-oil-terminal"
    assert [row[3] for row in found if row[0] == 2] == ["facility-kirovske-airfield", "facility-bryansk-chemical-plant"]
    assert [row[1:] for row in found if row[0] == 3] == [
        ("power_plant", "Dobrotvir thermal power plant", "facility-dobrotvir-tpp"),
        ("power_plant", "Zmiiv thermal power plant", "facility-zmiiv-tpp"),
    ]


def test_crimean_airfields_carry_ukraines_codes() -> None:
    found = find_targets(sentence_frame(["Drones attacked the Hvardiiske airfield and Kacha air base."]))
    ids = found["place_id"].to_list()
    places = place_by_id(ids).sort(pl.col("place_id").replace_strict(ids, list(range(len(ids)))))
    assert places["admin1_code"].to_list() == ["UA-43", "UA-40"] and set(places["country_code"]) == {"UA"}


def test_energy_words_and_regions() -> None:
    found = _targets(
        "Gas production facilities in the Kharkiv region were hit.",
        "An electrical substation near Zhytomyr was damaged.",
        "Power infrastructure in the Odesa region was attacked.",
    )
    assert found == [
        (0, "energy_grid", "energy facility in Kharkiv Oblast", "admin1-ua-63"),
        (1, "energy_grid", "Zhytomyr energy facility", "city-ua-zhytomyr"),
        (2, "energy_grid", "energy facility in Odesa Oblast", "admin1-ua-51"),
    ]


def test_a_towns_only_plant_is_that_facility_whatever_its_type() -> None:
    found = _targets(
        "The Burshtyn plant was damaged again.",
        "Drones set the Ukhta plant on fire.",
        "A plant in Kharkiv was hit.",
    )
    assert found[0] == (0, "power_plant", "Burshtyn thermal power plant", "facility-burshtyn-tpp")
    assert found[1] == (1, "oil_refinery", "Ukhta oil refinery", "facility-ukhta-refinery")
    # Kharkiv has no single curated plant: the word keeps its own type and a composed name.
    assert found[2] == (2, "military_industry", "Kharkiv defence plant", "city-ua-kharkiv")
