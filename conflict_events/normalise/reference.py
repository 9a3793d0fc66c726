"""Loaders for the curated reference data in conflict_events/reference/ (weapons, facilities, places, target words).

Every loader reads its file once per process (functools.lru_cache) and returns plain Polars frames or
dicts; callers must not mutate what they get.  Alias tables come out in the shape
`text.gazetteer.match_aliases` takes: alias, entity_id, case_sensitive.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import yaml

log = logging.getLogger(__name__)

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"

ALIAS_SCHEMA = {"alias": pl.String, "entity_id": pl.String, "case_sensitive": pl.Boolean}


@cache
def _read_yaml(name: str) -> dict[str, Any]:
    path = REFERENCE_DIR / name
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"reference file {path} must hold a mapping at top level")
    return data


def is_acronym(alias: str) -> bool:
    """ALL-CAPS spellings ("SCALP", "ATACMS", "US", "NPP") only match as written."""
    letters = [ch for ch in alias if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters) and len(letters) >= 2


def case_variants(alias: str, *, plural: bool = False) -> list[str]:
    """The letter-case forms an alias may appear in: as written, first letter capitalised, Title Case,
    ALL CAPS for longer names; acronyms only as written.  With `plural`, an English "s" plural of each form is added."""
    alias = alias.strip()
    if not alias:
        return []
    if is_acronym(alias):
        forms = [alias]
    else:
        capitalised = alias[0].upper() + alias[1:]
        # Title Case word by word, keeping acronym words ("Storm Shadow/SCALP" -> "Storm Shadow/Scalp" too).
        titled = " ".join(word[:1].upper() + word[1:].lower() if word.isalpha() else word for word in alias.split(" "))
        forms = [alias, capitalised, alias.title(), titled]
        if sum(ch.isalpha() for ch in alias) >= 5:
            forms.append(alias.upper())  # headlines and Telegram posts shout ("KYIV", "ШАХЕД")
    if plural and alias[-1].isascii() and alias[-1].isalnum() and not alias.endswith(("s", "S")):
        forms += [form + "s" for form in forms]
    unique: list[str] = []
    for form in forms:
        if form not in unique:
            unique.append(form)
    return unique


def alias_rows(entity_id: str, aliases: list[str], *, plural: bool, any_case: bool = False) -> list[dict[str, Any]]:
    """Rows of an alias table for one entity."""
    if any_case:
        forms = [a.strip() for a in aliases if a.strip()]
        if plural:
            forms += [f + "s" for f in forms if f[-1].isascii() and f[-1].isalnum() and not f.endswith(("s", "S"))]
        return [{"alias": form, "entity_id": entity_id, "case_sensitive": False} for form in forms]
    return [
        {"alias": form, "entity_id": entity_id, "case_sensitive": True}
        for alias in aliases
        for form in case_variants(str(alias), plural=plural)
    ]


# --- weapons ---------------------------------------------------------------------------------------

WEAPON_CATEGORIES = frozenset(
    {"cruise_missile", "ballistic_missile", "drone", "glide_bomb", "artillery", "air_defence", "aircraft", "other"}
)


@cache
def load_weapons() -> pl.DataFrame:
    """weapon_id, name, category, origin_country_code."""
    rows = []
    for item in _read_yaml("weapons.yaml")["weapons"]:
        if item["category"] not in WEAPON_CATEGORIES:
            raise ValueError(f"weapons.yaml: {item['id']} has unknown category {item['category']!r}")
        rows.append(
            {
                "weapon_id": item["id"],
                "name": item["name"],
                "category": item["category"],
                "origin_country_code": item.get("origin"),
            }
        )
    return pl.DataFrame(
        rows,
        schema={"weapon_id": pl.String, "name": pl.String, "category": pl.String, "origin_country_code": pl.String},
    ).sort("weapon_id")


@cache
def load_weapon_alias_patterns() -> pl.DataFrame:
    """The alias table searched in text: alias, entity_id (= weapon_id), case_sensitive."""
    rows: list[dict[str, Any]] = []
    for item in _read_yaml("weapons.yaml")["weapons"]:
        rows += alias_rows(item["id"], [str(a) for a in item.get("aliases", [])], plural=True)
        rows += alias_rows(item["id"], [str(a) for a in item.get("any_case_aliases", [])], plural=True, any_case=True)
    return _unique_aliases(pl.DataFrame(rows, schema=ALIAS_SCHEMA))


@cache
def load_weapon_aliases() -> pl.DataFrame:
    """weapon_id, alias: the spellings as curated (no generated case forms), the name included."""
    rows = []
    for item in _read_yaml("weapons.yaml")["weapons"]:
        names = [item["name"], *item.get("aliases", []), *item.get("any_case_aliases", [])]
        rows += [{"weapon_id": item["id"], "alias": str(name)} for name in names]
    return pl.DataFrame(rows, schema={"weapon_id": pl.String, "alias": pl.String}).unique().sort(["weapon_id", "alias"])


# --- target words ----------------------------------------------------------------------------------

TARGET_TYPES = frozenset(
    {
        "oil_refinery",
        "oil_depot",
        "power_plant",
        "energy_grid",
        "airfield",
        "port",
        "military_base",
        "military_industry",
        "city",
        "residential",
        "government",
        "rail",
        "bridge",
        "ship",
        "other",
    }
)


@cache
def load_target_words() -> pl.DataFrame:
    """word, target_type, label (the noun used in composed target names)."""
    rows = []
    for target_type, spec in _read_yaml("target_words.yaml")["target_words"].items():
        if target_type not in TARGET_TYPES:
            raise ValueError(f"target_words.yaml: unknown target type {target_type!r}")
        rows += [{"word": str(w), "target_type": target_type, "label": spec["label"]} for w in spec["words"]]
    frame = pl.DataFrame(rows, schema={"word": pl.String, "target_type": pl.String, "label": pl.String})
    duplicated = frame.filter(pl.col("word").str.to_lowercase().is_duplicated())
    if duplicated.height:
        raise ValueError(f"target_words.yaml: words listed twice: {sorted(duplicated['word'].to_list())}")
    return frame.sort("word")


# --- facilities and places -------------------------------------------------------------------------

FACILITY_SCHEMA = {
    "facility_id": pl.String,
    "place_id": pl.String,
    "name": pl.String,
    "target_type": pl.String,
    "town": pl.String,
    "country_code": pl.String,
    "admin1_code": pl.String,
    "latitude": pl.Float64,
    "longitude": pl.Float64,
    "geo_precision": pl.String,
}


@cache
def load_facilities() -> pl.DataFrame:
    """One row per curated facility (FACILITY_SCHEMA); place_id is `facility-<id>`."""
    rows = []
    for item in _read_yaml("facilities.yaml")["facilities"]:
        if item["target_type"] not in TARGET_TYPES:
            raise ValueError(f"facilities.yaml: {item['id']} has unknown target_type {item['target_type']!r}")
        rows.append(
            {
                "facility_id": item["id"],
                "place_id": f"facility-{item['id']}",
                "name": item["name"],
                "target_type": item["target_type"],
                "town": item.get("town"),
                "country_code": item["country_code"],
                "admin1_code": item.get("admin1_code"),
                "latitude": item.get("latitude"),
                "longitude": item.get("longitude"),
                "geo_precision": item.get("geo_precision", "city"),
            }
        )
    return pl.DataFrame(rows, schema=FACILITY_SCHEMA).sort("facility_id")


@cache
def load_facility_aliases() -> pl.DataFrame:
    """alias, entity_id (= the facility's place_id), case_sensitive."""
    rows: list[dict[str, Any]] = []
    for item in _read_yaml("facilities.yaml")["facilities"]:
        names = [str(a) for a in item.get("aliases", [])]
        names += [
            f"{stem}{ending} НПЗ" for stem in item.get("cyrillic_stems", []) for ending in ("ий", "ого", "ому", "ом")
        ]
        rows += alias_rows(f"facility-{item['id']}", names, plural=False)
    return _unique_aliases(pl.DataFrame(rows, schema=ALIAS_SCHEMA))


def load_places_extra() -> dict[str, Any]:
    """The parsed places_extra.yaml (city selection, aliases, admin1 names, geonames admin1 codes, stoplist)."""
    return _read_yaml("places_extra.yaml")


def load_fuzzy_matching() -> dict[str, Any]:
    """The parsed fuzzy_matching.yaml (candidate words, fuzzy target kinds, spelling folds, thresholds)."""
    return _read_yaml("fuzzy_matching.yaml")


def _unique_aliases(frame: pl.DataFrame) -> pl.DataFrame:
    """One entity per exact alias: a spelling claimed twice is a data error worth hearing about."""
    clashes = frame.unique(["alias", "entity_id"]).filter(pl.col("alias").is_duplicated())
    if clashes.height:
        log.warning(
            "reference aliases claimed by several entities (first kept): %s", clashes["alias"].unique().to_list()
        )
    return frame.unique(["alias"], keep="first", maintain_order=True)
