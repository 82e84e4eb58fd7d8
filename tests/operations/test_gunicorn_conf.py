"""The deployment's gunicorn settings: every way of running the web server uses them, and they set
the GIL switch interval each worker runs with (docs/performance.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from recoverynet import gunicorn_conf

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("value", "expected"), [(None, 0.001), ("0.005", 0.005)])
def test_each_worker_gets_the_switch_interval(monkeypatch, value, expected) -> None:
    before = sys.getswitchinterval()
    if value is None:
        monkeypatch.delenv("RECOVERYNET_GIL_SWITCH_SECONDS", raising=False)
    else:
        monkeypatch.setenv("RECOVERYNET_GIL_SWITCH_SECONDS", value)
    try:
        gunicorn_conf.post_fork(server=None, worker=None)
        assert sys.getswitchinterval() == pytest.approx(expected)
    finally:
        sys.setswitchinterval(before)


@pytest.mark.parametrize(
    "path", ["deploy/compose.yaml", "deploy/Dockerfile", "deploy/systemd/recoverynet-web@.service"]
)
def test_every_deployment_runs_gunicorn_with_them(path: str) -> None:
    text = (ROOT / path).read_text()
    assert "python:recoverynet.gunicorn_conf" in text
