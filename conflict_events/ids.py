"""Stable identifiers: the same input gives the same id on every run."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlsplit, urlunsplit


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no trailing slash, no tracking query."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.port and not (
        (parts.scheme == "http" and parts.port == 80) or (parts.scheme == "https" and parts.port == 443)
    ):
        host = f"{host}:{parts.port}"
    query = "&".join(
        kv for kv in parts.query.split("&") if kv and not re.match(r"(utm_[a-z]+|ref|r|s)=", kv)
    )
    path = parts.path.rstrip("/") or ""
    return urlunsplit((parts.scheme.lower(), host, path, query, parts.fragment))


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
