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
	@echo "make demo                    install, migrate, load demo data and serve http://127.0.0.1:8000"
	@echo "make test                    install and run the whole test suite (PYTEST_ARGS=... to pass options)"
	@echo "make test-fast               the suite without the browser tests"
	@echo "make test-browser            only the browser tests (needs Debian's chromium)"
	@echo "make lint                    ruff, mypy, the migrations check and the module-size check"
	@echo "make format                  format the code and apply ruff's safe fixes"
	@echo "make install                 install the locked dependencies into .venv"
	@echo "make migrate                 apply database migrations"
	@echo "make demo-code EMAIL=...     the current 6-digit MFA code of a demo account"
	@echo "make worker                  run queued background tasks (e-mail, ...)"
	@echo "make scheduler               run the every-minute scheduler (retries, sends, purges)"
	@echo "make bench-booking           the booking-race benchmark (PostgreSQL, Redis; BENCH_ARGS=...)"
	@echo "make bench-booking-profile   where a booking spends its time under the lock"
	@echo "make bench-newsletter        an issue sent to 50,000 subscribers into a local SMTP sink"
	@echo "make clean                   remove .venv, .tools, collected static files and caches"

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
