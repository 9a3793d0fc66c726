"""Stable identifiers: the same input gives the same id on every run."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlsplit, urlunsplit

from courlan import normalize_url

_SHARE_PARAMS = re.compile(r"(utm_[a-z]+|ref|r|s)=")


def canonical_url(url: str) -> str:
    """One spelling per page: courlan normalises (lower-case scheme and host, no default port, sorted
    query, tracking parameters such as utm_*, fbclid and gclid dropped); then no trailing slash and
    no Substack share parameters (ref, r, s), so a shared link and the plain one get one doc_id."""
    stripped = url.strip()
    try:
        normalised = normalize_url(stripped)
    except ValueError:  # courlan refuses a few odd URLs; the plain spelling still gives a stable id
        normalised = stripped
    parts = urlsplit(normalised)
    query = "&".join(kv for kv in parts.query.split("&") if kv and not _SHARE_PARAMS.match(kv))
    path = parts.path.rstrip("/") or ""
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, parts.fragment))


def short_hash(*parts: str, length: int = 16) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]


def doc_id_for(url: str) -> str:
    return "doc_" + short_hash(canonical_url(url))


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def slugify(name: str) -> str:
    """`Volodymyr Zelensky` -> `volodymyr-zelensky` (ASCII, lower case, hyphens)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
