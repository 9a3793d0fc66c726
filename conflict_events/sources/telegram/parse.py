"""Telegram public channel preview pages (`t.me/s/<channel>`) → one document per message.

Structure (Telegram's own markup): `div.tgme_widget_message[data-post="<channel>/<id>"]`, the text in
`div.tgme_widget_message_text` (`<br>` = line break), the date in `a.tgme_widget_message_date >
time[datetime]` (the link is the message's own URL), an optional signature in
`.tgme_widget_message_from_author`, "edited" in `.tgme_widget_message_meta`, the origin of a forward
in `.tgme_widget_message_forwarded_from`. Service messages (pinned, photo changed...) carry the class
`service_message` and are not documents. A page of older messages is reached with `?before=<id>`;
"No posts found" (`.tme_no_messages_found`) arrives as a normal 200 page.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field

import polars as pl
from bs4 import BeautifulSoup, NavigableString, Tag

from conflict_events import ids
from conflict_events.fetch.redact import redact_url
from conflict_events.fetch.store import RawStore
from conflict_events.parse.dates_meta import parse_iso
from conflict_events.parse.html_text import PARAGRAPH_SEPARATOR
from conflict_events.parse.language import detect_language
from conflict_events.schema import DOCUMENTS, conform, empty
from conflict_events.sources.source import SourceConfig
from conflict_events.sources.telegram.settings import CHANNEL_PAGE_ROLE


@dataclass(frozen=True)
class TelegramMessage:
    post: str  # data-post: "<channel>/<id>"
    message_id: int
    url: str | None  # the message's own link, as the page gives it
    published_at: dt.datetime | None  # UTC
    text: str  # "" when the message has no text (media only)
    quote_spans: list[tuple[int, int]]
    channel_title: str | None
    signature: str | None  # the author's name when the channel signs messages
    edited: bool
    forwarded_from: str | None
    is_service: bool
    has_media: bool


@dataclass(frozen=True)
class ChannelPage:
    channel_title: str | None
    messages: list[TelegramMessage] = field(default_factory=list)
    no_posts: bool = False  # Telegram's "No posts found": the end of the history (or throttling)

    @property
    def oldest_id(self) -> int | None:
        return min((m.message_id for m in self.messages), default=None)


_MEDIA_CLASSES = re.compile(
    r"tgme_widget_message_(photo|video|roundvideo|document|voice|audio|sticker|poll|location|grouped|link_preview)"
)


def _text_with_lines(node: Tag) -> tuple[str, list[tuple[int, int]]]:
    """Message text: `<br>` is a newline, blank lines separate paragraphs, blockquotes are paragraphs
    of their own whose ranges are returned. Emoji images keep their character."""
    paragraphs: list[tuple[str, bool]] = []  # (paragraph, is quote)
    buffer: list[str] = []

    def flush(is_quote: bool) -> None:
        raw = "".join(buffer)
        buffer.clear()
        # Runs of whitespace collapse, but the line breaks the author typed stay.
        lines = [" ".join(line.split()) for line in raw.split("\n")]
        block = "\n".join(lines).strip("\n ")
        for part in re.split(r"\n{2,}", block):
            if part.strip():
                paragraphs.append((part.strip(), is_quote))

    def walk(element: Tag, in_quote: bool) -> None:
        for child in element.children:
            if isinstance(child, NavigableString):
                buffer.append(str(child).replace("\n", " "))
            elif isinstance(child, Tag):
                if child.name == "br":
                    buffer.append("\n")
                elif child.name == "blockquote":
                    flush(in_quote)
                    walk(child, True)
                    flush(True)
                elif child.name in ("script", "style"):
                    continue
                else:
                    walk(child, in_quote)

    walk(node, False)
    flush(False)
    text = ""
    spans: list[tuple[int, int]] = []
    for paragraph, is_quote in paragraphs:
        if text:
            text += PARAGRAPH_SEPARATOR
        if is_quote:
            spans.append((len(text), len(text) + len(paragraph)))
        text += paragraph
    return text, spans


def _clean_name(node: Tag | None) -> str | None:
    if node is None:
        return None
    name = " ".join(node.get_text(" ", strip=True).split())
    return name or None


def _message(node: Tag, channel_title: str | None, log: logging.Logger) -> TelegramMessage | None:
    post = str(node.get("data-post") or "")
    match = re.search(r"/(\d+)$", post)
    if not match:
        log.warning("telegram: message without a usable data-post (%r) skipped", post)
        return None
    classes = node.get("class") or []
    # The message's own text, not the quoted text of the message it replies to.
    text_node = next(
        (t for t in node.select(".tgme_widget_message_text") if not t.find_parent(class_="tgme_widget_message_reply")),
        None,
    )
    text, spans = _text_with_lines(text_node) if isinstance(text_node, Tag) else ("", [])
    date_link = node.select_one("a.tgme_widget_message_date")
    time_node = date_link.select_one("time[datetime]") if isinstance(date_link, Tag) else None
    published = parse_iso(str(time_node.get("datetime"))) if isinstance(time_node, Tag) else None
    meta = node.select_one(".tgme_widget_message_meta")
    forwarded = node.select_one(".tgme_widget_message_forwarded_from_name") or node.select_one(
        ".tgme_widget_message_forwarded_from"
    )
    forwarded_name = _clean_name(forwarded if isinstance(forwarded, Tag) else None)
    if forwarded_name:
        forwarded_name = re.sub(r"^Forwarded from\s*", "", forwarded_name)
    owner = node.select_one(".tgme_widget_message_owner_name")
    return TelegramMessage(
        post=post,
        message_id=int(match.group(1)),
        url=str(date_link.get("href")) if isinstance(date_link, Tag) and date_link.get("href") else None,
        published_at=published,
        text=text,
        quote_spans=spans,
        channel_title=_clean_name(owner if isinstance(owner, Tag) else None) or channel_title,
        signature=_clean_name(node.select_one(".tgme_widget_message_from_author")),
        edited=isinstance(meta, Tag) and bool(re.search(r"\bedited\b", meta.get_text(" "))),
        forwarded_from=forwarded_name,
        is_service="service_message" in classes,
        has_media=node.find(class_=_MEDIA_CLASSES) is not None,
    )


def parse_channel_page(html: str | bytes, log: logging.Logger | None = None) -> ChannelPage:
    """All messages of one preview page, in page order (oldest first, as Telegram shows them)."""
    log = log or logging.getLogger(__name__)
    soup = BeautifulSoup(html, "lxml")
    title_node = soup.select_one(".tgme_channel_info_header_title") or soup.select_one(
        "meta[property='og:title']"
    )
    channel_title: str | None = None
    if isinstance(title_node, Tag):
        channel_title = str(title_node.get("content")) if title_node.name == "meta" else _clean_name(title_node)
    messages = [
        message
        for node in soup.select("div.tgme_widget_message[data-post]")
        if (message := _message(node, channel_title, log)) is not None
    ]
    no_posts = not messages and soup.select_one(".tme_no_messages_found") is not None
    return ChannelPage(channel_title=channel_title, messages=messages, no_posts=no_posts)


def keep_as_document(message: TelegramMessage, log: logging.Logger, source_id: str) -> bool:
    """Service messages and messages without any text are not documents."""
    if message.is_service:
        log.debug("source %s: telegram message %s is a service message, skipped", source_id, message.post)
        return False
    if not message.text.strip():
        kind = "media-only" if message.has_media else "empty"
        log.debug("source %s: telegram message %s is %s (no text), skipped", source_id, message.post, kind)
        return False
    return True


def _since(source: SourceConfig) -> dt.datetime | None:
    return dt.datetime.combine(source.since, dt.time(), tzinfo=dt.UTC) if source.since else None


def select_messages(
    messages: list[TelegramMessage], source: SourceConfig, log: logging.Logger
) -> list[TelegramMessage]:
    """Text messages of the source: newest first, not older than `since`, at most `max_items`."""
    since = _since(source)
    kept = [
        m
        for m in messages
        if keep_as_document(m, log, source.id)
        and not (since is not None and m.published_at is not None and m.published_at < since)
    ]
    kept.sort(key=lambda m: m.message_id, reverse=True)
    return kept[: source.max_items] if source.max_items else kept


def parse_source(source: SourceConfig, store: RawStore, log: logging.Logger) -> pl.DataFrame:
    """Documents of a telegram source from its stored channel pages (schema.DOCUMENTS)."""
    pages = store.current(source.id).filter(pl.col("role") == CHANNEL_PAGE_ROLE).sort("fetched_at")
    by_id: dict[int, tuple[TelegramMessage, dt.datetime]] = {}
    for row in pages.iter_rows(named=True):
        try:
            page = parse_channel_page(store.body(row["body_sha256"]), log)
        except (OSError, ValueError) as exc:
            log.error("source %s: channel page %s unreadable: %s", source.id, row["url"], exc)
            continue
        for message in page.messages:
            # Pages are read oldest fetch first, so a message seen again keeps its newest (edited) copy.
            by_id[message.message_id] = (message, row["fetched_at"])
    chosen = select_messages([m for m, _ in by_id.values()], source, log)
    if not chosen:
        return empty(DOCUMENTS)
    rows = []
    for message in chosen:
        url = message.url or f"{redact_url(source.base_url)}/{message.message_id}"
        rows.append(
            {
                "doc_id": ids.doc_id_for(url),
                "source_id": source.id,
                "source_kind": source.source_kind,
                "url": url,
                "title": None,
                "author": message.signature or message.channel_title or source.name,
                "published_at": message.published_at,
                "fetched_at": by_id[message.message_id][1],
                "language": detect_language(message.text) or source.language,
                "text": message.text,
                "is_truncated": False,
                "content_sha256": ids.sha256_text(message.text),
                # The schema has no forward column; the origin is kept where a reader sees it.
                "subtitle": f"Forwarded from {message.forwarded_from}" if message.forwarded_from else None,
                "parent_doc_id": None,
                "external_id": str(message.message_id),
                "quote_spans": [{"start": s, "end": e} for s, e in message.quote_spans],
            }
        )
    return conform(pl.DataFrame(rows, schema=DOCUMENTS), DOCUMENTS)
