"""URL facts the fetcher decides by: the host a URL names, whether a source may reach it, credentials carried
in the URL, and ports no request can use."""

from __future__ import annotations

import base64
from urllib.parse import unquote, urlsplit, urlunsplit


def host_of(url: str) -> str:
    """host[:port], lower case, the unit a source's own and allowed hosts are named in."""
    return urlsplit(url).netloc.rsplit("@", 1)[-1].lower()


def host_allowed(url: str, hosts: frozenset[str]) -> bool:
    """A host matches itself, its `www.` twin, and a bare host name listed without a port."""
    netloc = host_of(url)
    name = netloc.rsplit(":", 1)[0] if not netloc.endswith("]") else netloc
    candidates = {netloc, name, netloc.removeprefix("www."), "www." + netloc}
    return bool(candidates & hosts)


def split_credentials(url: str) -> tuple[str, str | None]:
    """The URL without user:password, and the Basic Authorization header they stand for (if any)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None
    userinfo, host = parts.netloc.rsplit("@", 1)
    user, _, password = userinfo.partition(":")
    token = base64.b64encode(f"{unquote(user)}:{unquote(password)}".encode()).decode("ascii")
    return urlunsplit(parts._replace(netloc=host)), f"Basic {token}"


def port_problem(url: str) -> str | None:
    try:
        port = urlsplit(url).port
    except ValueError as exc:
        return f"invalid port in URL ({exc})"
    return "invalid port in URL (port 0)" if port == 0 else None
