""""The city" after a strike trigger stands for the city named last, and a dateline locates no strike; a
strike named with the attacker's adjective ("a Russian ballistic attack") has its attacker; voicing a
stance ("expressed his reluctance") and naming something in one's own words ("called it “...”") are
statements."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.extract.events.texts import candidates, extracted, of_type, roles

PUBLISHED = dt.datetime(2025, 5, 9, 18, tzinfo=dt.UTC)  # a Friday


def _strikes(text: str) -> list[dict[str, Any]]:
    return extracted(text, "strike", published=PUBLISHED)


def test_the_city_after_an_attack_is_the_city_named_last() -> None:
    text = (
        "Sumy lies about 30 kilometres from the border with Russia. "
        "An earlier Russian drone attack on the city on Tuesday damaged a school."
    )
    (strike,) = _strikes(text)
    assert strike["location_name"] == "Sumy"
    assert strike["date_start"] == dt.date(2025, 5, 6)
    assert {a["actor_id"] for a in strike["actors"] if a["role"] == "initiator"} == {"russia"}


def test_the_city_of_a_name_is_no_anaphora() -> None:
    # "the city of Kharkiv" names its city; the city named before it is not the one meant.
    text = "Sumy lies near the border. A Russian missile attack on the city of Kharkiv killed two people on Tuesday."
    assert {s["location_name"] for s in _strikes(text)} == {"Kharkiv"}


def test_voicing_a_stance_is_a_statement() -> None:
    (statement,) = of_type(candidates("Putin expressed his reluctance to accept a month-long truce."), "statement")
    assert ("vladimir-putin", "speaker") in roles(statement)


def test_calling_something_by_a_quoted_name_is_a_statement() -> None:
    text = "Zelensky criticised the decision and called it “a gift to the aggressor and his allies”."
    (statement,) = of_type(candidates(text), "statement")
    assert ("volodymyr-zelensky", "speaker") in roles(statement)
    assert "gift to the aggressor" in statement["quote"]


def test_a_dateline_is_where_the_report_was_filed_not_where_the_strike_hit() -> None:
    (strike,) = _strikes("Kyiv — Russian forces struck the port of Izmail with drones overnight, officials said.")
    assert strike["location_name"] == "Izmayil"
    assert _strikes("Kyiv — Russian forces launched 200 drones across the country overnight.") == []
