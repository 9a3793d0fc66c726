"""Where the exports and the report go: beside the DB unless the environment says otherwise."""

from __future__ import annotations

import os
from pathlib import Path


def exports_dir(db_path: Path) -> Path:
    """CONFLICT_EVENTS_EXPORTS_DIR, default `exports/` beside the DB file."""
    return Path(os.environ.get("CONFLICT_EVENTS_EXPORTS_DIR") or db_path.parent / "exports")


def report_dir(db_path: Path) -> Path:
    """CONFLICT_EVENTS_REPORT_DIR, default `report/` beside the DB file."""
    return Path(os.environ.get("CONFLICT_EVENTS_REPORT_DIR") or db_path.parent / "report")
