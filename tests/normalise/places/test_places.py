"""Place mentions: spellings of one city, occupied territory under Ukraine's codes, regions, facilities."""

from __future__ import annotations

import polars as pl

from conflict_events import schema
from conflict_events.normalise.places import PLACE_MENTIONS, PLACES, find_places, places_table
from tests.normalise.normalise_frames import sentence_frame


def _places(*sentences: str) -> pl.DataFrame:
    return find_places(sentence_frame(list(sentences)))


def _by_surface(found: pl.DataFrame) -> dict[str, dict]:
    return {row["surface"]: row for row in found.iter_rows(named=True)}


def test_kyiv_kiev_and_cyrillic_spellings_are_one_place() -> None:
    found = _places("Drones hit Kyiv overnight.", "Kiev was attacked again.", "Вибухи у Києві, удар по Київ.")
    kyiv = found.filter(pl.col("place_type") == "city")
    assert set(kyiv["surface"]) >= {"Kyiv", "Kiev", "Києві", "Київ"}
    assert kyiv["place_id"].n_unique() == 1
    row = kyiv.row(0, named=True)
    assert (row["name"], row["country_code"], row["admin1_code"], row["geo_precision"]) == (
        "Kyiv",
        "UA",
        "UA-30",
        "city",
    )
    assert 50.3 < row["latitude"] < 50.6 and 30.4 < row["longitude"] < 30.7


def test_occupied_cities_carry_ukraines_codes() -> None:
    found = _by_surface(_places("Explosions in Melitopol, Sevastopol, Donetsk, Simferopol and Luhansk."))
    expected = {
        "Melitopol": "UA-23",
        "Sevastopol": "UA-40",
        "Donetsk": "UA-14",
        "Simferopol": "UA-43",
        "Luhansk": "UA-09",
    }
    for surface, code in expected.items():
        assert found[surface]["country_code"] == "UA", surface
        assert found[surface]["admin1_code"] == code, surface


def test_crimea_and_russian_style_region_names() -> None:
    found = _by_surface(_places("Crimea and the Donetsk region were hit; Belgorod Oblast and the Rostov region too."))
    assert (found["Crimea"]["admin1_code"], found["Crimea"]["country_code"]) == ("UA-43", "UA")
    assert found["Donetsk region"]["admin1_code"] == "UA-14"
    assert found["Belgorod Oblast"]["admin1_code"] == "RU-BEL"
    assert found["Rostov region"]["place_type"] == "admin1"
    assert found["Rostov region"]["name"] == "Rostov Oblast"
    assert found["Rostov region"]["geo_precision"] == "admin1"


def test_russian_town_gets_its_oblast() -> None:
    row = _by_surface(_places("A refinery near Novoshakhtinsk burned."))["Novoshakhtinsk"]
    assert (row["country_code"], row["admin1_code"], row["admin1"]) == ("RU", "RU-ROS", "Rostov Oblast")


def test_us_states_cities_and_venues() -> None:
    found = _by_surface(
        _places("Trump met Putin in Anchorage, Alaska, and later Zelensky at Mar-a-Lago in Palm Beach, Florida.")
    )
    assert found["Alaska"]["admin1_code"] == "US-AK"
    assert found["Anchorage"]["admin1_code"] == "US-AK" and found["Anchorage"]["place_type"] == "city"
    assert found["Florida"]["admin1_code"] == "US-FL"
    assert found["Palm Beach"]["admin1_code"] == "US-FL"
    assert found["Mar-a-Lago"]["place_type"] == "facility" and found["Mar-a-Lago"]["geo_precision"] == "point"


def test_common_words_adjectives_and_lowercase_are_not_places() -> None:
    found = _places(
        "Most analysts were reading the mobile reports in March.",
        "Reading and Mobile are towns, but not here; Ukrainian and Russian forces clashed.",
        "the kyiv office was closed",
    )
    assert found.filter(pl.col("place_type") != "country").height == 0
    assert found.height == 0


def test_countries_are_places_of_type_country() -> None:
    found = _by_surface(_places("Russia and the United States talked; the UK and Ukraine listened."))
    assert found["Russia"]["place_id"] == "country-ru"
    assert found["United States"]["country_code"] == "US"
    assert found["UK"]["country_code"] == "GB"
    assert found["Ukraine"]["geo_precision"] == "country"


def test_curated_facility_is_a_place_with_its_region() -> None:
    row = _by_surface(_places("Drones hit Engels air base in the night."))["Engels air base"]
    assert row["place_type"] == "facility"
    assert (row["admin1_code"], row["country_code"], row["geo_precision"]) == ("RU-SAR", "RU", "point")


def test_output_shape_and_offsets() -> None:
    frame = sentence_frame(["Strikes on Kharkiv and Odesa.", "No places here."])
    found = find_places(frame)
    assert found.schema == pl.Schema(PLACE_MENTIONS)
    for row in found.iter_rows(named=True):
        assert frame["sentence"][row["sent_idx"]][row["start"] : row["end"]] == row["surface"]
    assert find_places(schema.empty(schema.SENTENCES)).height == 0


def test_places_table_has_curated_regions_countries_and_matched_cities() -> None:
    found = _places("Drones hit Kharkiv.")
    table = places_table(found)
    assert table.schema == pl.Schema(PLACES)
    assert table["place_id"].is_unique().all()
    ids = set(table["place_id"])
    assert {"admin1-ru-ros", "admin1-ua-43", "country-ua", "facility-novoshakhtinsk-refinery"} <= ids
    assert found["place_id"][0] in ids
    assert found["place_id"][0] not in set(places_table()["place_id"])
    assert set(table["place_type"]) == {"city", "admin1", "country", "facility"}


def test_deterministic() -> None:
    frame = sentence_frame(["Kherson, Odessa, Zaporozhye and Kharkov were shelled.", "Moscow and St. Petersburg."])
    assert find_places(frame).equals(find_places(frame))
    ids = find_places(frame)["place_id"].to_list()
    assert ids == ["city-ua-kherson", "city-ua-odesa", "city-ua-zaporizhzhya", "city-ua-kharkiv",
                   "city-ru-moscow", "city-ru-saint-petersburg"]  # fmt: skip


def test_peoples_names_are_not_towns() -> None:
    found = _places(
        "Vladimir Putin received Kirill Dmitriev; President Volodymyr Zelensky answered.",
        "Dmitriev said little.",
        "Drones hit Vladimir overnight.",
    )
    assert found.select("sent_idx", "surface", "place_id").rows() == [(2, "Vladimir", "city-ru-vladimir")]


def test_ukrainian_and_russian_case_forms() -> None:
    found = _by_surface(
        _places(
            "Вибухи у Харкові, Одесі та Донецьку; атака на Москве.",
            "Уражено НПЗ у Ростовській області та склад на Харківщині; удары по Краснодарском крае.",
        )
    )
    assert found["Харкові"]["place_id"] == "city-ua-kharkiv"
    assert found["Одесі"]["place_id"] == "city-ua-odesa"
    assert found["Донецьку"]["admin1_code"] == "UA-14"
    assert found["Москве"]["place_id"] == "city-ru-moscow"
    assert found["Ростовській області"]["admin1_code"] == "RU-ROS"
    assert found["Харківщині"]["admin1_code"] == "UA-63"
    assert found["Краснодарском крае"]["admin1_code"] == "RU-KDA"


def _ids(found: pl.DataFrame, sent_idx: int) -> list[str]:
    return found.filter(pl.col("sent_idx") == sent_idx).sort("start")["place_id"].to_list()


def test_city_districts_resolve_to_their_city() -> None:
    found = _places(
        "Overnight the Obolonskyi and Pechersky districts of the capital were hit.",
        "A school in Kharkiv's Saltivskyi district burned.",
        "In Chernihiv, a drone hit the Desnianskyi district.",
        "A drone fell in the Desnyanskyi district.",
        "Holosiivskyi raion lost power.",
    )
    assert _ids(found, 0) == ["city-ua-kyiv", "city-ua-kyiv"]
    assert _ids(found, 1) == ["city-ua-kharkiv", "city-ua-kharkiv"]
    # A name two cities share goes to the one named in the sentence, else to the first listed (Kyiv).
    assert _ids(found, 2) == ["city-ua-chernihiv", "city-ua-chernihiv"]
    assert _ids(found, 3) == ["city-ua-kyiv"]
    assert _ids(found, 4) == ["city-ua-kyiv"]


def test_a_district_name_without_district_is_no_place() -> None:
    found = _places("The Obolonskyi family moved away.")
    assert found.height == 0


def test_town_names_listed_before_plural_regions_are_regions() -> None:
    found = _places(
        "Substations in the Sumy and Poltava regions were damaged.",
        "Air raid alerts sounded in Kursk, Bryansk and Belgorod oblasts.",
        "Drones hit Sumy and Poltava.",
    )
    assert _ids(found, 0) == ["admin1-ua-59", "admin1-ua-53"]
    assert _ids(found, 1) == ["admin1-ru-krs", "admin1-ru-bry", "admin1-ru-bel"]
    assert found.filter(pl.col("sent_idx") == 1)["place_type"].unique().to_list() == ["admin1"]
    assert _ids(found, 2) == ["city-ua-sumy", "city-ua-poltava"]
