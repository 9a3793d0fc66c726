"""One way to open DuckDB: with a memory limit, so building, exporting and reporting on a large
warehouse spill to disk instead of growing the refresh's memory (DuckDB's default is 80 % of RAM)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import duckdb

MEMORY_LIMIT_VARIABLE = "CONFLICT_EVENTS_DUCKDB_MEMORY"
# Not lower: at 256MB the ACLED export query (string_agg, window functions) on 4,000 benchmark posts ran out
# of memory inside a refresh instead of spilling.
DEFAULT_MEMORY_LIMIT = "512MB"


def memory_limit() -> str:
    return os.environ.get(MEMORY_LIMIT_VARIABLE, "").strip() or DEFAULT_MEMORY_LIMIT


def connect(path: Path | str = ":memory:", *, read_only: bool = False, **config: Any) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to `path` (in memory by default) under the configured memory limit."""
    return duckdb.connect(str(path), read_only=read_only, config={"memory_limit": memory_limit(), **config})
