"""The background queues over the API: depth, oldest waiting task, failures and retry, for the
network team and administrators only (issue #17)."""

import datetime
import uuid
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from recoverynet.core.models import AuditEntry
from recoverynet.core.tasks import flush_outbox
from tests.conftest import page_queries, sign_in, token_client

API = "/api/v1/queues"


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
    return {"failed": _failed(), "waiting": waiting}


def test_the_team_reads_each_queue(world: Any, tasks: Any) -> None:
    response = token_client(world.consultant_uk, scopes=("read",)).get(API)
    assert response.status_code == 200
    by_name = {q["name"]: q for q in response.json()}
    assert list(by_name) == ["mail", "webhooks", "documents", "retention", "default"]
    mail = by_name["mail"]
    assert (mail["waiting"], mail["scheduled"], mail["running"], mail["failed"]) == (1, 0, 0, 1)
    assert mail["oldest_wait_seconds"] >= 299
    assert mail["oldest_waiting_since"] is not None
    assert by_name["webhooks"]["oldest_waiting_since"] is None


def test_failed_tasks_are_listed_a_page_at_a_time(client: Client, world: Any, tasks: Any) -> None:
    sign_in(client, world.admin)
    first = page_queries(client, f"{API}/failed")
    body = client.get(f"{API}/failed").json()
    assert body["count"] == 1
    (task,) = body["items"]
    assert task["id"] == str(tasks["failed"].pk)
    assert (task["queue"], task["status"]) == ("mail", "FAILED")
    assert task["error"] == "builtins.ConnectionRefusedError"
    assert "traceback" not in task and "args_kwargs" not in task  # may hold personal details
    for _ in range(6):
        _failed("documents")
    assert page_queries(client, f"{API}/failed") == first  # constant as failures grow
    only = client.get(f"{API}/failed", {"queue": "documents"}).json()
    assert only["count"] == 6 and {t["queue"] for t in only["items"]} == {"documents"}


@pytest.mark.parametrize("queue", ["nope", " ", "mail\x00"])
def test_an_unknown_queue_is_refused_by_name(
    client: Client, world: Any, tasks: Any, queue: str
) -> None:
    sign_in(client, world.admin)
    response = client.get(f"{API}/failed", {"queue": queue})
    if queue == " ":
        assert response.status_code == 200  # blank means every queue
        return
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "queue"


def test_retrying_over_the_api_puts_the_task_back(world: Any, tasks: Any) -> None:
    failed = tasks["failed"]
    api = token_client(world.coordinator_ie, scopes=("operations:write",))
    response = api.post(f"{API}/tasks/{failed.pk}/retry")
    assert response.status_code == 200
    assert response.json()["status"] == "READY"
    failed.refresh_from_db()
    assert failed.status == "READY"
    assert AuditEntry.objects.filter(action="operations.task.retried").count() == 1
    again = api.post(f"{API}/tasks/{failed.pk}/retry")
    assert again.status_code == 409 and again.json()["code"] == "not_failed"
    assert api.post(f"{API}/tasks/{uuid.uuid4()}/retry").status_code == 404
    assert AuditEntry.objects.filter(action="operations.task.retried").count() == 1


def test_a_read_token_cannot_retry(world: Any, tasks: Any) -> None:
    api = token_client(world.admin, scopes=("operations:read",))
    assert api.get(API).status_code == 200
    response = api.post(f"{API}/tasks/{tasks['failed'].pk}/retry")
    assert response.status_code == 403 and response.json()["code"] == "insufficient_scope"
    assert token_client(world.admin, scopes=("events:read",)).get(API).status_code == 403


@pytest.mark.parametrize("who", ["lead_a", "outsider"])
def test_people_outside_the_team_are_refused(world: Any, tasks: Any, who: str) -> None:
    api = token_client(getattr(world, who))
    assert api.get(API).status_code == 403
    assert api.get(f"{API}/failed").status_code == 403
    failed = tasks["failed"]
    assert api.post(f"{API}/tasks/{failed.pk}/retry").status_code == 403
    failed.refresh_from_db()
    assert failed.status == "FAILED"


def test_signed_out_callers_are_asked_to_authenticate(client: Client, tasks: Any) -> None:
    assert client.get(API).status_code == 401
    assert client.get(f"{API}/failed").status_code == 401
