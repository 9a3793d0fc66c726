"""The source kinds, by the name a sources file gives in `kind:`. One line per kind.

A kind is a folder `sources/<kind>/` with `settings.py` (what crawl and parse agree on: roles, URL
shapes, limits), `crawl.py` (discovery: links, ids, counts) and `parse.py` (stored bodies → documents),
whose `__init__.py` exports `KIND`. The sources file is validated against this mapping.
"""

from __future__ import annotations

from conflict_events.sources import rss, substack, telegram
from conflict_events.sources.kind import SourceKind

KINDS: dict[str, SourceKind] = {
    "substack": substack.KIND,
    "rss": rss.KIND,
    "telegram": telegram.KIND,
}


def source_kind(kind: str) -> SourceKind:
    try:
        return KINDS[kind]
    except KeyError:
        raise KeyError(f"unknown source kind {kind!r} (known: {', '.join(KINDS)})") from None
