# Two commands: `make run` and `make test`. Everything else is bootstrapped here
# from a bare Python 3.11: uv is installed into .tools/ and the environment is
# built from uv.lock, so every machine gets the same versions.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
UV_VERSION := 0.13.8
UV := .tools/bin/uv
VENV := .venv
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export UV_PYTHON_DOWNLOADS := never

PORT ?= 3000
# A DuckDB 1.x client in its own folder, pinned: the test that the published file opens in DuckDB 1.4 uses it.
DUCKDB1_VERSION := 1.4.5
DUCKDB1 := .tools/duckdb-$(DUCKDB1_VERSION)
# The headless browser the report test drives (Debian's package; CI runs as root on a clean clone).
CHROMIUM := /usr/bin/chromium

.PHONY: run test dev lint bench setup clean test-tools

$(UV):
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null || \
		{ echo "Python 3.11 is required (found: $(PYTHON))"; exit 1; }
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --target .tools uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --locked --python $(PYTHON)
	@touch $@

# The instance configuration follows config/dagster.yaml: when the repo's copy is newer (run pools, run
# monitoring), it replaces the instance's, and the old one is kept beside it as dagster.yaml.bak.
$(DAGSTER_HOME)/dagster.yaml: config/dagster.yaml
	@mkdir -p $(DAGSTER_HOME)
	@if test -f $@ && ! cmp -s $< $@; then cp $@ $@.bak; echo "$@: updated from $< (previous copy: $@.bak)"; fi
	@cp $< $@

setup: $(VENV)/.synced $(DAGSTER_HOME)/dagster.yaml

## Materialise every asset into $$CONFLICT_EVENTS_DB (default data/warehouse.duckdb).
## Without CONFLICT_EVENTS_SOURCES, the bundled offline samples are served on loopback.
run: setup
	@echo "make run: loading Dagster and the pipeline definitions (a few seconds)..."
	$(VENV)/bin/python -m pipelines.run

$(DUCKDB1)/.installed: $(UV)
	$(UV) pip install --quiet --python $(PYTHON) --target $(DUCKDB1) duckdb==$(DUCKDB1_VERSION)
	@touch $@

$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "the report test needs Chromium at $(CHROMIUM) (Debian: apt-get install chromium)"; exit 1; }
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium

## What the tests need beside the venv (idempotent): a pinned DuckDB 1.x client and Chromium.
test-tools: $(DUCKDB1)/.installed $(CHROMIUM)

## Set up and run the whole test suite.
test: setup test-tools
	$(VENV)/bin/ruff check .
	$(VENV)/bin/python -m pytest -n 2 --dist loadscope

## The Dagster UI on 127.0.0.1:$(PORT) (default 3000: `make dev PORT=3001`) with the daemon that fires the
## nightly schedule.
dev: setup
	$(VENV)/bin/dagster instance concurrency set conflict_events_refresh 1
	$(VENV)/bin/dagster dev -w workspace.yaml -h 127.0.0.1 -p $(PORT)

lint: setup
	$(VENV)/bin/ruff check .

bench: setup
	$(VENV)/bin/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .tools data .dagster_home
