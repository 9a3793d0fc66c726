"""The pipeline's configuration as a Dagster resource (defaults from the environment)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from conflict_events.fetch.store import RawStore
from conflict_events.settings import SQL_DIR, Settings
from conflict_events.sources.config import SourceConfig
from conflict_events.sources.offline import read_sources


class PipelineConfig(dg.ConfigurableResource):
    """Where the sources file, the raw captures and the published DuckDB file live."""

    sources_path: str
    db_path: str
    raw_dir: str
    sql_dir: str = str(SQL_DIR)

    @classmethod
    def from_env(cls) -> PipelineConfig:
        settings = Settings.from_env()
        return cls(
            sources_path=str(settings.sources_path),
            db_path=str(settings.db_path),
            raw_dir=str(settings.raw_dir),
        )

    def sources(self) -> list[SourceConfig]:
        return read_sources(Path(self.sources_path))

    def store(self) -> RawStore:
        return RawStore(Path(self.raw_dir))
