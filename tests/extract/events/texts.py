"""Candidates of short invented texts, with the actors of tests/extract/events/test_events.py plus the
demonym weapon phrases and officials the rules of this folder need (or, through `extracted`, with the
real reference data)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from conflict_events import schema
from conflict_events.extract.events import Findings, extract_candidates
from conflict_events.extract.pipeline import extract_documents
from conflict_events.normalise.dates import resolve_sentence_dates
from conflict_events.normalise.places import find_places, places_table
from conflict_events.normalise.targets import find_targets
from conflict_events.normalise.weapons import find_weapons, weapons_table
from conflict_events.text.gazetteer import match_aliases
from conflict_events.text.sentences import split_sentences
from tests.extract.events.test_events import ACTORS, documents

EXTRA_ACTORS = [
    ("Russian drones", "russia", "state", "RU", None, "demonym"),
    ("Russian missiles", "russia", "state", "RU", None, "demonym"),
    ("Russian missile", "russia", "state", "RU", None, "demonym"),
    ("Ukrainian drones", "ukraine", "state", "UA", None, "demonym"),
    ("российских войск", "russia", "state", "RU", None, "demonym"),
    ("Сили оборони України", "armed-forces-of-ukraine", "armed_force", "UA", None, "alias"),
    ("Recep Tayyip Erdogan", "recep-tayyip-erdogan", "person", "TR", "President of Turkey", "alias"),
    ("Erdogan", "recep-tayyip-erdogan", "person", "TR", "President of Turkey", "alias"),
    ("Mark Rutte", "mark-rutte", "person", None, "NATO Secretary General", "alias"),
    ("Keir Starmer", "keir-starmer", "person", "GB", "Prime Minister", "alias"),
]


def findings(docs: pl.DataFrame, dates: pl.DataFrame | None = None) -> Findings:
    sentences = split_sentences(docs)
    table = pl.DataFrame(
        ACTORS + EXTRA_ACTORS,
        schema=["alias", "entity_id", "actor_type", "country_code", "title", "match_kind"],
        orient="row",
    )
    info = table.unique("entity_id", keep="first").select(
        "entity_id", "actor_type", "country_code", "title", pl.col("entity_id").alias("name")
    )
    mentions = (
        match_aliases(sentences, table.select("alias", "entity_id"))
        .join(info, on="entity_id", how="left")
        .join(table.select("alias", "match_kind"), left_on="surface", right_on="alias", how="left")
    )
    places = find_places(sentences)
    weapons = find_weapons(sentences).join(
        weapons_table().select(pl.col("weapon_id").alias("entity_id"), "category", "name"), on="entity_id", how="left"
    )
    dates = resolve_sentence_dates(sentences) if dates is None else dates
    return Findings(sentences, mentions, dates, places, weapons, find_targets(sentences), places_table(places))


def candidates(*texts: str, dates: pl.DataFrame | None = None, **kwargs: Any) -> list[dict[str, Any]]:
    return extract_candidates(findings(documents(*texts, **kwargs), dates)).to_dicts()


def of_type(cands: list[dict[str, Any]], event_type: str) -> list[dict[str, Any]]:
    return [c for c in cands if c["event_type"] == event_type]


def roles(cand: dict[str, Any]) -> set[tuple[str, str]]:
    return {(a["actor_id"], a["role"]) for a in cand["actors"]}


def extracted(
    text: str, event_type: str, *, published: dt.datetime, language: str = "en", kind: str = "official_statement"
) -> list[dict[str, Any]]:
    """Candidates of one type from one document through extract_documents, with the real actor, place
    and target reference data (not the small tables above)."""
    docs = schema.conform(
        pl.DataFrame(
            [{"doc_id": "d", "source_id": "notes", "source_kind": kind, "url": "https://n.example/d",
              "published_at": published, "language": language, "text": text}]
        ),
        schema.DOCUMENTS,
    )  # fmt: skip
    found = extract_documents(docs).candidates
    return found.filter(pl.col("event_type") == event_type).sort("cand_idx").to_dicts()
