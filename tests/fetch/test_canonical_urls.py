"""One document, one doc_id: tracking parameters, default ports, case and trailing slashes never split it."""

from __future__ import annotations

import pytest

from conflict_events import ids

PLAIN = "https://news.example/2025/03/strike-on-odesa-port"


@pytest.mark.parametrize(
    "shared",
    [
        PLAIN + "?fbclid=IwAR3x-abc",
        PLAIN + "?gclid=Cj0KCQ",
        PLAIN + "/?utm_source=telegram&utm_medium=social&utm_campaign=war",
        "HTTPS://News.Example:443/2025/03/strike-on-odesa-port",
        PLAIN + "?utm_source=x&fbclid=y&gclid=z",
    ],
)
def test_shared_links_and_the_plain_link_give_one_doc_id(shared: str) -> None:
    assert ids.doc_id_for(shared) == ids.doc_id_for(PLAIN)


def test_parameters_that_name_the_page_are_kept() -> None:
    assert ids.canonical_url("https://kremlin.example/news?id=76120&fbclid=x") == "https://kremlin.example/news?id=76120"
    assert ids.doc_id_for("https://x.example/news?id=1") != ids.doc_id_for("https://x.example/news?id=2")


def test_comment_anchors_stay_distinct_documents() -> None:
    post = "https://pub.example/p/weekly-update"
    assert ids.canonical_url(post + "#comment-42") == post + "#comment-42"
    assert ids.doc_id_for(post + "#comment-42") != ids.doc_id_for(post)


def test_substack_share_parameters_are_dropped() -> None:
    assert ids.canonical_url("https://pub.example/p/weekly-update?r=5abc&s=w") == "https://pub.example/p/weekly-update"
