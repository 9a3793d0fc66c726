"""The state actor of a country: an armed force strikes for its state, a visit to a capital meets its state."""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from conflict_events.extract import roles as R
from conflict_events.normalise.actors import load_actor_reference


@lru_cache(maxsize=1)
def _states_by_country() -> dict[str, tuple[str, str]]:
    """country code -> (actor_id, name) of the state actor (the reference's first state of it)."""
    actors = load_actor_reference().actors.filter(pl.col("actor_type") == "state")
    out: dict[str, tuple[str, str]] = {}
    for actor_id, name, country in actors.select("actor_id", "name", "country_code").iter_rows():
        if country:
            out.setdefault(country, (actor_id, name))
    return out


def state_of(country_code: str | None, start: int, end: int, surface: str) -> R.ActorMention | None:
    """The state of `country_code` as a derived mention standing at start..end (what it stands for)."""
    state = _states_by_country().get(country_code or "")
    if state is None:
        return None
    return R.ActorMention(start, end, state[0], "state", "derived", country_code, state[1], None, surface)
