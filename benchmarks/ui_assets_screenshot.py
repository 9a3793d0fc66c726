"""Check the Dagster UI by eye and by API: every contract table is its own asset with column descriptions.

Starts `dagster dev` on a free port with a throw-away DAGSTER_HOME, asks its GraphQL API for every
contract table's asset node (its column schema and descriptions as the UI shows them), then takes
headless-Chromium screenshots of the asset graph and of the `events` asset page. Not a test (a
minute of a loaded machine); run it after changing the asset graph:

    .venv/bin/python benchmarks/ui_assets_screenshot.py [--out /tmp/ui]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TABLES = ["documents", "document_quotes", "events", "event_actors", "event_mentions", "actors", "actor_aliases",
          "places", "weapons", "weapon_aliases", "source_runs"]
QUERY = """
query($key: AssetKeyInput!) { assetNodeOrError(assetKey: $key) { ... on AssetNode {
  assetKey { path } dependencyKeys { path }
  metadataEntries { label ... on TableSchemaMetadataEntry { schema { columns { name description } } } } } } }
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "conflict-events-ui")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="ui-home-"))
    shutil.copy(PROJECT_ROOT / "config" / "dagster.yaml", home / "dagster.yaml")
    # No "Join the Dagster community" dialog over the screenshots (a new instance shows it once).
    with (home / "dagster.yaml").open("a", encoding="utf-8") as config:
        config.write("\nnux:\n  enabled: false\n")
    port = free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    dagster = Path(sys.executable).parent / "dagster"
    server = subprocess.Popen([str(dagster), "dev", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)],
                              cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/server_info", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(1)
        problems = []
        for table in TABLES:
            node = httpx.post(f"{base}/graphql", timeout=60, json={
                "query": QUERY, "variables": {"key": {"path": [table]}}}).json()["data"]["assetNodeOrError"]
            schemas = [e["schema"] for e in node.get("metadataEntries", []) if e.get("schema")]
            columns = schemas[0]["columns"] if schemas else []
            described = sum(1 for c in columns if c.get("description"))
            print(f"{table:16s} upstream {[k['path'][0] for k in node.get('dependencyKeys', [])]}  "
                  f"{described}/{len(columns)} columns described")
            if not node.get("assetKey"):
                problems.append(f"{table}: not an asset")
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if chromium:
            for name, path in (("graph", "/asset-groups"), ("events", "/assets/events")):
                shot = args.out / f"{name}.png"
                subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1600,1000",
                                "--virtual-time-budget=15000", f"--screenshot={shot}", base + path],
                               capture_output=True, timeout=120)
                print(f"screenshot {shot} ({shot.stat().st_size if shot.exists() else 0} bytes)")
        else:
            print("no chromium on PATH: screenshots skipped")
        for problem in problems:
            print("PROBLEM", problem)
        return 1 if problems else 0
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
