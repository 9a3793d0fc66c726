"""The `rss` source kind: settings, crawl (discovery) and parse (documents)."""

from conflict_events.sources.kind import SourceKind
from conflict_events.sources.rss import crawl, parse

KIND = SourceKind(crawl=crawl.crawl, parse_source=parse.parse_source)
