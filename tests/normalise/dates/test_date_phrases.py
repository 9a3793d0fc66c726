"""Date phrases are per-language data (reference/date_phrases/): a phrase, a window or a whole
language is added by editing a copy of the tables, with no code change."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import yaml

from conflict_events.normalise.dates import resolve_sentence_dates
from conflict_events.normalise.dates.phrases import DATE_PHRASES_DIR, DatePhrases, read_date_phrases
from tests.normalise.normalise_frames import sentence_frame


def _tables_with(tmp_path: Path, edit: Callable[[Path], None]) -> DatePhrases:
    folder = tmp_path / "date_phrases"
    shutil.copytree(DATE_PHRASES_DIR, folder)
    edit(folder)
    return read_date_phrases(folder)


def _edit_yaml(path: Path, change: Callable[[dict], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _dated(sentence: str, phrases: DatePhrases | None = None) -> tuple[date | None, date | None, str | None]:
    out = resolve_sentence_dates(sentence_frame([sentence], "2025-12-28T09:00:00+00:00"), phrases).row(0, named=True)
    return out["date_start"], out["date_end"], out["date_text"]


def test_a_new_relative_phrase_is_a_line_of_data(tmp_path: Path) -> None:
    # "учора" is the spelling of "вчора" (yesterday) after a vowel; the shipped table lacks it.
    sentence = "Ворог учора атакував енергетичну інфраструктуру."
    assert _dated(sentence) == (None, None, None)

    def add_phrase(data: dict) -> None:
        data["fixed_phrases"]["учора"] = "yesterday"
        data["prefilter"].append("(?i:учора)")

    phrases = _tables_with(tmp_path, lambda folder: _edit_yaml(folder / "uk.yaml", add_phrase))
    assert _dated(sentence, phrases) == (date(2025, 12, 27), date(2025, 12, 27), "учора")


def test_a_new_language_is_a_new_table(tmp_path: Path) -> None:
    sentence = "Rozmowy odbyły się 15 grudnia 2025 w Genewie."
    assert _dated(sentence) == (None, None, None)

    def add_polish(folder: Path) -> None:
        months = "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia"
        table = {
            "months_genitive": months.split(),
            "forms": [["day_month", r"(?P<day>${day})\s+(?P<month>${month_genitive})(?:\s+(?P<year>${year}))?"]],
        }
        (folder / "pl.yaml").write_text(yaml.safe_dump(table, allow_unicode=True), encoding="utf-8")
        _edit_yaml(folder / "common.yaml", lambda data: data["tables"].append("pl"))

    phrases = _tables_with(tmp_path, add_polish)
    assert _dated(sentence, phrases) == (date(2025, 12, 15), date(2025, 12, 15), "15 grudnia 2025")


def test_windows_are_data(tmp_path: Path) -> None:
    # Five sentences after its anchor, "the next day" is too far to count from it: an honest week.
    sentences = ["The talks opened on December 10.", "A.", "B.", "C.", "D.", "The next day a deal was signed."]
    frame = sentence_frame(sentences, "2025-12-28T09:00:00+00:00")
    shipped = resolve_sentence_dates(frame).row(5, named=True)
    assert (shipped["date_start"], shipped["date_precision"]) == (date(2025, 12, 22), "week")

    def reach_further(data: dict) -> None:
        data["windows"]["anchor_reach_sentences"] = 6

    phrases = _tables_with(tmp_path, lambda folder: _edit_yaml(folder / "common.yaml", reach_further))
    wider = resolve_sentence_dates(frame, phrases).row(5, named=True)
    assert (wider["date_start"], wider["date_end"], wider["date_precision"]) == (
        date(2025, 12, 11),
        date(2025, 12, 11),
        "day",
    )
