"""Substack posts, from the post JSON (`/api/v1/posts/<slug>`) or the post page (`/p/<slug>`): text, title,
byline, date, canonical URL, and whether the body is only a paid preview. Pure functions over one payload."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup, Tag

from conflict_events.parse.html_text import CleanText, html_to_text, plain_text_to_clean
from conflict_events.sources.substack.settings import (
    SubstackParseError,
    http_url,
    id_field,
    int_field,
    parse_utc,
    preloaded_post_id,
    slug_from_url,
    text_field,
)

# A paid post shows a preview: when audience is restricted and we hold clearly fewer words than the
# post has, the body is cut. The margin absorbs word-counting differences between Substack and us.
PREVIEW_WORD_RATIO = 0.8
_PAYWALL_PHRASES = re.compile(
    r"this post is for paid subscribers|this post is for paying subscribers|keep reading with a \d+-day free trial",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Post:
    """A post as read from the post JSON or the post page."""

    origin: str  # "post_json" | "post_page"
    post_id: str | None
    slug: str | None
    url: str | None  # canonical URL as the site gives it; None when the capture names none
    title: str | None
    subtitle: str | None
    author: str | None
    published_at: dt.datetime | None
    body: CleanText
    is_truncated: bool
    comment_count: int | None = None


def _word_count(text: str) -> int:
    return len(text.split())


def _has_paywall_marker(root: Tag) -> bool:
    """A paywall element or notice in the markup (scripts are not markup: analytics configs lie)."""
    for tag in root.find_all(True):
        if tag.name in ("script", "style", "noscript"):
            continue
        classes = " ".join(tag.get("class") or []).lower()
        component = str(tag.get("data-component-name") or "").lower()
        if "paywall" in classes or "paywall" in component:
            return True
    visible = " ".join(
        s for s in root.find_all(string=True) if s.parent is None or s.parent.name not in ("script", "style")
    )
    return bool(_PAYWALL_PHRASES.search(visible))


def html_has_paywall_marker(html: str) -> bool:
    return _has_paywall_marker(BeautifulSoup(html, "lxml"))


def _bylines(data: dict[str, Any]) -> str | None:
    bylines = data.get("publishedBylines")
    names = []
    if isinstance(bylines, list):
        names = [b["name"].strip() for b in bylines if isinstance(b, dict) and isinstance(b.get("name"), str)]
    names = [n for n in names if n]
    return ", ".join(names) or None


def parse_post_json(data: Any) -> Post:
    """`/api/v1/posts/<slug>`. Raises SubstackParseError when it carries no body at all."""
    if isinstance(data, dict) and isinstance(data.get("post"), dict) and "body_html" not in data:
        data = data["post"]  # some API versions wrap the post
    if not isinstance(data, dict):
        raise SubstackParseError(f"post JSON is a {type(data).__name__}, expected an object")
    body_html = data.get("body_html")
    teaser = data.get("truncated_body_text")
    if isinstance(body_html, str) and body_html.strip():
        body = html_to_text(body_html)
        marker = html_has_paywall_marker(body_html)
        only_teaser = False
    elif isinstance(teaser, str) and teaser.strip():
        body, marker, only_teaser = plain_text_to_clean(teaser), False, True
    else:
        raise SubstackParseError("post JSON has neither body_html nor truncated_body_text")
    audience = data.get("audience")
    wordcount = int_field(data.get("wordcount"))
    restricted_and_short = (
        isinstance(audience, str)
        and audience != "everyone"
        and wordcount is not None
        and _word_count(body.text) < PREVIEW_WORD_RATIO * wordcount
    )
    return Post(
        origin="post_json",
        post_id=id_field(data.get("id")),
        slug=text_field(data, "slug"),
        url=http_url(data.get("canonical_url")),
        title=text_field(data, "title"),
        subtitle=text_field(data, "subtitle"),
        author=_bylines(data),
        published_at=parse_utc(data.get("post_date")),
        body=body,
        is_truncated=bool(restricted_and_short or marker or only_teaser),
        comment_count=int_field(data.get("comment_count")),
    )


def _json_ld_objects(soup: BeautifulSoup) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.string or "")
        except ValueError:
            continue  # broken JSON-LD is common; the visible page still counts
        stack = data if isinstance(data, list) else [data]
        for item in stack:
            if isinstance(item, dict):
                objects.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    objects.extend(g for g in graph if isinstance(g, dict))
    return objects


def _json_ld_authors(value: Any) -> str | None:
    people = value if isinstance(value, list) else [value]
    names = []
    for person in people:
        if isinstance(person, dict) and isinstance(person.get("name"), str):
            names.append(person["name"].strip())
        elif isinstance(person, str):
            names.append(person.strip())
    return ", ".join(n for n in names if n) or None


def _meta(soup: BeautifulSoup, **attrs: str) -> str | None:
    tag = soup.find("meta", attrs=attrs)
    content = tag.get("content") if isinstance(tag, Tag) else None
    return " ".join(content.split()) or None if isinstance(content, str) else None


def _tag_text(soup: BeautifulSoup, selector: str) -> str | None:
    tag = soup.select_one(selector)
    return " ".join(tag.get_text(" ").split()) or None if tag is not None else None


def parse_post_page(html: str) -> Post:
    """A post page `/p/<slug>`. Raises SubstackParseError when no post body is on the page."""
    soup = BeautifulSoup(html, "lxml")
    body_tag = (
        soup.select_one("div.available-content div.body.markup")
        or soup.select_one("div.body.markup")
        or soup.select_one("div.available-content")
    )
    if body_tag is None:
        raise SubstackParseError("post page has no div.available-content / div.body.markup")
    article = next((o for o in _json_ld_objects(soup) if "datePublished" in o or "headline" in o), {})
    canonical = soup.find("link", rel="canonical")
    url = http_url(canonical.get("href")) if isinstance(canonical, Tag) else None
    url = url or http_url(article.get("url")) or http_url(_meta(soup, property="og:url"))
    published = parse_utc(article.get("datePublished")) or parse_utc(_meta(soup, property="article:published_time"))
    author = _json_ld_authors(article.get("author")) or _meta(soup, name="author")
    author = author or _tag_text(soup, "div.byline-names")
    preloaded = preloaded_post_id(html)
    marker = _has_paywall_marker(soup)
    return Post(
        origin="post_page",
        post_id=preloaded,
        slug=slug_from_url(url) if url else None,
        url=url,
        title=_tag_text(soup, "h1.post-title") or _meta(soup, property="og:title") or text_field(article, "headline"),
        subtitle=_tag_text(soup, "h3.subtitle"),
        author=author,
        published_at=published,
        body=html_to_text(str(body_tag)),
        is_truncated=marker or article.get("isAccessibleForFree") is False,
    )
