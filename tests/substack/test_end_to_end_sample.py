"""The bundled sample publication, crawled through RecordedSite with the real Fetcher, then parsed.

A second crawl must download nothing again (every answer a 304) and give identical documents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from conflict_events import ids, schema
from conflict_events.fetch.store import RawStore
from conflict_events.recorded_site import RecordedSite
from conflict_events.sources.config import SourceConfig
from conflict_events.sources.substack.parse import parse_source

from .conftest import LOG, run_crawl

SAMPLE_SITE = Path(__file__).resolve().parents[2] / "samples" / "site"
SLUG = "frontline-ledger"
WIDGET_WORDS = ("reader-supported", "Subscribe", "Share The Frontline Ledger", "Read more", "Type your email")


@pytest.fixture
def site() -> Iterator[RecordedSite]:
    recorded = RecordedSite(SAMPLE_SITE).start()
    yield recorded
    recorded.stop()


def source_for(site: RecordedSite) -> SourceConfig:
    return SourceConfig(id="frontline_ledger", kind="substack", url=f"{site.base_url}/{SLUG}", source_kind="newsletter")


def test_sample_publication_end_to_end(site: RecordedSite, tmp_path: Path) -> None:
    store = RawStore(tmp_path / "raw")
    source = source_for(site)

    first = run_crawl(source, store)
    assert (first.items, first.errors, first.blocked) == (6, [], False)
    documents = parse_source(source, store, LOG)

    assert documents.schema == pl.Schema(schema.DOCUMENTS)
    assert documents["doc_id"].is_unique().all()
    posts = documents.filter(pl.col("source_kind") == "newsletter")
    comments = documents.filter(pl.col("source_kind") == "comment")
    assert posts.height == 6 and comments.height == 5

    # Document URLs are the canonical URLs the site gives (its own address substituted in).
    prefix = f"{site.base_url}/{SLUG}/p/"
    assert all(url.startswith(prefix) for url in posts["url"])
    assert (posts["doc_id"] == posts["url"].map_elements(ids.doc_id_for, return_dtype=pl.String)).all()
    assert posts["author"].unique().to_list() == ["Maren Holt"]
    assert posts["published_at"].null_count() == 0 and posts["language"].null_count() == 6

    by_slug = {row["url"].rsplit("/", 1)[1]: row for row in posts.iter_rows(named=True)}
    assert [slug for slug, row in by_slug.items() if row["is_truncated"]] == ["rosneft-lukoil-sanctions"]
    # The post whose JSON endpoint fails was read from its page.
    kyiv = by_slug["kyiv-longest-night"]
    assert kyiv["title"] == "Kyiv's Longest Night" and "Hrushevskoho Street" in kyiv["text"]
    assert kyiv["external_id"] == "510003"

    for row in documents.iter_rows(named=True):
        assert not any(word in row["text"] for word in WIDGET_WORDS), row["url"]
        assert row["content_sha256"] == ids.sha256_text(row["text"])
        for span in row["quote_spans"]:
            start, end, text = span["start"], span["end"], row["text"]
            assert text[start:end] and text[start:end] == text[start:end].strip()
            # A quote is made of whole paragraphs.
            assert start == 0 or text[start - 2 : start] == "\n\n"
            assert end == len(text) or text[end : end + 2] == "\n\n"
    anchorage = by_slug["ledger-41-anchorage"]
    assert [anchorage["text"][s["start"] : s["end"]] for s in anchorage["quote_spans"]] == [
        "“There’s no deal until there’s a deal.”",
        "“Next time in Moscow.”",
    ]

    # Comments, nested reply included, hang off their post.
    parent_of = dict(zip(comments["external_id"], comments["parent_doc_id"], strict=True))
    assert parent_of == {
        "7100101": anchorage["doc_id"],
        "7100102": anchorage["doc_id"],
        "7100103": anchorage["doc_id"],
        "7100301": kyiv["doc_id"],
        "7100302": kyiv["doc_id"],
    }
    reply = comments.filter(pl.col("external_id") == "7100103").row(0, named=True)
    assert reply["url"] == anchorage["url"] + "#comment-7100103"
    assert reply["title"] is None and reply["author"] == "Maren Holt"

    # Second crawl: conditional requests only, nothing downloaded again, same documents.
    blobs_before = sorted(p.name for p in store.blobs_dir.rglob("*") if p.is_file())
    requests_before = len(site.requests)
    second = run_crawl(source, store)
    assert second.downloaded == 0
    assert second.not_modified == second.requested - 1  # the failing post JSON answers 500 again
    assert sorted(p.name for p in store.blobs_dir.rglob("*") if p.is_file()) == blobs_before
    second_round = site.requests[requests_before:]
    answered_from_store = [
        path for _m, path, headers in second_round if "if-none-match" in {k.lower() for k in headers}
    ]
    assert len(answered_from_store) == second.not_modified + 1  # + robots.txt
    assert parse_source(source, store, LOG).equals(documents)
