"""The sides of proposals, sanctions and aid beyond the subject: the counterpart a "with" introduces,
the state whose possession is sanctioned, the leader who announces his state's measure; and a purpose
phrase between a subject and its strike verb."""

from __future__ import annotations

from tests.extract.events.texts import candidates, of_type, roles


def test_a_proposal_made_during_a_call_has_the_caller_as_its_other_side() -> None:
    (proposal,) = of_type(
        candidates("Putin agreed to a ten-day pause of attacks on power plants during a call with Donald Trump."),
        "proposal",
    )
    assert ("vladimir-putin", "initiator") in roles(proposal)
    assert ("donald-trump", "target") in roles(proposal)


def test_the_state_whose_ships_are_sanctioned_is_the_target() -> None:
    text = "Britain announced sanctions against 20 tankers of Russia’s shadow fleet."
    (sanction,) = of_type(candidates(text), "sanction")
    assert roles(sanction) == {("united-kingdom", "initiator"), ("russia", "target")}


def test_a_leader_announcing_his_state_s_measure_initiates_it_too() -> None:
    (sanction,) = of_type(
        candidates("Donald Trump announced on Friday that the United States will impose tariffs on Russia."), "sanction"
    )
    assert {("united-states", "initiator"), ("donald-trump", "initiator")} <= roles(sanction)


def test_a_foreign_leader_reporting_a_measure_does_not_initiate_it() -> None:
    (sanction,) = of_type(
        candidates("Vladimir Putin said on Friday that the United States will impose tariffs on Russia."), "sanction"
    )
    assert ("vladimir-putin", "initiator") not in roles(sanction)


def test_a_purpose_phrase_between_subject_and_strike_verb_keeps_the_subject() -> None:
    text = (
        "Units of the Defence Forces, in order to weaken the enemy's supply of fuel to its troops in the south, "
        "struck the oil depot in Feodosia overnight."
    )
    (strike,) = of_type(candidates(text), "strike")
    assert ("armed-forces-of-ukraine", "initiator") in roles(strike)
