"""Proposals named by a noun with the proposers as leaders of states. Sentences are our own."""

from __future__ import annotations

from tests.extract.events.texts import candidates, of_type, roles


def test_a_call_for_a_truce_made_by_the_leaders_of_states_is_their_proposal() -> None:
    text = "Kremlin officials ignored the call made by the leaders of Germany and Britain for a truce at Easter."
    proposals = of_type(candidates(text), "proposal")
    assert len(proposals) == 1 and proposals[0]["sub_type"] == "ceasefire"
    assert {a for a, r in roles(proposals[0]) if r == "initiator"} == {"germany", "united-kingdom"}


def test_a_call_for_talks_is_no_ceasefire_proposal() -> None:
    assert not of_type(candidates("Germany and Britain repeated their call for more aid."), "proposal")
