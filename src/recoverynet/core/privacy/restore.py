"""Checking that a backup restores (docs/deployment.md, "Backups"): a `pg_dump --format=custom`
file is restored into a fresh scratch database, migrations are applied, recorded erasures are
applied again (`reapply_erasures`), and every stored file the restored rows name is checked in the
media folder. Each step runs as the documented command would, in a child process pointed at the
scratch database."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
from django.apps import apps
from django.db import connection
from psycopg import sql

from .registry import personal_models


class RestoreCheckFailed(Exception):
    pass


@dataclass
class Report:
    database: str
    lines: list[str] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)


def _url(settings: dict[str, Any], name: str) -> str:
    user = quote(str(settings.get("USER") or ""))
    password = settings.get("PASSWORD") or ""
    auth = f"{user}:{quote(str(password))}@" if password else (f"{user}@" if user else "")
    host = settings.get("HOST") or "localhost"
    port = settings.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{name}"


def _env(settings: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "PGHOST": str(settings.get("HOST") or "localhost"),
            "PGPORT": str(settings.get("PORT") or 5432),
            "PGUSER": str(settings.get("USER") or ""),
        }
    )
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return env


def _run(cmd: list[str], env: dict[str, str]) -> str:
    # A fixed list of programs (pg_restore, this project's CLI), no shell.
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise RestoreCheckFailed(f"{' '.join(cmd[:3])} failed:\n{done.stderr.strip()[-2000:]}")
    return done.stdout.strip()


def _files_missing(db: Any, media: Path) -> list[str]:
    missing = []
    for decl in personal_models():
        model = apps.get_model(decl.model)
        for name, f in decl.fields.items():
            if not f.file_folder:
                continue
            column = model._meta.get_field(name).column
            table = model._meta.db_table
            query = sql.SQL("SELECT {c} FROM {t} WHERE {c} <> %s").format(
                c=sql.Identifier(column), t=sql.Identifier(table)
            )
            rows = db.execute(query, [""])
            for (value,) in rows.fetchall():
                if value and not (media / f.file_folder / str(value)).is_file():
                    missing.append(f"{f.file_folder}/{value}")
    return missing


def check(
    dump: Path,
    *,
    media: Path | None,
    keep: bool = False,
    say: Callable[[str], None] = lambda _line: None,
) -> Report:
    if connection.vendor != "postgresql":
        raise RestoreCheckFailed("The restore check needs PostgreSQL (DATABASE_URL).")
    if not dump.is_file():
        raise RestoreCheckFailed(f"There is no backup file at {dump}.")
    settings = dict(connection.settings_dict)
    scratch = f"{settings['NAME']}_restore_{secrets.token_hex(4)}"[:63]
    report = Report(database=scratch)
    env = _env(settings)

    def step(line: str) -> None:
        report.lines.append(line)
        say(line)

    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{scratch}"')
    try:
        _run(["pg_restore", "--no-owner", "--no-privileges", "-d", scratch, str(dump)], env)
        step(f"Restored {dump.name} into a fresh database {scratch}.")
        child = {**env, "DATABASE_URL": _url(settings, scratch)}
        child.pop("DATABASE_REPLICA_URL", None)
        if media is not None:
            child["RECOVERYNET_MEDIA_ROOT"] = str(media)
        manage = [sys.executable, "-m", "recoverynet"]
        _run([*manage, "migrate", "--noinput"], child)
        _run([*manage, "migrate", "--check"], child)
        step("Migrations applied; none left to apply.")
        step(_run([*manage, "reapply_erasures"], child))
        with psycopg.connect(_url(settings, scratch).replace("postgres://", "postgresql://")) as db:
            user_table = apps.get_model("accounts", "User")._meta.db_table
            count = sql.SQL("SELECT count(*) FROM {t}").format(t=sql.Identifier(user_table))
            (users,) = db.execute(count).fetchone() or (0,)
            step(f"{users} account(s) in the restored database.")
            if media is not None:
                report.missing_files = _files_missing(db, media)
                step(f"{len(report.missing_files)} stored file(s) missing from {media}.")
    finally:
        if not keep:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    if report.missing_files:
        raise RestoreCheckFailed(
            "Stored files are missing: " + ", ".join(report.missing_files[:20])
        )
    return report
