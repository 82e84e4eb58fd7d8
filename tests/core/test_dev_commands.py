"""The two commands and their helpers: `make help`, the demo's static-file step, the demo loader's
output, and the test suite's own isolation between parallel workers."""

from __future__ import annotations

import io
import os
import re
import subprocess
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import call_command

from tests.conftest import worker_cache_settings

ROOT = Path(__file__).resolve().parents[2]
REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}


def _make(*args: str, **env: str) -> str:
    result = subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


# --- Parallel tests: one Redis database per worker -------------------------------------------------


def test_each_worker_gets_its_own_redis_database_counting_down_from_the_configured_one():
    redis = {"default": {**REDIS["default"], "LOCATION": "redis://127.0.0.1:6379/15"}}
    assert worker_cache_settings(redis, "gw0")["default"]["LOCATION"] == "redis://127.0.0.1:6379/15"
    gw1 = worker_cache_settings(redis, "gw1")
    assert gw1["default"]["LOCATION"] == "redis://127.0.0.1:6379/14"
    assert gw1["default"]["BACKEND"] == REDIS["default"]["BACKEND"]


def test_no_change_without_workers_or_without_redis():
    redis = {"default": {**REDIS["default"], "LOCATION": "redis://127.0.0.1:6379/15"}}
    assert worker_cache_settings(redis, "") is None  # one process: the database as configured
    local = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert worker_cache_settings(local, "gw3") is None


def test_more_workers_than_databases_below_the_configured_one_is_refused():
    redis = {"default": {**REDIS["default"], "LOCATION": "redis://127.0.0.1:6379/1"}}
    assert worker_cache_settings(redis, "gw1")["default"]["LOCATION"].endswith("/0")
    with pytest.raises(RuntimeError, match="gw2 needs Redis database -1"):
        worker_cache_settings(redis, "gw2")


def test_this_worker_really_uses_its_own_database():
    cache = caches["default"]
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker or "Redis" not in type(cache).__name__:
        pytest.skip("Only under pytest-xdist with REDIS_URL set (CI's PostgreSQL run).")
    base = int(os.environ["REDIS_URL"].rsplit("/", 1)[1])
    number = int(worker.removeprefix("gw"))
    assert cache._servers == [re.sub(r"/\d+$", f"/{base - number}", os.environ["REDIS_URL"])]


# --- make help and the demo's static files ---------------------------------------------------------


def test_make_help_lists_every_target():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):(?!=)", makefile, flags=re.MULTILINE))
    assert {"demo", "demo-reset", "test", "help"} <= targets
    listed = set(re.findall(r"^make ([a-z][a-z-]*)", _make("help"), flags=re.MULTILINE))
    assert targets - listed == set()


def test_demo_collects_static_files_only_when_they_changed(tmp_path):
    env = {"RECOVERYNET_STATIC_ROOT": str(tmp_path)}
    assert "collectstatic" in _make("-n", "demo-static", **env)  # never collected
    manifest = tmp_path / "staticfiles.json"
    manifest.write_text("{}")
    future = 4_000_000_000  # 2096: newer than every source
    os.utime(manifest, (future, future))
    assert "collectstatic" not in _make("-n", "demo-static", **env)
    os.utime(manifest, (0, 0))  # older than the static files, as after an edit to one of them
    assert "collectstatic" in _make("-n", "demo-static", **env)


def test_the_demo_port_is_the_servers_and_the_links_in_its_e_mails():
    dry_run = _make("-n", "demo", "PORT=8010")
    assert "runserver --skip-checks 127.0.0.1:8010" in dry_run
    assert "http://127.0.0.1:8010" in dry_run


# --- The demo loader's output -----------------------------------------------------------------------
# Committed for real (transaction=True): the demo's e-mails go on commit, inside the command.


@pytest.mark.django_db(transaction=True)
def test_first_demo_load_counts_e_mails_instead_of_printing_them_and_ends_with_the_sign_ins(
    settings, capsys, monkeypatch
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    monkeypatch.delenv("RECOVERYNET_DEMO_SHOW_MAIL", raising=False)
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    printed = capsys.readouterr().out
    assert "Subject:" not in printed
    text = out.getvalue()
    assert re.search(r"^\d+ e-mails sent while loading, not shown", text, flags=re.MULTILINE)
    lines = text.rstrip().splitlines()
    # A line per loader (15), the MFA note and the sign-in table: it all fits a 50-line terminal.
    assert len(lines) < 45
    table = lines.index("Demo sign-ins (email, password, who they are):")
    assert all("@demo.recoverynet.example" in line for line in lines[table + 1 :])


@pytest.mark.django_db(transaction=True)
def test_demo_e_mails_are_printed_when_asked(settings, capsys, monkeypatch, mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    monkeypatch.setenv("RECOVERYNET_DEMO_SHOW_MAIL", "1")
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "Subject:" in capsys.readouterr().out
    assert "not shown" not in out.getvalue()
    assert mailoutbox == []  # the test's own mailbox is left as it was


def test_demo_reset_deletes_only_the_demo_database_then_runs_the_demo(tmp_path):
    dry_run = _make("-n", "demo-reset", "PORT=8011", RECOVERYNET_VAR_DIR=str(tmp_path))
    assert f"rm -f {tmp_path}/recoverynet.sqlite3 " in dry_run
    assert "runserver --skip-checks 127.0.0.1:8011" in dry_run  # then the demo, on the same port
    refused = subprocess.run(
        ["make", "--no-print-directory", "demo-reset"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": "postgres://someone@db.example/production"},
        capture_output=True,
        text=True,
    )
    assert refused.returncode != 0 and "unset DATABASE_URL" in refused.stderr
