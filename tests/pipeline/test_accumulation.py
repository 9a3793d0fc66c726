"""The dataset only grows: refreshes over a site that changes, through the real Dagster assets, real
loopback HTTP and the published DuckDB file."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from assets.resources import PipelineConfig
from conflict_events.sources.config import SourcesConfigError
from tests.pipeline.recorded import STRIKES, Site, published, refresh, sources_yaml
from tests.support import free_port


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONFLICT_EVENTS_SAMPLES_PORT", str(free_port()))
    monkeypatch.setenv("CONFLICT_EVENTS_REVALIDATE_AFTER_DAYS", "0")  # every stored article re-checked
    root = tmp_path / "corpus"
    (root / "site").mkdir(parents=True)
    return root


def configured(pipeline: PipelineConfig, **changes: object) -> PipelineConfig:
    return PipelineConfig(**{**pipeline.model_dump(), **changes})


def docs(db: Path) -> dict[str, tuple[str, str]]:
    """doc_id -> (source_id, url) of the published documents."""
    frame = published(db, "select doc_id, source_id, url from documents")
    return {d: (s, u) for d, s, u in frame.iter_rows()}


def events_of(db: Path) -> dict[str, set[str]]:
    """doc_id -> the event ids with evidence in it."""
    frame = published(db, "select doc_id, event_id from event_mentions")
    out: dict[str, set[str]] = {}
    for doc_id, event_id in frame.iter_rows():
        out.setdefault(doc_id, set()).add(event_id)
    return out


def text_of(db: Path, url_end: str) -> str:
    return published(db, f"select text from documents where url like '%{url_end}'")["text"].item()


def test_documents_and_events_accumulate_across_refreshes(corpus: Path, tmp_path: Path) -> None:
    site = Site(corpus / "site")
    site.feed = [("a", "A"), ("b", "B"), ("c", "C")]
    site.articles = {k: STRIKES[k] for k in ("a", "b", "c")}
    site.channel_latest = [(3, "Message three: the enemy shelled Nikopol on 12 March 2025."),
                           (4, "Message four: air defence was active over Kyiv on 14 March 2025.")]
    site.channel_older = {3: [(1, "Message one: the situation in the Kharkiv region remains tense."),
                              (2, "Message two: Russian forces struck Zaporizhzhia with drones on 12 March 2025.")]}
    site.write()
    db = tmp_path / "out" / "warehouse.duckdb"
    pipeline = PipelineConfig(sources_path=str(sources_yaml(corpus / "sources.yaml")), db_path=str(db),
                              raw_dir=str(tmp_path / "raw"))
    with dg.instance_for_test() as instance:
        assert refresh(pipeline, instance).success
        first = docs(db)
        first_events = events_of(db)
        wire = {u.rsplit("/", 1)[1] for s, u in first.values() if s == "wire"}
        assert wire == {"a", "b", "c"}
        assert {u.rsplit("/", 1)[1] for s, u in first.values() if s == "chan"} == {"2", "3", "4"}  # max_items 3
        assert first_events, "the strikes are events"

        # Night 2: the feed rolls over (a and b leave it), c is edited, d arrives; the channel has new
        # messages and max_items stops the crawl on its newest page (older pages are not fetched).
        site.feed = [("d", "D"), ("c", "C")]
        site.articles = {"a": STRIKES["a"], "b": STRIKES["b"], "c": STRIKES["c2"], "d": STRIKES["d"]}
        site.channel_latest = [(5, "Message five: the enemy attacked Sumy with guided bombs on 15 March 2025."),
                               (6, "Message six: air raid alert across the east on 16 March 2025."),
                               (7, "Message seven: Russian forces struck Kherson with artillery on 17 March 2025.")]
        site.channel_older = {}
        site.write()
        assert refresh(pipeline, instance).success
        second = docs(db)
        assert set(first) <= set(second), "no document published before is lost"
        assert all(second[d] == first[d] for d in first), "ids, sources and urls are stable"
        assert len(second) == len(first) + 1 + 3  # d, and messages 5, 6, 7
        assert "Dnipro" in text_of(db, "/wire/c"), "the edited document has the newest text"
        assert published(db, "select count(*) from documents where url like '%/wire/c'").item() == 1
        second_events = events_of(db)
        c_id = next(d for d, (_s, u) in second.items() if u.endswith("/wire/c"))
        c_sentences = published(db, f"select sentence from event_mentions where doc_id = '{c_id}'")["sentence"]
        assert c_sentences.len() and all("Odesa" not in s for s in c_sentences), "c's events follow its new text"
        for doc_id in first_events:
            if doc_id != c_id:
                assert first_events[doc_id] <= second_events.get(doc_id, set()), "untouched events are kept"
        mentions = published(db, "select event_id, doc_id, sentence from event_mentions")
        assert mentions.height == mentions.unique().height, "nothing duplicated"

        # Night 3: d's page is deleted (404) while the feed still lists it: d stays, flagged.
        site.gone = {"d"}
        site.write()
        assert refresh(pipeline, instance).success
        third = published(db, "select url, gone_at from documents where source_id = 'wire' order by url")
        gone = {u.rsplit("/", 1)[1]: g for u, g in third.iter_rows()}
        assert set(gone) == {"a", "b", "c", "d"}
        assert gone["d"] is not None and all(gone[k] is None for k in ("a", "b", "c"))

        # Night 4: another source's feed claims the wire's article a: refused, a stays the wire's.
        site.mirror_feed = [("a", "A again")]
        site.write()
        mirrored = configured(pipeline, sources_path=str(sources_yaml(corpus / "with_mirror.yaml", mirror=True)))
        assert refresh(mirrored, instance).success
        fourth = docs(db)
        assert set(fourth) == set(second), {d: fourth[d] for d in set(fourth) ^ set(second)}
        a_id = next(d for d, (_s, u) in fourth.items() if u.endswith("/wire/a"))
        assert fourth[a_id][0] == "wire"

        # Night 5: the channel is taken out of the configuration. Without the operator's flag the shrink
        # guard blocks the publish and names the source; with it, the channel's documents go.
        without_channel = configured(
            mirrored, sources_path=str(sources_yaml(corpus / "no_channel.yaml", telegram=False, mirror=True)))
        blocked = refresh(without_channel, instance)
        assert not blocked.success
        (guard,) = [c for c in blocked.get_asset_check_evaluations() if c.check_name == "documents_do_not_shrink"]
        assert not guard.passed and "source chan" in guard.metadata["problems"].value
        assert docs(db) == fourth, "nothing was published"
        confirmed = refresh(configured(without_channel, allow_shrink=True), instance)
        assert confirmed.success
        fifth = docs(db)
        assert {s for s, _u in fifth.values()} == {"wire"}
        assert {d for d, (s, _u) in fourth.items() if s == "wire"} == set(fifth)


def test_an_empty_sources_list_is_a_configuration_error(corpus: Path, tmp_path: Path) -> None:
    empty = corpus / "empty.yaml"
    empty.write_text("sources: []\n", encoding="utf-8")
    pipeline = PipelineConfig(sources_path=str(empty), db_path=str(tmp_path / "w.duckdb"),
                              raw_dir=str(tmp_path / "raw"))
    with pytest.raises(SourcesConfigError, match="empty"):
        pipeline.sources()
    with dg.instance_for_test() as instance:
        assert not refresh(pipeline, instance).success
    assert not (tmp_path / "w.duckdb").exists()


def test_one_source_is_refreshed_alone_and_the_others_keep_what_is_stored(corpus: Path, tmp_path: Path) -> None:
    site = Site(corpus / "site")
    site.feed = [("a", "A"), ("c", "C")]
    site.articles = {"a": STRIKES["a"], "c": STRIKES["c"]}
    site.channel_latest = [(3, "Message three: the enemy shelled Nikopol on 12 March 2025.")]
    site.write()
    db = tmp_path / "out" / "warehouse.duckdb"
    pipeline = PipelineConfig(sources_path=str(sources_yaml(corpus / "sources.yaml")), db_path=str(db),
                              raw_dir=str(tmp_path / "raw"))
    with dg.instance_for_test() as instance:
        assert refresh(pipeline, instance).success
        before = docs(db)
        old_c = text_of(db, "/c")
        # Both sources change; only the channel is fetched. The wire would be re-checked (revalidation
        # after 0 days) and its edited article seen, if it were requested.
        site.articles = {"a": STRIKES["a"], "c": STRIKES["c2"]}
        site.channel_latest = [(4, "Message four: air defence was active over Kyiv on 14 March 2025."),
                               (3, "Message three: the enemy shelled Nikopol on 12 March 2025.")]
        site.write()
        result = refresh(configured(pipeline, fetch_only=["chan"]), instance)
        assert result.success
        runs = published(db, "select source_id from source_runs")["source_id"].to_list()
        assert runs == ["chan"]
        after = docs(db)
        assert set(before) < set(after), "nothing is lost; the channel's new message is added"
        assert {u.rsplit("/", 1)[1] for s, u in after.values() if s == "chan"} == {"3", "4"}
        assert text_of(db, "/c") == old_c, "the wire was not fetched: its stored text stays"

        with pytest.raises(SourcesConfigError, match="nowhere"):
            configured(pipeline, fetch_only=["nowhere"]).sources_to_fetch()
        # Then everything is fetched again: the wire's edit arrives.
        assert refresh(pipeline, instance).success
        assert text_of(db, "/c") != old_c
