"""Page furniture (captions, photo credits, read-more boxes, ad slots, related lists) and live-blog
stamps, as the data in furniture.yaml describes them.

`strip_furniture_html` prepares a whole page for main-text extraction: furniture elements are
removed and each live-blog entry's stamp is moved onto the first line of the entry's first paragraph
(extractors drop a stamp standing alone, and an entry without its time loses its date).
`is_furniture_element` and `is_furniture_paragraph` serve html_text, which reads every body.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import yaml

_DATA = Path(__file__).with_name("furniture.yaml")
_SEPARATORS = re.compile(r"[-_]")
# Tags whose class words are not trusted: the whole page or the article itself is never furniture.
_NEVER_FURNITURE = frozenset({"html", "body", "main", "article"})


@cache
def _data() -> dict[str, Any]:
    return yaml.safe_load(_DATA.read_text(encoding="utf-8"))


def _word_pattern(words: list[str]) -> re.Pattern[str]:
    """A class or id token that is one of the words, or has one as a whole -/_ separated part."""
    alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    return re.compile(rf"(?:^|[-_])(?:{alternatives})(?:[-_]|$)", re.IGNORECASE)


@cache
def _element_words() -> re.Pattern[str]:
    return _word_pattern(_data()["element_words"])


@cache
def _paragraphs() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in _data()["paragraphs"]), re.IGNORECASE | re.DOTALL)


@cache
def _entry_words() -> re.Pattern[str]:
    return _word_pattern(_data()["live_entry_words"])


@cache
def _stamp_words() -> re.Pattern[str]:
    return _word_pattern(_data()["stamp_words"])


def _tokens(classes: str | list[str] | None, element_id: str | None = None) -> list[str]:
    names = classes.split() if isinstance(classes, str) else list(classes or [])
    return [*names, *([element_id] if element_id else [])]


def _matches(pattern: re.Pattern[str], tokens: list[str]) -> bool:
    return any(pattern.search(token) for token in tokens)


def is_furniture_element(name: str, classes: str | list[str] | None, element_id: str | None = None) -> bool:
    """A caption, credit, read-more box, related list or ad slot (by tag or class/id words)."""
    if name == "figcaption":
        return True
    if name in _NEVER_FURNITURE:
        return False
    return _matches(_element_words(), _tokens(classes, element_id))


def is_furniture_paragraph(paragraph: str) -> bool:
    """A whole paragraph that is a caption, a credit, an inline read-more link or an ad marker."""
    return bool(_paragraphs().fullmatch(" ".join(paragraph.split())))


# ---- whole pages, before main-text extraction ------------------------------------------------------


def _is_entry(element: lxml.html.HtmlElement) -> bool:
    return _matches(_entry_words(), _tokens(element.get("class"), element.get("id")))


def _stamp_text(element: lxml.html.HtmlElement) -> str | None:
    is_stamp = element.tag == "time" or _matches(_stamp_words(), _tokens(element.get("class")))
    text = " ".join(element.text_content().split())
    return text if is_stamp and text and len(text) <= int(_data()["stamp_max_chars"]) else None


def _move_stamp(entry: lxml.html.HtmlElement) -> bool:
    """The entry's first stamp onto the first line of its first paragraph. True when moved."""
    stamps = [(e, t) for e in entry.iter() if isinstance(e.tag, str) and (t := _stamp_text(e)) is not None]
    paragraphs = [p for p in entry.iter("p") if " ".join(p.text_content().split())]
    if not stamps or not paragraphs:
        return False
    stamp, text = stamps[0]
    target = next((p for p in paragraphs if stamp not in p.iterancestors() and p is not stamp), None)
    if target is None:
        return False
    holder = stamp.getparent()
    stamp.drop_tree()
    # a header or meta line left empty would only confuse the extractor's choice of main content
    while holder is not None and holder is not entry and not holder.text_content().strip() and not len(holder):
        emptied, holder = holder, holder.getparent()
        emptied.drop_tree()
    line_break = lxml.html.Element("br")
    line_break.tail = target.text
    target.text = text
    target.insert(0, line_break)
    return True


def strip_furniture_html(html: str) -> str:
    """The page without furniture elements and with live-blog stamps inside their entries' text;
    the page unchanged (same string) when it has neither, or cannot be parsed."""
    try:
        root = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return html
    changed = False
    entries = [e for e in root.iter() if isinstance(e.tag, str) and _is_entry(e)]
    for entry in entries:
        changed |= _move_stamp(entry)
        if len(entries) > 1 and entry.tag == "article":
            # Extractors take the first <article> of a page for the whole story; on a live blog
            # every entry is one, so they become plain blocks of the one story.
            entry.tag = "div"
            changed = True
    doomed = [
        element
        for element in root.iter()
        if isinstance(element.tag, str) and is_furniture_element(element.tag, element.get("class"), element.get("id"))
    ]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()
            changed = True
    return lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>") if changed else html
