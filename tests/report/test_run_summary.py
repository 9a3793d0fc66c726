"""`make run` (python -m pipelines.run) on the samples: INFO progress without DEBUG, the blocked sample
source as expected rather than as an error, and a summary that ends with the file, the sources and what
to do next; `make dev PORT=...` picks the port."""

from __future__ import annotations

import re
import subprocess

import pytest

from conflict_events.settings import PROJECT_ROOT
from tests.report.published import PublishedRun


@pytest.fixture(scope="module")
def run(published: PublishedRun) -> PublishedRun:
    return published


def test_progress_is_info_without_debug_or_errors(run: PublishedRun) -> None:
    log = run.stdout + run.stderr
    assert " - DEBUG - " not in log and " - ERROR - " not in log
    for stage in ("raw_captures", "documents", "document_findings", "contract_tables", "warehouse", "exports",
                  "report"):
        assert re.search(rf" - INFO - refresh_all - [\w-]+ - {stage} - ", log), stage
    assert re.search(r" - INFO - .* - source genstaff_ua: ", log)
    for stage in ("sentences", "places", "merge"):  # the extraction's own stages, not 20 s of silence
        assert re.search(rf" - INFO - .* - (document_findings|contract_tables) - extract: {stage}$", log, re.M), stage


def test_summary_names_the_file_each_source_and_next_commands(run: PublishedRun) -> None:
    summary = run.stdout[run.stdout.index("Published "):]
    assert f"Published {run.db.resolve()}" in summary
    sources = dict(re.findall(r"^  ([a-z_]+)\s+(ok|partial|blocked|failed)\s", summary, re.M))
    assert len(sources) == 9 and sources["walled_ministry"] == "blocked"
    assert set(sources.values()) == {"ok", "blocked"}
    assert re.search(r"walled_ministry\s+blocked .*\(expected: ", summary)
    assert "make dev PORT=" in summary and "from strikes" in summary
    assert str((run.report / "index.html").resolve()) in summary


def test_make_dev_takes_a_port() -> None:
    done = subprocess.run(["make", "-n", "dev", "PORT=3917"], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          check=True)
    assert "dagster dev -w workspace.yaml -h 127.0.0.1 -p 3917" in done.stdout
