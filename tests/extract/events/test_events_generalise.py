"""Event rules that carry over to unseen reporting: impact and damage verbs, two strikes in one
sentence, habitual strikes, speech-verb look-alikes, speaker resolution across commas and
sentences. Sentences are written for these tests; helpers come from test_events."""

from __future__ import annotations

import pytest

from tests.extract.events.test_events import candidates, only, roles


def strikes(text: str) -> list[dict]:
    return [c for c in candidates(text) if c["event_type"] == "strike"]


# --- strike verbs -------------------------------------------------------------------------------


def test_impact_verb_makes_a_strike() -> None:
    strike = only(candidates("Russian forces' ballistic missiles slammed into an apartment block in Odesa."), "strike")
    assert strike["location_name"] == "Odesa"
    assert strike["sub_type"] == "missile"


def test_damage_verb_with_a_target_makes_a_strike() -> None:
    strike = only(candidates("On Monday a Russian forces drone damaged a power substation in Kharkiv."), "strike")
    assert strike["location_name"] == "Kharkiv"
    assert ("armed-forces-of-russia", "initiator") in roles(strike)


@pytest.mark.parametrize(
    "text",
    [
        "The row damaged relations between Germany and Ukraine for months.",
        "Air defence units near Kharkiv destroyed 40 drones overnight.",
        "The Russians keep shelling Kharkiv every night.",
        "Russia continues to bomb Odesa, Zelensky said.",
    ],
)
def test_damage_without_target_air_defence_kills_and_habits_are_no_strikes(text: str) -> None:
    assert strikes(text) == []


def test_weapon_used_against_a_target() -> None:
    strike = only(
        candidates("The Defence Forces said a Neptune missile was used against an ammunition depot near Kherson."),
        "strike",
    )
    assert "Kherson" in strike["location_name"]


def test_air_launched_is_no_second_strike() -> None:
    found = strikes("The Defence Forces struck the Saratov oil refinery using air-launched cruise missiles.")
    assert len(found) == 1


def test_two_strikes_in_one_sentence_each_keep_their_target() -> None:
    found = strikes(
        "Drones hit the Saratov oil refinery on Monday, and the Defence Forces said that the Ryazan oil "
        "refinery had been struck as well."
    )
    names = sorted(c["target_name"] or "" for c in found)
    assert len(found) == 2, found
    assert "Ryazan" in names[0] and "Saratov" in names[1]


# --- statements ---------------------------------------------------------------------------------


def test_united_states_is_no_speech_verb() -> None:
    cands = candidates("Vladimir Putin received an envoy of the United States in the Kremlin.")
    assert [c for c in cands if c["event_type"] == "statement"] == []


def test_states_that_is_a_speech_verb() -> None:
    statement = only(candidates("Lavrov states that the offer remains on the table for Kyiv."), "statement")
    assert roles(statement) == {("sergey-lavrov", "speaker")}


def test_added_to_a_list_is_no_statement_but_added_that_is() -> None:
    listed = candidates("Germany added three banks to its export list.")
    assert [c for c in listed if c["event_type"] == "statement"] == []
    statement = only(candidates("Lavrov added that Moscow saw no reason to hurry."), "statement")
    assert roles(statement) == {("sergey-lavrov", "speaker")}


def test_fronted_phrase_before_a_comma_is_not_the_speaker() -> None:
    statement = only(candidates("Asked about Ukraine, Putin said that the front line was moving."), "statement")
    assert roles(statement) == {("vladimir-putin", "speaker")}


def test_name_followed_by_a_verb_starting_with_war_is_a_speaker() -> None:
    statement = only(candidates("Zelensky warned on Monday that more missiles were coming."), "statement")
    assert roles(statement) == {("volodymyr-zelensky", "speaker")}


def test_quote_with_negation_and_pronoun_goes_to_the_previous_subject() -> None:
    text = (
        "Zelensky, speaking after talks with Emmanuel Macron in Paris, condemned the shelling. "
        "“This is not the behaviour of a country that wants peace,” he wrote on Telegram."
    )
    statements = [c for c in candidates(text) if c["event_type"] == "statement" and c["quote"]]
    assert statements and roles(statements[-1]) == {("volodymyr-zelensky", "speaker")}


# --- strike attackers, weapons and summaries -------------------------------------------------------


def test_national_armed_force_strike_also_names_its_state() -> None:
    strike = only(candidates("The Defence Forces struck the Saratov oil refinery overnight."), "strike")
    assert {("armed-forces-of-ukraine", "initiator"), ("ukraine", "initiator")} <= roles(strike)


def test_state_attacker_gains_no_extra_state() -> None:
    strike = only(candidates("Russia struck the port of Odesa overnight."), "strike")
    assert roles(strike) == {("russia", "initiator")}


def test_weapon_in_the_next_sentence_joins_the_strike() -> None:
    text = "On Sunday the Defence Forces struck the Saratov oil refinery. Storm Shadow missiles were used."
    strike = only(candidates(text), "strike")
    assert strike["weapon_id"] == "storm-shadow"


def test_weapon_sentence_without_used_cue_does_not_join() -> None:
    text = "On Sunday the Defence Forces struck the Saratov oil refinery. Storm Shadow missiles are expensive."
    strike = only(candidates(text), "strike")
    assert strike["weapon_id"] is None


def test_passive_damage_continues_the_previous_strike_attacker() -> None:
    text = "Overnight Russian forces hit Odesa with drones. A power substation in Kharkiv was also damaged."
    found = strikes(text)
    kharkiv = [c for c in found if c["location_name"] == "Kharkiv"]
    assert kharkiv and ("armed-forces-of-russia", "initiator") in roles(kharkiv[0])


def test_unlocated_launch_summary_folds_into_the_located_strike() -> None:
    text = (
        "Russia launched 300 Shahed drones overnight. "
        "In Odesa, a residential building was hit and two people were killed."
    )
    found = strikes(text)
    assert len(found) == 1, found
    assert found[0]["location_name"] == "Odesa"
    assert found[0]["weapon_id"] is not None
    assert ("russia", "initiator") in roles(found[0])


def test_object_after_a_past_tense_verb_is_no_rival_speaker() -> None:
    statement = only(
        candidates("Zelensky thanked Emmanuel Macron for the support and said the front was holding."), "statement"
    )
    assert roles(statement) == {("volodymyr-zelensky", "speaker")}


def test_ready_for_talks_is_no_meeting() -> None:
    cands = candidates("Zelensky said Ukraine was ready for talks with Russia in any format.")
    assert [c for c in cands if c["event_type"] == "meeting"] == []


# --- meetings and sanctions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "In Geneva, Marco Rubio sat down with Sergey Lavrov for three hours.",
        "Marco Rubio spent the day in Geneva talking with Sergey Lavrov.",
        "Donald Trump welcomed President Emmanuel Macron to the White House.",
    ],
)
def test_meeting_phrasings(text: str) -> None:
    meeting = only(candidates(text), "meeting")
    assert len(meeting["actors"]) == 2


def test_welcomed_a_decision_is_no_meeting() -> None:
    cands = candidates("Emmanuel Macron welcomed the decision to the relief of Germany.")
    assert [c for c in cands if c["event_type"] == "meeting"] == []


def test_possessive_call_and_summit_in_one_sentence() -> None:
    text = "The Trump-Putin summit, floated after Trump's phone call with Putin, was later shelved."
    subs = sorted(c["sub_type"] for c in candidates(text) if c["event_type"] == "meeting")
    assert "call" in subs


def test_added_to_sanctions_list_is_a_sanction() -> None:
    sanction = only(candidates("Britain added two Russian banks and Germany to its sanctions list."), "sanction")
    assert ("united-kingdom", "initiator") in roles(sanction)


def test_headline_passive_sanction_targets_are_not_initiators() -> None:
    cands = candidates("Zelensky and Lavrov sanctioned alongside 20 tankers, as Britain steps up pressure.")
    sanction = only(cands, "sanction")
    assert ("united-kingdom", "initiator") in roles(sanction)
    assert ("sergey-lavrov", "target") in roles(sanction)
