"""Event candidates from hand-written sentences in several reporting styles.

Actors come from a small hand-made alias table (so these tests do not depend on the actor
finder's reference data); places, weapons and targets come from the real finders."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from conflict_events import schema
from conflict_events.extract.events import Findings, extract_candidates
from conflict_events.normalise.places import find_places, places_table
from conflict_events.normalise.targets import find_targets
from conflict_events.normalise.weapons import find_weapons, weapons_table
from conflict_events.text.gazetteer import match_aliases
from conflict_events.text.sentences import split_sentences

PUBLISHED = dt.datetime(2025, 12, 28, 9, 0, tzinfo=dt.UTC)

# alias, actor_id, actor_type, country_code, title, match_kind
ACTORS = [
    ("Volodymyr Zelensky", "volodymyr-zelensky", "person", "UA", "President of Ukraine", "alias"),
    ("Zelensky", "volodymyr-zelensky", "person", "UA", "President of Ukraine", "alias"),
    ("Donald Trump", "donald-trump", "person", "US", "President of the United States", "alias"),
    ("Trump", "donald-trump", "person", "US", "President of the United States", "alias"),
    ("Vladimir Putin", "vladimir-putin", "person", "RU", "President of Russia", "alias"),
    ("Putin", "vladimir-putin", "person", "RU", "President of Russia", "alias"),
    ("Emmanuel Macron", "emmanuel-macron", "person", "FR", "President of France", "alias"),
    ("Sergey Lavrov", "sergey-lavrov", "person", "RU", "Foreign Minister", "alias"),
    ("Lavrov", "sergey-lavrov", "person", "RU", "Foreign Minister", "alias"),
    ("Dmitry Peskov", "dmitry-peskov", "person", "RU", "Kremlin spokesman", "alias"),
    ("Marco Rubio", "marco-rubio", "person", "US", "Secretary of State", "alias"),
    ("Ukraine", "ukraine", "state", "UA", None, "alias"),
    ("the Ukrainians", "ukraine", "state", "UA", None, "demonym"),
    ("Russia", "russia", "state", "RU", None, "alias"),
    ("the Russians", "russia", "state", "RU", None, "demonym"),
    ("United States", "united-states", "state", "US", None, "alias"),
    ("Germany", "germany", "state", "DE", None, "alias"),
    ("Britain", "united-kingdom", "state", "GB", None, "alias"),
    ("European Union", "european-union", "organisation", None, None, "alias"),
    ("Defence Forces", "armed-forces-of-ukraine", "armed_force", "UA", None, "alias"),
    ("Russian forces", "armed-forces-of-russia", "armed_force", "RU", None, "alias"),
    ("Ukrainian General Staff", "general-staff-ua", "armed_force", "UA", None, "alias"),
]


def documents(*texts: str, kind: str = "newsletter", language: str = "en", quotes: bool = False) -> pl.DataFrame:
    rows: list[dict[str, Any]] = []
    for i, text in enumerate(texts):
        spans = []
        if quotes:
            # Paragraphs written between ">>" and "<<" are blockquotes; the markers are removed.
            clean = ""
            for part in text.split(">>"):
                if "<<" in part:
                    quoted, rest = part.split("<<", 1)
                    spans.append({"start": len(clean), "end": len(clean) + len(quoted)})
                    clean += quoted + rest
                else:
                    clean += part
            text = clean
        rows.append(
            {
                "doc_id": f"doc{i}",
                "source_kind": kind,
                "url": f"https://example.org/{i}",
                "published_at": PUBLISHED,
                "language": language,
                "text": text,
                "quote_spans": spans,
            }
        )
    return schema.conform(pl.DataFrame(rows), schema.DOCUMENTS)


def findings(docs: pl.DataFrame, dates: pl.DataFrame | None = None) -> Findings:
    sentences = split_sentences(docs)
    table = pl.DataFrame(ACTORS, schema=["alias", "entity_id", "actor_type", "country_code", "title", "match_kind"],
                         orient="row")  # fmt: skip
    info = table.unique("entity_id", keep="first").select(
        "entity_id", "actor_type", "country_code", "title", pl.col("entity_id").alias("name")
    )
    kinds = table.select("alias", "match_kind")
    mentions = (
        match_aliases(sentences, table.select("alias", "entity_id"))
        .join(info, on="entity_id", how="left")
        .join(kinds, left_on="surface", right_on="alias", how="left")
    )
    places = find_places(sentences)
    weapons = find_weapons(sentences).join(
        weapons_table().select(pl.col("weapon_id").alias("entity_id"), "category", "name"), on="entity_id", how="left"
    )
    return Findings(
        sentences=sentences,
        actors=mentions,
        dates=dates,
        places=places,
        weapons=weapons,
        targets=find_targets(sentences),
        place_info=places_table(places),
    )


def candidates(*texts: str, **kwargs: Any) -> list[dict[str, Any]]:
    dates = kwargs.pop("dates", None)
    docs = documents(*texts, **kwargs)
    return extract_candidates(findings(docs, dates)).to_dicts()


def roles(cand: dict[str, Any]) -> set[tuple[str, str]]:
    return {(a["actor_id"], a["role"]) for a in cand["actors"]}


def only(cands: list[dict[str, Any]], event_type: str) -> dict[str, Any]:
    found = [c for c in cands if c["event_type"] == event_type]
    assert len(found) == 1, found
    return found[0]


# --- strikes -------------------------------------------------------------------------------------


def test_general_staff_refinery_strike_has_attacker_target_and_place() -> None:
    cands = candidates(
        "Overnight, the Defence Forces struck the Saratov oil refinery in the Saratov region with drones."
    )
    strike = only(cands, "strike")
    assert ("armed-forces-of-ukraine", "initiator") in roles(strike)
    assert strike["target_type"] == "oil_refinery"
    assert "Saratov" in strike["location_name"]
    assert strike["country_code"] == "RU"
    assert strike["sub_type"] == "drone"
    assert strike["status"] == "occurred"


def test_named_weapon_sets_missile_sub_type() -> None:
    strike = only(candidates("Ukraine struck the Novoshakhtinsk oil refinery with Storm Shadow missiles."), "strike")
    assert strike["weapon_id"] == "storm-shadow"
    assert strike["sub_type"] == "missile"
    assert ("ukraine", "initiator") in roles(strike)


def test_weapon_named_in_a_follow_up_sentence_joins_the_strike() -> None:
    text = (
        "Two days ago the Ukrainian General Staff reported an attack on the Novoshakhtinsk oil refinery. "
        "They said the attack was carried out with Storm Shadow cruise missiles."
    )
    strike = only(candidates(text), "strike")
    assert strike["weapon_id"] == "storm-shadow"
    assert len(strike["mentions"]) == 2


def test_two_strikes_in_one_paragraph_stay_apart() -> None:
    text = (
        "Russian forces launched a missile attack on Odesa on Monday. "
        "Later that night, Ukrainian drones hit an oil depot in Feodosia."
    )
    strikes = [c for c in candidates(text) if c["event_type"] == "strike"]
    places = sorted(c["location_name"] for c in strikes)
    assert len(places) == 2
    assert places[0].startswith("Feodosia")
    assert places[1] == "Odesa"


def test_campaign_against_plural_targets_is_not_a_strike() -> None:
    assert not [c for c in candidates("The Ukrainians attacked Russian refineries.") if c["event_type"] == "strike"]


@pytest.mark.parametrize(
    "text",
    [
        "If Russia struck Kyiv again, the talks would collapse.",
        "Russia could strike Kyiv with missiles at any time.",
        "Did Russian forces strike Odesa last night?",
        "Russian forces did not strike Odesa last night.",
    ],
)
def test_hypothetical_questioned_or_negated_strikes_are_dropped(text: str) -> None:
    assert not [c for c in candidates(text) if c["event_type"] == "strike"]


# --- meetings ------------------------------------------------------------------------------------


def test_kremlin_readout_phone_call() -> None:
    meeting = only(
        candidates("Vladimir Putin had a telephone conversation with President of France Emmanuel Macron."),
        "meeting",
    )
    assert meeting["sub_type"] == "call"
    assert roles(meeting) == {("vladimir-putin", "participant"), ("emmanuel-macron", "participant")}


def test_planned_meeting_with_place_and_same_day_cue() -> None:
    meeting = only(candidates("Zelensky is on his way to Miami right now to meet with Trump."), "meeting")
    assert meeting["status"] == "planned"
    assert meeting["location_name"] == "Miami"
    assert meeting["date_start"] == meeting["date_end"] == PUBLISHED.date()


def test_occurred_meeting_news_wire_style() -> None:
    meeting = only(candidates("Marco Rubio met Sergey Lavrov in Riyadh on Tuesday."), "meeting")
    assert meeting["status"] == "occurred"
    assert meeting["location_name"] == "Riyadh"
    assert meeting["sub_type"] == "talks"


def test_a_person_and_his_own_state_are_not_two_sides() -> None:
    assert not [
        c for c in candidates("There were talks with the Russians, mainly Lavrov.") if c["event_type"] == "meeting"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Trump might meet Putin in Budapest.",
        "Will Zelensky meet Putin in Istanbul?",
        "In my dreams, I imagine Trump and Zelensky will meet and agree everything.",
    ],
)
def test_hypothetical_meetings_are_dropped(text: str) -> None:
    assert not [c for c in candidates(text) if c["event_type"] == "meeting"]


def test_summit_named_by_place_takes_leaders_of_the_states() -> None:
    text = "Putin flew home after the Russia-United States summit in Anchorage. Trump praised his host."
    meeting = only(candidates(text), "meeting")
    assert {a for a, _ in roles(meeting)} == {"vladimir-putin", "donald-trump"}
    assert meeting["location_name"] == "Anchorage"
    assert meeting["sub_type"] == "summit"


# --- statements ----------------------------------------------------------------------------------


def test_inline_quote_with_trailing_attribution() -> None:
    statement = only(
        candidates("“We will never trade our land for empty promises,” Zelensky said on Friday."), "statement"
    )
    assert statement["sub_type"] == "quote"
    assert statement["quote"] == "We will never trade our land for empty promises"
    assert roles(statement) == {("volodymyr-zelensky", "speaker")}


def test_reported_speech_from_spokesman() -> None:
    statement = only(
        candidates("Kremlin spokesman Dmitry Peskov said that the consultations had been useful."), "statement"
    )
    assert statement["sub_type"] == "reported"
    assert roles(statement) == {("dmitry-peskov", "speaker")}


def test_pronoun_speaker_resolves_to_the_last_person_named() -> None:
    text = "Lavrov spent the morning in Minsk. He stated that the plan was unacceptable."
    statement = only(candidates(text), "statement")
    assert roles(statement) == {("sergey-lavrov", "speaker")}


def test_blockquote_is_attributed_to_the_speaker_of_the_lead_in() -> None:
    text = (
        "Here is what Lavrov told reporters in Moscow:\n\n"
        ">>Nobody in Europe is ready to hear the truth about the causes of this conflict.<<\n\n"
        "That is a familiar line."
    )
    statement = only(candidates(text, quotes=True), "statement")
    assert roles(statement) == {("sergey-lavrov", "speaker")}
    assert statement["quote"].startswith("Nobody in Europe is ready")
    assert len(statement["mentions"]) == 2


def test_authors_own_voice_is_never_a_statement() -> None:
    text = (
        "Here is what I wrote about Putin in October:\n\n"
        ">>The Russian leader is playing for time and nothing more than that.<<\n\n"
        "I said last week that the front would hold."
    )
    assert not [c for c in candidates(text, quotes=True) if c["event_type"] == "statement"]


def test_scare_quotes_are_not_quotations() -> None:
    statement = only(candidates("Dmitry Peskov spoke about the “spirit” of the talks."), "statement")
    assert statement["sub_type"] == "reported"


# --- proposals, sanctions, aid -------------------------------------------------------------------


def test_peace_plan_proposal() -> None:
    proposal = only(candidates("Ukraine presented a 20-point peace plan to its partners."), "proposal")
    assert proposal["sub_type"] == "peace_plan"
    assert ("ukraine", "initiator") in roles(proposal)


def test_passive_recipient_does_not_propose() -> None:
    assert not [c for c in candidates("Putin is presented with a new plan.") if c["event_type"] == "proposal"]


@pytest.mark.parametrize(
    ("text", "sub_type", "initiator"),
    [
        ("The European Union imposed new sanctions on Russia.", "imposed", "european-union"),
        ("Trump threatened Russia with secondary sanctions.", "threatened", "donald-trump"),
        ("The United States lifted sanctions on a Russian bank.", "lifted", "united-states"),
    ],
)
def test_sanctions(text: str, sub_type: str, initiator: str) -> None:
    sanction = only(candidates(text), "sanction")
    assert sanction["sub_type"] == sub_type
    assert (initiator, "initiator") in roles(sanction)


@pytest.mark.parametrize(
    ("text", "sub_type", "donor"),
    [
        ("Germany delivered four more IRIS-T air defence systems to Ukraine.", "delivered", "germany"),
        ("Britain pledged £1.5 billion in military aid to Ukraine.", "pledged", "united-kingdom"),
        ("The United States refused to send Tomahawk missiles to Ukraine.", "refused", "united-states"),
    ],
)
def test_aid(text: str, sub_type: str, donor: str) -> None:
    aid = only(candidates(text), "aid")
    assert aid["sub_type"] == sub_type
    assert (donor, "initiator") in roles(aid)
    assert ("ukraine", "target") in roles(aid)


# --- dates, comments, languages ------------------------------------------------------------------


def test_dates_from_sentence_context_and_window() -> None:
    text = (
        "On Tuesday, Marco Rubio met Sergey Lavrov in Riyadh.\n\nLavrov then met Trump.\n\n"
        "The weather was cold. The roads were icy. The markets were calm.\n\nTrump met Putin."
    )
    dates = pl.DataFrame(
        {
            "doc_id": ["doc0"],
            "sent_idx": [0],
            "date_start": [dt.date(2025, 12, 23)],
            "date_end": [dt.date(2025, 12, 23)],
            "date_precision": ["day"],
            "date_is_future": [False],
        }
    )
    meetings = sorted(
        (c for c in candidates(text, dates=dates) if c["event_type"] == "meeting"), key=lambda c: c["anchor_sent"]
    )
    assert [m["date_source"] for m in meetings] == ["sentence", "context", "window"]
    assert meetings[0]["date_start"] == meetings[1]["date_start"] == dt.date(2025, 12, 23)
    assert (meetings[2]["date_start"], meetings[2]["date_end"], meetings[2]["date_precision"]) == (
        dt.date(2025, 12, 22),
        dt.date(2025, 12, 28),
        "week",
    )


def test_occurred_event_is_clipped_to_publication_day() -> None:
    dates = pl.DataFrame(
        {
            "doc_id": ["doc0"],
            "sent_idx": [0],
            "date_start": [dt.date(2025, 12, 27)],
            "date_end": [dt.date(2026, 1, 2)],
            "date_precision": ["week"],
            "date_is_future": [False],
        }
    )
    meeting = only(candidates("Rubio met Lavrov in Riyadh.".replace("Rubio", "Marco Rubio"), dates=dates), "meeting")
    assert meeting["date_end"] <= PUBLISHED.date()


def test_comments_never_produce_events() -> None:
    assert candidates("Russian forces struck the Saratov oil refinery with drones.", kind="comment") == []


def test_ukrainian_strike_report_gives_a_strike_and_nothing_else() -> None:
    text = "Сили оборони уразили Саратовський НПЗ. Зеленський заявив, що переговори тривають."
    cands = candidates(text, language="uk")
    assert [c["event_type"] for c in cands] == ["strike"]
    assert cands[0]["target_type"] == "oil_refinery"


def test_other_languages_produce_nothing_and_do_not_crash() -> None:
    assert candidates("Die ukrainischen Streitkräfte griffen die Raffinerie in Saratow an.", language="de") == []


def test_evidence_offsets_are_the_sentence() -> None:
    text = "Some opening words here.\n\nMarco Rubio met Sergey Lavrov in Riyadh."
    docs = documents(text)
    cand = extract_candidates(findings(docs)).to_dicts()[0]
    (ev,) = cand["mentions"]
    assert text[ev["char_start"] : ev["char_end"]] == "Marco Rubio met Sergey Lavrov in Riyadh."


def test_meeting_spoken_of_as_not_yet_fixed_is_no_event() -> None:
    text = "Dmitry Peskov told reporters that no date had been set for a new meeting between Putin and Trump."
    assert not [c for c in candidates(text) if c["event_type"] == "meeting"]


def test_front_line_place_without_attacker_or_target_is_no_strike() -> None:
    text = "The enemy carried out 44 air strikes near Kupiansk and Pokrovsk over the past day."
    assert not [c for c in candidates(text) if c["event_type"] == "strike"]


def test_sanctions_package_is_not_aid() -> None:
    cands = candidates("The European Union approved its 19th sanctions package against Russia on Friday.")
    assert [c["event_type"] for c in cands] == ["sanction"]


def test_letter_of_intent_is_an_agreement() -> None:
    proposal = only(
        candidates("Zelensky and Emmanuel Macron signed a letter of intent on fighter jets in Paris."), "proposal"
    )
    assert proposal["sub_type"] == "agreement"
    assert {a for a, _ in roles(proposal)} == {"volodymyr-zelensky", "emmanuel-macron"}


def test_coordinated_towns_are_one_strike_each() -> None:
    text = "On Thursday night Russian forces hit power plants in Kharkiv and Dnipro with missiles."
    strikes = [c for c in candidates(text) if c["event_type"] == "strike"]
    assert sorted(c["location_name"] for c in strikes) == ["Dnipro", "Kharkiv"]
    assert all(("armed-forces-of-russia", "initiator") in roles(c) for c in strikes)


def test_pronoun_subject_of_a_meeting_is_the_last_person_named() -> None:
    text = "Zelensky spent Tuesday in Athens. He then travelled to Paris and met Emmanuel Macron."
    meeting = only(candidates(text), "meeting")
    assert {a for a, _ in roles(meeting)} == {"volodymyr-zelensky", "emmanuel-macron"}


def test_sanction_and_aid_verbs_govern_their_own_objects() -> None:
    text = "Britain announced sanctions on two oil traders, and Germany pledged another €2 billion in military aid."
    cands = candidates(text)
    sanction = only(cands, "sanction")
    aid = only(cands, "aid")
    assert (sanction["sub_type"], aid["sub_type"]) == ("imposed", "pledged")
    assert ("united-kingdom", "initiator") in roles(sanction)
    assert ("germany", "initiator") in roles(aid)


@pytest.mark.parametrize(
    "text",
    [
        "Putin has repeatedly said he wants the whole region.",
        "Trump wants to meet Putin again in Budapest.",
        "It was a week in which Kyiv showed it can hit back.",
    ],
)
def test_habits_wishes_and_idioms_are_no_events(text: str) -> None:
    assert candidates(text) == []


def test_transcript_labels_make_one_statement_per_speaker() -> None:
    text = (
        "Meeting with the Foreign Minister\n\n"
        "Vladimir Putin: Good afternoon. Let us discuss the preparations for the talks.\n\n"
        "Sergey Lavrov: Thank you. The delegation is ready and the agenda has been agreed.\n\n"
        "We also sent the draft documents to our partners in advance.\n\n"
        "Vladimir Putin: Good. We expect our partners to keep their word this time."
    )
    statements = [c for c in candidates(text) if c["event_type"] == "statement"]
    by_speaker = {next(iter(roles(c)))[0]: c for c in statements}
    assert set(by_speaker) == {"vladimir-putin", "sergey-lavrov"}
    putin = by_speaker["vladimir-putin"]
    assert "keep their word" in putin["quote"] and putin["quote"].startswith("Good afternoon")
    assert len(putin["mentions"]) == 2
    # A paragraph without a label continues the turn of the speaker before it.
    assert "draft documents" in by_speaker["sergey-lavrov"]["quote"]
    assert "draft documents" not in putin["quote"]


def test_state_department_readout_call() -> None:
    text = "Secretary of State Marco Rubio spoke with Russian Foreign Minister Sergey Lavrov today."
    meeting = only(candidates(text), "meeting")
    assert meeting["sub_type"] == "call"
    assert {a for a, _ in roles(meeting)} == {"marco-rubio", "sergey-lavrov"}


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine needs to hit the Ryazan oil refinery much harder this winter.",
        "Russia will strike Kyiv again, there is no doubt about that.",
        "Europe should impose far tougher sanctions on Russia.",
    ],
)
def test_advice_and_forecasts_are_no_events(text: str) -> None:
    assert candidates(text) == []


def test_talks_named_by_place_keep_the_states_as_participants() -> None:
    text = "The Russia-Ukraine talks in Istanbul ended without a deal. Putin and Zelensky watched from afar."
    meeting = only(candidates(text), "meeting")
    assert {a for a, _ in roles(meeting)} == {"russia", "ukraine"}
    assert meeting["location_name"] == "Istanbul"
