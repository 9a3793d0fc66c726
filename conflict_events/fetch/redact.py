"""Credentials in URLs (`https://user:secret@host/...`) are used for the request and shown nowhere else:
every URL that reaches a log line, an error message or the raw store goes through `redact_url`."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

MASK = "***"
# userinfo in any URL inside free text (an exception message may quote the URL it failed on)
_USERINFO_IN_TEXT = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<userinfo>[^/@\s?#]+)@")


def redact_url(url: str) -> str:
    """The URL with any user name and password replaced by ***."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact_text(url)
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{MASK}@{host}"))


def redact_text(text: str) -> str:
    """Free text with the userinfo of every URL in it replaced by ***."""
    return _USERINFO_IN_TEXT.sub(lambda m: f"{m.group('scheme')}{MASK}@", text)
