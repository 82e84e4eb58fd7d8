# recoverynet — the two commands are `make demo` and `make test`. Everything else supports them.
# Needs only python3 (3.11+) and make: uv is bootstrapped into .tools/ and installs the locked
# dependencies into .venv/. No step downloads a Python, a browser or anything outside the registries.

PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
RN := $(PY) -m recoverynet
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(shell command -v $(PYTHON))
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install demo serve test test-fast test-browser lint format migrate demo-code worker scheduler bench clean help \
	bench-booking bench-booking-profile bench-newsletter

help:
	@echo "make demo    install, migrate, load demo data and serve http://127.0.0.1:8000"
	@echo "make test    install and run the whole test suite"
	@echo "make lint    ruff, mypy, the migrations check and the module-size check"

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --quiet
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(RN) migrate --no-input

demo: install
	$(RN) migrate --no-input
	$(RN) collectstatic --no-input --verbosity 0
	$(RN) load_demo
	@echo ""
	@echo "Serving on http://127.0.0.1:8000 (press Ctrl+C to stop)"
	$(RN) runserver 127.0.0.1:8000

demo-code: install
	@$(RN) demo_totp $(EMAIL)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: install
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

test-browser: install
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(RN) makemigrations --check --dry-run
	$(PY) scripts/check_module_size.py

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

worker: install
	RECOVERYNET_TASKS=database $(RN) db_worker

scheduler: install
	RECOVERYNET_TASKS=database $(RN) scheduler

# Benchmarks print a report (also written to bench/results/); they never pass or fail. They need
# PostgreSQL on 127.0.0.1:5432 (user postgres) and Redis on 127.0.0.1:6379, and drop and recreate the
# database recoverynet_bench. Pass options with BENCH_ARGS, e.g. BENCH_ARGS="--clients 500 --configs 2x8,4x8".
bench-booking: install
	$(PY) bench/booking.py $(BENCH_ARGS)

bench-booking-profile: install
	$(PY) bench/profile_booking.py $(BENCH_ARGS)

# An issue to 50,000 subscribers into a local SMTP sink (BENCH_ARGS="--workers 2 --subscribers 50000").
bench-newsletter: install
	$(PY) bench/newsletter_send.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(TOOLS) var/static .pytest_cache .mypy_cache .ruff_cache
