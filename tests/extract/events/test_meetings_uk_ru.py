"""Meetings in Ukrainian and Russian texts (held, planned, named by the noun, a visit for talks), and
the reporter of a meeting, end to end through extract_documents with the real actor reference."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.extract.events.texts import extracted

PUBLISHED = dt.datetime(2025, 11, 20, 8, tzinfo=dt.UTC)


def _meetings(text: str, language: str) -> list[dict[str, Any]]:
    return extracted(text, "meeting", published=PUBLISHED, language=language)


def _sides(meeting: dict[str, Any]) -> set[str]:
    return {a["actor_id"] for a in meeting["actors"] if a["role"] == "participant"}


def test_a_ukrainian_meeting_held_with_someone_in_the_instrumental() -> None:
    (meeting,) = _meetings("Президент Володимир Зеленський зустрівся з Еммануелем Макроном у Парижі.", "uk")
    assert _sides(meeting) == {"volodymyr-zelensky", "emmanuel-macron"}
    assert (meeting["status"], meeting["location_name"]) == ("occurred", "Paris")


def test_a_ukrainian_meeting_named_by_the_noun_has_its_sides_inside() -> None:
    (meeting,) = _meetings("Зустріч Зеленського та Макрона відбулася у Парижі в середу.", "uk")
    assert _sides(meeting) == {"volodymyr-zelensky", "emmanuel-macron"}


def test_a_russian_meeting_to_come_is_planned() -> None:
    (meeting,) = _meetings("Владимир Путин встретится с Дональдом Трампом в Будапеште на следующей неделе.", "ru")
    assert _sides(meeting) == {"vladimir-putin", "donald-trump"}
    assert meeting["status"] == "planned"


def test_a_visit_for_talks_meets_the_state_of_the_capital() -> None:
    (meeting,) = _meetings("Стив Уиткофф приедет в Москву на переговоры.", "ru")
    assert _sides(meeting) == {"steve-witkoff", "russia"}
    assert meeting["status"] == "planned"


def test_the_reporter_of_a_meeting_is_not_a_side() -> None:
    (meeting,) = _meetings("Дмитрий Песков сообщил, что Стив Уиткофф встретится с Владимиром Путиным.", "ru")
    assert _sides(meeting) == {"steve-witkoff", "vladimir-putin"}


def test_a_reporter_speaking_of_his_own_call_is_a_side() -> None:
    (meeting,) = _meetings("Zelensky said he had a long phone call with Emmanuel Macron on Tuesday.", "en")
    assert _sides(meeting) == {"volodymyr-zelensky", "emmanuel-macron"}
