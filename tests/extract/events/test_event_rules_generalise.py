"""Kinds of phrasing real reporting uses, one rule each: reporters, speakers after the verb,
digest-style strikes, meeting sides, conditional threats, offered talks. Sentences are written
for these tests; helpers come from test_events."""

from __future__ import annotations

from tests.extract.events.test_events import candidates, only, roles


def _of_type(cands: list[dict], event_type: str) -> list[dict]:
    return [c for c in cands if c["event_type"] == event_type]


# --- roles: the reporter is never the attacker ---------------------------------------------------


def test_reporter_of_a_strike_is_not_its_attacker() -> None:
    strike = only(
        candidates("The Ukrainian General Staff reported that Russian forces struck the port of Odesa."), "strike"
    )
    assert ("armed-forces-of-russia", "initiator") in roles(strike)
    assert ("general-staff-ua", "initiator") not in roles(strike)


def test_reporter_named_after_the_verb_is_not_the_attacker() -> None:
    text = "Russian forces hit the port of Odesa with missiles overnight, said the Ukrainian General Staff."
    strike = only(candidates(text), "strike")
    assert {a for a, r in roles(strike) if r == "initiator"} == {"armed-forces-of-russia", "russia"}


def test_reporter_naming_its_own_forces_is_the_attacker() -> None:
    text = "The Defence Forces said their drones hit an oil depot in Feodosia."
    strike = only(candidates(text), "strike")
    assert ("armed-forces-of-ukraine", "initiator") in roles(strike)


# --- statements: speakers after the verb, names inside the quote, the passive -------------------


def test_title_after_the_verb_stands_for_the_last_person_named() -> None:
    text = (
        "Zelensky visited a power plant near Kyiv on Friday. "
        "“We will rebuild every substation before the frost comes,” – stressed the president."
    )
    statement = only(candidates(text), "statement")
    assert roles(statement) == {("volodymyr-zelensky", "speaker")}


def test_a_name_inside_the_quoted_words_never_speaks() -> None:
    text = "Zelensky visited a power plant near Kyiv. “Putin only understands pressure and nothing else,” he said."
    statements = _of_type(candidates(text), "statement")
    assert statements and all(("vladimir-putin", "speaker") not in roles(s) for s in statements)


def test_a_speech_verb_in_the_passive_is_no_statement() -> None:
    assert not _of_type(candidates("Zelensky was warned about the phone call a day in advance."), "statement")


def test_an_institution_named_after_the_verb_speaks() -> None:
    text = "Strikes on the depot continued through the night, said the Ukrainian General Staff."
    statement = only(candidates(text), "statement")
    assert roles(statement) == {("general-staff-ua", "speaker")}


# --- strikes in digest style ---------------------------------------------------------------------


def test_regions_that_came_under_attack_get_one_strike_each() -> None:
    text = (
        "Russia launched a barrage of more than two hundred drones overnight. "
        "Energy sites in the Sumy and Poltava regions, and the region of Kharkiv came under attack."
    )
    places = [c["location_name"] for c in _of_type(candidates(text), "strike")]
    assert len(places) == 3
    assert all(any(name in place for place in places) for name in ("Sumy", "Poltava", "Kharkiv"))


def test_casualties_after_a_strike_extend_it_to_their_towns() -> None:
    text = (
        "Russia struck Kyiv with missiles before dawn. "
        "Later two people were killed in Odesa and one was injured in Dnipro."
    )
    places = {c["location_name"] for c in _of_type(candidates(text), "strike")}
    assert {"Kyiv", "Odesa", "Dnipro"} <= places
    for strike in _of_type(candidates(text), "strike"):
        assert ("russia", "initiator") in roles(strike)


def test_casualties_without_a_strike_reported_are_no_strike() -> None:
    assert not _of_type(candidates("Two people were killed in Odesa when a bus left the road."), "strike")


def test_a_place_inside_a_quoted_name_locates_no_strike() -> None:
    text = "The Defence Forces struck a pumping station of the “Odesa-Brody” pipeline in the Bryansk region."
    strike = only(candidates(text), "strike")
    assert "Bryansk" in strike["location_name"]


# --- meetings -----------------------------------------------------------------------------------


def test_the_place_a_meeting_was_held_in_is_not_a_side() -> None:
    text = "At a gathering of foreign ministers in Germany, Marco Rubio met Sergey Lavrov."
    meeting = only(candidates(text), "meeting")
    assert {a for a, _ in roles(meeting)} == {"marco-rubio", "sergey-lavrov"}


def test_one_side_alone_is_no_meeting() -> None:
    text = "The administration has been pushing for a quick end to the war, holding talks with both Russia and Ukraine."
    assert not _of_type(candidates(text), "meeting")


def test_after_meeting_with_x_the_main_subject_met_x() -> None:
    text = "Donald Trump, after meeting with Zelensky on Friday, declared that the war must end soon."
    meeting = only(candidates(text), "meeting")
    assert {a for a, _ in roles(meeting)} == {"donald-trump", "volodymyr-zelensky"}


def test_two_people_make_the_meeting_theirs() -> None:
    text = "Zelensky met Emmanuel Macron in Paris to seek more pressure on Russia."
    meeting = only(candidates(text), "meeting")
    assert {a for a, _ in roles(meeting)} == {"volodymyr-zelensky", "emmanuel-macron"}


# --- sanctions and proposals ---------------------------------------------------------------------


def test_a_conditional_threat_of_tariffs_is_a_threatened_sanction() -> None:
    text = "Trump said that the United States will impose heavy tariffs on Russia if no deal is reached soon."
    sanction = only(candidates(text), "sanction")
    assert sanction["sub_type"] == "threatened"
    assert ("united-states", "initiator") in roles(sanction)
    assert ("russia", "target") in roles(sanction)


def test_offered_talks_are_a_proposal_not_a_meeting() -> None:
    cands = candidates("Putin on Saturday offered holding direct talks with Ukraine in Istanbul.")
    assert only(cands, "proposal")["sub_type"] == "peace_plan"  # DATASET.md's name for an offer of talks
    assert not _of_type(cands, "meeting")


def test_an_agreed_pause_of_strikes_is_a_ceasefire_proposal() -> None:
    proposal = only(candidates("Putin agreed to a 30-day pause of strikes on power plants."), "proposal")
    assert proposal["sub_type"] == "ceasefire"
    assert ("vladimir-putin", "initiator") in roles(proposal)


def test_a_quoted_name_names_the_target_and_the_region_carries_over() -> None:
    text = (
        "The Defence Forces struck an oil depot in the Bryansk region overnight. The “Zaria” oil refinery was also hit."
    )
    strikes = _of_type(candidates(text), "strike")
    named = [s for s in strikes if s["target_name"] and "Zaria" in s["target_name"]]
    assert len(strikes) == 2 and len(named) == 1
    assert "Bryansk" in named[0]["location_name"]
    assert ("armed-forces-of-ukraine", "initiator") in roles(named[0])


def test_a_habit_of_striking_every_day_is_no_strike() -> None:
    assert not _of_type(candidates("Russia uses every single day to strike the power plants of Kharkiv."), "strike")
