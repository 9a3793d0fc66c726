from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conflict_events.settings import PRODUCTION_SOURCES
from conflict_events.sources.config import SourcesConfigError, load_sources, parse_sources

GOOD = """
sources:
  - id: phillipspobrien
    kind: substack
    url: https://phillipspobrien.substack.com
    source_kind: newsletter
    since: 2025-06-01
    max_items: 20
    requests_per_second: 0.5
  - id: genstaff_ua
    kind: telegram
    url: https://t.me/s/GeneralStaffZSU
    source_kind: official_statement
    language: uk
"""


def test_valid_file_parses_every_key() -> None:
    first, second = parse_sources(GOOD)
    assert first.id == "phillipspobrien" and first.kind == "substack"
    assert first.since == dt.date(2025, 6, 1) and first.max_items == 20 and first.requests_per_second == 0.5
    assert second.language == "uk" and second.since is None


def test_base_url_keeps_a_path_prefix() -> None:
    (source,) = parse_sources(
        "sources: [{id: m, kind: substack, url: 'http://127.0.0.1:8765/pub/', source_kind: newsletter}]"
    )
    assert source.base_url == "http://127.0.0.1:8765/pub"


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("{id: a, kind: substack, url: 'https://x.org', source_kind: newsletter, colour: red}",
         "source 'a': key 'colour': unknown key"),
        ("{id: b, kind: substack, source_kind: newsletter}", "source 'b': key 'url': missing"),
        ("{kind: rss, url: 'https://x.org', source_kind: newsletter}", "source #1: key 'id': missing"),
        ("{id: c, kind: atom, url: 'https://x.org', source_kind: newsletter}", "source 'c': key 'kind'"),
        ("{id: d, kind: rss, url: 'https://x.org', source_kind: blog}", "source 'd': key 'source_kind'"),
        ("{id: e, kind: rss, url: 'ftp://x.org', source_kind: newsletter}", "source 'e': key 'url'"),
        ("{id: f, kind: rss, url: 'https://x.org', source_kind: newsletter, since: last-week}",
         "source 'f': key 'since'"),
        ("{id: g, kind: rss, url: 'https://x.org', source_kind: newsletter, max_items: 0}",
         "source 'g': key 'max_items'"),
        ("{id: h, kind: rss, url: 'https://x.org', source_kind: newsletter, requests_per_second: -1}",
         "source 'h': key 'requests_per_second'"),
    ],
)
def test_bad_entries_name_the_source_and_the_key(entry: str, expected: str) -> None:
    with pytest.raises(SourcesConfigError, match=expected.replace("(", r"\(")):
        parse_sources(f"sources: [{entry}]")


def test_duplicate_ids_and_bad_yaml_are_clear_errors(tmp_path: Path) -> None:
    entry = "{id: a, kind: rss, url: 'https://x.org', source_kind: newsletter}"
    with pytest.raises(SourcesConfigError, match="duplicate source id"):
        parse_sources(f"sources: [{entry}, {entry}]")
    with pytest.raises(SourcesConfigError, match="not valid YAML"):
        parse_sources("sources: [unclosed")
    with pytest.raises(SourcesConfigError, match="top-level 'sources:'"):
        parse_sources("- just a list")
    with pytest.raises(SourcesConfigError, match="not found"):
        load_sources(tmp_path / "missing.yaml")


def test_shipped_production_file_lists_the_real_sources() -> None:
    sources = {s.id: s for s in load_sources(PRODUCTION_SOURCES)}
    assert sources["phillipspobrien"].url == "https://phillipspobrien.substack.com"
    assert sources["genstaff_ua"].kind == "telegram"
    assert sources["kremlin_en"].kind == "rss"
    assert {"whitehouse", "us_state_dept", "govuk_mod", "president_ua"} <= set(sources)


def test_allowed_hosts_and_time_budget_are_read_and_checked() -> None:
    (source,) = parse_sources(
        "sources: [{id: m, kind: rss, url: 'https://news.example/feed', source_kind: newsletter,"
        " allowed_hosts: [CDN.news.example, 'mirror.example:8080'], time_budget: 90}]"
    )
    assert source.allowed_hosts == ("cdn.news.example", "mirror.example:8080") and source.time_budget == 90.0
    with pytest.raises(SourcesConfigError, match="allowed_hosts"):
        parse_sources("sources: [{id: m, kind: rss, url: 'https://a.example/f', source_kind: newsletter,"
                      " allowed_hosts: 'a.example'}]")
    with pytest.raises(SourcesConfigError, match="time_budget"):
        parse_sources("sources: [{id: m, kind: rss, url: 'https://a.example/f', source_kind: newsletter,"
                      " time_budget: 0}]")


def test_kind_is_validated_against_the_registry() -> None:
    from conflict_events.sources.registry import KINDS

    with pytest.raises(SourcesConfigError, match="registry"):
        parse_sources("sources: [{id: m, kind: mastodon, url: 'https://a.example/', source_kind: newsletter}]")
    assert set(KINDS) == {"substack", "rss", "telegram"}
