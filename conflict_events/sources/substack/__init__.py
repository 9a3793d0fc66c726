"""The `substack` source kind: settings, crawl (discovery) and parse (documents)."""

from conflict_events.sources.kind import SourceKind
from conflict_events.sources.substack.crawl import crawl
from conflict_events.sources.substack.parse import parse_source

KIND = SourceKind(crawl=crawl, parse_source=parse_source)
