"""The router against a real streaming replica: a second PostgreSQL cluster made by
scripts/replica_up.sh. Skipped unless DATABASE_REPLICA_URL is set (CI sets it for this file)."""

import os
import time
import uuid

import pytest
from django.db import InternalError, connections, transaction
from django.test.utils import CaptureQueriesContext

from recoverynet.accounts.models import User
from recoverynet.core import replica

# CI sets RECOVERYNET_REQUIRE_REPLICA=1 so that a missing replica fails instead of skipping.
_required = os.environ.get("RECOVERYNET_REQUIRE_REPLICA") == "1"
pytestmark = [
    pytest.mark.replica,
    pytest.mark.skipif(
        not replica.configured() and not _required,
        reason="needs DATABASE_REPLICA_URL (scripts/replica_up.sh)",
    ),
    # Committed rows (the replica only ever sees committed data), on both connections.
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


def _replicated(email: str, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if User.objects.using("replica").filter(email=email).exists():
            return True
        time.sleep(0.05)
    return False


def _scalar(alias: str, sql: str) -> object:
    with connections[alias].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def test_the_replica_is_a_standby_of_the_primary_test_database() -> None:
    assert _scalar("default", "SELECT pg_is_in_recovery()") is False
    assert _scalar("replica", "SELECT pg_is_in_recovery()") is True
    assert _scalar("replica", "SELECT current_database()") == _scalar(
        "default", "SELECT current_database()"
    )


def test_opted_in_reads_come_from_the_replica() -> None:
    email = f"{uuid.uuid4().hex}@example.org"
    User.objects.create_user(email=email, password="x-long-enough-password")
    assert _replicated(email)

    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        with replica.reads():
            assert User.objects.filter(email=email).exists()
        assert User.objects.filter(email=email).exists()  # not opted in: the primary
    assert len(on_replica.captured_queries) == 1
    assert len(on_primary.captured_queries) == 1


def test_reads_inside_a_write_transaction_stay_on_the_primary() -> None:
    email = f"{uuid.uuid4().hex}@example.org"
    with transaction.atomic(), replica.reads():
        User.objects.create_user(email=email, password="x-long-enough-password")
        # Uncommitted: only the primary's own transaction can see it.
        assert User.objects.filter(email=email).exists()
        assert replica.using_replica(User.objects.filter(email=email)).exists()


def test_writes_go_to_the_primary_and_the_replica_refuses_them() -> None:
    email = f"{uuid.uuid4().hex}@example.org"
    with replica.reads():
        user = User.objects.create_user(email=email, password="x-long-enough-password")
    assert _scalar("default", f"SELECT count(*) FROM accounts_user WHERE id = {user.pk}") == 1
    with pytest.raises(InternalError, match="read-only"), connections["replica"].cursor() as c:
        c.execute("UPDATE accounts_user SET full_name = 'x' WHERE id = %s", [user.pk])
