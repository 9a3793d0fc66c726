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


# Stored post bodies (Substack, RSS articles) are revalidated this often; new posts are fetched nightly
# (CONFLICT_EVENTS_REVALIDATE_AFTER_DAYS overrides it; fetch.store.revalidation_due applies it).
DEFAULT_REVALIDATE_AFTER_DAYS = 7.0
# The freshness check warns when the published warehouse is older than this.
FRESHNESS_HOURS = 36.0


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    sources_path: Path
    db_path: Path
    raw_dir: Path
    # The accumulated dataset between refreshes (conflict_events.accumulated), beside the raw store.
    state_dir: Path
    # An operator confirming that the next publish may hold fewer documents/events (shrink guard).
    allow_shrink: bool = False
    # Fraction of a source's documents/events that may disappear without the operator's flag.
    shrink_tolerance: float = 0.0

    @classmethod
    def from_env(cls) -> Settings:
        db = Path(os.environ.get("CONFLICT_EVENTS_DB", PROJECT_ROOT / "data" / "warehouse.duckdb"))
        sources = os.environ.get("CONFLICT_EVENTS_SOURCES")
        raw = Path(os.environ.get("CONFLICT_EVENTS_RAW_DIR", db.parent / "raw"))
        state = os.environ.get("CONFLICT_EVENTS_STATE_DIR")
        return cls(
            sources_path=Path(sources) if sources else OFFLINE_SOURCES_TEMPLATE,
            db_path=db,
            raw_dir=raw,
            state_dir=Path(state) if state else default_state_dir(raw),
            allow_shrink=_flag("CONFLICT_EVENTS_ALLOW_SHRINK"),
            shrink_tolerance=float(os.environ.get("CONFLICT_EVENTS_SHRINK_TOLERANCE", "0") or 0),
        )


def default_state_dir(raw_dir: Path) -> Path:
    """`<raw>/../state`: the accumulated dataset lives beside the raw store it was made from."""
    return Path(raw_dir).parent / "state"
