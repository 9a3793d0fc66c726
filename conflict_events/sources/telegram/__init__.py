"""The `telegram` source kind: settings, crawl (discovery) and parse (documents)."""

from conflict_events.sources.kind import SourceKind
from conflict_events.sources.telegram.crawl import crawl
from conflict_events.sources.telegram.parse import parse_source

KIND = SourceKind(crawl=crawl, parse_source=parse_source)
