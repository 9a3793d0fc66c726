"""One way to open DuckDB: with a memory limit, so building, exporting and reporting on a large
warehouse spill to disk instead of growing the refresh's memory (DuckDB's default is 80 % of RAM)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import duckdb

MEMORY_LIMIT_VARIABLE = "CONFLICT_EVENTS_DUCKDB_MEMORY"
# The ACLED export query on 4,000 benchmark posts peaks at +470 MB with 512MB, +260 MB with 256MB (0.5 s slower).
DEFAULT_MEMORY_LIMIT = "256MB"


def memory_limit() -> str:
    return os.environ.get(MEMORY_LIMIT_VARIABLE, "").strip() or DEFAULT_MEMORY_LIMIT


def connect(path: Path | str = ":memory:", *, read_only: bool = False, **config: Any) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to `path` (in memory by default) under the configured memory limit."""
    return duckdb.connect(str(path), read_only=read_only, config={"memory_limit": memory_limit(), **config})
