"""A reported statement whose content is an event of the same sentence (or of the sentence before, when
it points back at it) is that event's attribution, not a statement; words of the speaker's own keep it."""

from __future__ import annotations

from tests.extract.events.texts import candidates


def _types(text: str) -> list[str]:
    return sorted(c["event_type"] for c in candidates(text))


def test_saying_that_a_strike_happened_is_the_strike_only() -> None:
    assert _types("Zelensky said Russian forces struck the port of Odesa overnight.") == ["strike"]


def test_a_sentence_pointing_back_at_a_meeting_adds_no_statement() -> None:
    text = "Zelensky met Emmanuel Macron in Paris on Monday. He wrote about this on Telegram."
    assert _types(text) == ["meeting"]


def test_a_judgement_in_quoted_words_stays_a_statement() -> None:
    text = "Zelensky said his meeting with Emmanuel Macron in Paris had been “productive and honest”."
    assert _types(text) == ["meeting", "statement"]


def test_a_reported_statement_with_no_event_stays() -> None:
    assert _types("Lavrov said the proposal was unacceptable to Moscow.") == ["statement"]
