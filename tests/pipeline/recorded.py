"""A small recorded site the refresh tests rewrite between runs: an RSS wire with article pages and a
Telegram channel with an older page. All text is written for these tests."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from assets.io import PolarsParquetIOManager
from assets.resources import PipelineConfig
from pipelines.definitions import ALL_ASSETS, ALL_CHECKS

STRIKES = {
    "a": "Russian forces struck Kharkiv with Shahed drones overnight on 3 March 2025, damaging a power plant.",
    "b": "Ukrainian drones hit an oil refinery in Saratov on 4 March 2025, the regional governor said.",
    "c": "Russian forces struck Odesa with Kalibr missiles on 5 March 2025, hitting the port.",
    "c2": "Russian forces struck Dnipro with Iskander-M ballistic missiles on 5 March 2025, damaging a power plant.",
    "d": "Ukrainian drones hit an oil depot in Tuapse on 6 March 2025, officials said.",
    "e": "Russian forces struck Sumy with guided aerial bombs on 7 March 2025.",
}
PUBLISHED = {"a": "Mon, 03 Mar 2025", "b": "Tue, 04 Mar 2025", "c": "Wed, 05 Mar 2025", "d": "Thu, 06 Mar 2025",
             "e": "Fri, 07 Mar 2025"}
FILLER = ("Emergency crews worked through the morning to clear the debris and restore power to the district. "
          "Local officials said schools would stay closed until the inspection of the buildings was finished.")


def article_html(title: str, sentence: str) -> str:
    return (
        f"<html><head><title>{title}</title></head><body><nav>Home | World | Contact</nav>"
        f"<article><h1>{title}</h1><p>{sentence}</p><p>{FILLER}</p><p>{FILLER}</p></article>"
        "<footer>Copyright the wire</footer></body></html>"
    )


def feed_xml(items: list[tuple[str, str]]) -> str:
    """items: (slug, title); each item links to its article page on the wire."""
    entries = "".join(
        f"<item><title>{title}</title><link>{{{{BASE}}}}/wire/{slug}</link><guid>{{{{BASE}}}}/wire/{slug}</guid>"
        f"<pubDate>{PUBLISHED.get(slug, 'Mon, 10 Mar 2025')} 10:00:00 +0000</pubDate>"
        "<description>Teaser.</description></item>"
        for slug, title in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{entries}</channel></rss>'


def message_html(message_id: int, text: str, day: int) -> str:
    return (
        f'<div class="tgme_widget_message js-widget_message" data-post="chan/{message_id}">'
        f'<div class="tgme_widget_message_text js-message_text">{text}</div>'
        f'<a class="tgme_widget_message_date" href="{{{{BASE}}}}/tg/chan/{message_id}">'
        f'<time datetime="2025-03-{day:02d}T08:00:00+00:00"></time></a></div>'
    )


def channel_html(messages: list[tuple[int, str]], before: int | None) -> str:
    more = (f'<a class="tme_messages_more js-messages_more" data-before="{before}" '
            f'href="/tg/s/chan?before={before}"></a>') if before else ""
    body = "".join(message_html(mid, text, 10 + mid % 15) for mid, text in sorted(messages))
    return f"<html><body><section class='tgme_channel_history'>{more}{body}</section></body></html>"


NO_POSTS = "<html><body><div class='tme_no_messages_found'>No posts found</div></body></html>"


@dataclass
class Site:
    """The recorded site's files; `write()` lays them out with their routes."""

    root: Path
    feed: list[tuple[str, str]] = field(default_factory=list)  # (slug, title)
    articles: dict[str, str] = field(default_factory=dict)  # slug -> sentence
    gone: set[str] = field(default_factory=set)  # article slugs answering 404
    channel_latest: list[tuple[int, str]] = field(default_factory=list)
    channel_older: dict[int, list[tuple[int, str]]] = field(default_factory=dict)  # before -> messages
    mirror_feed: list[tuple[str, str]] | None = None  # a second rss source's feed (links into the wire)

    def write(self) -> None:
        (self.root / "files").mkdir(parents=True, exist_ok=True)
        routes = []

        def add(path: str, name: str, text: str, ctype: str, query: dict[str, str] | None = None) -> None:
            (self.root / "files" / name).write_text(text, encoding="utf-8")
            routes.append({"path": path, "file": f"files/{name}", "content_type": ctype, "query": query or {}})

        add("/wire/feed", "feed.xml", feed_xml(self.feed), "application/rss+xml")
        for slug, sentence in self.articles.items():
            if slug in self.gone:
                routes.append({"path": f"/wire/{slug}", "status": 404, "content_type": "text/plain"})
                continue
            add(f"/wire/{slug}", f"{slug}.html", article_html(f"Report {slug}", sentence), "text/html; charset=utf-8")
        oldest = min((m for m, _ in self.channel_latest), default=None)
        add("/tg/s/chan", "latest.html", channel_html(self.channel_latest, oldest), "text/html; charset=utf-8")
        for before, messages in self.channel_older.items():
            page_oldest = min(m for m, _ in messages)
            add("/tg/s/chan", f"before-{before}.html", channel_html(messages, page_oldest), "text/html; charset=utf-8",
                {"before": str(before)})
            if page_oldest not in self.channel_older:
                add("/tg/s/chan", f"end-{page_oldest}.html", NO_POSTS, "text/html; charset=utf-8",
                    {"before": str(page_oldest)})
        if oldest is not None and oldest not in self.channel_older:
            add("/tg/s/chan", f"end-{oldest}.html", NO_POSTS, "text/html; charset=utf-8", {"before": str(oldest)})
        if self.mirror_feed is not None:
            add("/mirror/feed", "mirror.xml", feed_xml(self.mirror_feed), "application/rss+xml")
        (self.root / "routes.json").write_text(json.dumps(routes), encoding="utf-8")


def sources_yaml(path: Path, *, telegram: bool = True, mirror: bool = False, max_items: int | None = 3) -> Path:
    lines = ["sources:",
             "  - {id: wire, kind: rss, url: '{{BASE}}/wire/feed', source_kind: official_statement, language: en,"
             " requests_per_second: 50}"]
    if telegram:
        cap = f", max_items: {max_items}" if max_items else ""
        lines.append("  - {id: chan, kind: telegram, url: '{{BASE}}/tg/s/chan', source_kind: official_statement,"
                     f" language: en, requests_per_second: 50{cap}}}")
    if mirror:
        lines.append("  - {id: mirror, kind: rss, url: '{{BASE}}/mirror/feed', source_kind: newsletter,"
                     " language: en, requests_per_second: 50}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def refresh(pipeline: PipelineConfig, instance: dg.DagsterInstance) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [*ALL_ASSETS, *ALL_CHECKS],
        resources={"pipeline": pipeline, "io_manager": PolarsParquetIOManager()},
        instance=instance,
        raise_on_error=False,
    )


def published(db: Path, query: str) -> pl.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql(query).pl()
    finally:
        con.close()
