"""Language detection: English, Ukrainian, Russian, and nothing for text without letters."""

from __future__ import annotations

import polars as pl
import pytest

from conflict_events.parse.language import detect_language, with_detected_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ukrainian drones struck the Syzran oil refinery overnight.", "en"),
        # Ukrainian-only letters (і, ї, є, ґ)
        ("Сили оборони уразили нафтопереробний завод у Самарській області.", "uk"),
        # Russian-only letters (ы, э, ъ, ё)
        ("Президент провёл телефонный разговор с президентом Соединённых Штатов.", "ru"),
        # Neither letter set: the statistical model decides
        ("Президент провел переговоры с министром обороны", "ru"),
        ("Генштаб повідомив про удар по аеродрому", "uk"),
        # A few Latin names inside Cyrillic text do not make it English
        ("Зеленський зустрівся з Trump у Вашингтоні, обговорили PURL та Patriot", "uk"),
    ],
)
def test_detects_en_uk_ru(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "12:45 — 2025", None])
def test_no_letters_no_language(text: str | None) -> None:
    assert detect_language(text) is None


def test_frame_helper_fills_only_missing_languages() -> None:
    documents = pl.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d", "e"],
            "text": [
                "Russia launched missiles at Kyiv overnight.",
                "Росія атакувала Київ ракетами та дронами.",
                "Ночью Россия атаковала Киев ракетами и дронами, сообщили в мэрии.",
                "Президент провел переговоры с министром обороны",
                "2025",
            ],
            # "d" already has a language from its source: it is kept even though the text says otherwise.
            "language": [None, None, None, "uk", None],
        }
    )
    filled = with_detected_language(documents)
    assert filled.columns == documents.columns
    assert filled["doc_id"].to_list() == ["a", "b", "c", "d", "e"]
    assert filled["language"].to_list() == ["en", "uk", "ru", "uk", None]


def test_frame_helper_uses_the_model_for_undecided_rows() -> None:
    documents = pl.DataFrame(
        {"text": ["Президент провел переговоры с министром обороны", "Hello"], "language": [None, None]},
        schema={"text": pl.String, "language": pl.String},
    )
    assert with_detected_language(documents)["language"].to_list() == ["ru", "en"]
