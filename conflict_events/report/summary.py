"""What `make run` prints at the end: where the file is, how each source fared, and what to do next."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from conflict_events.exports.paths import exports_dir, report_dir
from conflict_events.warehouse.connection import connect

# Dagster run config for a readable console: INFO and above (no DEBUG engine events).
CONSOLE_INFO = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
# Beside a sources file: how its sources are meant to fare (the bundled samples block one on purpose).
EXPECTED_OUTCOMES = "expected_outcomes.yaml"
_MAIN_TABLES = ("documents", "events", "event_mentions", "actors", "places")


def expected_outcomes(sources_path: Path) -> dict[str, dict[str, Any]]:
    path = sources_path.parent / EXPECTED_OUTCOMES
    if not path.exists():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def run_summary(db_path: Path, sources_path: Path) -> str:
    expected = expected_outcomes(sources_path)
    con = connect(db_path, read_only=True)
    try:
        runs = con.execute(
            "SELECT source_id, status, items, errors FROM source_runs ORDER BY source_id"
        ).fetchall()
        counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchall()[0][0] for t in _MAIN_TABLES}
        located = con.execute("SELECT count(*) FROM events WHERE latitude IS NOT NULL").fetchall()[0][0]
    finally:
        con.close()
    width = max((len(r[0]) for r in runs), default=10)
    lines = ["", f"Published {db_path.resolve()}",
             "  " + ", ".join(f"{n} {t}" for t, n in counts.items()) + f" ({located} events located)",
             "", "Sources:"]
    tally: dict[str, int] = {}
    for source_id, status, items, errors in runs:
        tally[status] = tally.get(status, 0) + 1
        note = ""
        if source_id in expected and expected[source_id].get("status") == status:
            note = f"  (expected: {expected[source_id].get('why', 'see README')})"
        elif errors:
            note = f"  ({errors.splitlines()[0][:110]})"
        lines.append(f"  {source_id:<{width}}  {status:<7}  {items:>4} items{note}")
    lines.append("  " + ", ".join(f"{n} {s}" for s, n in sorted(tally.items())))
    report = report_dir(db_path) / "index.html"
    lines += [
        "",
        f"Exports: {exports_dir(db_path).resolve()}/ (Parquet, events_acled.csv, events.geojson, redistributable/)",
        f"Report:  {report.resolve()}  (open it in a browser)",
        "Codebook: docs/CODEBOOK.md",
        "",
        "Next:",
        "  make dev PORT=3000          # the Dagster UI and the nightly schedule",
        f"  .venv/bin/python -c \"import duckdb; print(duckdb.connect('{db_path}', read_only=True)"
        ".sql('from strikes limit 5'))\"",
        f"  xdg-open {report}",
    ]
    return "\n".join(lines)
