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

Modules, in the order they run: reference (loading), case_forms, titles, fuzzy (with names),
surnames, publishers, finding (`find_actors`), tables (the DATASET.md tables); model holds the frames.
"""

from conflict_events.normalise.actors.case_forms import cyrillic_case_forms
from conflict_events.normalise.actors.finding import find_actors
from conflict_events.normalise.actors.model import ACTOR_ALIASES, ACTOR_MENTIONS, ACTOR_TYPES, ACTORS, MATCH_KINDS
from conflict_events.normalise.actors.reference import (
    REFERENCE_DIR,
    ActorReference,
    TitleGrammar,
    actor_slug,
    load_actor_reference,
)
from conflict_events.normalise.actors.tables import actor_aliases_table, actors_table

__all__ = [
    "ACTORS",
    "ACTOR_ALIASES",
    "ACTOR_MENTIONS",
    "ACTOR_TYPES",
    "MATCH_KINDS",
    "REFERENCE_DIR",
    "ActorReference",
    "TitleGrammar",
    "actor_aliases_table",
    "actor_slug",
    "actors_table",
    "cyrillic_case_forms",
    "find_actors",
    "load_actor_reference",
]
