"""Plans made before the split keep their rows, ids and links (see migration_check.py, which runs in
its own process on a fresh SQLite file: the test database here is built without migrations)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent


def test_existing_plans_survive_the_move_to_the_plans_app(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'before.sqlite3'}"}
    env["PYTHONPATH"] = os.pathsep.join([str(HERE.parents[1] / "src"), env.get("PYTHONPATH", "")])
    result = subprocess.run(
        [sys.executable, str(HERE / "migration_check.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ok")
