"""Meetings told without "met": a pronoun for the visitor, a plan in reported speech, a joint
appearance, and "talks with" that names nobody. Sentences are our own."""

from __future__ import annotations

from tests.extract.events.texts import candidates, of_type, roles


def _meetings(*texts: str) -> list[dict]:
    return of_type(candidates(*texts), "meeting")


def _sides(cand: dict) -> set[str]:
    return {a for a, r in roles(cand) if r == "participant"}


def test_he_who_is_meeting_someone_is_the_person_named_before() -> None:
    text = "The talks came as Zelensky landed in Ankara, where he is meeting with President Erdogan about grain."
    meetings = _meetings(text)
    assert len(meetings) == 1 and _sides(meetings[0]) == {"volodymyr-zelensky", "recep-tayyip-erdogan"}


def test_a_call_he_said_he_would_hold_is_planned_not_hedged() -> None:
    text = "Putin said that he would hold a phone call with Erdogan on the matter."
    meetings = _meetings(text)
    assert len(meetings) == 1 and meetings[0]["status"] == "planned"
    assert _sides(meetings[0]) == {"vladimir-putin", "recep-tayyip-erdogan"}


def test_would_outside_reported_speech_still_hedges() -> None:
    assert not _meetings("A phone call between Putin and Erdogan would help, analysts think.")


def test_speaking_alongside_a_guest_is_a_meeting_with_the_main_subject() -> None:
    text = "Speaking in the East Room alongside Keir Starmer, Trump said the ceasefire talks would go on."
    meetings = _meetings(text)
    assert len(meetings) == 1 and _sides(meetings[0]) == {"keir-starmer", "donald-trump"}


def test_speaking_with_reporters_is_no_meeting() -> None:
    assert not _meetings("Speaking with reporters in Kyiv, Zelensky said Putin was stalling.")


def test_talks_with_nobody_after_them_are_no_meeting() -> None:
    text = "Ukraine accused Russia of stalling talks with no intention of stopping, Zelensky and Macron said."
    assert not _meetings(text)


def test_the_month_of_may_is_no_hedge() -> None:
    text = "Trump and Putin spoke by phone on May 19 about a ceasefire."
    assert len(_meetings(text)) == 1


def test_the_two_men_who_met_are_the_people_named_before() -> None:
    text = "Zelensky flew to Washington to see Trump on Friday. As the two men met in the Oval Office, Putin called."
    meetings = [m for m in _meetings(text) if m["anchor_sent"] == 1]
    assert len(meetings) == 1 and _sides(meetings[0]) == {"volodymyr-zelensky", "donald-trump"}


def test_a_hedge_in_a_coordinated_clause_leaves_the_meeting_alone() -> None:
    text = "Dmitry Peskov said that Marco Rubio met Lavrov and it was agreed that both should speak again."
    meetings = _meetings(text)
    assert len(meetings) == 1 and _sides(meetings[0]) == {"marco-rubio", "sergey-lavrov"}
