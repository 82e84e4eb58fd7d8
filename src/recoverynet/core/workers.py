"""Supervised `db_worker` processes, one or more per named queue (`recoverynet worker`).

Each child is django-tasks' own `db_worker --max-tasks N`: it exits cleanly after N tasks and is
started again here, so memory a task leaked (WeasyPrint, big exports) is returned to the system
regularly. A child that crashes is started again after a pause. SIGTERM or SIGINT stops every child
gracefully (the running task finishes) and then the supervisor.

Under systemd or compose each queue can equally run `db_worker --max-tasks N` directly with
`Restart=always` / `restart: always` (deploy/); this command is the same thing without them.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import FrameType

log = logging.getLogger(__name__)

CRASH_PAUSE_SECONDS = 5.0


@dataclass
class Child:
    name: str
    argv: Callable[[int], list[str]]  # generation → command line
    process: subprocess.Popen[bytes] | None = None
    generation: int = 0
    not_before: float = 0.0
    starts: list[int] = field(default_factory=list)  # exit codes seen, for reports and tests


def db_worker_argv(queue: str, *, max_tasks: int, interval: float) -> Callable[[int], list[str]]:
    host = socket.gethostname()[:24]

    def argv(generation: int) -> list[str]:
        worker_id = f"{host}-{queue}-{os.getpid()}-{generation}"[:64]
        return [
            sys.executable,
            "-m",
            "recoverynet",
            "db_worker",
            "--queue-name",
            queue,
            "--max-tasks",
            str(max_tasks),
            "--interval",
            str(interval),
            "--worker-id",
            worker_id,
            "--no-reload",
        ]

    return argv


class Supervisor:
    def __init__(self, children: Sequence[Child], *, crash_pause: float = CRASH_PAUSE_SECONDS):
        self.children = list(children)
        self.crash_pause = crash_pause
        self.running = True

    def stop(self, signum: int = signal.SIGTERM, frame: FrameType | None = None) -> None:
        self.running = False

    def _start(self, child: Child) -> None:
        child.generation += 1
        child.process = subprocess.Popen(child.argv(child.generation))  # noqa: S603
        log.info("Started %s (generation %s)", child.name, child.generation)

    def poll_once(self) -> None:
        now = time.monotonic()
        for child in self.children:
            if child.process is not None:
                code = child.process.poll()
                if code is None:
                    continue
                child.starts.append(code)
                child.process = None
                if code != 0:
                    log.warning("%s stopped with exit code %s; starting again", child.name, code)
                    child.not_before = now + self.crash_pause
            if self.running and now >= child.not_before:
                self._start(child)

    def run(self, *, tick: float = 0.5, max_rounds: int | None = None) -> None:
        rounds = 0
        while self.running and (max_rounds is None or rounds < max_rounds):
            self.poll_once()
            rounds += 1
            time.sleep(tick)
        self.shutdown()

    def shutdown(self, timeout: float = 60.0) -> None:
        self.running = False
        alive = [c.process for c in self.children if c.process is not None]
        for process in alive:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for process in alive:
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
