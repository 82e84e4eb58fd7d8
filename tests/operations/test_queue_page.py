"""The background-queue page: depth, oldest waiting task, failures, and retry — network team only."""

import datetime
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import AuditEntry
from recoverynet.core.tasks import flush_outbox, run_periodic_job
from recoverynet.operations import services
from tests.conftest import sign_in

URL = "/manage/queues/"


def _failed(queue: str = "mail") -> DBTaskResult:
    result = flush_outbox.using(queue_name=queue).enqueue()
    row = DBTaskResult.objects.get(pk=result.id)
    row.set_failed(ConnectionRefusedError("mail server down"))
    return row


@pytest.fixture
def tasks(world: Any, queued: None) -> dict[str, Any]:
    waiting = flush_outbox.enqueue()
    DBTaskResult.objects.filter(pk=waiting.id).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    flush_outbox.enqueue()
    later = timezone.now() + datetime.timedelta(hours=3)
    run_periodic_job.using(queue_name="retention", run_after=later).enqueue("core.retention_purge")
    return {"failed": _failed(), "waiting": waiting}


def test_the_team_sees_each_queue_and_the_failures(client: Client, world: Any, tasks: Any) -> None:
    sign_in(client, world.consultant_uk)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL)
    assert response.status_code == 200
    by_queue = {s.name: s for s in response.context["summaries"]}
    assert list(by_queue) == ["mail", "webhooks", "documents", "retention", "default"]
    mail = by_queue["mail"]
    assert (mail.waiting, mail.scheduled, mail.running, mail.failed) == (2, 0, 0, 1)
    assert mail.oldest_wait_seconds is not None and mail.oldest_wait_seconds >= 299
    retention = by_queue["retention"]
    assert (retention.waiting, retention.scheduled) == (0, 1)
    assert retention.oldest_waiting is None
    html = response.content.decode()
    assert "builtins.ConnectionRefusedError" in html
    assert "Try again" in html
    first = len(ctx.captured_queries)

    for _ in range(5):
        _failed("documents")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL).status_code == 200
    assert len(ctx.captured_queries) == first  # one query for all queues, one page of failures


def test_the_manage_page_links_to_the_queues_for_the_team_only(client: Client, world: Any) -> None:
    assert URL in sign_in(client, world.editor_uk).get("/manage/").content.decode()
    sign_in(client, world.lead_a)
    assert client.get("/manage/").status_code == 403


def test_an_administrator_sees_the_page(client: Client, world: Any, tasks: Any) -> None:
    assert sign_in(client, world.admin).get(URL).status_code == 200


@pytest.mark.parametrize("who", ["lead_a", "outsider"])
def test_people_outside_the_team_are_refused(
    client: Client, world: Any, tasks: Any, who: str
) -> None:
    sign_in(client, getattr(world, who))
    assert client.get(URL).status_code == 403
    failed = tasks["failed"]
    assert client.post(f"{URL}tasks/{failed.pk}/retry/").status_code == 403
    failed.refresh_from_db()
    assert failed.status == "FAILED"


def test_signed_out_people_are_sent_to_sign_in(client: Client, world: Any, tasks: Any) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_retrying_puts_a_failed_task_back_on_its_queue(
    client: Client, world: Any, tasks: Any
) -> None:
    failed = tasks["failed"]
    sign_in(client, world.coordinator_ie)
    response = client.post(f"{URL}tasks/{failed.pk}/retry/", follow=True)
    assert response.status_code == 200
    assert "put back on the mail queue" in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == "READY"
    assert failed.exception_class_path == "" and failed.traceback == ""
    assert DBTaskResult.objects.ready().filter(pk=failed.pk).exists()  # due now, not in year 9999
    entry = AuditEntry.objects.get(action="operations.task.retried")
    assert entry.object_id == str(failed.pk)
    assert entry.changes["exception"] == "builtins.ConnectionRefusedError"
    assert entry.actor_label == world.coordinator_ie.email


def test_a_task_that_is_not_failed_is_not_retried(client: Client, world: Any, tasks: Any) -> None:
    sign_in(client, world.admin)
    waiting = tasks["waiting"]
    assert client.post(f"{URL}tasks/{waiting.id}/retry/").status_code == 409
    assert client.post(f"{URL}tasks/{uuid.uuid4()}/retry/").status_code == 404
    assert client.get(f"{URL}tasks/{tasks['failed'].pk}/retry/").status_code == 405
    assert not AuditEntry.objects.filter(action="operations.task.retried").exists()


def test_retrying_twice_queues_the_task_once(world: Any, tasks: Any) -> None:
    failed = tasks["failed"]
    services.task_retry(actor=world.admin, task_id=failed.pk)
    with pytest.raises(ApplicationError) as error:
        services.task_retry(actor=world.admin, task_id=failed.pk)
    assert error.value.code == "not_failed"
    assert DBTaskResult.objects.filter(status="READY", queue_name="mail").count() == 3


def test_the_page_says_when_tasks_run_straight_away(client: Client, world: Any) -> None:
    sign_in(client, world.admin)
    assert "Background tasks run straight away" in client.get(URL).content.decode()
