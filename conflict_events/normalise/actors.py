"""Who acts: find actor mentions in sentences and build the `actors` / `actor_aliases` tables.

Reference data: conflict_events/reference/actors.yaml (curated actors and their spellings),
titles.yaml (titles and affiliations that introduce people), actors_demonyms.yaml ("Ukrainian
forces" -> ukraine), actors_publishers.yaml (bare roles in official texts) and
actors_transliteration.yaml (letters for ASCII slugs of Cyrillic names).

`find_actors` reports how it found each mention as `match_kind`:
  alias          a curated spelling (Cyrillic ones also in their case endings), found by the gazetteer;
  title_pattern  a person the reference lacks, learned from "<affiliation> <title> <Name Surname>" or
                 "<Name Surname>, <the> <affiliation> <title>"; gets a slug id, the title and the
                 affiliation's country;
  fuzzy          a capitalised 2-3 word name close to a known person's name ("Rusten Umerov");
  demonym        "Ukrainian drones", "the Russians" -> the state (event extraction decides whether the
                 phrase is the actor of an event);
  role           in an official publisher's text, a bare role: "The Prime Minister" on gov.uk, "The
                 President" on kremlin.ru, "ворог" (the enemy) in the Ukrainian General Staff's posts
                 (actors_publishers.yaml, with the dates each holder held the office);
  surname        a bare surname ("Witkoff", "Putin’s"): the person named in full in the same document
                 (the nearest full mention), else the one curated person with that surname.  The short
                 name of a body ("the Foreign Ministry" after "Russian Foreign Ministry") is resolved the
                 same way, but only within its document.
Where spans overlap, the longest wins; on equal spans named actors win over demonyms, surnames and
roles.  Everything runs over whole frames (regex, Aho-Corasick, joins); Python loops only touch
reference entries and distinct unknown name strings.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import polars as pl
import yaml
from rapidfuzz import fuzz, process

from conflict_events import ids, schema
from conflict_events.text.gazetteer import match_aliases

log = logging.getLogger(__name__)

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"

MATCH_KINDS = ("alias", "title_pattern", "fuzzy", "demonym", "surname", "role")
ACTOR_TYPES = ("person", "state", "government_body", "armed_force", "organisation")
_SECTION_TYPES = {
    "persons": "person",
    "states": "state",
    "government_bodies": "government_body",
    "armed_forces": "armed_force",
    "organisations": "organisation",
}

# The DATASET.md tables.
ACTORS = {
    "actor_id": pl.String,
    "name": pl.String,
    "actor_type": pl.String,
    "country_code": pl.String,
    "title": pl.String,
}
ACTOR_ALIASES = {"actor_id": pl.String, "alias": pl.String}
# What find_actors returns: schema.MENTIONS (entity_id = actor_id) plus how it was found and what the actor is.
ACTOR_MENTIONS = {
    **schema.MENTIONS,
    "match_kind": pl.String,
    "actor_name": pl.String,
    "actor_type": pl.String,
    "actor_country_code": pl.String,
    "actor_title": pl.String,
}

_KEYS = ["doc_id", "sent_idx"]
# A name word: "Sergei", "O'Brien", "McDonald", "Kosiniak-Kamysz", "Зеленський".
_NAME_WORD = r"\p{Lu}(?:\p{Ll}+(?:\p{Lu}\p{Ll}+)?|['’]\p{Lu}\p{Ll}+)(?:-\p{Lu}?\p{Ll}+)*"
_PARTICLES = r"(?:(?:von|van|der|den|de|da|di|du|le|la|bin|ibn|al)[ \u00a0]+)*"
_NAME = rf"{_NAME_WORD}(?:[ \u00a0]+{_PARTICLES}{_NAME_WORD}){{1,2}}"
# Before ", <title>" a name is taken as two words (plus particles): the word before a name is so often
# the end of a place ("Governor of the Tver Region Vitaly Korolyov, Governor of ...").
_NAME_BEFORE_COMMA = rf"{_NAME_WORD}[ \u00a0]+{_PARTICLES}{_NAME_WORD}"
# Fuzzy matching: a name must score this much (rapidfuzz ratio, 0-100) against a known full name...
_FUZZY_NAME_CUTOFF = 88.0
# ...or share the exact surname and the first initial and score at least this much.
_FUZZY_SAME_SURNAME_CUTOFF = 75.0
# Surnames are compared first, to keep the number of full comparisons small.
_FUZZY_SURNAME_CUTOFF = 80.0


# --- reference data -----------------------------------------------------------------------------------


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
    rows: list[dict[str, str]] = []
    for actor_id, forms in (data.get("states") or {}).items():
        forms = forms if isinstance(forms, dict) else {}
        for adjective in _strings(forms.get("adjectives")):
            rows += [{"alias": f"{adjective} {noun}", "entity_id": str(actor_id)} for noun in nouns]
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


# --- Cyrillic case endings ------------------------------------------------------------------------------

# Ukrainian and Russian names change their ending with grammatical case (Путін -> Путіна, Путіну,
# Путіним).  Generating the usual endings for the last word of each Cyrillic spelling lets the
# whole-word gazetteer find them.  Endings that do not exist for a given word are harmless.
_ENDINGS_BY_FINAL: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    # (final letters, letters to drop, endings to add)
    ("ий", 2, ("ого", "ому", "им", "ім", "ом")),
    ("ій", 2, ("ього", "ьому", "ім", "ія", "ію", "ієм")),
    ("ой", 2, ("ого", "ому", "ым", "ом")),
    ("ия", 1, ("и", "ю", "ей", "ею")),
    ("ія", 1, ("ї", "ю", "єю")),
    ("а", 1, ("и", "і", "у", "ою", "ы", "е", "ой", "ей", "ї")),
    ("я", 1, ("і", "ї", "ю", "ею", "єю", "и", "е", "ей")),
    ("ь", 1, ("я", "ю", "ем", "ем", "і", "и", "ю")),
    ("й", 1, ("ю", "ї", "я", "єм", "ем", "е")),
)
_CONSONANT_ENDINGS = ("а", "у", "ом", "ым", "им", "ові", "е", "і", "ою", "ой", "ой", "ем", "я", "ю")
_INDECLINABLE_FINALS = ("о", "у", "і", "е", "ю", "и", "ы", "э")


def cyrillic_case_forms(word: str) -> list[str]:
    """Other case forms of a Cyrillic name word; [] for Latin words, acronyms and short words."""
    if len(word) < 3 or not any("\u0400" <= ch <= "\u04ff" for ch in word) or word.isupper():
        return []
    lower = word.lower()
    for final, drop, endings in _ENDINGS_BY_FINAL:
        if lower.endswith(final):
            return [word[:-drop] + ending for ending in endings]
    if lower.endswith(_INDECLINABLE_FINALS) or not lower[-1].isalpha():
        return []
    return [word + ending for ending in _CONSONANT_ENDINGS]


def _with_case_forms(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """Add rows for the Cyrillic case forms of the last word of `column` (loop over reference strings only)."""
    extra: list[dict[str, Any]] = []
    for row in frame.iter_rows(named=True):
        text = row[column]
        head, _, last = text.rpartition(" ")
        for form in cyrillic_case_forms(last):
            extra.append({**row, column: f"{head} {form}" if head else form})
    if not extra:
        return frame
    return pl.concat([frame, pl.DataFrame(extra, schema=frame.schema)]).unique(maintain_order=True)


# --- step 3: people learned from titles -------------------------------------------------------------------


def _alternation(forms: list[str]) -> str:
    """Regex alternation, longest first so "Deputy Foreign Minister" wins over "Foreign Minister"."""
    ordered = sorted(set(forms), key=lambda f: (-len(f), f))
    return "|".join(pl.escape_regex(f) for f in ordered)


_SP = r"[ \u00a0]+"
_CYRILLIC_GENITIVE_WORD = (
    r"(?:[а-яіїєґё][а-яіїєґё'’ʼ\-]*|[А-ЯІЇЄҐ]{2,5}|[А-ЯІЇЄҐ][а-яіїєґё'’ʼ\-]+(?:их|ої|ого|ів|ей|ы|и|ї|у))"
)


@dataclass(frozen=True)
class _TitleRegexes:
    name_after: str  # the text after a title: optional affiliation suffix, then the name
    affiliation_before: str  # the text before a title ends with an affiliation (and modifiers)
    name_before: str  # the text before a title ends with "<Name Surname>, the <affiliation>"
    suffix_after: str  # the text after a title starts with an affiliation suffix


def _title_regexes(grammar: TitleGrammar) -> _TitleRegexes:
    affiliation = _alternation(grammar.affiliations["form"].to_list())
    suffix = _alternation(grammar.suffixes["form"].to_list())
    modifiers = rf"(?:(?i:{_alternation(list(grammar.modifiers))})[ \u00a0]*)*"
    # Anchored at the title: regexes run on short slices next to each title found, never on whole texts.
    return _TitleRegexes(
        # "Ambassador to Ukraine Martin Harris", "Minister for Europe Stephen Doughty": a short complement
        # may sit between the title and the name.
        # In Ukrainian and Russian the complement is a genitive phrase: "Речник Повітряних сил Юрій Ігнат",
        # "пресс-секретарь президента РФ Дмитрий Песков".
        name_after=(
            rf"^(?:{_SP}(?P<suf>{suffix}))?(?:{_SP}(?:to|for|of|in|at){_SP}(?:the{_SP})?\p{{Lu}}[\p{{L}}'’\-]+"
            rf"(?:{_SP}\p{{Lu}}[\p{{L}}'’\-]+)?)?(?:{_SP}{_CYRILLIC_GENITIVE_WORD}){{0,3}},?{_SP}(?P<name>{_NAME})"
        ),
        affiliation_before=rf"(?P<aff>{affiliation}){_SP}{modifiers}$",
        name_before=(
            rf"(?:^|[^\p{{L}}\p{{N}}])(?P<name>{_NAME_BEFORE_COMMA}),{_SP}(?:(?i:the|a|an){_SP})?{modifiers}"
            rf"(?:(?P<aff>{affiliation}){_SP})?{modifiers}$"
        ),
        suffix_after=rf"^{_SP}(?P<suf>{suffix})",
    )


def _clean_name(name: pl.Expr, not_name_words: frozenset[str]) -> pl.Expr:
    """The name without leading stop words ("Minister Sergei Ryabkov" -> "Sergei Ryabkov"); null when fewer
    than two words remain or a remaining word is a stop word ("Ukraine War Update")."""
    stop = list(not_name_words)
    words = name.str.replace_all(r"[ \u00a0]+", " ").str.split(" ")
    first_kept = words.list.eval(pl.element().is_in(stop).not_().arg_max()).list.first()
    words = words.list.slice(first_kept)
    bad = words.list.eval(pl.element().is_in(stop)).list.any() | (words.list.len() < 2)
    return pl.when(bad).then(pl.lit(None, pl.String)).otherwise(words.list.join(" "))


def _titled_names(sentences: pl.DataFrame, grammar: TitleGrammar) -> pl.DataFrame:
    """Distinct (name, title, country_code) found next to titles; the most frequent title/country per name."""
    empty = pl.DataFrame(schema={"name": pl.String, "title": pl.String, "country_code": pl.String})
    if grammar.titles.height == 0 or sentences.height == 0:
        return empty
    title_aliases = grammar.titles.select(pl.col("form").alias("alias"), pl.col("title").alias("entity_id"))
    hits = match_aliases(sentences, title_aliases)
    if hits.height == 0:
        return empty
    before_name = grammar.titles.select(pl.col("form").str.to_lowercase().alias("_form"), "before_name").unique(
        "_form", keep="first"
    )
    regexes = _title_regexes(grammar)
    window = 90
    hits = (
        hits.join(sentences.select(*_KEYS, "sentence"), on=_KEYS)
        .with_columns(pl.col("surface").str.to_lowercase().alias("_form"))
        .join(before_name, on="_form", how="left")
        .select(
            pl.col("entity_id").alias("title"),
            pl.col("before_name").fill_null(True),
            pl.col("sentence").str.slice(pl.col("end"), window).alias("after"),
            pl.col("sentence")
            .str.slice((pl.col("start") - window).clip(lower_bound=0), pl.col("start").clip(upper_bound=window))
            .alias("before"),
        )
    )
    # "<affiliation> <title> <Name Surname>"
    title_first = (
        hits.filter(pl.col("before_name"))
        .with_columns(
            pl.col("after").str.extract_groups(regexes.name_after).alias("_a"),
            pl.col("before").str.extract_groups(regexes.affiliation_before).alias("_b"),
        )
        .select(
            "title",
            pl.col("_a").struct.field("name"),
            pl.col("_a").struct.field("suf"),
            pl.col("_b").struct.field("aff"),
            pl.lit(0).alias("_pattern"),
        )
    )
    # "<Name Surname>, <the> <affiliation> <title> <affiliation suffix>"
    name_first = hits.with_columns(
        pl.col("before").str.extract_groups(regexes.name_before).alias("_b"),
        pl.col("after").str.extract_groups(regexes.suffix_after).alias("_a"),
    ).select(
        "title",
        pl.col("_b").struct.field("name"),
        pl.col("_a").struct.field("suf"),
        pl.col("_b").struct.field("aff"),
        pl.lit(1).alias("_pattern"),
    )
    countries = pl.concat([grammar.affiliations, grammar.suffixes]).unique("form", keep="first")
    resolved = (
        pl.concat([title_first, name_first])
        .with_columns(_clean_name(pl.col("name"), grammar.not_name_words).alias("name"))
        .drop_nulls("name")
        .join(countries.rename({"form": "aff", "country_code": "_aff_cc"}), on="aff", how="left")
        .join(countries.rename({"form": "suf", "country_code": "_suf_cc"}), on="suf", how="left")
        .select("name", "title", pl.coalesce("_aff_cc", "_suf_cc").alias("country_code"), "_pattern")
    )

    # One title and one country per name: the most frequent (ties: alphabetical), deterministic.  A title
    # written before the name counts first: in lists ("A, Governor of X B, Head of Y C") the title after a
    # comma belongs to the next person.
    def most_frequent(column: str) -> pl.DataFrame:
        return (
            resolved.drop_nulls(column)
            .group_by("name", column)
            .agg(pl.len(), pl.col("_pattern").min())
            .sort(["name", "_pattern", "len", column], descending=[False, False, True, False])
            .unique("name", keep="first")
            .select("name", column)
        )

    names = resolved.select("name").unique()
    return (
        names.join(most_frequent("title"), on="name", how="left")
        .join(most_frequent("country_code"), on="name", how="left")
        .sort("name")
    )


# --- step 4: fuzzy names -------------------------------------------------------------------------------------


def _name_candidates(sentences: pl.DataFrame, not_name_words: frozenset[str]) -> list[str]:
    """Distinct capitalised 2-3 word sequences (and the last two words of 3-word ones)."""
    pattern = rf"[^\p{{L}}\p{{N}}]{_NAME}"
    found = (
        sentences.select((pl.lit(" ") + pl.col("sentence")).str.extract_all(pattern).alias("c"))
        .explode("c")
        .drop_nulls("c")
        .select(pl.col("c").str.slice(1).str.replace_all(r"[ \u00a0]+", " ").alias("c"))
        .unique()
    )
    last_two = found.select(pl.col("c").str.split(" ").list.slice(-2, 2).list.join(" ").alias("c"))
    candidates = pl.concat([found, last_two]).unique()
    candidates = candidates.select(_clean_name(pl.col("c"), not_name_words).alias("c")).drop_nulls().unique()
    return sorted(candidates["c"].to_list())


def _surname_of(name: str) -> str:
    return name.split()[-1]


def _fuzzy_matches(candidates: list[str], known: pl.DataFrame) -> pl.DataFrame:
    """candidate -> actor_id for candidates close to a known full person name (known: actor_id, alias)."""
    result_schema = {"alias": pl.String, "entity_id": pl.String}
    targets = known.filter(pl.col("alias").str.contains(" ")).unique().sort(["alias", "actor_id"])
    if not candidates or targets.height == 0:
        return pl.DataFrame(schema=result_schema)
    target_names = targets["alias"].to_list()
    target_ids = targets["actor_id"].to_list()
    target_surnames = [_surname_of(t).lower() for t in target_names]
    distinct_surnames = sorted(set(target_surnames))
    candidate_surnames = [_surname_of(c).lower() for c in candidates]
    # Surnames first, all at once in C: a (candidates x known surnames) score matrix.
    scores = process.cdist(candidate_surnames, distinct_surnames, scorer=fuzz.ratio, workers=1)
    close = scores >= _FUZZY_SURNAME_CUTOFF
    rows: list[dict[str, str]] = []
    for i in close.any(axis=1).nonzero()[0]:
        candidate = candidates[i]
        # Same first letter, and at most one letter longer or shorter: "Zelenskyy" is Zelensky, but
        # "Yermakov" is not Yermak nor "Peskova" Peskov's spelling.
        mine = candidate_surnames[i]
        close_surnames = {
            distinct_surnames[j]
            for j in close[i].nonzero()[0]
            if distinct_surnames[j][0] == mine[0] and abs(len(distinct_surnames[j]) - len(mine)) <= 1
        }
        best: tuple[float, str] | None = None
        for name, actor_id, surname in zip(target_names, target_ids, target_surnames, strict=True):
            if surname not in close_surnames:
                continue
            score = fuzz.ratio(candidate.lower(), name.lower())
            same_person_shape = surname == candidate_surnames[i] and name[0].lower() == candidate[0].lower()
            close_enough = score >= _FUZZY_NAME_CUTOFF or (same_person_shape and score >= _FUZZY_SAME_SURNAME_CUTOFF)
            if close_enough and (best is None or score > best[0] or (score == best[0] and actor_id < best[1])):
                best = (score, actor_id)
        if best is not None:
            rows.append({"alias": candidate, "entity_id": best[1]})
    return pl.DataFrame(rows, schema=result_schema)


# --- overlaps and surnames ---------------------------------------------------------------------------------------


def _drop_overlapping(lower: pl.DataFrame, higher: pl.DataFrame, *, unless_longer: bool = False) -> pl.DataFrame:
    """Rows of `lower` that overlap no span of `higher` in the same sentence (with `unless_longer`: no span
    of `higher` at least as long)."""
    if lower.height == 0 or higher.height == 0:
        return lower
    keyed = lower.with_row_index("_row")
    overlapping = (pl.col("h_start") < pl.col("end")) & (pl.col("start") < pl.col("h_end"))
    if unless_longer:
        overlapping = overlapping & ((pl.col("h_end") - pl.col("h_start")) >= (pl.col("end") - pl.col("start")))
    clashes = (
        keyed.select(*_KEYS, "_row", "start", "end")
        .join(higher.select(*_KEYS, pl.col("start").alias("h_start"), pl.col("end").alias("h_end")), on=_KEYS)
        .filter(overlapping)
        .select("_row")
        .unique()
    )
    return keyed.join(clashes, on="_row", how="anti").sort("_row").drop("_row")


def _resolve_surnames(
    hits: pl.DataFrame,
    full: pl.DataFrame,
    surnames: pl.DataFrame,
    actors: pl.DataFrame,
    publisher_docs: pl.DataFrame,
) -> pl.DataFrame:
    """hits: surname mentions with candidate entity_id (one row per candidate).  Pick one actor per hit.

    Candidates named in full in the same document win (the full mention nearest before the hit, else
    the nearest after); otherwise the hit goes to the single curated person with that surname, if the
    person may be named by surname alone; otherwise, in an official publisher's text, to the single
    candidate of the publisher's country ("the Security Council" on kremlin.ru)."""
    if hits.height == 0:
        return hits.with_columns(pl.lit("surname").alias("match_kind"))
    spans = [*_KEYS, "start", "end"]
    firsts = full.group_by("doc_id", "entity_id").agg(pl.col("sent_idx").alias("_full_sents"))
    in_doc = (
        hits.join(firsts, on=["doc_id", "entity_id"], how="inner")
        .explode("_full_sents")
        .with_columns(
            # Distance to a full mention; mentions before the hit are preferred (offset keeps them first).
            pl.when(pl.col("_full_sents") <= pl.col("sent_idx"))
            .then(pl.col("sent_idx") - pl.col("_full_sents"))
            .otherwise(pl.col("_full_sents") - pl.col("sent_idx") + 1_000_000)
            .alias("_distance")
        )
        .sort([*spans, "_distance", "entity_id"])
        .unique(spans, keep="first", maintain_order=True)
        .drop("_full_sents", "_distance")
    )
    key = pl.col("surname").str.to_lowercase()
    owners = (
        surnames.with_columns(key.alias("_key")).group_by("_key").agg(pl.col("actor_id").n_unique().alias("_owners"))
    )
    alone_ok = actors.filter(pl.col("surname_alone")).select(pl.col("actor_id").alias("entity_id"))
    unique_owner = (
        hits.join(in_doc.select(spans), on=spans, how="anti")
        .with_columns(pl.col("surface").str.to_lowercase().alias("_key"))
        .join(owners, on="_key", how="inner")
        .filter(pl.col("_owners") == 1)
        .join(alone_ok, on="entity_id", how="semi")
        .drop("_key", "_owners")
    )
    countries = actors.select(pl.col("actor_id").alias("entity_id"), pl.col("country_code").alias("_actor_cc"))
    home = (
        hits.join(pl.concat([in_doc, unique_owner]).select(spans), on=spans, how="anti")
        .join(publisher_docs.select("doc_id", pl.col("country_code").alias("_doc_cc")), on="doc_id")
        .join(countries, on="entity_id")
        .filter(pl.col("_actor_cc") == pl.col("_doc_cc"))
        .filter(pl.len().over(spans) == 1)
        .drop("_doc_cc", "_actor_cc")
    )
    return pl.concat([in_doc, unique_owner, home]).with_columns(pl.lit("surname").alias("match_kind"))


# --- roles named by official publishers ---------------------------------------------------------------------


def _publisher_countries(documents: pl.DataFrame, publishers: pl.DataFrame) -> pl.DataFrame:
    """doc_id, country_code, published (date) for documents from an official publisher.

    A publisher is recognised by the URL's host (kremlin.ru, gov.uk), a URL fragment (t.me/s/<channel>),
    a publisher name in the source id ("kremlin_en"), or, for sites served from a local mirror, in the
    first path segment or any path segment of the URL ("/kremlin/...", "/s/GeneralStaffZSU")."""
    empty = pl.DataFrame(schema={"doc_id": pl.String, "country_code": pl.String, "published": pl.Date})
    if "url" not in documents.columns or publishers.height == 0:
        return empty
    url = pl.col("url").cast(pl.String).fill_null("").str.to_lowercase()
    host = url.str.extract(r"^[a-z][a-z0-9+.\-]*://(?:[^/@]*@)?([^/:?#]+)", 1).fill_null("")
    path = url.str.replace(r"^[a-z][a-z0-9+.\-]*://[^/]*", "").str.replace(r"[?#].*$", "")
    segments = path.str.split("/").list.eval(pl.element().str.replace_all(r"[^a-z0-9]", ""))
    source = (
        pl.col("source_id").cast(pl.String).fill_null("") if "source_id" in documents.columns else pl.lit("")
    ).str.to_lowercase()
    source_name = source.str.replace_all(r"[^a-z0-9]", "")
    # Path segments only speak for the publisher on a local mirror: on a real site "/kremlin-says-..." is a slug.
    mirrored = host.str.contains(r"^(?:localhost|\d+\.\d+\.\d+\.\d+|\[?::1\]?)$")
    first_segment = segments.list.get(1, null_on_oob=True).fill_null("")

    def recognised(pattern: str, kind: str) -> pl.Expr:
        if kind == "name":
            on_mirror = first_segment.str.contains(pattern, literal=True) | segments.list.contains(pattern)
            return source_name.str.contains(pattern, literal=True) | (mirrored & on_mirror)
        if "/" in pattern:
            return url.str.contains(pattern, literal=True)
        return (host == pattern) | host.str.ends_with("." + pattern)

    # One expression per reference pattern (a few dozen), evaluated over all documents at once.
    matches = [
        pl.when(recognised(pattern, kind)).then(pl.lit(code)).otherwise(None)
        for code, pattern, kind in publishers.iter_rows()
    ]
    published = pl.col("published_at").cast(pl.Date) if "published_at" in documents.columns else pl.lit(None, pl.Date)
    return (
        documents.select(pl.col("doc_id"), pl.coalesce(matches).alias("country_code"), published.alias("published"))
        .drop_nulls(["doc_id", "country_code"])
        .unique("doc_id", keep="first")
    )


_ANYWHERE = "ANY"  # roles.country_code for descriptions read in every text ("the German chancellor")


def _role_mentions(
    sents: pl.DataFrame, publisher_docs: pl.DataFrame, all_docs: pl.DataFrame, reference: ActorReference
) -> pl.DataFrame:
    """Mentions of roles as their actors: a publisher's own roles ("The Prime Minister", "ворог") in its
    texts, and dated descriptions ("the German chancellor") in every text; the publisher's reading wins."""
    empty = schema.empty({**schema.MENTIONS, "match_kind": pl.String})
    if reference.roles.height == 0:
        return empty
    docs = pl.concat(
        [
            publisher_docs.select("doc_id", "country_code", "published", _reading=pl.lit(0)),
            all_docs.select("doc_id", pl.lit(_ANYWHERE).alias("country_code"), "published", _reading=pl.lit(1)),
        ]
    )
    if not (reference.roles["country_code"] == _ANYWHERE).any():
        docs = docs.filter(pl.col("country_code") != _ANYWHERE)
    if docs.height == 0:
        return empty
    texts = sents.join(docs.select("doc_id").unique(), on="doc_id", how="semi")
    # Cyrillic case forms ("ворога", "Президента") map back to the phrase they were made from.
    forms = reference.roles.select("phrase").unique().with_columns(pl.col("phrase").alias("_base"))
    forms = _with_case_forms(forms, "phrase").rename({"phrase": "alias"})
    found = match_aliases(texts, forms.select("alias", pl.col("_base").alias("entity_id")), case_sensitive=True)
    if found.height == 0:
        return empty
    published_ok = (
        pl.col("valid_from").is_null() | pl.col("published").is_null() | (pl.col("published") >= pl.col("valid_from"))
    ) & (
        pl.col("valid_until").is_null() | pl.col("published").is_null() | (pl.col("published") <= pl.col("valid_until"))
    )
    spans = [*_KEYS, "start", "end"]
    found = (
        found.join(texts.select(*_KEYS, "sentence"), on=_KEYS)
        .with_columns(pl.col("sentence").str.slice(pl.col("end"), 40).alias("_after"))
        # "the President of France", "the President Emmanuel Macron": someone else, named.
        .filter(~pl.col("_after").str.contains(r"^[ \u00a0]+(?:of[ \u00a0]|\p{Lu})"))
        .drop("sentence", "_after")
        .rename({"entity_id": "phrase"})
        .join(docs, on="doc_id")
        .join(reference.roles, on=["phrase", "country_code"])
        .filter(published_ok)
        # Without a publication date, an office with several holders is ambiguous: keep the open-ended one.
        .filter(pl.col("published").is_not_null() | pl.col("valid_until").is_null())
        .filter(pl.col("_reading") == pl.col("_reading").min().over(spans))
        .select(*spans, "surface", pl.col("actor_id").alias("entity_id"), match_kind=pl.lit("role"))
    )
    return schema.conform(found.unique([*spans, "entity_id"]), {**schema.MENTIONS, "match_kind": pl.String})


# --- public API --------------------------------------------------------------------------------------------------


def _learned_actors(
    titled: pl.DataFrame, reference: ActorReference, known: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(new person actors, their spellings (actor_id, alias), fuzzy aliases for titled names of known people)."""
    known_lower = known.select(pl.col("alias").str.to_lowercase().alias("_lower"))
    unknown = titled.filter(~pl.col("name").str.to_lowercase().is_in(known_lower["_lower"].implode()))
    persons = known.join(reference.actors.filter(pl.col("actor_type") == "person").select("actor_id"), on="actor_id")
    close = _fuzzy_matches(unknown["name"].to_list(), persons)
    new = unknown.join(close.rename({"alias": "name"}), on="name", how="anti")
    new = new.with_columns(
        pl.col("name")
        .map_elements(lambda n: actor_slug(n, reference.letters, reference.word_initial), return_dtype=pl.String)
        .alias("actor_id")
    ).filter(pl.col("actor_id").str.contains("-"))
    curated_ids = reference.actors["actor_id"].implode()
    # A slug that is already a curated id is that actor, spelt differently.
    same_id = new.filter(pl.col("actor_id").is_in(curated_ids)).select(
        pl.col("name").alias("alias"), pl.col("actor_id").alias("entity_id")
    )
    new = new.filter(~pl.col("actor_id").is_in(curated_ids))
    # Spellings of one person ("Sergei Ryabkov", "Sergey Ryabkov", "Сергей Рябков") share the first
    # initial and the surname of their slug; the alphabetically first spelling names the actor.
    slug_parts = pl.col("actor_id").str.split("-")
    new = new.with_columns(
        (slug_parts.list.first().str.slice(0, 1) + pl.lit("|") + slug_parts.list.last()).alias("_person")
    ).sort(["name", "actor_id"])
    canonical = new.unique("_person", keep="first", maintain_order=True)
    spellings = new.select("_person", pl.col("name").alias("alias")).join(
        canonical.select("_person", "actor_id"), on="_person"
    )
    actors = canonical.select(
        "actor_id",
        "name",
        pl.lit("person").alias("actor_type"),
        "country_code",
        "title",
        pl.lit(False).alias("surname_alone"),
    ).sort("actor_id")
    return (
        actors,
        spellings.select("actor_id", "alias").unique().sort(["actor_id", "alias"]),
        pl.concat([close, same_id]),
    )


def _match_kinds(sents: pl.DataFrame, alias_table: pl.DataFrame) -> pl.DataFrame:
    """All spellings in one Aho-Corasick pass (alias_table: alias, entity_id, kind, case_sensitive).

    The gazetteer lets the longest span win; on equal spans the kind earlier in MATCH_KINDS wins."""
    rank = {k: i for i, k in enumerate(MATCH_KINDS)}
    kinds = (
        alias_table.with_columns(
            pl.col("alias").str.to_lowercase().alias("_lower"),
            pl.col("kind").replace_strict(rank, return_dtype=pl.Int64).alias("_rank"),
        )
        .sort("_rank")
        .unique(["entity_id", "_lower"], keep="first", maintain_order=True)
        .select("entity_id", "_lower", "_rank")
    )
    spans = [*_KEYS, "start", "end"]
    return (
        match_aliases(sents, alias_table.select("alias", "entity_id", "case_sensitive"))
        .with_columns(pl.col("surface").str.to_lowercase().alias("_lower"))
        .join(kinds, on=["entity_id", "_lower"], how="left")
        .with_columns(pl.col("_rank").fill_null(0))
        .filter(pl.col("_rank") == pl.col("_rank").min().over(spans))
        .with_columns(
            pl.col("_rank").replace_strict({i: k for k, i in rank.items()}, return_dtype=pl.String).alias("match_kind")
        )
        .drop("_lower", "_rank")
    )


def find_actors(
    sentences: pl.DataFrame,
    documents: pl.DataFrame | None = None,
    *,
    reference: ActorReference | None = None,
) -> pl.DataFrame:
    """Actor mentions in sentences (schema.SENTENCES): ACTOR_MENTIONS, entity_id = actor_id.

    `documents` (url, published_at) tells which texts come from an official publisher, whose bare roles
    ("The Prime Minister", "the enemy") name its office holders; without it, roles are not read."""
    ref = reference or load_actor_reference()
    if sentences.height == 0:
        return schema.empty(ACTOR_MENTIONS)
    sents = sentences.select(*_KEYS, pl.col("sentence").fill_null(""))

    # Step 3 and 4 first: they decide which extra spellings the gazetteer must look for.
    titled = _titled_names(sents, ref.grammar)
    learned, learned_spellings, titled_fuzzy = _learned_actors(titled, ref, ref.aliases)
    all_actors = pl.concat([ref.actors, learned])
    known = pl.concat([ref.aliases, learned_spellings])
    persons = known.join(all_actors.filter(pl.col("actor_type") == "person").select("actor_id"), on="actor_id")
    known_lower = known["alias"].str.to_lowercase().unique().implode()
    candidates = _name_candidates(sents, ref.grammar.not_name_words)
    candidates_df = pl.DataFrame({"c": candidates}, schema={"c": pl.String}).filter(
        ~pl.col("c").str.to_lowercase().is_in(known_lower)
    )
    fuzzy = pl.concat([titled_fuzzy, _fuzzy_matches(candidates_df["c"].to_list(), persons)]).unique()

    surnames = _with_case_forms(
        pl.concat(
            [
                ref.surnames,
                learned_spellings.select("actor_id", pl.col("alias").str.split(" ").list.last().alias("surname")),
            ]
        ),
        "surname",
    )
    alias_table = pl.concat(
        [
            _with_case_forms(ref.aliases, "alias").select(
                "alias", pl.col("actor_id").alias("entity_id"), kind=pl.lit("alias"), case_sensitive=pl.lit(None)
            ),
            learned_spellings.select(
                "alias",
                pl.col("actor_id").alias("entity_id"),
                kind=pl.lit("title_pattern"),
                case_sensitive=pl.lit(None),
            ),
            fuzzy.select("alias", "entity_id", kind=pl.lit("fuzzy"), case_sensitive=pl.lit(None)),
            ref.demonyms.select("alias", "entity_id", kind=pl.lit("demonym"), case_sensitive=pl.lit(None)),
            # Surnames match case-sensitively: they are capitalised, and "Trump" is not "trump".
            surnames.select(
                pl.col("surname").alias("alias"),
                pl.col("actor_id").alias("entity_id"),
                kind=pl.lit("surname"),
                case_sensitive=pl.lit(True),
            ),
        ],
        how="vertical_relaxed",
    ).with_columns(pl.col("case_sensitive").cast(pl.Boolean))
    matched = _match_kinds(sents, alias_table)
    named = matched.filter(pl.col("match_kind") != "surname")
    full = named.filter(pl.col("match_kind") != "demonym")
    publisher_docs = (
        _publisher_countries(documents, ref.publishers)
        if documents is not None
        else pl.DataFrame(schema={"doc_id": pl.String, "country_code": pl.String, "published": pl.Date})
    )
    by_surname = _resolve_surnames(
        matched.filter(pl.col("match_kind") == "surname"),
        full,
        surnames.select("actor_id", "surname"),
        all_actors,
        publisher_docs,
    )

    # Bare roles in official texts ("The Prime Minister" on gov.uk), where nothing else matched.
    published = pl.col("published_at").cast(pl.Date) if "published_at" in sentences.columns else pl.lit(None, pl.Date)
    all_docs = sentences.select("doc_id", published.alias("published")).unique("doc_id", keep="first")
    roles = _role_mentions(sents, publisher_docs, all_docs, ref)
    # A longer role swallows what it contains ("the President of the United States" over "United States").
    roles = _drop_overlapping(_drop_overlapping(roles, named, unless_longer=True), by_surname, unless_longer=True)
    named = _drop_overlapping(named, roles)
    by_surname = _drop_overlapping(by_surname, roles)

    mentions = pl.concat(
        [schema.conform(frame, {**schema.MENTIONS, "match_kind": pl.String}) for frame in (named, by_surname, roles)]
    )
    attributes = all_actors.select(
        pl.col("actor_id").alias("entity_id"),
        pl.col("name").alias("actor_name"),
        "actor_type",
        pl.col("country_code").alias("actor_country_code"),
        pl.col("title").alias("actor_title"),
    ).unique("entity_id", keep="first")
    mentions = mentions.join(attributes, on="entity_id", how="left")
    return schema.conform(mentions, ACTOR_MENTIONS).sort([*_KEYS, "start", "entity_id"])


def actors_table(mentions: pl.DataFrame | None = None, *, reference: ActorReference | None = None) -> pl.DataFrame:
    """The `actors` table: every curated actor plus the actors learned in `mentions` (find_actors output)."""
    ref = reference or load_actor_reference()
    curated = ref.actors.select(list(ACTORS))
    if mentions is None or mentions.height == 0 or "actor_name" not in mentions.columns:
        return schema.conform(curated, ACTORS).sort("actor_id")
    learned = (
        mentions.filter(~pl.col("entity_id").is_in(curated["actor_id"].implode()))
        .drop_nulls("actor_name")
        .select(
            pl.col("entity_id").alias("actor_id"),
            pl.col("actor_name").alias("name"),
            "actor_type",
            pl.col("actor_country_code").alias("country_code"),
            pl.col("actor_title").alias("title"),
        )
        .unique("actor_id", keep="first")
    )
    return schema.conform(pl.concat([curated, schema.conform(learned, ACTORS)]), ACTORS).sort("actor_id")


def actor_aliases_table(
    mentions: pl.DataFrame | None = None, *, reference: ActorReference | None = None
) -> pl.DataFrame:
    """The `actor_aliases` table: curated spellings and surnames, learned names, every spelling seen in `mentions`.

    Descriptions are not spellings: demonym phrases ("Ukrainian drones"), roles ("The President") and the
    short names bodies share ("Foreign Ministry") stay out."""
    ref = reference or load_actor_reference()
    persons = ref.actors.filter(pl.col("actor_type") == "person").select("actor_id")
    frames = [
        ref.aliases,
        ref.surnames.join(persons, on="actor_id").select("actor_id", pl.col("surname").alias("alias")),
    ]
    if mentions is not None and mentions.height > 0:
        seen = mentions
        if "match_kind" in mentions.columns:
            is_person = pl.col("entity_id").is_in(persons["actor_id"].implode()) | ~pl.col("entity_id").is_in(
                ref.actors["actor_id"].implode()
            )
            spelling = pl.col("match_kind").is_in(["alias", "title_pattern", "fuzzy"]) | (
                (pl.col("match_kind") == "surname") & is_person
            )
            seen = mentions.filter(spelling | pl.col("match_kind").is_null())
        frames.append(seen.select(pl.col("entity_id").alias("actor_id"), pl.col("surface").alias("alias")))
        if "actor_name" in mentions.columns:
            frames.append(mentions.select(pl.col("entity_id").alias("actor_id"), pl.col("actor_name").alias("alias")))
    aliases = pl.concat([schema.conform(f, ACTOR_ALIASES) for f in frames]).drop_nulls()
    aliases = aliases.with_columns(pl.col("alias").str.replace_all(r"\s+", " ").str.strip_chars())
    return aliases.filter(pl.col("alias").str.len_chars() > 0).unique().sort(["actor_id", "alias"])
