"""Bytes → text without ever raising: BOM, header charset, in-document declaration, then fallbacks.

A byte-order mark wins over everything (as in the WHATWG encoding standard: it cannot be there by
accident). Then the Content-Type charset, then <meta charset> / <?xml encoding?> in the first bytes.
Declarations are often wrong on small news sites, so each candidate must decode strictly. A
single-byte declaration decodes any bytes, even the wrong ones (a koi8-r <meta> over cp1251 bytes
gives readable-looking nonsense), so its result is checked with charset-normalizer's mess measure and
replaced by the detector's best guess when that reads clearly better. When nothing is declared,
UTF-8, then the detector, then windows-1252; the last resort replaces undecodable bytes.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SNIFF_BYTES = 4096
# The detector and the mess measure look at this much (both are pure Python and slow on megabytes).
_DETECT_BYTES = 65_536
# A declared decoding is kept unless it is this much messier than the detector's guess.
_MESS_MARGIN = 0.1
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([\w.:-]+)[\"']", re.IGNORECASE)
# Labels that mean windows-1252 in practice (WHATWG maps them so; latin-1 pages use cp1252 quotes).
_AS_CP1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii", "windows-1252"}


def _codec(label: str | None) -> str | None:
    """Python codec name for a charset label, or None when unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in _AS_CP1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def bom_encoding(body: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name, len(bom)
    return None


def declared_in_document(body: bytes) -> str | None:
    """The charset of an XML declaration or HTML <meta> near the top, if any."""
    head = body[:_SNIFF_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii", "replace")
    # An ASCII-readable declaration of UTF-16 is a lie (the bytes are not UTF-16).
    return "utf-8" if label.lower().startswith("utf-16") else label


def _is_single_byte(codec: str) -> bool:
    return codec.startswith(("cp", "latin", "iso8859", "koi8", "mac", "windows")) or codec == "ascii"


def _has_multibyte_utf8(body: bytes) -> bool:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(ord(ch) > 127 for ch in text)


def _detected(body: bytes) -> tuple[str, float] | None:
    """charset-normalizer's best codec for the bytes and how messy its decoding reads (0 = clean)."""
    best = from_bytes(body[:_DETECT_BYTES]).best()
    if best is None:
        return None
    codec = _codec(best.encoding)
    return (codec, float(best.chaos)) if codec else None


def _single_byte_or_better(body: bytes, codec: str) -> str:
    """The declared single-byte decoding, unless the bytes plainly are in another encoding."""
    text = body.decode(codec)
    if body.isascii():
        return text
    declared_mess = mess_ratio(text[:_DETECT_BYTES])
    if declared_mess <= _MESS_MARGIN:
        return text
    detected = _detected(body)
    if detected is None or detected[0] == codec or detected[1] >= declared_mess - _MESS_MARGIN:
        return text
    try:
        return body.decode(detected[0])
    except (UnicodeDecodeError, LookupError):
        return text


def decode_body(body: bytes, content_type: str | None = None) -> str:
    """Decode a response body; never raises."""
    if not body:
        return ""
    bom = bom_encoding(body)
    if bom is not None:
        name, skip = bom
        return body[skip:].decode(name, errors="replace")
    candidates = [_codec(header_charset(content_type)), _codec(declared_in_document(body))]
    for codec in candidates:
        if codec is None:
            continue
        if codec.startswith(("utf-16", "utf-32")) and b"\x00" not in body[:64]:
            continue  # a wide encoding would show NUL bytes in ASCII-range text; the label is wrong
        # Valid multi-byte UTF-8 is never an accident; a single-byte label on it is a wrong declaration.
        if _is_single_byte(codec) and _has_multibyte_utf8(body):
            return body.decode("utf-8")
        try:
            return _single_byte_or_better(body, codec) if _is_single_byte(codec) else body.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return _single_byte_or_better(body, "cp1252")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")
