"""Generic article pages (any news or government site) → main text and metadata.

The body comes from trafilatura (main-content detection: drops menus, sidebars, "read also" lists,
cookie banners, share bars, tag lists, comment boxes, footers) after parse.furniture has taken out
what it keeps (figure captions, photo credits, inline read-more boxes, ad slots) and put live-blog
stamps on the first line of their entries; asked for HTML so that paragraphs,
headings and blockquotes survive; parse.html_text then turns that into the shared text form with
exact blockquote ranges. Metadata is read from what pages give machines first (JSON-LD,
<meta>, <time datetime>), then from what they show readers.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import trafilatura
from bs4 import BeautifulSoup, Tag

from conflict_events.parse.dates_meta import parse_human, parse_timestamp
from conflict_events.parse.furniture import is_furniture_paragraph, strip_furniture_html
from conflict_events.parse.html_text import CleanText, html_to_text

_log = logging.getLogger(__name__)

_ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "blogposting", "report", "pressrelease"}
# <meta> names/properties that carry the first publication time, most trusted first.
_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "govuk:first-published-at",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "pubdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "date",
)
_AUTHOR_META = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author")
_VISIBLE_DATE_CLASS = re.compile(r"date|publish|posted|time|meta", re.IGNORECASE)
_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]{2,60}$")


@dataclass(frozen=True)
class Article:
    title: str | None
    author: str | None
    published_at: dt.datetime | None  # UTC
    published_has_time: bool  # False when only a calendar day (or a zone-less visible date) was found
    canonical_url: str | None
    language: str | None  # from <html lang>, two letters
    text: str
    quote_spans: list[tuple[int, int]] = field(default_factory=list)


# ---- metadata -----------------------------------------------------------------------------------


def _json_ld_objects(soup: BeautifulSoup) -> Iterator[dict[str, Any]]:
    for script in soup.find_all("script", attrs={"type": re.compile(r"ld\+json", re.IGNORECASE)}):
        raw = script.string or script.get_text()
        try:
            data = json.loads(raw)
        except (ValueError, TypeError):
            _log.debug("article: unreadable JSON-LD block skipped")
            continue
        stack = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                yield node
                if isinstance(node.get("@graph"), list):
                    stack.extend(node["@graph"])


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds if k}


def _person_name(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dict):
        return _person_name(value.get("name"))
    if isinstance(value, list):
        names = [n for n in (_person_name(v) for v in value) if n]
        return ", ".join(names) or None
    return None


def _meta(soup: BeautifulSoup, names: tuple[str, ...]) -> str | None:
    wanted = {n.lower(): i for i, n in enumerate(names)}
    found: dict[int, str] = {}
    for tag in soup.find_all("meta"):
        key = str(tag.get("property") or tag.get("name") or tag.get("itemprop") or "").lower()
        content = str(tag.get("content") or "").strip()
        if key in wanted and content and wanted[key] not in found:
            found[wanted[key]] = content
    return found[min(found)] if found else None


def _has_time(value: str) -> bool:
    return bool(re.search(r"\d{1,2}:\d{2}", value))


def _published(soup: BeautifulSoup, ld: list[dict[str, Any]], languages: list[str]) -> tuple[dt.datetime | None, bool]:
    machine: list[str] = []
    machine += [str(n["datePublished"]) for n in ld if n.get("datePublished")]
    if (meta := _meta(soup, _PUBLISHED_META)) is not None:
        machine.append(meta)
    for time_tag in soup.select("time[datetime]"):
        if time_tag.find_parent(["aside", "nav", "footer"]) is None:
            machine.append(str(time_tag.get("datetime")))
    for value in machine:
        when = parse_timestamp(value)
        if when is not None:
            return when, _has_time(value)
    # Dates shown to readers: no zone, so only a fallback.
    for node in soup.find_all(class_=_VISIBLE_DATE_CLASS):
        if node.find_parent(["aside", "nav", "footer"]) is not None:
            continue
        text = node.get_text(" ", strip=True)
        if 6 <= len(text) <= 80 and (when := parse_human(text, languages)) is not None:
            return when, False
    return None, False


def _title(soup: BeautifulSoup, ld: list[dict[str, Any]]) -> str | None:
    for node in ld:
        if _types(node) & _ARTICLE_TYPES and node.get("headline"):
            return " ".join(str(node["headline"]).split())
    og = _meta(soup, ("og:title", "twitter:title"))
    if og:
        return og
    h1 = soup.find("h1")
    if isinstance(h1, Tag) and h1.get_text(strip=True):
        return " ".join(h1.get_text(" ", strip=True).split())
    if soup.title and soup.title.string:
        return _TITLE_SUFFIX.sub("", " ".join(soup.title.string.split())) or None
    return None


def _author(soup: BeautifulSoup, ld: list[dict[str, Any]]) -> str | None:
    for node in ld:
        if _types(node) & _ARTICLE_TYPES and (name := _person_name(node.get("author"))):
            return name
    meta = _meta(soup, _AUTHOR_META)
    if meta and not meta.startswith(("http://", "https://")):
        return meta
    byline = soup.select_one("[rel=author], .author-name, .byline__name, .byline")
    if isinstance(byline, Tag):
        name = re.sub(r"^(by|автор:?)\s+", "", byline.get_text(" ", strip=True), flags=re.IGNORECASE)
        return name or None
    return None


# ---- body ---------------------------------------------------------------------------------------

# Whole paragraphs that are page furniture extractors tend to keep: widget headings and date stamps.
_FURNITURE = re.compile(
    r"^(?:"
    # widget headings, alone on their line
    r"(?:read (?:also|more|next)|see also|related(?: articles| news| stories| content)?|more news|most read"
    r"|share(?: this(?: page| article| story)?)?|updates to this page|advertisement"
    r"|читайте також|дивіться також|поділитися|читайте также|смотрите также|поделиться)\s*:?"
    # tag lists
    r"|(?:tags?|topics?|теги|мітки)\s*:[^.!?]{0,80}"
    # date stamps ("Published 9 May 2025", "Оновлено: 07.09.2025")
    r"|(?:(?:first )?published|(?:last )?updated|опубліковано|оновлено|опубликовано|обновлено)\b"
    r"(?=[^\n]*\d)(?:(?!\.\s)[^!?\n]){0,60}"
    r")$",
    re.IGNORECASE,
)
_LEAD_CLASS = re.compile(r"(?:^|[-_])(?:lead|standfirst|intro|summary|subtitle|deck|excerpt)(?:[-_]|$)", re.IGNORECASE)
_LEAD_MIN_CHARS = 40

Paragraph = tuple[str, int | None]  # (text, index of the blockquote it sits in, or None)


def _paragraphs(clean: CleanText) -> list[Paragraph]:
    out: list[Paragraph] = []
    for start, end in clean.paragraph_spans:
        quote = next((i for i, (qs, qe) in enumerate(clean.quote_spans) if qs <= start and end <= qe), None)
        out.append((clean.text[start:end], quote))
    return out


def _rebuild(paragraphs: list[Paragraph]) -> CleanText:
    """Text, paragraph and blockquote spans again after paragraphs were dropped or added."""
    text = ""
    paragraph_spans: list[tuple[int, int]] = []
    quote_spans: list[tuple[int, int]] = []
    previous_quote: int | None = None
    for paragraph, quote in paragraphs:
        if text:
            text += "\n\n"
        start = len(text)
        text += paragraph
        paragraph_spans.append((start, len(text)))
        if quote is not None and quote == previous_quote and quote_spans:
            quote_spans[-1] = (quote_spans[-1][0], len(text))
        elif quote is not None:
            quote_spans.append((start, len(text)))
        previous_quote = quote
    return CleanText(text, quote_spans, paragraph_spans)


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _tidy(clean: CleanText, leading: list[str | None], lead: str | None = None) -> CleanText:
    """Drop furniture paragraphs and leading repeats of the title/byline; put back a lead the extractor
    left out. Extractors often keep the page's <h1>, and feeds often start with the byline: both are
    columns of their own, not body text."""
    paragraphs = [p for p in _paragraphs(clean) if not _FURNITURE.match(" ".join(p[0].split()))]
    repeated = {_normal(line) for line in leading if line}
    while len(paragraphs) > 1 and _normal(paragraphs[0][0]) in repeated:
        paragraphs = paragraphs[1:]
    if lead and _normal(lead) not in _normal(clean.text):
        paragraphs.insert(0, (lead, None))
    return _rebuild(paragraphs)


def extract_fragment(html: str | None, leading: list[str | None]) -> CleanText:
    """Main text of an HTML fragment (a feed's full content), without repeated title/byline lines."""
    if not html:
        return CleanText("")
    return _tidy(extract_body(html), leading)


def _lead(soup: BeautifulSoup) -> str | None:
    """The standfirst many sites print above the body in an element of its own (class lead/summary/...)."""
    for node in soup.find_all(class_=_LEAD_CLASS):
        if node.name in ("figure", "figcaption", "img", "picture") or node.find_parent(
            ["aside", "nav", "footer", "header", "form", "li", "figure"]
        ) is not None:
            continue  # a lead image and its caption are not a standfirst
        text = " ".join(node.get_text(" ", strip=True).split())
        if len(text) >= _LEAD_MIN_CHARS and not is_furniture_paragraph(text):
            return text
    return None


def _fallback_body(soup: BeautifulSoup) -> CleanText:
    """Without trafilatura's verdict: the <article> or <main> element, cleaned of page chrome."""
    container = soup.find("article") or soup.find("main") or soup.body
    return html_to_text(str(container)) if container is not None else CleanText("")


def extract_body(html: str, url: str | None = None) -> CleanText:
    """Main text of a page with paragraphs and blockquote ranges; "" when none is found."""
    html = strip_furniture_html(html)  # captions, credits, read-more boxes, ad slots; live-blog stamps
    try:
        main_html = trafilatura.extract(
            html,
            url=url,
            output_format="html",
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
            deduplicate=False,
        )
    except Exception as exc:  # trafilatura can fail deep inside lxml on hostile markup
        _log.warning("article %s: trafilatura failed (%s: %s); using <article>", url, type(exc).__name__, exc)
        main_html = None
    if main_html:
        return html_to_text(main_html)
    _log.info("article %s: no main text found by trafilatura; using the page's <article>/<main>", url)
    return _fallback_body(BeautifulSoup(html, "lxml"))


def extract_article(html: str, url: str | None = None) -> Article:
    """Title, author, publication time, canonical link, language and main text of an article page."""
    soup = BeautifulSoup(html, "lxml")
    ld = list(_json_ld_objects(soup))
    html_tag = soup.find("html")
    lang_attr = str(html_tag.get("lang") or "") if isinstance(html_tag, Tag) else ""
    language = lang_attr[:2].lower() if re.match(r"^[a-zA-Z]{2}\b", lang_attr) else None
    languages = [code for code in (language, "en", "uk", "ru") if code]
    canonical_tag = soup.find("link", rel="canonical")
    canonical = (
        urljoin(url or "", str(canonical_tag.get("href")))
        if isinstance(canonical_tag, Tag) and canonical_tag.get("href")
        else None
    )
    title = _title(soup, ld)
    published_at, has_time = _published(soup, ld, list(dict.fromkeys(languages)))
    body = _tidy(extract_body(html, url), [title], _lead(soup))
    return Article(
        title=title,
        author=_author(soup, ld),
        published_at=published_at,
        published_has_time=has_time,
        canonical_url=canonical,
        language=language,
        text=body.text,
        quote_spans=list(body.quote_spans),
    )


__all__ = ["Article", "extract_article", "extract_body", "extract_fragment"]
