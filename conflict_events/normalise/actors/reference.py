"""Reading the actor reference files into frames (cached per directory)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from conflict_events import ids
from conflict_events.normalise.actors.model import ACTOR_ALIASES, ACTORS

log = logging.getLogger(__name__)

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "reference"

_SECTION_TYPES = {
    "persons": "person",
    "states": "state",
    "government_bodies": "government_body",
    "armed_forces": "armed_force",
    "organisations": "organisation",
}


@dataclass(frozen=True)
class TitleGrammar:
    """Titles and affiliations that introduce people (titles.yaml)."""

    titles: pl.DataFrame  # form, title, before_name
    modifiers: tuple[str, ...]
    affiliations: pl.DataFrame  # form, country_code (null: international body)
    suffixes: pl.DataFrame  # form, country_code
    not_name_words: frozenset[str]


@dataclass(frozen=True)
class ActorReference:
    actors: pl.DataFrame  # ACTORS + surname_alone
    aliases: pl.DataFrame  # actor_id, alias: full spellings (the canonical name included)
    surnames: pl.DataFrame  # actor_id, surname (persons)
    demonyms: pl.DataFrame  # alias, entity_id
    grammar: TitleGrammar
    letters: dict[str, str]  # transliteration for slugs
    word_initial: dict[str, str]  # transliteration at the start of a word, where it differs
    publishers: pl.DataFrame  # country_code, pattern (URL substring when it has "/", else host)
    roles: pl.DataFrame  # phrase, country_code, actor_id, valid_from, valid_until

    def without(self, *actor_ids: str) -> ActorReference:
        """The same reference minus some actors (to see what the resolver does with people it does not know)."""
        gone = pl.col("actor_id").is_in(list(actor_ids))
        return replace(
            self,
            actors=self.actors.filter(~gone),
            aliases=self.aliases.filter(~gone),
            surnames=self.surnames.filter(~gone),
            demonyms=self.demonyms.filter(~pl.col("entity_id").is_in(list(actor_ids))),
            roles=self.roles.filter(~gone),
        )


def _read_yaml(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"reference file {path} must hold a mapping at top level")
    return data


_APOSTROPHES = ("'", "’", "ʼ")


def _apostrophe_variants(text: str) -> list[str]:
    """The text with each apostrophe style texts use ("Russia's", "Russia’s"; Ukrainian "Прем'єр", "Премʼєр")."""
    if not any(a in text for a in _APOSTROPHES):
        return [text]
    plain = text.replace("’", "'").replace("ʼ", "'")
    return list(dict.fromkeys([text, *(plain.replace("'", a) for a in _APOSTROPHES)]))


def _strings(value: Any) -> list[str]:
    """A reference list as clean strings, with apostrophe variants."""
    if not isinstance(value, list):
        return []
    cleaned = [str(v).strip() for v in value if v is not None and str(v).strip()]
    return list(dict.fromkeys(variant for text in cleaned for variant in _apostrophe_variants(text)))


def actor_slug(name: str, letters: dict[str, str], word_initial: dict[str, str] | None = None) -> str:
    """ASCII slug of a name: Cyrillic transliterated, apostrophes dropped.

    "Korean People's Army" -> korean-peoples-army, "Денис Шмигаль" -> denys-shmyhal, "Юрій" -> yurii."""
    initial = word_initial or {}
    lowered = name.lower()
    out = [
        initial.get(ch, letters.get(ch, ch)) if i == 0 or not lowered[i - 1].isalpha() else letters.get(ch, ch)
        for i, ch in enumerate(lowered)
    ]
    return ids.slugify("".join(out))


def _load_actors(path: Path) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    actors: list[dict[str, Any]] = []
    aliases: list[dict[str, str]] = []
    surnames: list[dict[str, str]] = []
    seen: set[str] = set()
    for section, entries in _read_yaml(path).items():
        actor_type = _SECTION_TYPES.get(section)
        if actor_type is None or not isinstance(entries, list):
            log.warning("actors.yaml: unknown section %r skipped", section)
            continue
        for entry in entries:
            if not isinstance(entry, dict) or not entry.get("id") or not entry.get("name"):
                log.warning("actors.yaml: entry without id or name skipped: %r", entry)
                continue
            actor_id, name = str(entry["id"]), str(entry["name"])
            if actor_id in seen:
                log.warning("actors.yaml: duplicate id %s skipped", actor_id)
                continue
            seen.add(actor_id)
            country = entry.get("country")
            actors.append(
                {
                    "actor_id": actor_id,
                    "name": name,
                    "actor_type": actor_type,
                    "country_code": str(country) if country else None,
                    "title": str(entry["title"]) if entry.get("title") else None,
                    # Short names of bodies ("Foreign Ministry") never stand alone: only next to a full mention.
                    "surname_alone": actor_type == "person" and bool(entry.get("surname_alone", True)),
                }
            )
            full = [*_apostrophe_variants(name), *_strings(entry.get("aliases"))]
            aliases += [{"actor_id": actor_id, "alias": alias} for alias in dict.fromkeys(full)]
            if actor_type == "person":
                listed = entry.get("surnames")
                # Default surnames: the last word of each Latin multi-word spelling.
                names = (
                    _strings(listed)
                    if isinstance(listed, list)
                    else [a.split()[-1] for a in full if len(a.split()) > 1 and a.isascii()]
                )
                # Headlines and Telegram posts shout: "PUTIN", "ЗЕЛЕНСЬКИЙ" (surnames match case-sensitively).
                shouted = [n.upper() for n in names if len(n) >= 4]
                surnames += [{"actor_id": actor_id, "surname": s} for s in dict.fromkeys([*names, *shouted])]
            else:
                short = _strings(entry.get("short_names"))
                surnames += [{"actor_id": actor_id, "surname": s} for s in dict.fromkeys(short)]
    return (
        pl.DataFrame(actors, schema={**ACTORS, "surname_alone": pl.Boolean}),
        pl.DataFrame(aliases, schema=ACTOR_ALIASES),
        pl.DataFrame(surnames, schema={"actor_id": pl.String, "surname": pl.String}),
    )


def _load_grammar(path: Path) -> TitleGrammar:
    data = _read_yaml(path)
    titles = [
        {"form": form, "title": str(entry["title"]), "before_name": bool(entry.get("before_name", True))}
        for entry in data.get("titles") or []
        if isinstance(entry, dict) and entry.get("title")
        for form in _strings(entry.get("forms"))
    ]

    def by_country(section: str) -> pl.DataFrame:
        rows = [
            {"form": form, "country_code": None if code == "INTERNATIONAL" else str(code)}
            for code, forms in (data.get(section) or {}).items()
            for form in _strings(forms)
        ]
        return pl.DataFrame(rows, schema={"form": pl.String, "country_code": pl.String}).unique("form", keep="first")

    return TitleGrammar(
        titles=pl.DataFrame(titles, schema={"form": pl.String, "title": pl.String, "before_name": pl.Boolean}).unique(
            "form", keep="first", maintain_order=True
        ),
        modifiers=tuple(_strings(data.get("modifiers"))),
        affiliations=by_country("affiliations"),
        suffixes=by_country("affiliation_suffixes"),
        not_name_words=frozenset(_strings(data.get("not_name_words"))),
    )


def _load_demonyms(path: Path) -> pl.DataFrame:
    data = _read_yaml(path)
    nouns = _strings(data.get("force_nouns"))
    possessive_nouns = _strings(data.get("possessive_nouns"))
    rows: list[dict[str, str]] = []
    for actor_id, forms in (data.get("states") or {}).items():
        forms = forms if isinstance(forms, dict) else {}
        for adjective in _strings(forms.get("adjectives")):
            rows += [{"alias": f"{adjective} {noun}", "entity_id": str(actor_id)} for noun in nouns]
        for possessive in _strings(forms.get("possessives")):
            rows += [{"alias": f"{possessive} {noun}", "entity_id": str(actor_id)} for noun in possessive_nouns]
        adjectives = set(_strings(forms.get("adjectives")))
        for plural in _strings(forms.get("plurals")):
            rows.append({"alias": f"the {plural}", "entity_id": str(actor_id)})
            # "Russians launched ...", but not "British" on its own (an adjective as well).
            if plural not in adjectives:
                rows.append({"alias": plural, "entity_id": str(actor_id)})
    for actor_id, phrases in (data.get("phrases") or {}).items():
        rows += [{"alias": phrase, "entity_id": str(actor_id)} for phrase in _strings(phrases)]
    return pl.DataFrame(rows, schema={"alias": pl.String, "entity_id": pl.String}).unique(maintain_order=True)


def load_actor_reference(directory: Path = REFERENCE_DIR) -> ActorReference:
    """Read the actor reference files (cached per directory)."""
    return _load_actor_reference_cached(str(directory))


_PUBLISHERS = {"country_code": pl.String, "pattern": pl.String, "kind": pl.String}


def _squashed(text: str) -> str:
    """Lower case letters and digits only: "us_state_dept" -> usstatedept."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


_ROLES = {
    "phrase": pl.String,
    "country_code": pl.String,
    "actor_id": pl.String,
    "valid_from": pl.Date,
    "valid_until": pl.Date,
}


def _load_publishers(path: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    data = _read_yaml(path)
    publishers = [
        {"country_code": str(code), "pattern": pattern.lower(), "kind": "url"}
        for code, patterns in (data.get("publishers") or {}).items()
        for pattern in _strings(patterns)
    ] + [
        {"country_code": str(code), "pattern": _squashed(name), "kind": "name"}
        for code, names in (data.get("publisher_names") or {}).items()
        for name in _strings(names)
        if _squashed(name)
    ]
    roles: list[dict[str, Any]] = []
    for code, entries in (data.get("roles") or {}).items():
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict) or not entry.get("actor"):
                log.warning("actors_publishers.yaml: role without actor skipped: %r", entry)
                continue
            for phrase in _strings(entry.get("phrases")):
                # As written and with a capital first letter ("the President" / "The President").
                for form in dict.fromkeys([phrase, phrase[0].upper() + phrase[1:]]):
                    roles.append(
                        {
                            "phrase": form,
                            "country_code": str(code),
                            "actor_id": str(entry["actor"]),
                            "valid_from": entry.get("from"),
                            "valid_until": entry.get("until"),
                        }
                    )
    return pl.DataFrame(publishers, schema=_PUBLISHERS), pl.DataFrame(roles, schema=_ROLES)


@lru_cache(maxsize=4)
def _load_actor_reference_cached(directory: str) -> ActorReference:
    folder = Path(directory)
    actors, aliases, surnames = _load_actors(folder / "actors.yaml")
    publishers, roles = _load_publishers(folder / "actors_publishers.yaml")
    transliteration = _read_yaml(folder / "actors_transliteration.yaml")
    letters = {str(k): str(v) for k, v in (transliteration.get("letters") or {}).items()}
    word_initial = {str(k): str(v) for k, v in (transliteration.get("word_initial") or {}).items()}
    return ActorReference(
        actors=actors,
        aliases=aliases,
        surnames=surnames,
        demonyms=_load_demonyms(folder / "actors_demonyms.yaml"),
        grammar=_load_grammar(folder / "titles.yaml"),
        letters=letters,
        word_initial=word_initial,
        publishers=publishers,
        roles=roles,
    )
