"""The objects of event extraction: what the finders found (Findings), a sentence with its
entities (Sentence, Place, Target, Weapon), an event candidate (Candidate), and the CANDIDATES
frame schema every candidate row conforms to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

import polars as pl

from conflict_events import schema
from conflict_events.extract import roles as R

ACTOR_ROLE = pl.Struct({"actor_id": pl.String, "role": pl.String, "name": pl.String})
EVIDENCE = pl.Struct({"sent_idx": pl.Int64, "char_start": pl.Int64, "char_end": pl.Int64})

CANDIDATES = {
    "doc_id": pl.String,
    "cand_idx": pl.Int64,  # order of the candidate within its document
    "anchor_sent": pl.Int64,  # sent_idx of the sentence holding the trigger
    "event_type": pl.String,
    "sub_type": pl.String,
    "status": pl.String,
    "date_start": pl.Date,
    "date_end": pl.Date,
    "date_precision": pl.String,
    "date_source": pl.String,  # sentence | context | window
    "place_id": pl.String,
    "location_name": pl.String,
    "place_type": pl.String,
    **schema.EVENT_PLACE_TARGET_WEAPON,
    "weapon_name": pl.String,
    "quote": pl.String,
    "actors": pl.List(ACTOR_ROLE),
    "strength": pl.Float64,
    "place_named": pl.Boolean,  # a meeting named by its place ("the Anchorage summit")
    "mentions": pl.List(EVIDENCE),
    "published_at": schema.UTC_TS,
}

PLACE_RANK = {"facility": 0, "city": 1, "admin1": 2, "country": 3}
SPEAKING = R.SPEAKER_TYPES
MAX_QUOTE_CHARS = 1500


@dataclass
class Findings:
    """Everything the entity finders found, as frames keyed by (doc_id, sent_idx)."""

    sentences: pl.DataFrame  # schema.SENTENCES
    actors: pl.DataFrame | None = None  # MENTIONS + match_kind, actor_type, country_code, name, title
    dates: pl.DataFrame | None = None  # doc_id, sent_idx, date_start, date_end, date_precision, date_is_future
    places: pl.DataFrame | None = None  # MENTIONS + place_id, name, place_type, admin1, ..., geo_precision
    weapons: pl.DataFrame | None = None  # MENTIONS (entity_id = weapon_id) + category, name
    targets: pl.DataFrame | None = None  # MENTIONS + target_type, target_name, place_id
    place_info: pl.DataFrame | None = None  # places table, to look up a target's place
    date_expressions: pl.DataFrame | None = None  # schema.DATE_EXPRESSIONS, for clause-level dates


class Place(NamedTuple):
    start: int
    end: int
    place_id: str
    name: str
    place_type: str
    admin1: str | None
    admin1_code: str | None
    country_code: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: str | None
    surface: str


class Target(NamedTuple):
    start: int
    end: int
    target_type: str
    target_name: str
    place_id: str | None
    surface: str


class Weapon(NamedTuple):
    start: int
    end: int
    weapon_id: str
    category: str | None
    name: str


class DateSpan(NamedTuple):
    start: int
    end: int
    date: tuple[dt.date, dt.date, str, str]  # start, end, precision, source (as Sentence.date)
    is_future: bool


@dataclass
class Sentence:
    idx: int
    para: int
    start: int
    end: int
    text: str
    in_blockquote: bool
    date: tuple[dt.date, dt.date, str, str]  # start, end, precision, source
    is_future: bool
    published: dt.datetime | None
    kinds: frozenset[str] = frozenset()  # event types whose pre-filter words the sentence holds
    window_days: int = 7  # days up to publication an undated event of the report may lie in
    actors: list[R.ActorMention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    weapons: list[Weapon] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    # Each date expression of the sentence with its span: a clause is dated by the one it holds.
    date_spans: list[DateSpan] = field(default_factory=list)
    # Per event type, the trigger patterns that can match the text (find_triggers' `possible`);
    # a type not here tries them all.
    possible_triggers: dict[str, tuple[int, ...]] = field(default_factory=dict)


@dataclass
class Candidate:
    event_type: str
    sub_type: str
    anchor: Sentence
    strength: float
    actors: list[tuple[R.ActorMention, str]] = field(default_factory=list)
    place: Place | None = None
    target: Target | None = None
    # What kind of thing was hit when the text gives no name for it ("a strike on residential buildings").
    target_type: str | None = None
    weapon: Weapon | None = None
    quote: str | None = None
    status: str = "occurred"
    evidence: list[Sentence] = field(default_factory=list)
    place_named: bool = False
    context_only: bool = False  # a strike without place, target or weapon: context for the next ones
    by_leaders: bool = False  # "the Presidents of X and Y held talks": the states' leaders met
    trigger_start: int | None = None  # where its trigger stands in the anchor: the clause there dates it

    def speaker_id(self) -> str | None:
        return next((m.actor_id for m, role in self.actors if role == "speaker"), None)
