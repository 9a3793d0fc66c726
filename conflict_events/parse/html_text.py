"""HTML → clean text with exact paragraph and blockquote offsets (shared by every HTML parser).

The text is the reader-visible prose only: paragraphs (p, li, headings, pre, table cells, loose text
in containers) joined by "\n\n"; captions, photo credits, read-more lines and ad slots are furniture
(parse.furniture) and left out. A paragraph never contains "\n\n" itself; a `<br>` becomes
a single "\n". Blockquoted paragraphs stay paragraphs of their own and each outermost blockquote is
recorded as one character range, so `text[start:end]` is exactly the quoted words.

Removed before reading: scripts/styles, page chrome (nav, header, footer, aside, forms, buttons),
images and media, and the widgets newsletter platforms put inside the body (subscribe boxes, share
buttons, embedded post cards, paywall stubs, footnote anchors).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import (
    BeautifulSoup,
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    PageElement,
    ProcessingInstruction,
    Tag,
)

from conflict_events.parse.furniture import is_furniture_element, is_furniture_paragraph

PARAGRAPH_SEPARATOR = "\n\n"

# Elements that start and end a paragraph. Everything else is inline and flows into the current one.
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "blockquote", "body", "center", "dd", "details", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "html", "li",
        "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "ul",
    }
)  # fmt: skip

# Never reader prose: dropped with everything inside.
_REMOVED_TAGS = frozenset(
    {
        "aside", "audio", "button", "canvas", "embed", "footer", "form", "head", "header", "iframe",
        "img", "input", "link", "map", "meta", "nav", "noscript", "object", "picture", "script",
        "select", "source", "style", "svg", "template", "textarea", "title", "video",
    }
)  # fmt: skip

# Class names of widgets. "subscri"/"paywall" anywhere in a class name; the others as whole
# hyphen-separated words so that e.g. "shared-heading" or "sharepoint" are not caught.
_JUNK_CLASS_ANYWHERE = re.compile(
    r"subscri|paywall|embedded-post|post-embed|embedded-publication|install-substack-app|poll-embed"
)
_JUNK_CLASS_WORD = re.compile(
    r"(?:^|[-_])(?:share|sharing|button-wrapper|captioned-button|footnote-anchor|footnote-number"
    r"|image-link|image2-inset|like-button|comment-button|post-ufi|restack|cta-caption)(?:[-_]|$)"
)
# Substack marks its widgets with data-component-name (SubscribeWidgetToDOM, EmbeddedPostToDOM, ...).
_JUNK_COMPONENT = re.compile(
    r"subscribe|embeddedpost|embeddedpublication|digestpost|paywall|button|share|footnoteanchor|image2|gallery"
    r"|poll|installsubstackapp",
    re.IGNORECASE,
)
# Invisible characters that only break word matching downstream.
_INVISIBLE = re.compile("[\u200b\u00ad\ufeff]")
_LINE_BREAK = "\x00"  # stands for <br> while a paragraph is being assembled
_SKIPPED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)


@dataclass(frozen=True)
class CleanText:
    text: str
    quote_spans: list[tuple[int, int]] = field(default_factory=list)  # one per outermost blockquote
    paragraph_spans: list[tuple[int, int]] = field(default_factory=list)


def is_junk(tag: Tag) -> bool:
    """A widget or piece of page chrome that holds no prose of the author."""
    if tag.name in _REMOVED_TAGS:
        return True
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    for name in classes:
        lowered = name.lower()
        if _JUNK_CLASS_ANYWHERE.search(lowered) or _JUNK_CLASS_WORD.search(lowered):
            return True
    component = tag.get("data-component-name")
    if isinstance(component, str) and _JUNK_COMPONENT.search(component):
        return True
    element_id = tag.get("id")
    return is_furniture_element(tag.name, classes, element_id if isinstance(element_id, str) else None)


def _normalise_inline(raw: str) -> str:
    text = re.sub(r"\s+", " ", _INVISIBLE.sub("", raw))
    text = re.sub(f" *{_LINE_BREAK}[ {_LINE_BREAK}]*", "\n", text)
    return text.strip(" \n")


def _normalise_preformatted(raw: str) -> str:
    lines = [line.rstrip() for line in _INVISIBLE.sub("", raw).replace(_LINE_BREAK, "\n").splitlines()]
    # Blank lines inside <pre> would read as paragraph breaks, so they are dropped.
    return "\n".join(line for line in lines if line.strip()).strip("\n")


@dataclass(frozen=True)
class _Leave:
    """Walk-stack marker: the block element `name` ends here."""

    name: str


class _Builder:
    """Collects paragraphs in document order and keeps their offsets in the final text."""

    def __init__(self, *, drop_furniture: bool = False) -> None:
        self.drop_furniture = drop_furniture  # captions, credits, read-more lines never enter the text
        self.parts: list[str] = []
        self.length = 0
        self.paragraph_spans: list[tuple[int, int]] = []
        self.quote_spans: list[tuple[int, int]] = []
        self.buffer: list[str] = []
        self.quote_depth = 0
        self.pre_depth = 0
        self.quote_first_paragraph = 0

    def flush(self) -> None:
        raw = "".join(self.buffer)
        self.buffer.clear()
        paragraph = _normalise_preformatted(raw) if self.pre_depth else _normalise_inline(raw)
        if not paragraph:
            return
        if self.drop_furniture and not self.quote_depth and is_furniture_paragraph(paragraph):
            return
        if self.parts:
            self.parts.append(PARAGRAPH_SEPARATOR)
            self.length += len(PARAGRAPH_SEPARATOR)
        self.parts.append(paragraph)
        self.paragraph_spans.append((self.length, self.length + len(paragraph)))
        self.length += len(paragraph)

    def enter_block(self, name: str) -> None:
        self.flush()
        if name == "blockquote":
            if self.quote_depth == 0:
                self.quote_first_paragraph = len(self.paragraph_spans)
            self.quote_depth += 1
        elif name == "pre":
            self.pre_depth += 1

    def leave_block(self, name: str) -> None:
        self.flush()
        if name == "blockquote" and self.quote_depth:
            self.quote_depth -= 1
            if self.quote_depth == 0 and len(self.paragraph_spans) > self.quote_first_paragraph:
                start = self.paragraph_spans[self.quote_first_paragraph][0]
                self.quote_spans.append((start, self.paragraph_spans[-1][1]))
        elif name == "pre" and self.pre_depth:
            self.pre_depth -= 1

    def result(self) -> CleanText:
        self.flush()
        return CleanText("".join(self.parts), self.quote_spans, self.paragraph_spans)


def html_to_text(html: str | bytes | None) -> CleanText:
    """Clean reader text of an HTML fragment or page. Never raises on malformed markup."""
    if not html:
        return CleanText("")
    soup = BeautifulSoup(html, "lxml")
    builder = _Builder(drop_furniture=True)
    # An explicit stack instead of recursion: malformed pages can nest thousands of unclosed tags.
    stack: list[PageElement | _Leave] = [soup]
    while stack:
        node = stack.pop()
        if isinstance(node, _Leave):
            builder.leave_block(node.name)
            continue
        if isinstance(node, NavigableString):
            if not isinstance(node, _SKIPPED_STRINGS):
                builder.buffer.append(str(node))
            continue
        if not isinstance(node, Tag):
            continue
        if node is not soup:
            if node.name == "br":
                builder.buffer.append(_LINE_BREAK)
                continue
            if is_junk(node):
                continue
            if node.name in _BLOCK_TAGS:
                builder.enter_block(node.name)
                stack.append(_Leave(node.name))
        stack.extend(reversed(node.contents))
    return builder.result()


def plain_text_to_clean(text: str | None) -> CleanText:
    """Clean text from plain text (comments, teaser text): blank lines separate paragraphs."""
    if not text:
        return CleanText("")
    builder = _Builder()
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        builder.buffer.append(block.replace("\n", _LINE_BREAK))
        builder.flush()
    return builder.result()
