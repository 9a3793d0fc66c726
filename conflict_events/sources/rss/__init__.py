"""The `rss` source kind: settings, crawl (discovery) and parse (documents)."""

from conflict_events.sources.kind import SourceKind
from conflict_events.sources.rss.crawl import crawl
from conflict_events.sources.rss.parse import parse_source

KIND = SourceKind(crawl=crawl, parse_source=parse_source)
