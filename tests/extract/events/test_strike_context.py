"""Strikes told across sentences and by their weapons: the instrument's owner attacks, a later
"the attack ..." sentence naming a new place adds a strike there, a strike on unnamed buildings
somewhere unnamed is context for the place named next, a campaign or a capital that speaks is no
strike, and a strike recalled from long before the report is background. Sentences are our own."""

from __future__ import annotations

from tests.extract.events.test_events import PUBLISHED
from tests.extract.events.texts import candidates, roles


def _strikes(*texts: str) -> list[dict]:
    return [c for c in candidates(*texts) if c["event_type"] == "strike"]


def _initiators(cand: dict) -> set[str]:
    return {a for a, r in roles(cand) if r == "initiator"}


def test_weapons_of_a_state_in_the_clause_make_it_the_attacker() -> None:
    text = "On Sunday, families in Lviv sat in basements while Russian drones that were attacking Lviv circled."
    strikes = _strikes(text)
    assert strikes and all("russia" in _initiators(s) for s in strikes)


def test_state_possessive_before_its_forces_is_the_attacker() -> None:
    strikes = _strikes("Ukraine's special forces destroyed two radar stations at the Saky airfield in Crimea.")
    assert strikes and "ukraine" in _initiators(strikes[0])


def test_the_attack_sentence_naming_a_region_adds_a_strike_there() -> None:
    text = (
        "Russia fired more than a hundred drones at Ukraine during the night. "
        "The attack mainly targeted energy sites in the Poltava region."
    )
    strikes = _strikes(text)
    assert [s["location_name"] for s in strikes] == ["Poltava Oblast"]
    assert "russia" in _initiators(strikes[0])


def test_unnamed_buildings_in_an_unnamed_place_take_the_town_named_next() -> None:
    text = (
        "A Russian missile strike on apartment blocks in eastern Ukraine killed nine people. "
        "The blast tore through the centre of the city of Sloviansk, where three blocks were hit."
    )
    strikes = _strikes(text)
    assert len(strikes) == 1 and strikes[0]["location_name"].startswith("Slov")
    assert "russia" in _initiators(strikes[0])


def test_a_city_that_endured_drones_was_struck() -> None:
    text = "Russia launched a wave of drones after midnight. Odesa endured four hours of drones and missiles."
    strikes = _strikes(text)
    assert [s["location_name"] for s in strikes] == ["Odesa"]


def test_strikes_on_a_city_and_other_cities_are_a_campaign() -> None:
    assert not _strikes("Civilians suffer as Russian missiles strike Kharkiv and other cities almost nightly.")


def test_a_capital_that_speaks_or_invades_locates_no_strike() -> None:
    text = "Ukrainian drones struck an oil depot, and Moscow says the strikes answer nothing since Kyiv started them."
    assert all(s["location_name"] not in ("Moscow", "Kyiv") for s in _strikes(text))


def test_a_strike_long_before_the_report_is_background() -> None:
    assert PUBLISHED.year > 2023
    assert not _strikes("In March 2023, Russian missiles hit the Kherson railway station.")


def test_ability_to_hit_is_no_strike() -> None:
    assert not _strikes("The raid showed Ukraine's ability to hit the Engels air base from far away.")


def test_each_named_target_of_one_trigger_is_a_strike() -> None:
    text = "Ukrainian drones hit the Saratov oil refinery and, as well, an oil depot in the occupied Donetsk region."
    strikes = _strikes(text)
    assert len(strikes) == 2
    assert {s["target_type"] for s in strikes} == {"oil_refinery", "oil_depot"}


def test_a_town_strike_beside_a_named_target_of_its_region_is_that_strike() -> None:
    text = (
        "The Defence Forces struck the Saratov oil refinery overnight. "
        "Explosions were heard in Saratov after the drone attack, the governor said."
    )
    strikes = _strikes(text)
    assert len(strikes) == 1 and strikes[0]["target_type"] == "oil_refinery"
    assert len(strikes[0]["mentions"]) == 2


def test_each_item_of_a_digest_list_with_its_own_region_is_a_strike() -> None:
    text = (
        "The Defence Forces also hit a radar post near Dzhankoi in Crimea, an ammunition store in the "
        "Kherson region, and also a fuel depot in Horlivka."
    )
    strikes = _strikes(text)
    assert len(strikes) == 3 and len({s["admin1"] for s in strikes}) == 3


def test_a_comma_inside_one_place_makes_no_second_strike() -> None:
    text = "Russian forces struck a grain terminal in Izmail, in the Odesa region, before dawn."
    assert len(_strikes(text)) == 1


def test_ukrainian_digest_with_case_forms_and_abbreviated_region() -> None:
    text = (
        "Сили оборони України уразили склад пального у Макіївці на Донеччині, а також "
        "виробництво дронів у Валуйках (Бєлгородська обл., РФ)."
    )
    cands = candidates(text, language="uk")
    regions = {c["admin1"] for c in cands if c["event_type"] == "strike"}
    assert len(regions) == 2


def test_explosions_after_a_reported_attack_locate_it() -> None:
    text = "Russia attacked energy facilities overnight with missiles and drones. Explosions were heard in Lviv."
    assert [s["location_name"] for s in _strikes(text)] == ["Lviv"]


def test_explosions_alone_are_no_strike() -> None:
    assert not _strikes("Explosions were heard in Lviv during a military exercise.")


def test_russian_strike_noun_in_the_locative_case() -> None:
    text = "Минобороны России сообщило об ударе российских войск по Харькову."
    cands = candidates(text, language="ru")
    assert any(c["event_type"] == "strike" for c in cands)
