"""Aid paid for rather than handed over (purchases, financing, contributions) and aid promised in
reported speech. Sentences are our own."""

from __future__ import annotations

from tests.extract.events.texts import candidates, of_type, roles


def _aid(text: str) -> list[dict]:
    return of_type(candidates(text), "aid")


def test_financing_weapons_is_pledged_aid() -> None:
    aid = _aid("Germany will finance two more Patriot systems for Ukraine.")
    assert len(aid) == 1 and aid[0]["sub_type"] == "pledged"
    assert ("germany", "initiator") in roles(aid[0])


def test_buying_weapons_to_send_on_is_aid() -> None:
    aid = _aid("Britain is buying American air defence missiles to send to Ukraine.")
    assert len(aid) == 1 and ("united-kingdom", "initiator") in roles(aid[0])


def test_a_contribution_agreed_in_reported_speech_is_not_hedged() -> None:
    text = "Zelensky agreed with Trump that Germany would contribute to providing Ukraine with more Patriot missiles."
    aid = _aid(text)
    assert len(aid) == 1 and ("germany", "initiator") in roles(aid[0])


def test_buying_without_anything_given_is_no_aid() -> None:
    assert not _aid("Germany is buying more time before the vote.")
