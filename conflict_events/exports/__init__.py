"""Files for other tools, written from the published DuckDB file (no Dagster): Parquet per table with the
column comments in the file metadata, an ACLED-shaped events CSV, a GeoJSON of located events, a copy of
the tables without full document texts for redistribution, and the codebook (codebook.py)."""
