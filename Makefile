# Two commands: `make run` and `make test`. Everything else is bootstrapped here
# from a bare Python 3.11: uv is installed into .tools/ and the environment is
# built from uv.lock, so every machine gets the same versions.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
UV_VERSION := 0.13.8
UV := .tools/bin/uv
VENV := .venv
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test dev lint bench setup clean

$(UV):
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null || \
		{ echo "Python 3.11 is required (found: $(PYTHON))"; exit 1; }
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --target .tools uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --locked --python $(PYTHON)
	@touch $@

setup: $(VENV)/.synced
	@mkdir -p $(DAGSTER_HOME)
	@test -f $(DAGSTER_HOME)/dagster.yaml || cp config/dagster.yaml $(DAGSTER_HOME)/dagster.yaml

## Materialise every asset into $$CONFLICT_EVENTS_DB (default data/warehouse.duckdb).
## Without CONFLICT_EVENTS_SOURCES, the bundled offline samples are served on loopback.
run: setup
	$(VENV)/bin/python -m pipelines.run

## Set up and run the whole test suite.
test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/python -m pytest

## The Dagster UI on 127.0.0.1:3000 with the daemon that fires the nightly schedule.
dev: setup
	$(VENV)/bin/dagster instance concurrency set conflict_events_refresh 1
	$(VENV)/bin/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

lint: setup
	$(VENV)/bin/ruff check .

bench: setup
	$(VENV)/bin/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .tools data .dagster_home
