"""Small helpers shared by the pipeline and warehouse tests."""

from __future__ import annotations

import socket

# The tables DATASET.md promises analysts (written out here, not derived from the code under test).
CONTRACT_TABLES = ["documents", "actors", "actor_aliases", "events", "event_actors", "event_mentions",
                   "weapons", "weapon_aliases", "places"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
