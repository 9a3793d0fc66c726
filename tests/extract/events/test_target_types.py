"""What a strike hit, typed even when the text gives it no name, end to end through extract_documents
(the real actor, place and target reference data): the type of an unnamed target, the type a context
sentence gives the located strike after it, "the city of X" as a place rather than a target, a
state's possessive forces as attacker, and Ukrainian case forms of target words."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.extract.events.texts import extracted

PUBLISHED = dt.datetime(2025, 11, 20, 8, tzinfo=dt.UTC)


def _strikes(text: str, language: str = "en") -> list[dict[str, Any]]:
    return extracted(text, "strike", published=PUBLISHED, language=language, kind="newsletter")


def _initiators(strike: dict[str, Any]) -> set[str]:
    return {a["actor_id"] for a in strike["actors"] if a["role"] == "initiator"}


def test_an_unnamed_target_still_gives_the_strike_its_type() -> None:
    (strike,) = _strikes("Early on Wednesday, Russian missiles were attacking Lviv and its power grid.")
    assert strike["location_name"] == "Lviv"
    assert (strike["target_type"], strike["target_name"]) == ("energy_grid", None)


def test_the_type_a_context_sentence_gives_goes_to_the_located_strike() -> None:
    text = (
        "A Russian drone strike on apartment buildings in central Ukraine killed nine people overnight. "
        "The drones hit the city of Poltava, where a five-storey block caught fire."
    )
    (strike,) = _strikes(text)
    assert strike["location_name"] == "Poltava"
    assert strike["target_type"] == "residential"
    # "the city of Poltava" is where it hit, not a target called "Poltava city".
    assert strike["target_name"] is None


def test_a_state_s_possessive_forces_report_and_carry_out_the_strike() -> None:
    (strike,) = _strikes(
        "Ukraine’s military said on Tuesday it had struck an explosives plant in Russia’s Tambov region."
    )
    assert _initiators(strike) == {"ukraine"}
    assert strike["target_type"] == "military_industry"
    assert strike["location_name"] == "Tambov Oblast"


def test_ukrainian_case_forms_of_a_target_word_type_each_strike() -> None:
    strikes = _strikes("У вівторок російські війська завдали ракетного удару по портах Ізмаїла та Одеси.", "uk")
    assert {s["location_name"] for s in strikes} == {"Izmayil", "Odesa"}  # geonames' spelling of Izmail
    assert {s["target_type"] for s in strikes} == {"port"}
