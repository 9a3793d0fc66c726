"""The picture of a refresh, as static files (no Dagster, no network): a timeline of events by type and week,
a map of strikes over country outlines, a sources-health table, and data/report/index.html bundling them
with the latest events and their evidence sentences."""
