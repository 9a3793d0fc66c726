"""Process-wide settings read from the environment (see ARCHITECTURE.md, "Configuration")."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The default: the bundled offline samples, a recorded site served on loopback while the run fetches.
OFFLINE_SOURCES_TEMPLATE = PROJECT_ROOT / "samples" / "sources.template.yaml"
# The real sites, for live refreshes: CONFLICT_EVENTS_SOURCES=config/sources.yaml
PRODUCTION_SOURCES = PROJECT_ROOT / "config" / "sources.yaml"
SQL_DIR = PROJECT_ROOT / "sql"


@dataclass(frozen=True)
class Settings:
    sources_path: Path
    db_path: Path
    raw_dir: Path

    @classmethod
    def from_env(cls) -> Settings:
        db = Path(os.environ.get("CONFLICT_EVENTS_DB", PROJECT_ROOT / "data" / "warehouse.duckdb"))
        sources = os.environ.get("CONFLICT_EVENTS_SOURCES")
        raw = os.environ.get("CONFLICT_EVENTS_RAW_DIR", db.parent / "raw")
        return cls(
            sources_path=Path(sources) if sources else OFFLINE_SOURCES_TEMPLATE,
            db_path=db,
            raw_dir=Path(raw),
        )
