"""The reference deployment (deploy/) is not run in CI; this keeps it honest: every command it runs
exists with the options it passes, and every variable it sets is read by the code."""

import re
import shlex
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SOURCE = "\n".join(p.read_text() for p in (ROOT / "src" / "recoverynet").rglob("*.py"))
# Read by the PostgreSQL containers' scripts, not by recoverynet.
CONTAINER_ONLY = {"POSTGRES_PASSWORD", "REPLICATION_PASSWORD"}


def _deploy_text() -> str:
    return "\n".join(p.read_text() for p in DEPLOY.rglob("*") if p.is_file())


def _recoverynet_command_lines() -> list[list[str]]:
    found = []
    for line in _deploy_text().splitlines():
        if 'command: ["recoverynet"' in line:  # compose: command: ["recoverynet", "db_worker", …]
            found.append(re.findall(r'"([^"]*)"', line.split("[", 1)[1]))
        elif re.search(r"bin/recoverynet \w", line):  # systemd: .../bin/recoverynet db_worker ...
            found.append(shlex.split(line.split("=", 1)[1].strip()))
    return [words[words.index("recoverynet") if "recoverynet" in words else 0 :] for words in found]


def test_every_recoverynet_command_and_option_exists(queued: None) -> None:
    lines = [
        [w for w in words if not w.endswith("bin/recoverynet")]
        for words in _recoverynet_command_lines()
    ]
    assert len(lines) >= 8
    commands = get_commands()
    for words in lines:
        words = [w for w in words if w != "recoverynet"]
        name, args = words[0], [w.replace("%i", "mail").replace("%H", "host") for w in words[1:]]
        assert name in commands, name
        command = load_command_class(commands[name], name)
        command.create_parser("recoverynet", name).parse_args(args)  # exits on an unknown option


@pytest.mark.parametrize("queue", ["mail", "webhooks", "documents", "retention", "default"])
def test_each_queue_has_a_worker(queue: str) -> None:
    text = _deploy_text()
    assert f'"--queue-name", "{queue}"' in text  # compose
    assert f"recoverynet-worker@{queue}.service" in text  # systemd target


def test_every_variable_the_deployment_sets_is_read_by_the_code() -> None:
    names = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (DEPLOY / "env.example").read_text(), re.M))
    names |= set(
        re.findall(r"^\s{4}([A-Z][A-Z0-9_]+): ", (DEPLOY / "compose.yaml").read_text(), re.M)
    )
    assert {"DATABASE_URL", "DATABASE_REPLICA_URL", "RECOVERYNET_TASKS"} <= names
    unread = sorted(n for n in names - CONTAINER_ONLY if f'"{n}"' not in SOURCE)
    assert unread == []
