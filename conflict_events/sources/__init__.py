"""Source configuration and the crawlers of each source kind."""
