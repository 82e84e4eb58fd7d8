"""The background-queue page in a real browser: the network team sees each queue and tries a failed
task again. axe-core checks the page, at desktop and phone width."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from playwright.sync_api import expect

from tests.browser.a11y import assert_accessible
from tests.browser.test_events import click_and_load, sign_in_with_mfa
from tests.browser.test_pages import visit
from tests.conftest import World

pytestmark = pytest.mark.browser


def failed_task() -> DBTaskResult:
    return DBTaskResult.objects.create(
        id=uuid.uuid4(),
        args_kwargs={"args": [[1, 2]], "kwargs": {}},
        task_path="recoverynet.core.tasks.send_outbox_messages",
        queue_name="mail",
        backend_name="default",
        run_after=get_date_max(),
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path="builtins.ConnectionRefusedError",
        traceback="ConnectionRefusedError: mail server down",
    )


def test_the_team_retries_a_failed_task(page: Any, bworld: World) -> None:
    task = failed_task()
    sign_in_with_mfa(page, bworld.coordinator_uk.email)
    visit(page, "/manage/", "Manage networks")
    click_and_load(page, page.locator("main").get_by_role("link", name="Background queues"))
    visit(page, "/manage/queues/", "Background queues")
    main = page.locator("main")
    mail = main.get_by_role("row", name=re.compile(r"^mail "))
    expect(mail.locator("td").last).to_have_text("1")  # one failed
    expect(main).to_contain_text("builtins.ConnectionRefusedError")

    page.set_viewport_size({"width": 320, "height": 640})
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})

    click_and_load(page, main.get_by_role("button", name="Try again"))
    expect(main).to_contain_text("No task has failed.")
    expect(page.locator("body")).to_contain_text("The task was put back on the mail queue.")
    assert_accessible(page)
    task.refresh_from_db()
    assert task.status == "READY"
