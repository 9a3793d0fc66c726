"""Refresh cost at realistic scale (not a test): first run, unchanged re-run, re-run after 10 new posts.

Generates a recorded Substack publication of N posts of 1,500-3,000 words (templated sentences from
benchmarks/extraction.py: strikes, meetings, calls, statements, sanctions, filler), serves it on
loopback with the rate limit raised, and materialises every asset three times through Dagster, each
run in its own process (so peak RSS is per run). Prints per run: wall time, seconds per asset,
documents/s, peak RSS (of the run and per asset), bodies downloaded, documents extracted, and merge
seconds per 1,000 sentences.

    .venv/bin/python benchmarks/refresh.py --docs 1000 [--seed 7] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))

PUBLICATION = "/bench"
# The assets' steps (every other step is an asset check).
ASSET_STEPS = ("raw_captures", "source_runs", "documents", "document_quotes", "document_findings", "contract_tables",
               "warehouse", "exports", "report")
START = dt.datetime(2024, 1, 1, 8, tzinfo=dt.UTC)


def _post(i: int, rng: random.Random) -> dict[str, object]:
    from extraction import WHEN, _sentence  # the templated sentences of the extraction benchmark

    words_wanted = rng.randint(1500, 3000)
    slug = f"post-{i:06d}"
    posted = START + dt.timedelta(hours=6 * i)
    # Dates named in full lie in the days before the post, as in a weekly: with the extraction
    # benchmark's fixed "3 April" every post of a three-year publication would report the same day.
    day, night = (posted - dt.timedelta(days=rng.randint(1, 6)) for _ in range(2))
    relative = [w for w in WHEN if not any(c.isdigit() for c in w)]
    when = [*relative, f"on {day.day} {day:%B}", f"on the night of {night.day} {night:%B}"]
    paragraphs, words = [], 0
    while words < words_wanted:
        paragraph = " ".join(_sentence(rng, when) for _ in range(rng.randint(3, 7)))
        paragraphs.append(f"<p>{paragraph}</p>")
        words += len(paragraph.split())
    return {
        "id": 700000 + i, "title": f"Weekly notes {i}", "subtitle": f"Issue {i}", "slug": slug,
        "post_date": posted.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "audience": "everyone", "type": "newsletter",
        "canonical_url": f"{{{{BASE}}}}{PUBLICATION}/p/{slug}", "wordcount": words, "comment_count": 0,
        "publishedBylines": [{"id": 1, "name": "Bench Author"}], "body_html": "".join(paragraphs),
    }


def write_site(root: Path, n: int, seed: int) -> None:
    """The publication with posts 0..n-1 (newest = highest number), archive pages of 50."""
    rng = random.Random(seed)
    site = root / "site"
    (site / "posts").mkdir(parents=True, exist_ok=True)
    posts = []
    for i in range(n):
        path = site / "posts" / f"post-{i:06d}.json"
        if not path.exists():
            path.write_text(json.dumps(_post(i, random.Random(seed * 1_000_003 + i))), encoding="utf-8")
        posts.append(i)
    rng.random()
    newest_first = sorted(posts, reverse=True)
    routes = [{"path": "/robots.txt", "file": "robots.txt", "content_type": "text/plain"}]
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    (site / "archive").mkdir(exist_ok=True)
    for page, offset in enumerate(range(0, len(newest_first) + 1, 50)):
        entries = []
        for i in newest_first[offset: offset + 50]:
            full = json.loads((site / "posts" / f"post-{i:06d}.json").read_text(encoding="utf-8"))
            entries.append({k: v for k, v in full.items() if k != "body_html"})
        name = f"archive/{page}.json"
        (site / name).write_text(json.dumps(entries), encoding="utf-8")
        routes.append({"path": f"{PUBLICATION}/api/v1/archive", "query": {"offset": str(offset)}, "file": name,
                       "content_type": "application/json"})
    (site / "archive" / "empty.json").write_text("[]", encoding="utf-8")
    routes.append({"path": f"{PUBLICATION}/api/v1/archive", "file": "archive/empty.json",
                   "content_type": "application/json"})
    items = "".join(
        f"<item><title>Weekly notes {i}</title><link>{{{{BASE}}}}{PUBLICATION}/p/post-{i:06d}</link>"
        f"<guid>{{{{BASE}}}}{PUBLICATION}/p/post-{i:06d}</guid></item>"
        for i in newest_first[:20]
    )
    (site / "feed.xml").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>{items}'
                                   "</channel></rss>", encoding="utf-8")
    routes.append({"path": f"{PUBLICATION}/feed", "file": "feed.xml", "content_type": "application/rss+xml"})
    for i in posts:
        routes.append({"path": f"{PUBLICATION}/api/v1/posts/post-{i:06d}", "file": f"posts/post-{i:06d}.json",
                       "content_type": "application/json"})
    (site / "routes.json").write_text(json.dumps(routes), encoding="utf-8")
    (root / "sources.yaml").write_text(
        "sources:\n  - {id: bench, kind: substack, url: '{{BASE}}" + PUBLICATION + "', source_kind: newsletter,"
        " language: en, requests_per_second: 2000}\n", encoding="utf-8")


class _RssSampler:
    """The process's resident memory every 50 ms, to find each step's peak (ru_maxrss is only the
    run's)."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        page_mb = os.sysconf("SC_PAGE_SIZE") / 2**20
        while not self._stop.is_set():
            with open("/proc/self/statm", encoding="ascii") as statm:
                self.samples.append((time.time(), int(statm.read().split()[1]) * page_mb))
            self._stop.wait(0.05)

    def __enter__(self) -> _RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def peak(self, start: float, end: float) -> float:
        return round(max((mb for t, mb in self.samples if start <= t <= end), default=0.0), 1)


def _step_peaks(instance: object, run_id: str, sampler: _RssSampler) -> dict[str, float]:
    """Peak RSS (MB) while each asset step ran."""
    spans: dict[str, list[float]] = {}
    for record in instance.all_logs(run_id):  # type: ignore[attr-defined]
        event = record.dagster_event
        if event is None or event.step_key not in ASSET_STEPS:
            continue
        if event.event_type_value == "STEP_START":
            spans[event.step_key] = [record.timestamp, record.timestamp]
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE") and event.step_key in spans:
            spans[event.step_key][1] = record.timestamp
    return {step: sampler.peak(start, end) for step, (start, end) in spans.items()}


def run_once(root: Path) -> dict[str, object]:
    """One refresh in this process (called in a child process by main)."""
    import dagster as dg

    from assets.io import PolarsParquetIOManager
    from assets.resources import PipelineConfig
    from pipelines.definitions import ALL_ASSETS, ALL_CHECKS

    pipeline = PipelineConfig(sources_path=str(root / "sources.yaml"), db_path=str(root / "out" / "w.duckdb"),
                              raw_dir=str(root / "out" / "raw"))
    (root / "dagster_home").mkdir(exist_ok=True)
    started = time.perf_counter()
    with dg.DagsterInstance.local_temp(str(root / "dagster_home")) as instance, _RssSampler() as sampler:
        result = dg.materialize([*ALL_ASSETS, *ALL_CHECKS], instance=instance, raise_on_error=False,
                                resources={"pipeline": pipeline, "io_manager": PolarsParquetIOManager()})
        wall = time.perf_counter() - started
        step_peaks = _step_peaks(instance, result.run_id, sampler)
        steps = {e.step_key: round(e.event_specific_data.duration_ms / 1000, 2)
                 for e in result.get_step_success_events()}
        meta: dict[str, dict[str, object]] = {}
        for event in result.get_asset_materialization_events():
            m = event.event_specific_data.materialization if event.event_specific_data else None
            if m is not None:
                meta[m.asset_key.to_user_string()] = {k: v.value for k, v in m.metadata.items()}
    runs = meta.get("raw_captures", {})
    found = meta.get("event_candidates", {})
    events = meta.get("events", {})
    docs = meta.get("documents", {})
    return {
        "success": result.success,
        "wall_s": round(wall, 1),
        "steps_s": {k: v for k, v in steps.items() if k in ASSET_STEPS},
        "checks_s": round(sum(v for k, v in steps.items() if k not in ASSET_STEPS), 2),
        "documents": docs.get("dagster/row_count"),
        "bodies_downloaded": runs.get("downloaded"),
        "requests": runs.get("requested"),
        "documents_extracted": found.get("documents_extracted"),
        "sentences_extracted": found.get("sentences_extracted"),
        "merge_s": events.get("merge_seconds"),
        "merge_documents": events.get("merge_documents_merged"),
        "merge_candidates_rebuilt": events.get("merge_candidates_rebuilt"),
        "events": events.get("dagster/row_count"),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "step_peak_rss_mb": step_peaks,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="work in this folder (kept) instead of a temporary one")
    parser.add_argument("--run-one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_one:
        print(json.dumps(run_once(args.run_one)))
        return 0
    root = args.keep or Path(tempfile.mkdtemp(prefix="refresh-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "CONFLICT_EVENTS_SAMPLES_PORT": str(_free_port())}
    env.pop("CONFLICT_EVENTS_REVALIDATE_AFTER_DAYS", None)  # the default weekly schedule
    t0 = time.perf_counter()
    write_site(root, args.docs, args.seed)
    print(f"generated {args.docs} posts in {time.perf_counter() - t0:.0f} s under {root}", flush=True)
    results = {}
    for phase, n in (("first", args.docs), ("unchanged", args.docs), ("plus_10", args.docs + 10)):
        if n != args.docs:
            write_site(root, n, args.seed)
        out = subprocess.run([sys.executable, __file__, "--run-one", str(root)], env=env, capture_output=True,
                             text=True, cwd=PROJECT_ROOT)
        if out.returncode != 0:
            print(out.stderr[-3000:], file=sys.stderr)
            return 1
        results[phase] = json.loads(out.stdout.strip().splitlines()[-1])
        print(phase, json.dumps(results[phase]), flush=True)
    first = results["first"]
    sentences_total = int(first["sentences_extracted"] or 0)
    print(f"\nN = {args.docs} posts, {sentences_total} sentences")
    for phase, r in results.items():
        total_sentences = sentences_total + (int(r["sentences_extracted"] or 0) if phase == "plus_10" else 0)
        per_k = float(r["merge_s"] or 0) / max(total_sentences / 1000, 1e-9)
        print(f"{phase:10s} wall {r['wall_s']:7.1f} s ({100 * r['wall_s'] / first['wall_s']:5.1f} % of first)  "
              f"docs/s {int(r['documents'] or 0) / r['wall_s']:6.1f}  peak RSS {r['peak_rss_mb']:7.1f} MB  "
              f"bodies downloaded {r['bodies_downloaded']}  extracted {r['documents_extracted']}  "
              f"merge {r['merge_s']} s = {per_k:.3f} s per 1,000 sentences")
        print(f"{'':10s} per asset (s): {r['steps_s']}; all checks {r['checks_s']} s; merged "
              f"{r['merge_documents']} documents, {r['merge_candidates_rebuilt']} candidates clustered again")
        print(f"{'':10s} peak RSS per asset (MB): {r['step_peak_rss_mb']}")
    return 0


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


if __name__ == "__main__":
    sys.exit(main())
