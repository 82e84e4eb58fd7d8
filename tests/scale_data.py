"""`recoverynet generate_scale` for a test: a small installation of some apps (issue #17)."""

from __future__ import annotations

import io

from django.core.management import call_command


def generate_scale(
    apps: str, *, factor: str = "0.004", seed: int = 17, anchor: str = "2026-12-04"
) -> str:
    """Fill the test database with `apps`' generated data (those they read ids from included);
    the same seed and anchor build the same data. Returns the command's report."""
    out = io.StringIO()
    call_command(
        "generate_scale",
        "--factor",
        factor,
        "--seed",
        str(seed),
        "--anchor",
        anchor,
        "--apps",
        apps,
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()
