import pytest
from django.db import transaction

from recoverynet.core import audit
from recoverynet.core.models import AuditEntry
from recoverynet.core.request_context import reset_current_ip, set_current_ip
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_record_stores_actor_object_changes_and_ip():
    user = make_user("a@example.org")
    token = set_current_ip("192.0.2.10")
    try:
        entry = audit.record(
            actor=user, action="test.thing.changed", obj=user, changes={"full_name": ["", "A"]}
        )
    finally:
        reset_current_ip(token)
    assert entry.actor == user
    assert entry.actor_label == "a@example.org"
    assert entry.object_type == "accounts.user"
    assert entry.object_id == str(user.pk)
    assert entry.ip == "192.0.2.10"
    assert list(audit.history_for(user)) == [entry]


def test_secrets_and_health_data_are_redacted():
    user = make_user("a@example.org")
    entry = audit.record(
        actor=None,
        action="test",
        obj=user,
        changes={
            "password": "hunter2",
            "perspective": "lived_experience",
            "token": "rn_x",
            "name": "ok",
        },
    )
    assert entry.changes == {
        "password": "[redacted]",
        "perspective": "[redacted]",
        "token": "[redacted]",
        "name": "ok",
    }
    assert entry.actor_label == "system"


def test_diff_only_lists_changed_fields():
    user = make_user("a@example.org", full_name="Old")
    before = audit.snapshot(user, ["full_name", "job_title"])
    user.full_name = "New"
    assert audit.diff(user, before, ["full_name", "job_title"]) == {"full_name": ["Old", "New"]}


def test_admin_cannot_change_or_delete_audit_entries(client):
    admin = make_user("admin@example.org", superuser=True, mfa=True)
    entry = audit.record(actor=admin, action="test", obj=admin)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_a_batch_is_written_in_one_insert_at_its_end_in_order(django_assert_num_queries):
    user = make_user("batch@example.org")
    with transaction.atomic(), django_assert_num_queries(1), audit.batched():
        audit.record(actor=user, action="one", obj=user)
        with audit.batched():  # part of the outer batch
            audit.record(actor=user, action="two", obj=user, changes={"token": "x"})
        audit.record(actor=user, action="three", obj=user)
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "one",
        "two",
        "three",
    ]
    assert AuditEntry.objects.get(action="two").changes == {"token": "[redacted]"}


def test_a_batch_that_fails_writes_nothing():
    user = make_user("failed@example.org")

    def fails() -> None:
        with transaction.atomic(), audit.batched():
            audit.record(actor=user, action="lost", obj=user)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fails()
    assert not AuditEntry.objects.filter(action="lost").exists()
    audit.record(actor=user, action="after", obj=user)  # the batch is over: written at once
    assert AuditEntry.objects.filter(action="after").exists()


def test_a_batch_makes_stale_the_union_of_its_entries_scopes_or_everyones(monkeypatch, settings):
    # Per app: the scopes of every shown entry together; anyone's pages if one entry may concern
    # anyone (its model names no scopes); entries no page shows count for nothing. Scopes are
    # worked out only where a cache is shared.
    settings.REDIS_URL = "redis://shared.example:6379/0"
    from recoverynet.accounts.models import User
    from recoverynet.core import private_pages

    monkeypatch.setitem(private_pages._row_scopes, User, lambda u: [f"person:{u.pk}"])
    written = []
    monkeypatch.setattr(private_pages, "written", lambda app, scopes=None: written.append(scopes))
    one, two = make_user("one@example.org"), make_user("two@example.org")
    with transaction.atomic(), audit.batched():
        audit.record(actor=one, action="a", obj=one)
        audit.record(actor=two, action="b", obj=two)
        audit.record(actor=two, action="unseen", obj=make_user("three@example.org"), shown=False)
    assert written == [frozenset({f"person:{one.pk}", f"person:{two.pk}"})]
    written.clear()
    monkeypatch.delitem(private_pages._row_scopes, User)
    with transaction.atomic(), audit.batched():
        audit.record(actor=one, action="c", obj=one)
    assert written == [None]
