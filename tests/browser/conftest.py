"""Browser-test fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser per session, a fresh context (cookies, storage) per test. Nothing is downloaded: the
browser is the system Chromium and axe-core comes from the installed axe_playwright_python package.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import World, build_world

# Playwright's sync API runs an asyncio event loop in this thread; Django's ORM refuses to run where
# a loop is running unless told it is safe. It is: the loop only drives the browser.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Pages are served from this machine; anything slower than this is a hang, not a slow page. Generous
# enough for a busy two-core CI runner; it only costs time when something is actually wrong.
TIMEOUT_MS = 15_000


def _is_csp_violation(msg: Any) -> bool:
    return msg.type == "error" and "Content Security Policy" in msg.text


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """On SQLite, a test database in a file, as in production, not Django's shared in-memory one.

    The live server answers from its own thread. With the in-memory database both threads share
    one cache, and SQLite refuses a second writer at once ("database table is locked") instead of
    waiting: a page's background save landing while the form is sent became a 500 only here. A
    file gets the settings' WAL journal and busy timeout, so the second writer waits its turn.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        path = tmp_path_factory.mktemp("browser-db") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, launched once per session."""
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM} (install Debian's `chromium` package)"
        if os.environ.get("RECOVERYNET_REQUIRE_BROWSER") == "1":
            pytest.fail(f"RECOVERYNET_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def bworld(transactional_db: Any, live_server: Any) -> World:
    """The shared test world, committed so that the live server's thread can see it."""
    return build_world()


@contextmanager
def open_page(browser: Any, base_url: str, errors: list[str]) -> Iterator[Any]:
    """A page in a fresh context (cookies, storage) whose script errors and Content-Security-Policy
    violations are appended to `errors`."""
    context = browser.new_context(base_url=base_url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # A script or style the Content-Security-Policy blocks means a broken page, not just a warning.
    page.on("console", lambda msg: errors.append(msg.text) if _is_csp_violation(msg) else None)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser: Any, live_server: Any, bworld: World) -> Iterator[Any]:
    errors: list[str] = []
    with open_page(browser, live_server.url, errors) as page:
        yield page
    assert not errors, f"JavaScript or Content-Security-Policy errors in the page: {errors}"
