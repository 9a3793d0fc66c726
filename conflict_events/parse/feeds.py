"""RSS 2.0 / RSS 1.0 / Atom feeds, parsed safely, into plain items.

Feeds are untrusted XML: defusedxml refuses entity declarations (billion-laughs bombs, quadratic
blow-ups) and external entities or DTD fetches before anything is expanded. Anything that is not
well-formed XML is a FeedError with the parser's own position, never a crash or a guess.
"""

from __future__ import annotations

import datetime as dt
import html
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import urljoin

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from conflict_events.parse.dates_meta import parse_timestamp

ATOM = "http://www.w3.org/2005/Atom"


class FeedError(ValueError):
    """The bytes are not a usable feed; the message says why."""


@dataclass(frozen=True)
class FeedItem:
    title: str | None
    link: str | None  # the article page as the feed gives it (absolute)
    guid: str | None
    author: str | None
    published_at: dt.datetime | None  # UTC
    updated_at: dt.datetime | None  # UTC
    summary_html: str | None  # RSS description / Atom summary (often a teaser)
    content_html: str | None  # content:encoded / Atom content (often the full text)
    categories: tuple[str, ...] = ()

    @property
    def key(self) -> str | None:
        """The item's identity across fetches: its link, else its guid/id.

        The link comes first because some feeds (GOV.UK) put the update time into the id."""
        return self.link or self.guid

    @property
    def when(self) -> dt.datetime | None:
        return self.published_at or self.updated_at


@dataclass(frozen=True)
class Feed:
    format: str  # "atom" | "rss"
    title: str | None
    language: str | None
    next_url: str | None  # rel="next" paging link the feed itself offers (absolute)
    items: list[FeedItem] = field(default_factory=list)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(node: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in node if _local(child.tag) == name]


def _first(node: ET.Element, *names: str) -> ET.Element | None:
    for name in names:
        found = _children(node, name)
        if found:
            return found[0]
    return None


def _text(node: ET.Element | None) -> str | None:
    if node is None:
        return None
    value = "".join(node.itertext()).strip()
    return value or None


def _plain(node: ET.Element | None) -> str | None:
    """A plain-text field (title, author): feeds often HTML-escape these a second time."""
    value = _text(node)
    return " ".join(html.unescape(value).split()) if value else None


def _atom_content(node: ET.Element | None) -> str | None:
    """Atom text constructs: type="html" is escaped markup, type="xhtml" is inline markup."""
    if node is None:
        return None
    if node.get("type") == "xhtml":
        inner = "".join(ET.tostring(child, encoding="unicode") for child in node)
        return inner.strip() or None
    return _text(node)


def _next_link(node: ET.Element, base: str) -> str | None:
    for link in _children(node, "link"):
        if link.get("rel") == "next" and link.get("href"):
            return urljoin(base, link.get("href", ""))
    return None


def _atom_link(entry: ET.Element, base: str) -> str | None:
    links = _children(entry, "link")
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return urljoin(base, link.get("href", ""))
    return urljoin(base, links[0].get("href", "")) if links and links[0].get("href") else None


def _atom_item(entry: ET.Element, base: str, feed_author: str | None) -> FeedItem:
    author_node = _first(entry, "author")
    author = _plain(_first(author_node, "name")) if author_node is not None else None
    return FeedItem(
        title=_plain(_first(entry, "title")),
        link=_atom_link(entry, base),
        guid=_text(_first(entry, "id")),
        author=author or feed_author,
        published_at=parse_timestamp(_text(_first(entry, "published", "issued"))),
        updated_at=parse_timestamp(_text(_first(entry, "updated", "modified"))),
        summary_html=_atom_content(_first(entry, "summary")),
        content_html=_atom_content(_first(entry, "content")),
        categories=tuple(c.get("term", "") or (_text(c) or "") for c in _children(entry, "category")),
    )


def _rss_item(item: ET.Element, base: str) -> FeedItem:
    link = _text(_first(item, "link"))
    guid_node = _first(item, "guid")
    guid = _text(guid_node)
    if link is None and guid and guid_node is not None and guid_node.get("isPermaLink", "true") == "true":
        link = guid
    return FeedItem(
        title=_plain(_first(item, "title")),
        link=urljoin(base, link) if link else None,
        guid=guid,
        author=_plain(_first(item, "creator", "author")),
        published_at=parse_timestamp(_text(_first(item, "pubDate", "date", "published"))),
        updated_at=parse_timestamp(_text(_first(item, "updated", "modified"))),
        summary_html=_text(_first(item, "description", "summary")),
        content_html=_text(_first(item, "encoded")),
        categories=tuple(_text(c) or "" for c in _children(item, "category")),
    )


def parse_feed(data: bytes, url: str) -> Feed:
    """Parse feed bytes fetched from `url` (relative links resolve against it). Raises FeedError."""
    if not data.strip():
        raise FeedError("feed is empty")
    try:
        root = SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise FeedError(f"feed refused: it declares XML entities or external references ({exc!r})") from None
    except ET.ParseError as exc:
        raise FeedError(f"feed is not well-formed XML: {exc}") from None
    kind = _local(root.tag)
    if kind == "feed":
        author_node = _first(root, "author")
        feed_author = _plain(_first(author_node, "name")) if author_node is not None else None
        return Feed(
            format="atom",
            title=_plain(_first(root, "title")),
            language=root.get("{http://www.w3.org/XML/1998/namespace}lang"),
            next_url=_next_link(root, url),
            items=[_atom_item(entry, url, feed_author) for entry in _children(root, "entry")],
        )
    if kind in ("rss", "RDF"):
        channel = _first(root, "channel")
        if channel is None:
            raise FeedError("RSS feed has no <channel>")
        # RSS 2.0 keeps items inside the channel, RSS 1.0 (RDF) beside it.
        items = _children(channel, "item") or _children(root, "item")
        return Feed(
            format="rss",
            title=_plain(_first(channel, "title")),
            language=_text(_first(channel, "language")),
            next_url=_next_link(channel, url),
            items=[_rss_item(item, url) for item in items],
        )
    raise FeedError(f"not a feed: the root element is <{kind}>, expected <rss> or <feed>")
