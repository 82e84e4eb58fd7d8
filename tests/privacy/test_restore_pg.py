"""The backup procedure on PostgreSQL (docs/deployment.md, "Backups"): a pg_dump taken before an
erasure restores into a fresh database with migrations applied, and `reapply_erasures` (run by
`backup_check` as the procedure says) erases the person again. Skipped on SQLite."""

from __future__ import annotations

import io
import subprocess

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from recoverynet.accounts import services as account_services
from recoverynet.core.privacy import restore
from tests.conftest import make_user

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("The restore check needs PostgreSQL; CI runs it on PostgreSQL.")


def _pg_dump(path):
    s = connection.settings_dict
    env = restore._env(s)
    subprocess.run(["pg_dump", "--format=custom", "-f", str(path), s["NAME"]], env=env, check=True)


def test_a_backup_restores_and_erasures_are_applied_again(settings, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    person = make_user("restored.person@example.org", full_name="Restored Person")
    make_user("someone.else@example.org", full_name="Someone Else")
    dump = tmp_path / "backup.dump"
    # The test database is built without migrations; record them as applied, as a real one has.
    settings.MIGRATION_MODULES = {}
    call_command("migrate", fake=True, verbosity=0)
    _pg_dump(dump)  # the nightly backup, taken before the erasure
    account_services.account_erase(actor=person, user=person)
    assert list((media / "erasures").iterdir())  # the erasure is on record outside the database

    out = io.StringIO()
    call_command("backup_check", str(dump), media=str(media), keep=True, stdout=out)
    report = out.getvalue()
    assert "Migrations applied; none left to apply." in report
    assert "Re-applied 1 erasure(s)" in report
    assert "0 stored file(s) missing" in report
    scratch = report.split("Scratch database: ")[1].strip().rstrip(".")
    url = restore._url(connection.settings_dict, scratch).replace("postgres://", "postgresql://")
    try:
        with psycopg.connect(url) as db:
            rows = db.execute(
                "SELECT email, full_name, is_active FROM accounts_user ORDER BY id"
            ).fetchall()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    emails = [r[0] for r in rows]
    assert "restored.person@example.org" not in emails
    assert "someone.else@example.org" in emails
    assert "Restored Person" not in [r[1] for r in rows]


def test_a_missing_backup_file_is_refused(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no backup file"):
        call_command("backup_check", str(tmp_path / "nope.dump"))
