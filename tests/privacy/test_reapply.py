"""`reapply_erasures` after restoring a dump taken before an erasure (issue #16). This one restores
a `dumpdata` dump on any database; tests/privacy/test_restore_pg.py does it with pg_dump."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from recoverynet.accounts import services as account_services
from recoverynet.accounts.models import User
from recoverynet.core.models import ErasureRecord
from recoverynet.events.models import Delegate
from tests.events.conftest import event  # noqa: F401  (fixture)
from tests.events.test_bookings import book

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)  # a flush inside a test transaction fails on PostgreSQL
def test_an_erasure_is_applied_again_after_a_restore(
    world,
    event,  # noqa: F811
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path
    person = world.staff_a
    book(world, event, actor=person, organisation=None, prefix="x")
    Delegate.objects.update(email=person.email, name="Staff A Person")
    backup = io.StringIO()
    call_command("dumpdata", stdout=backup)  # the backup, taken before the erasure

    with django_capture_on_commit_callbacks(execute=True):
        account_services.account_erase(actor=person, user=person)
    assert (tmp_path / "erasures").is_dir()
    assert not Delegate.objects.filter(name="Staff A Person").exists()

    # Restore the backup: the erasure (and its record in the database) is undone.
    # An empty database, without what post_migrate handlers would add (it is all in the backup).
    call_command("flush", interactive=False, inhibit_post_migrate=True)
    path = tmp_path / "backup.json"
    path.write_text(backup.getvalue())
    call_command("loaddata", str(path), verbosity=0)
    assert User.objects.get(pk=person.pk).email == "staff.a@example.org"
    assert Delegate.objects.filter(name="Staff A Person").exists()
    assert not ErasureRecord.objects.exists()

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reapply_erasures", stdout=out)
    assert "Re-applied 1 erasure(s)" in out.getvalue()
    restored = User.objects.get(pk=person.pk)
    assert restored.email.endswith("@erased.invalid") and not restored.is_active
    assert restored.full_name == ""
    assert not Delegate.objects.filter(name="Staff A Person").exists()
    assert not Delegate.objects.filter(email__iexact="staff.a@example.org").exists()
    assert ErasureRecord.objects.get().person_id == person.pk
    # Running it twice is harmless.
    call_command("reapply_erasures", stdout=io.StringIO())
    assert ErasureRecord.objects.count() == 1


def test_only_names_and_addresses_are_taken_out_of_copies(world):
    from recoverynet.core.privacy.erasure import identifiers

    person = world.staff_a
    person.full_name = "Staff Person"
    person.job_title = "Peer support lead"
    person.save()
    found = identifiers(person, {person.email})
    assert "Staff Person" in found and person.email in found
    assert "Peer support lead" not in found
