"""The pipeline's configuration as a Dagster resource (defaults from the environment)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from conflict_events.accumulated import AccumulatedState
from conflict_events.fetch.store import RawStore
from conflict_events.settings import SQL_DIR, Settings, default_state_dir
from conflict_events.sources.config import SourceConfig, SourcesConfigError
from conflict_events.sources.offline import read_sources

# Every asset that writes the raw store, the accumulated state or the published file is in this pool.
# With `concurrency.pools.granularity: run` (config/dagster.yaml) a run holding any of them keeps
# every other such run queued, whoever launched it: the job, the schedule, "Materialize all", one asset.
REFRESH_POOL = "conflict_events_refresh"


class PipelineConfig(dg.ConfigurableResource):
    """Where the sources file, the raw captures, the accumulated state and the published file live."""

    sources_path: str
    db_path: str
    raw_dir: str
    sql_dir: str = str(SQL_DIR)
    state_dir: str = ""  # default: beside the raw store (settings.default_state_dir)
    allow_shrink: bool = False  # the operator confirms that this publish may remove documents/events
    shrink_tolerance: float = 0.0
    # Source ids to fetch in this run (empty: all). The other sources keep what is stored and are not
    # requested, so one source can be refreshed or backfilled alone; the dataset still holds them all.
    fetch_only: list[str] | None = None

    @classmethod
    def from_env(cls) -> PipelineConfig:
        settings = Settings.from_env()
        return cls(
            sources_path=str(settings.sources_path),
            db_path=str(settings.db_path),
            raw_dir=str(settings.raw_dir),
            state_dir=str(settings.state_dir),
            allow_shrink=settings.allow_shrink,
            shrink_tolerance=settings.shrink_tolerance,
        )

    def sources(self) -> list[SourceConfig]:
        sources = read_sources(Path(self.sources_path))
        if not sources:
            raise SourcesConfigError(f"sources file {self.sources_path}: the 'sources:' list is empty")
        return sources

    def sources_to_fetch(self) -> list[SourceConfig]:
        """The sources this run fetches (`fetch_only`, in configuration order); an unknown id is an error."""
        sources = self.sources()
        if not self.fetch_only:
            return sources
        unknown = sorted(set(self.fetch_only) - {s.id for s in sources})
        if unknown:
            raise SourcesConfigError(f"fetch_only names sources not in {self.sources_path}: {', '.join(unknown)}")
        return [s for s in sources if s.id in self.fetch_only]

    def store(self) -> RawStore:
        return RawStore(Path(self.raw_dir))

    def state(self) -> AccumulatedState:
        return AccumulatedState(Path(self.state_dir) if self.state_dir else default_state_dir(Path(self.raw_dir)))
