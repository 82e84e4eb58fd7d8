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

# `make test` runs the suite on PYTEST_WORKERS processes (pytest-xdist; `auto` is one per core), then
# the browser tests on BROWSER_WORKERS processes, a file at a time each (BROWSER_ARGS narrows them,
# e.g. BROWSER_ARGS=tests/browser/test_crawl.py). The crawl of every page is one
# test of ~6 minutes, so with two workers it runs beside all the other browser tests instead of
# after them (98 passed in 14 min at load 10, against 27 min one at a time at load 12-19). Each
# worker has its own live server, Chromium and test database. 0 runs either serially.
PYTEST_WORKERS ?= auto
BROWSER_WORKERS ?= 2
XDIST = $(if $(filter 0,$(PYTEST_WORKERS)),-p no:xdist,-n $(PYTEST_WORKERS) --dist loadfile)
BROWSER_XDIST = $(if $(filter 0,$(BROWSER_WORKERS)),-p no:xdist,-n $(BROWSER_WORKERS) --dist loadfile)
PORT ?= 8000
# Where `collectstatic` writes (settings.py reads the same variable) and its manifest, whose date says
# when it last ran: `make demo` collects again only when a static file, a package or the settings
# changed since (the static folders themselves are listed too, so a deleted or renamed file counts).
STATIC_ROOT := $(or $(RECOVERYNET_STATIC_ROOT),$(or $(RECOVERYNET_VAR_DIR),var)/static)
STATIC_MANIFEST := $(STATIC_ROOT)/staticfiles.json
STATIC_SOURCES := $(shell find src/recoverynet -path '*/static' -o -path '*/static/*' 2>/dev/null)
DEMO_DATABASE := $(or $(RECOVERYNET_VAR_DIR),var)/recoverynet.sqlite3

.PHONY: install demo demo-data demo-reset demo-static test test-fast test-browser lint format migrate demo-code \
	worker worker-all scheduler clean help scale-data bench-pages bench-booking bench-booking-profile bench-newsletter \
	bench-colleges drill

help:
	@echo "make demo                    install, migrate, load demo data and serve http://127.0.0.1:8000"
	@echo "                             (PORT=8010 for another port; RECOVERYNET_DEMO_SHOW_MAIL=1 prints e-mails)"
	@echo "make demo-reset              delete the demo's SQLite database, then load the demo again and serve"
	@echo "make demo-data               the demo without the server: migrate, collect static files, load data"
	@echo "make demo-static             collect static files if any changed (make demo does this)"
	@echo "make test                    install and run the whole suite: in parallel, then the browser tests"
	@echo "                             (PYTEST_ARGS=... to pass options, PYTEST_WORKERS=0 for one process)"
	@echo "make test-fast               the suite without the browser tests, in parallel"
	@echo "make test-browser            only the browser tests (needs Debian's chromium)"
	@echo "make lint                    ruff, mypy, the migrations, module-size, reads and layering checks"
	@echo "make format                  format the code and apply ruff's safe fixes"
	@echo "make install                 install the locked dependencies into .venv"
	@echo "make migrate                 apply database migrations"
	@echo "make demo-code EMAIL=...     the current 6-digit MFA code of a demo account"
	@echo "make worker QUEUE=mail       run one queue's background tasks (QUEUE=all: a worker per queue)"
	@echo "make worker-all              a worker for each queue (mail, webhooks, documents, retention, default)"
	@echo "make scheduler               run the every-minute scheduler (retries, sends, purges)"
	@echo "make bench-booking           the booking-race benchmark (PostgreSQL, Redis; BENCH_ARGS=...)"
	@echo "make bench-booking-profile   where a booking spends its time under the lock"
	@echo "make bench-newsletter        an issue sent to 50,000 subscribers into a local SMTP sink"
	@echo "make scale-data SCALE=1.0    a large installation in PostgreSQL database recoverynet_scale"
	@echo "make bench-pages             pages and API lists at scale: queries, plans, req/s (after scale-data)"
	@echo "make bench-colleges          a college's enrolment rush and the prospectus at 2,000 courses"
	@echo "make drill                   failover drill: a web server and a mail worker killed mid-race"
	@echo "make clean                   remove .venv, .tools, collected static files and caches"
	@echo "make help                    this list"

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --quiet
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(RN) migrate --no-input

# The demo's steps before the server are one target (`demo-data`), so that a re-run can be timed and
# tested without a server. The site address follows PORT so that links in e-mails work.
demo: demo-data
	@echo "Serving on http://127.0.0.1:$(PORT) (press Ctrl+C to stop)"
	@RECOVERYNET_SITE_URL="$${RECOVERYNET_SITE_URL:-http://127.0.0.1:$(PORT)}" \
		$(RN) runserver --skip-checks 127.0.0.1:$(PORT)

demo-data: install demo-static
	@$(RN) migrate --no-input --verbosity 0
	@RECOVERYNET_SITE_URL="$${RECOVERYNET_SITE_URL:-http://127.0.0.1:$(PORT)}" $(RN) load_demo

# Only ever the demo's own SQLite file: with DATABASE_URL set it refuses rather than guess.
demo-reset: install
	@if [ -n "$${DATABASE_URL:-}" ]; then \
		echo "make demo-reset deletes only the demo's SQLite database; unset DATABASE_URL" >&2; exit 1; fi
	rm -f $(DEMO_DATABASE) $(DEMO_DATABASE)-wal $(DEMO_DATABASE)-shm
	@$(MAKE) --no-print-directory demo

demo-static: $(STATIC_MANIFEST)

# No `touch`: where the storage writes no manifest (DJANGO_DEBUG=1), collecting simply runs each time.
$(STATIC_MANIFEST): $(VENV)/.installed $(STATIC_SOURCES) src/recoverynet/settings.py
	@echo "Collecting static files (only when they changed)..."
	@$(RN) collectstatic --no-input --verbosity 0

demo-code: install
	@$(RN) demo_totp $(EMAIL)

# pytest exits 5 when a selection holds no test (e.g. PYTEST_ARGS names a folder without browser tests):
# that is not a failure of `make test`, whose first run already counted the tests.
test: install
	$(PY) -m pytest $(XDIST) -m "not browser" $(PYTEST_ARGS)
	$(PY) -m pytest $(BROWSER_XDIST) -m browser $(PYTEST_ARGS) $(BROWSER_ARGS) || [ $$? -eq 5 ]

test-fast: install
	$(PY) -m pytest $(XDIST) -m "not browser" $(PYTEST_ARGS)

test-browser: install
	$(PY) -m pytest $(BROWSER_XDIST) -m browser $(PYTEST_ARGS) $(BROWSER_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(RN) makemigrations --check --dry-run
	$(PY) scripts/check_module_size.py
	$(PY) scripts/check_layers_reads.py
	$(PY) scripts/check_layering.py

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# QUEUE=mail (or webhooks, documents, retention, default; `all` = one worker per queue); each worker
# is replaced after MAX_TASKS tasks.
QUEUE ?= all
MAX_TASKS ?= 500
worker: install
	RECOVERYNET_TASKS=database $(RN) worker --queue $(QUEUE) --max-tasks $(MAX_TASKS)

worker-all: install
	RECOVERYNET_TASKS=database $(RN) worker --queue all --max-tasks $(MAX_TASKS)

scheduler: install
	RECOVERYNET_TASKS=database $(RN) scheduler

# Benchmarks print a report (also written to bench/results/); they never pass or fail. They need
# PostgreSQL on 127.0.0.1:5432 (user postgres) and Redis on 127.0.0.1:6379, and drop and recreate the
# database recoverynet_bench. Pass options with BENCH_ARGS, e.g. BENCH_ARGS="--clients 500 --configs 2x8,4x8".
bench-booking: install
	$(PY) bench/booking.py $(BENCH_ARGS)

bench-booking-profile: install
	$(PY) bench/profile_booking.py $(BENCH_ARGS)

# A large installation for the page benchmarks in a PostgreSQL database of its own (dropped and made
# again): SCALE=1.0 is issue #17's full size (about 3.7 million rows), SCALE=0.01 a hundredth.
SCALE ?= 1.0
SCALE_DATABASE ?= recoverynet_scale
scale-data: install
	dropdb -h 127.0.0.1 -U postgres --if-exists $(SCALE_DATABASE)
	createdb -h 127.0.0.1 -U postgres $(SCALE_DATABASE)
	psql -q -h 127.0.0.1 -U postgres -c "ALTER DATABASE $(SCALE_DATABASE) SET random_page_cost = 1.1"
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(SCALE_DATABASE) $(RN) migrate --verbosity 0
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(SCALE_DATABASE) $(RN) generate_scale --factor $(SCALE)

# The read path at scale: queries, plans and requests/s per page on the `make scale-data` database.
bench-pages: install demo-static
	$(PY) bench/pages.py $(BENCH_ARGS)

# An issue to 50,000 subscribers into a local SMTP sink (BENCH_ARGS="--workers 2 --subscribers 50000").
bench-newsletter: install
	$(PY) bench/newsletter_send.py $(BENCH_ARGS)

# A college's term-opening rush (500 students, 20 courses) and the prospectus at 2,000 courses.
bench-colleges: install
	$(PY) bench/colleges_enrol.py $(BENCH_ARGS)

# Failover drill (not in CI): the booking race through haproxy to two gunicorn servers, two mail
# workers; one server and one worker are killed half-way. Needs PostgreSQL, Redis and haproxy.
drill: install
	@command -v haproxy >/dev/null || (apt-get update -qq && apt-get install -y -qq haproxy >/dev/null)
	$(PY) bench/drill.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(TOOLS) var/static .pytest_cache .mypy_cache .ruff_cache
