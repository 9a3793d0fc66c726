"""Load and validate the sources YAML (schema in ARCHITECTURE.md)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from conflict_events.sources.registry import KINDS
from conflict_events.sources.source import SourceConfig, SourcesConfigError

DOCUMENT_KINDS = ("newsletter", "official_statement")
REQUIRED_KEYS = ("id", "kind", "url", "source_kind")
OPTIONAL_KEYS = (
    "name", "language", "since", "max_items", "requests_per_second", "allowed_hosts", "time_budget"
)
_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
_HOST_PATTERN = re.compile(r"^[a-z0-9.\-]+(:\d{1,5})?$")
__all__ = ["SourceConfig", "SourcesConfigError", "load_sources", "parse_sources"]


def _fail(where: str, key: str, problem: str) -> SourcesConfigError:
    return SourcesConfigError(f"sources file: source {where}: key '{key}': {problem}")


def _parse_one(raw: Any, index: int) -> SourceConfig:
    if not isinstance(raw, dict):
        raise SourcesConfigError(f"sources file: entry #{index + 1} is not a mapping")
    where = f"'{raw.get('id')}'" if raw.get("id") else f"#{index + 1}"
    for key in REQUIRED_KEYS:
        if raw.get(key) in (None, ""):
            raise _fail(where, key, "missing (required)")
    unknown = sorted(set(raw) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
    if unknown:
        raise _fail(where, unknown[0], f"unknown key (allowed: {', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)})")
    source_id = str(raw["id"])
    if not _ID_PATTERN.match(source_id):
        raise _fail(where, "id", "use lower-case letters, digits, '_' or '-'")
    if raw["kind"] not in KINDS:
        raise _fail(where, "kind", f"'{raw['kind']}' is not one of {', '.join(KINDS)} (sources/registry.py)")
    if raw["source_kind"] not in DOCUMENT_KINDS:
        raise _fail(where, "source_kind", f"'{raw['source_kind']}' is not one of {', '.join(DOCUMENT_KINDS)}")
    url = str(raw["url"])
    if not re.match(r"^https?://[^/\s]+", url):
        raise _fail(where, "url", f"'{url}' is not an http(s) URL")
    since = raw.get("since")
    if since is not None and not isinstance(since, dt.date):
        try:
            since = dt.date.fromisoformat(str(since))
        except ValueError:
            raise _fail(where, "since", f"'{since}' is not an ISO date (YYYY-MM-DD)") from None
    if isinstance(since, dt.datetime):
        since = since.date()
    max_items = raw.get("max_items")
    if max_items is not None and (not isinstance(max_items, int) or isinstance(max_items, bool) or max_items < 1):
        raise _fail(where, "max_items", "must be a positive integer")
    rps = raw.get("requests_per_second")
    if rps is not None and (isinstance(rps, bool) or not isinstance(rps, int | float) or rps <= 0):
        raise _fail(where, "requests_per_second", "must be a positive number")
    language = raw.get("language")
    if language is not None and not re.match(r"^[a-z]{2}$", str(language)):
        raise _fail(where, "language", "must be an ISO 639-1 code such as 'en'")
    hosts = raw.get("allowed_hosts") or []
    if not isinstance(hosts, list) or not all(isinstance(h, str) and _HOST_PATTERN.match(h.lower()) for h in hosts):
        raise _fail(where, "allowed_hosts", "must be a list of host names, e.g. ['cdn.example.org', 'host:8080']")
    budget = raw.get("time_budget")
    if budget is not None and (isinstance(budget, bool) or not isinstance(budget, int | float) or budget <= 0):
        raise _fail(where, "time_budget", "must be a positive number of seconds")
    return SourceConfig(
        id=source_id,
        kind=raw["kind"],
        url=url,
        source_kind=raw["source_kind"],
        name=raw.get("name"),
        language=language,
        since=since,
        max_items=max_items,
        requests_per_second=float(rps) if rps is not None else None,
        allowed_hosts=tuple(h.lower() for h in hosts),
        time_budget=float(budget) if budget is not None else None,
    )


def parse_sources(text: str) -> list[SourceConfig]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SourcesConfigError(f"sources file is not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise SourcesConfigError("sources file: expected a top-level 'sources:' list")
    sources = [_parse_one(raw, i) for i, raw in enumerate(data["sources"])]
    seen: set[str] = set()
    for s in sources:
        if s.id in seen:
            raise _fail(f"'{s.id}'", "id", "duplicate source id")
        seen.add(s.id)
    return sources


def load_sources(path: Path) -> list[SourceConfig]:
    if not path.is_file():
        raise SourcesConfigError(f"sources file not found: {path}")
    return parse_sources(path.read_text(encoding="utf-8"))
