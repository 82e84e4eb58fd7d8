"""The demo's failed task: shown on the queue page with "Try again", the same row on every run."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from recoverynet.operations import services
from recoverynet.operations.demo import DEMO_TASK_ID, load_demo

pytestmark = pytest.mark.django_db


def test_one_failed_task_to_try_again(world):
    assert load_demo() == {"failed tasks": 1}
    page = world.client_for("admin").get("/manage/queues/")
    html = page.content.decode()
    assert reverse("operations:task-retry", args=[DEMO_TASK_ID]) in html
    assert "builtins.ConnectionRefusedError" in html
    services.task_retry(actor=world.admin, task_id=DEMO_TASK_ID)
    assert DBTaskResult.objects.get(pk=DEMO_TASK_ID).status == "READY"
    assert load_demo() == {"failed tasks": 0}  # retried, not added again
    assert DBTaskResult.objects.count() == 1
