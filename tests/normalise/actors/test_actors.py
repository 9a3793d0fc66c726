"""Actor resolution: curated aliases, Cyrillic forms, learned titles, fuzzy names, demonyms, surnames."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import polars as pl
import pycountry
import pytest

from conflict_events import schema
from conflict_events.normalise.actors import (
    ACTOR_ALIASES,
    ACTOR_MENTIONS,
    ACTOR_TYPES,
    ACTORS,
    actor_aliases_table,
    actor_slug,
    actors_table,
    cyrillic_case_forms,
    find_actors,
    load_actor_reference,
)
from conflict_events.text.sentences import split_sentences


def _documents(texts: dict[str, str]) -> pl.DataFrame:
    return schema.conform(
        pl.DataFrame({"doc_id": list(texts), "text": list(texts.values()), "source_kind": "newsletter"}),
        schema.DOCUMENTS,
    )


def _mentions(texts: dict[str, str], **kwargs: object) -> tuple[pl.DataFrame, pl.DataFrame]:
    documents = _documents(texts)
    sentences = split_sentences(documents)
    mentions = find_actors(sentences, documents, **kwargs)  # type: ignore[arg-type]
    assert mentions.schema == pl.Schema(ACTOR_MENTIONS)
    checked = mentions.join(sentences.select("doc_id", "sent_idx", "sentence"), on=["doc_id", "sent_idx"])
    for row in checked.iter_rows(named=True):
        assert row["sentence"][row["start"] : row["end"]] == row["surface"]
    return mentions, sentences


def _found(mentions: pl.DataFrame, doc_id: str | None = None) -> list[tuple[str, str, str]]:
    rows = mentions if doc_id is None else mentions.filter(pl.col("doc_id") == doc_id)
    return [(r["surface"], r["entity_id"], r["match_kind"]) for r in rows.iter_rows(named=True)]


def test_newsletter_misspelt_name_surname_and_possessives() -> None:
    text = (
        "Last week US negotiator Steve Witkoff sat down with former Defence Minister Rusten Umerov in Miami. "
        "Afterwards Witkoff called the talks productive, while Umerov’s team stayed quiet. "
        "Putin’s aide repeated that Trump's plan needed changes."
    )
    mentions, _ = _mentions({"n": text})
    found = _found(mentions)
    assert ("Steve Witkoff", "steve-witkoff", "alias") in found
    assert ("Rusten Umerov", "rustem-umerov", "fuzzy") in found
    assert ("Witkoff", "steve-witkoff", "surname") in found
    assert ("Umerov", "rustem-umerov", "surname") in found
    assert ("Putin", "vladimir-putin", "surname") in found
    assert ("Trump", "donald-trump", "surname") in found


@pytest.mark.parametrize(
    "spelling",
    ["Zelensky", "Zelenskyy", "Zelenskiy", "ZELENSKY", "Зеленський", "Зеленського", "Зеленским", "President Zelensky"],
)
def test_zelensky_spellings(spelling: str) -> None:
    mentions, _ = _mentions({"d": f"On Tuesday {spelling} spoke to reporters."})
    assert mentions["entity_id"].to_list() == ["volodymyr-zelensky"]
    assert mentions["surface"].to_list() == [spelling]


def test_cyrillic_case_forms_of_states_and_people() -> None:
    text = "Росія атакувала енергетику України. Путіна попередили. Лавров заявив про переговори з Росією."
    mentions, _ = _mentions({"uk": text})
    assert set(mentions["entity_id"].to_list()) == {"russia", "ukraine", "vladimir-putin", "sergei-lavrov"}
    assert cyrillic_case_forms("Путін")[:2] == ["Путіна", "Путіну"]
    assert "Зеленського" in cyrillic_case_forms("Зеленський")
    assert cyrillic_case_forms("ЗСУ") == []
    assert cyrillic_case_forms("Putin") == []


def test_title_patterns_learn_people_missing_from_the_reference() -> None:
    reference = load_actor_reference().without("sergei-ryabkov", "dmitry-peskov")
    texts = {
        "readout": (
            "Russian Deputy Foreign Minister Sergei Ryabkov told reporters the plan was unacceptable. "
            "Kremlin spokesman Dmitry Peskov declined to comment. Later Ryabkov repeated the point."
        ),
        "other": "Ryabkov was not named in full here.",
    }
    mentions, _ = _mentions(texts, reference=reference)
    found = _found(mentions, "readout")
    assert ("Sergei Ryabkov", "sergei-ryabkov", "title_pattern") in found
    assert ("Dmitry Peskov", "dmitry-peskov", "title_pattern") in found
    assert ("Ryabkov", "sergei-ryabkov", "surname") in found
    # A learned person's bare surname only counts where the full name appears.
    assert _found(mentions, "other") == []

    actors = actors_table(mentions, reference=reference)
    ryabkov = actors.filter(pl.col("actor_id") == "sergei-ryabkov").row(0, named=True)
    assert ryabkov == {
        "actor_id": "sergei-ryabkov",
        "name": "Sergei Ryabkov",
        "actor_type": "person",
        "country_code": "RU",
        "title": "Deputy Foreign Minister",
    }
    assert actors.filter(pl.col("actor_id") == "dmitry-peskov")["title"].to_list() == ["Spokesperson"]


def test_name_then_title_and_cyrillic_title_learning() -> None:
    texts = {
        "wire": "Jonas Lindqvist, the Swedish ambassador, said the embassy was undamaged.",
        "tg": "Міністр оборони України Денис Шмигаль провів зустріч із партнерами.",
    }
    reference = load_actor_reference().without("denys-shmyhal")
    mentions, _ = _mentions(texts, reference=reference)
    actors = actors_table(mentions, reference=reference)
    lindqvist = actors.filter(pl.col("actor_id") == "jonas-lindqvist").row(0, named=True)
    assert (lindqvist["title"], lindqvist["country_code"]) == ("Ambassador", "SE")
    shmyhal = actors.filter(pl.col("actor_id") == "denys-shmyhal").row(0, named=True)
    assert (shmyhal["name"], shmyhal["title"], shmyhal["country_code"]) == ("Денис Шмигаль", "Defence Minister", "UA")


def test_surname_resolution_prefers_the_person_named_in_the_document() -> None:
    texts = {
        "zp": "Ivan Fedorov, the regional governor, reported the damage. Fedorov said two people were hurt.",
        "dt": "Mykhailo Fedorov presented new drone software. Fedorov said it would ship soon.",
        "none": "Fedorov said nothing new.",
    }
    mentions, _ = _mentions(texts)
    assert ("Fedorov", "ivan-fedorov", "surname") in _found(mentions, "zp")
    assert ("Fedorov", "mykhailo-fedorov", "surname") in _found(mentions, "dt")
    assert _found(mentions, "none") == []


def test_unrelated_names_do_not_collide() -> None:
    mentions, _ = _mentions(
        {"d": "Analysts Sergei Lavrenko, Andriy Yermakov and Ruslan Umarov disagreed with Ivan Fedorenko."}
    )
    assert not set(mentions["entity_id"].to_list()) & {
        "sergei-lavrov",
        "rustem-umerov",
        "ivan-fedorov",
        "andriy-yermak",
    }
    # ...while transliteration variants of a known name still resolve.
    mentions, _ = _mentions({"d": "Sergey Shoygu and Olexandr Syrsky met."})
    assert mentions.select("surface", "entity_id").rows() == [
        ("Sergey Shoygu", "sergei-shoigu"),
        ("Olexandr Syrsky", "oleksandr-syrskyi"),
    ]


def test_acronyms_only_as_words_and_in_capitals() -> None:
    mentions, _ = _mentions({"d": "The USSR and UKIP are gone; the EU and the US remain, as do UN bodies and us."})
    assert _found(mentions) == [
        ("EU", "european-union", "alias"),
        ("US", "united-states", "alias"),
        ("UN", "united-nations", "alias"),
    ]


def test_demonyms_for_attackers_but_not_for_descriptions() -> None:
    text = "Ukrainian drones struck a depot overnight. The Russians said a Russian citizen was hurt by Russian forces."
    mentions, _ = _mentions({"d": text})
    assert _found(mentions) == [
        ("Ukrainian drones", "ukraine", "demonym"),
        ("The Russians", "russia", "demonym"),
        ("Russian forces", "russia", "demonym"),
    ]


def test_official_styles_kremlin_general_staff_wire() -> None:
    texts = {
        "kremlin": (
            "Vladimir Putin held a telephone conversation with President of the United States Donald Trump. "
            "The Russian Ministry of Defence and the Security Council of Russia were briefed."
        ),
        "genstaff": (
            "Генеральний штаб ЗСУ інформує: Сили оборони уразили нафтопереробний завод. "
            "Сили безпілотних систем підтвердили ураження."
        ),
        "wire": "KYIV, Oct 3 (Wire) - Ukraine's General Staff said the HUR and the SBU hit targets in Russia.",
    }
    mentions, _ = _mentions(texts)
    assert {e for _, e, _ in _found(mentions, "kremlin")} == {
        "vladimir-putin",
        "donald-trump",
        "united-states",
        "russian-ministry-of-defence",
        "security-council-of-russia",
    }
    assert [e for _, e, _ in _found(mentions, "genstaff")] == [
        "general-staff-of-the-armed-forces-of-ukraine",
        "armed-forces-of-ukraine",
        "unmanned-systems-forces",
    ]
    assert [e for _, e, _ in _found(mentions, "wire")] == [
        "general-staff-of-the-armed-forces-of-ukraine",
        "defence-intelligence-of-ukraine",
        "security-service-of-ukraine",
        "russia",
    ]


def test_tables_hold_curated_learned_and_seen_spellings() -> None:
    mentions, _ = _mentions(
        {"d": "Former Defence Minister Rusten Umerov met Mayor Oksana Hrytsenko. Зеленського чекали."}
    )
    actors = actors_table(mentions)
    assert actors.schema == pl.Schema(ACTORS)
    assert actors["actor_id"].is_unique().all()
    assert {"ukraine", "russia", "volodymyr-zelensky", "oksana-hrytsenko"} <= set(actors["actor_id"].to_list())
    aliases = actor_aliases_table(mentions)
    assert aliases.schema == pl.Schema(ACTOR_ALIASES)
    pairs = set(aliases.iter_rows())
    assert {("rustem-umerov", "Rusten Umerov"), ("volodymyr-zelensky", "Зеленського")} <= pairs
    assert {("volodymyr-zelensky", "Zelenskyy"), ("oksana-hrytsenko", "Oksana Hrytsenko")} <= pairs


def test_deterministic_whatever_the_input_order() -> None:
    texts = {
        f"d{i}": f"Kremlin aide Yuri Ushakov met envoy Pavel Orlov{i % 3}. Ushakov and the Ukrainians disagreed."
        for i in range(30)
    }
    documents = _documents(texts)
    sentences = split_sentences(documents)
    first = find_actors(sentences, documents)
    shuffled = sentences.sample(fraction=1.0, shuffle=True, seed=random.Random(7).randint(0, 1000))
    second = find_actors(shuffled, documents)
    assert first.equals(second)


def test_empty_input() -> None:
    assert find_actors(schema.empty(schema.SENTENCES), schema.empty(schema.DOCUMENTS)).schema == pl.Schema(
        ACTOR_MENTIONS
    )


def test_reference_data_is_consistent() -> None:
    reference = load_actor_reference()
    actors = reference.actors
    assert actors.height >= 150
    assert actors["actor_id"].is_unique().all()
    assert set(actors["actor_type"].unique().to_list()) <= set(ACTOR_TYPES)
    for row in actors.iter_rows(named=True):
        assert row["actor_id"] == actor_slug(row["name"], reference.letters, reference.word_initial), row
        if row["country_code"] is not None:
            assert pycountry.countries.get(alpha_2=row["country_code"]) is not None, row
    # Every curated person can be found by a surname or has opted out of surname-only matching.
    persons = actors.filter(pl.col("actor_type") == "person")
    with_surname = set(reference.surnames["actor_id"].to_list())
    assert persons.filter(pl.col("surname_alone") & ~pl.col("actor_id").is_in(list(with_surname))).height <= 2


def test_title_lists_in_official_readouts_learn_clean_names() -> None:
    text = (
        "The meeting was attended by Deputy Defence Minister Pavel Orlovsky, Presidential Envoy to the Volga "
        "Federal District Igor Sidorenko, Governor of the Samara Region Timur Aliyev, and Professor Anna Belova, "
        "Director of the Institute."
    )
    mentions, _ = _mentions({"readout": text})
    learned = actors_table(mentions).filter(pl.col("actor_id").is_in(mentions["entity_id"].implode()))
    assert learned.select("actor_id", "title").sort("actor_id").rows() == [
        ("anna-belova", "Director"),
        ("igor-sidorenko", "Special Envoy"),
        ("pavel-orlovsky", "Deputy Defence Minister"),
        ("timur-aliyev", "Governor"),
    ]
    assert set(mentions["match_kind"].to_list()) == {"title_pattern"}


def test_short_names_of_bodies_resolve_to_the_body_named_in_the_document() -> None:
    texts = {
        "ru": "The Russian Foreign Ministry summoned the envoy. Later the Foreign Ministry published a note.",
        "ua": "Ukraine's Foreign Ministry condemned the strike. The Foreign Ministry called for sanctions.",
        "bare": "The Foreign Ministry said nothing.",
    }
    mentions, _ = _mentions(texts)
    assert ("Foreign Ministry", "russian-foreign-ministry", "surname") in _found(mentions, "ru")
    assert ("Foreign Ministry", "ministry-of-foreign-affairs-of-ukraine", "surname") in _found(mentions, "ua")
    assert _found(mentions, "bare") == []


def test_spellings_of_one_learned_person_become_one_actor() -> None:
    texts = {
        "a": "Regional governor Oleksandr Vilkul said the city held.",
        "b": "Governor Olexandr Vilkul reported damage. Губернатор Олександр Вілкул подякував рятувальникам.",
    }
    mentions, _ = _mentions(texts)
    assert set(mentions["entity_id"].to_list()) == {"oleksandr-vilkul"}
    assert set(mentions["surface"].to_list()) == {"Oleksandr Vilkul", "Olexandr Vilkul", "Олександр Вілкул"}


def test_bare_roles_in_official_publishers_texts() -> None:
    documents = schema.conform(
        pl.DataFrame(
            {
                "doc_id": ["govuk", "kremlin", "genstaff", "blog", "govuk_2023", "wh"],
                "url": [
                    "https://www.gov.uk/government/news/pm-call-with-president-zelenskyy",
                    "http://en.kremlin.ru/events/president/news/70000",
                    "https://t.me/s/GeneralStaffZSU/12345",
                    "https://someone.substack.com/p/notes",
                    "https://www.gov.uk/government/news/older-call",
                    "https://www.whitehouse.gov/briefings-statements/2025/03/a-statement/",
                ],
                "published_at": [datetime(2025, 10, 1, tzinfo=UTC)] * 4
                + [datetime(2023, 5, 1, tzinfo=UTC), datetime(2025, 3, 1, tzinfo=UTC)],
                "text": [
                    "The Prime Minister spoke to President Zelenskyy today. The Prime Minister of Poland joined.",
                    "The President held a meeting with the Security Council. The President of France called later.",
                    "Ворог завдав удару по Харкову. Сили оборони відбили атаки противника.",
                    "The Prime Minister said nothing about it.",
                    "The Prime Minister met troops.",
                    "Today the President of the United States signed an order.",
                ],
            }
        ),
        schema.DOCUMENTS,
    )
    sentences = split_sentences(documents)
    mentions = find_actors(sentences, documents)
    roles = mentions.filter(pl.col("match_kind") == "role")
    assert roles.select("doc_id", "sent_idx", "surface", "entity_id").sort("doc_id", "sent_idx").rows() == [
        ("genstaff", 0, "Ворог", "russia"),
        ("genstaff", 1, "противника", "russia"),
        ("govuk", 0, "The Prime Minister", "keir-starmer"),
        ("govuk_2023", 0, "The Prime Minister", "rishi-sunak"),
        ("kremlin", 0, "The President", "vladimir-putin"),
        ("wh", 0, "the President of the United States", "donald-trump"),
    ]
    assert _found(mentions, "wh") == [("the President of the United States", "donald-trump", "role")]
    # A body's short name, never named in full, is the publisher's own body.
    assert ("Security Council", "security-council-of-russia", "surname") in _found(mentions, "kremlin")
    assert not mentions.filter(pl.col("doc_id") == "blog").height


def test_apostrophe_styles_are_interchangeable() -> None:
    texts = {"d": "Russia’s Foreign Ministry replied. Ukraineʼs General Staff and Russia's Defence Ministry disagreed."}
    mentions, _ = _mentions(texts)
    assert [e for _, e, _ in _found(mentions)] == [
        "russian-foreign-ministry",
        "general-staff-of-the-armed-forces-of-ukraine",
        "russian-ministry-of-defence",
    ]


def test_dated_descriptions_follow_the_office_holder_of_the_day() -> None:
    documents = schema.conform(
        pl.DataFrame(
            {
                "doc_id": ["2023", "2025"],
                "url": ["https://example.org/a", "https://example.org/b"],
                "published_at": [datetime(2023, 3, 1, tzinfo=UTC), datetime(2025, 9, 1, tzinfo=UTC)],
                "text": ["The German chancellor promised tanks. Russia's foreign minister scoffed."] * 2,
            }
        ),
        schema.DOCUMENTS,
    )
    sentences = split_sentences(documents)
    mentions = find_actors(sentences, documents)
    assert _found(mentions, "2023") == [
        ("The German chancellor", "olaf-scholz", "role"),
        ("Russia's foreign minister", "sergei-lavrov", "alias"),
    ]
    assert _found(mentions, "2025")[0] == ("The German chancellor", "friedrich-merz", "role")


def test_plural_demonym_alone_but_not_adjective_alone() -> None:
    mentions, _ = _mentions({"d": "Russians launched drones while British jets and the French watched."})
    assert _found(mentions) == [
        ("Russians", "russia", "demonym"),
        ("British jets", "united-kingdom", "demonym"),
        ("the French", "france", "demonym"),
    ]


def test_cyrillic_titles_with_genitive_complements() -> None:
    reference = load_actor_reference().without("yurii-ihnat", "andrii-sybiha")
    texts = {
        "tg": "Речник Повітряних сил Юрій Ігнат повідомив про атаку. "
        "Міністр закордонних справ України Андрій Сибіга зустрівся з колегою."
    }
    mentions, _ = _mentions(texts, reference=reference)
    actors = actors_table(mentions, reference=reference)
    learned = actors.filter(pl.col("actor_id").is_in(["yurii-ihnat", "andrii-sybiha"]))
    assert learned.select("actor_id", "name", "title", "country_code").sort("actor_id").rows() == [
        ("andrii-sybiha", "Андрій Сибіга", "Foreign Minister", "UA"),
        ("yurii-ihnat", "Юрій Ігнат", "Spokesperson", None),
    ]


def test_publishers_recognised_on_a_local_mirror_and_by_source_id() -> None:
    documents = schema.conform(
        pl.DataFrame(
            {
                "doc_id": ["mirror", "channel", "by_id", "slug"],
                "source_id": ["site_a", "tg", "govuk_mod", "kyiv_news"],
                "url": [
                    "http://127.0.0.1:8765/kremlin/events/president/news/1",
                    "http://localhost:9000/tg/s/GeneralStaffZSU/5",
                    "https://mirror.example.org/x/1",
                    "https://news.example.com/kremlin-says-talks-over",
                ],
                "published_at": [datetime(2025, 10, 1, tzinfo=UTC)] * 4,
                "text": [
                    "The President spoke.",
                    "Ворог атакував.",
                    "The Prime Minister spoke.",
                    "The President spoke.",
                ],
            }
        ),
        schema.DOCUMENTS,
    )
    mentions = find_actors(split_sentences(documents), documents)
    assert mentions.select("doc_id", "entity_id").sort("doc_id").rows() == [
        ("by_id", "keir-starmer"),
        ("channel", "russia"),
        ("mirror", "vladimir-putin"),
    ]


def test_descriptions_are_not_added_as_aliases() -> None:
    mentions, _ = _mentions(
        {"d": "The Russian Foreign Ministry objected. The Foreign Ministry added that Ukrainian drones hit Kursk."}
    )
    assert {"surname", "demonym"} <= set(mentions["match_kind"].to_list())
    aliases = set(actor_aliases_table(mentions).iter_rows())
    assert ("russian-foreign-ministry", "Russian Foreign Ministry") in aliases
    assert not {a for a in aliases if a[1] in {"Foreign Ministry", "Ukrainian drones"}}
