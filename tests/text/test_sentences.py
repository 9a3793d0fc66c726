"""Sentence splitting: exact offsets, abbreviations, quotes, Cyrillic, lists, blockquotes."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from conflict_events import schema
from conflict_events.text.sentences import split_sentences

PUBLISHED = datetime(2025, 8, 16, 9, 30, tzinfo=UTC)


def _documents(texts: dict[str, str], quote_spans: dict[str, list[tuple[int, int]]] | None = None) -> pl.DataFrame:
    spans = quote_spans or {}
    return schema.conform(
        pl.DataFrame(
            {
                "doc_id": list(texts),
                "text": list(texts.values()),
                "quote_spans": [[{"start": s, "end": e} for s, e in spans.get(d, [])] for d in texts],
                "published_at": [PUBLISHED] * len(texts),
                "source_kind": ["newsletter"] * len(texts),
                "language": ["en"] * len(texts),
            },
            schema_overrides={"quote_spans": pl.List(schema.SPAN)},
        ),
        schema.DOCUMENTS,
    )


def _split(text: str) -> list[str]:
    out = split_sentences(_documents({"d": text}))
    _assert_offsets(out, {"d": text})
    return out["sentence"].to_list()


def _assert_offsets(sentences: pl.DataFrame, texts: dict[str, str]) -> None:
    for row in sentences.iter_rows(named=True):
        assert texts[row["doc_id"]][row["char_start"] : row["char_end"]] == row["sentence"]
        assert row["sentence"] == row["sentence"].strip()


def test_schema_and_carried_columns() -> None:
    out = split_sentences(_documents({"d": "One sentence here. Another one follows."}))
    assert out.schema == pl.Schema(schema.SENTENCES)
    assert out["published_at"].to_list() == [PUBLISHED, PUBLISHED]
    assert out["source_kind"].to_list() == ["newsletter", "newsletter"]
    assert out["sent_idx"].to_list() == [0, 1]


def test_abbreviations_and_titles_do_not_end_sentences() -> None:
    text = (
        "Lt. Gen. Oleksandr Pivnenko met Col. Ivanov and Mr. Smith on Sept. 3 in St. Petersburg. "
        "The U.S. and the U.K. sent aid, e.g. shells, i.e. 155mm rounds, vs. last year's No. 2 package. "
        "Dr. Jones agreed."
    )
    assert _split(text) == [
        "Lt. Gen. Oleksandr Pivnenko met Col. Ivanov and Mr. Smith on Sept. 3 in St. Petersburg.",
        "The U.S. and the U.K. sent aid, e.g. shells, i.e. 155mm rounds, vs. last year's No. 2 package.",
        "Dr. Jones agreed.",
    ]


def test_decimals_initials_and_ellipses() -> None:
    text = (
        "Inflation reached 9.5 per cent in Jan. 2025, analyst Phillips P. O'Brien wrote. "
        "The front held... Then the drones came! Did it matter? Yes."
    )
    assert _split(text) == [
        "Inflation reached 9.5 per cent in Jan. 2025, analyst Phillips P. O'Brien wrote.",
        "The front held...",
        "Then the drones came!",
        "Did it matter?",
        "Yes.",
    ]


def test_closing_quotes_belong_to_the_sentence() -> None:
    text = (
        "The spokesman said: “We will respond to every strike.” Kyiv disagreed. "
        '"Nobody wants this war to go on," he added. "It must end."'
    )
    sentences = _split(text)
    assert sentences == [
        "The spokesman said: “We will respond to every strike.”",
        "Kyiv disagreed.",
        '"Nobody wants this war to go on," he added.',
        '"It must end."',
    ]


def test_cyrillic_sentences_and_initials() -> None:
    text = "Генштаб ЗСУ повідомив про 120 боєзіткнень. В. Зеленський провів нараду! Що далі? Побачимо."
    assert _split(text) == [
        "Генштаб ЗСУ повідомив про 120 боєзіткнень.",
        "В. Зеленський провів нараду!",
        "Що далі?",
        "Побачимо.",
    ]


def test_headings_bullets_and_numbered_lists() -> None:
    text = (
        "Morning Briefing: Day 1,270\n\n"
        "• Russian forces struck Kharkiv overnight\n"
        "• Air defence downed 40 drones. Two got through\n\n"
        "1. Talks in Geneva.\n2. Sanctions package"
    )
    out = split_sentences(_documents({"d": text}))
    _assert_offsets(out, {"d": text})
    assert out["sentence"].to_list() == [
        "Morning Briefing: Day 1,270",
        "Russian forces struck Kharkiv overnight",
        "Air defence downed 40 drones.",
        "Two got through",
        "1. Talks in Geneva.",
        "2. Sanctions package",
    ]
    assert out["paragraph_idx"].to_list() == [0, 1, 1, 1, 2, 2]


def test_lowercase_line_continuation_is_not_split() -> None:
    assert _split("The strike hit a depot\nnear the river. It burned.") == [
        "The strike hit a depot\nnear the river.",
        "It burned.",
    ]


def test_blank_paragraphs_and_stray_whitespace_keep_offsets() -> None:
    text = "  \n\n\n\n  First real line.   Second one.  \n\n\u00a0\n\nLast."
    out = split_sentences(_documents({"d": text}))
    _assert_offsets(out, {"d": text})
    assert out["sentence"].to_list() == ["First real line.", "Second one.", "Last."]
    assert out["paragraph_idx"].to_list() == [0, 0, 1]


def test_blockquote_flag_follows_quote_spans() -> None:
    intro = "The ministry issued a statement."
    quoted = "Russia will never accept this. The talks are over."
    text = f"{intro}\n\n{quoted}\n\nOur view differs."
    start = text.index(quoted)
    out = split_sentences(_documents({"d": text}, {"d": [(start, start + len(quoted))]}))
    assert out.select("sentence", "in_blockquote").rows() == [
        (intro, False),
        ("Russia will never accept this.", True),
        ("The talks are over.", True),
        ("Our view differs.", False),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("He said “we will keep fighting” on Monday.", True),
        ('The minister called it "a total failure of diplomacy."', True),
        ("Він заявив: «Ми не здамося».", True),
        ('The so-called "peace plan" was rejected.', False),
        ("No quotation marks here at all.", False),
        ("This is what I mean by “pantomime” in diplomacy.", False),
        ("It was “over” and “done” by then.", False),
        ("“A quotation that runs on past this sentence.", True),
        ("and only closes in the next one, he said.”", True),
        ("‘We don’t accept Russia’s terms at all,’ the minister said.", True),
        ("The ‘peace’ talks and Ukraine’s ‘red lines’ were discussed.", False),
    ],
)
def test_has_quotation(sentence: str, expected: bool) -> None:
    out = split_sentences(_documents({"d": sentence}))
    assert out["has_quotation"].to_list() == [expected]


def test_many_documents_deterministic_and_null_text() -> None:
    texts = {f"d{i}": f"Report {i}. Gen. Smith spoke on Aug. {i % 28 + 1}. “Quote number {i} here.”" for i in range(50)}
    docs = pl.concat([_documents(texts), _documents({"empty": ""}).with_columns(pl.lit(None, pl.String).alias("text"))])
    first = split_sentences(docs)
    second = split_sentences(docs.reverse()).sort(["doc_id", "sent_idx"])
    assert first.sort(["doc_id", "sent_idx"]).equals(second)
    assert first.filter(pl.col("doc_id") == "d7")["sentence"].to_list() == [
        "Report 7.",
        "Gen. Smith spoke on Aug. 8.",
        "“Quote number 7 here.”",
    ]
    assert first.filter(pl.col("doc_id") == "empty").height == 0


def test_empty_input() -> None:
    assert split_sentences(schema.empty(schema.DOCUMENTS)).schema == pl.Schema(schema.SENTENCES)


def test_abbreviation_at_the_very_start_of_the_text() -> None:
    assert _split("Gen. Syrskyi reported gains. U.S. officials (Lt. Col. Ryan) disagreed.") == [
        "Gen. Syrskyi reported gains.",
        "U.S. officials (Lt. Col. Ryan) disagreed.",
    ]


def test_telegram_lines_with_emoji_bullets() -> None:
    text = "⚡️ Увага! Загроза балістики\n🔴 Харків: вибухи в центрі міста\n📍Сумщина — обстріл громад\nпродовжується"
    assert _split(text) == [
        "Увага!",
        "Загроза балістики",
        "Харків: вибухи в центрі міста",
        "Сумщина — обстріл громад\nпродовжується",
    ]
