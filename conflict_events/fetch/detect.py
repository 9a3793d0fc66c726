"""Recognise error pages that arrive looking like answers (pure functions, no I/O).

Bot walls (Cloudflare challenges, Akamai "Access Denied", captcha pages) often come with status 200
or 403; Substack's rate limit can come as a tiny ``<pre>Too Many Requests</pre>`` page; an API may
answer an HTML error page where JSON was asked for. Only the head of a body is inspected, and only
markers that a real article would not carry in its <title> or markup are used, to avoid flagging a
report that merely talks about "access denied".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

Expect = Literal["json", "xml", "html", "text", "any"]

_HEAD_BYTES = 65_536  # bot-wall pages are small; markers sit near the top
_RATE_LIMIT_PAGE_MAX = 4_096
# A title alone is trusted only on small pages: a long article may be called "Access denied: ...".
_WALL_PAGE_MAX = 300_000
_WALL_TITLE_MAX = 120

_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)
# Titles used by challenge / block pages of the common bot-protection services.
_WALL_TITLES = re.compile(
    rb"^\s*(just a moment|attention required|access denied|please wait|one more step|"
    rb"security check|ddos-guard|are you a (ro)?bot|verify(ing)? you are (a )?human|"
    rb"pardon our interruption|captcha|request rejected|access to this page has been denied|"
    rb"you have been blocked|403 forbidden|bot verification)",
    re.IGNORECASE,
)
# Markup that appears only on challenge / block pages, never on a served article.
_WALL_MARKERS = re.compile(
    rb"cf_chl_opt|cf-browser-verification|id=\"challenge-form\"|challenges\.cloudflare\.com/turnstile|"
    rb"Incapsula incident ID|geo\.captcha-delivery\.com/captcha|"
    rb"px-captcha|Reference&#32;&#35;[0-9a-f.]+|You don't have permission to access",
    re.IGNORECASE,
)
_RATE_LIMIT_PAGE = re.compile(
    rb"<pre>\s*Too Many Requests\s*</pre>|<title>\s*429 Too Many Requests\s*</title>", re.IGNORECASE
)
_BOM = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_HTML_START = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_XML_DOC_START = re.compile(rb"<\?xml|<!--|<!DOCTYPE\s|<rss[\s>]|<feed[\s>]|<rdf:RDF[\s>]|<[A-Za-z_][\w:.-]*[\s>/]")
_JSON_START = re.compile(rb"[\[{\"\-0-9]|true\b|false\b|null\b")


def _head(body: bytes, limit: int = _HEAD_BYTES) -> bytes:
    head = body[:limit]
    for bom in _BOM:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:8]:
        head = head.replace(b"\x00", b"")  # UTF-16: good enough for ASCII markers
    return head.lstrip()


def _header(headers: Mapping[str, str], name: str) -> str:
    wanted = name.lower()
    return next((v for k, v in headers.items() if k.lower() == wanted), "")


def page_title(body: bytes) -> str | None:
    match = _TITLE.search(_head(body))
    if not match:
        return None
    return match.group(1).decode("utf-8", "replace").strip()


def bot_wall_reason(status: int, headers: Mapping[str, str], body: bytes) -> str | None:
    """Why this response looks like a bot wall, or None. Checked for any status."""
    if _header(headers, "cf-mitigated").lower() == "challenge":
        return "Cloudflare challenge (cf-mitigated: challenge)"
    head = _head(body)
    if not looks_like_html(head) and status == 200:
        return None
    match = _TITLE.search(head)
    if (
        match
        and len(body) <= _WALL_PAGE_MAX
        and len(match.group(1).strip()) <= _WALL_TITLE_MAX
        and _WALL_TITLES.search(match.group(1))
    ):
        title = " ".join(match.group(1).decode("utf-8", "replace").split())
        return f"bot wall page (title {title!r})"
    marker = _WALL_MARKERS.search(head)
    if marker:
        return f"bot wall page (marker {marker.group(0).decode('utf-8', 'replace')!r})"
    return None


def is_rate_limit_page(body: bytes) -> bool:
    """Substack-style 'Too Many Requests' page (it may come with status 200)."""
    return len(body) <= _RATE_LIMIT_PAGE_MAX and bool(_RATE_LIMIT_PAGE.search(_head(body)))


def looks_like_html(body: bytes) -> bool:
    """Markup that opens like an HTML document (a doctype, comment or XML declaration may come first)."""
    head = _head(body, 2048)
    if not head.startswith(b"<") or head.startswith((b"<rss", b"<feed", b"<rdf")):
        return False
    return bool(_HTML_START.search(head[:1024]))


def content_mismatch(expect: Expect, content_type: str, body: bytes) -> str | None:
    """Why the body is not the expected kind of content, or None when it plausibly is."""
    if expect in ("any", "text"):
        return None
    head = _head(body, 2048)
    ctype = content_type.split(";")[0].strip().lower()
    if expect == "json":
        if _JSON_START.match(head):
            return None
        if looks_like_html(head):
            return f"HTML where JSON was expected (content-type {ctype or 'none'})"
        return f"not JSON (content-type {ctype or 'none'}, starts {head[:40]!r})"
    if expect == "xml":
        if looks_like_html(head) and not re.search(rb"<(rss|feed|rdf:RDF)[\s>]", head):
            return f"HTML where XML was expected (content-type {ctype or 'none'})"
        if not _XML_DOC_START.match(head):
            return f"not XML (content-type {ctype or 'none'}, starts {head[:40]!r})"
        return None
    # expect == "html"
    if ctype in ("application/json", "application/pdf") or head.startswith((b"{", b"%PDF")):
        return f"not HTML (content-type {ctype or 'none'}, starts {head[:40]!r})"
    return None


# Bytes that never occur in text: NUL and the C0 controls other than tab, newline, form feed, return, ESC.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_NOT_TEXT_SAMPLE = 8192
_NOT_TEXT_RATIO = 0.02  # random bytes have ~11% of them; real pages a handful at most
_TEXTUAL_TYPES = re.compile(r"^(text/|application/(xhtml\+xml|xml|json|rss\+xml|atom\+xml|ld\+json)\b)")


def not_text_reason(expect: Expect, content_type: str, body: bytes) -> str | None:
    """Why a body declared (or expected) as text is not text, or None.

    Random binary served as text/html decodes into thousands of characters of mojibake; storing that
    as an article is worse than storing nothing, so such a capture is refused as bad."""
    ctype = content_type.split(";")[0].strip().lower()
    if not (_TEXTUAL_TYPES.match(ctype) or (not ctype and expect in ("html", "xml", "json", "text"))):
        return None
    head = body[:_NOT_TEXT_SAMPLE]
    if not head or head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        return None  # UTF-16/32 with a BOM is text full of NUL bytes
    controls = sum(head.count(bytes([b])) for b in _CONTROL_BYTES)
    if controls / len(head) > _NOT_TEXT_RATIO:
        return (
            f"binary bytes served as {ctype or 'text'} ({controls} control bytes in the first {len(head)}); "
            "not stored as text"
        )
    return None
