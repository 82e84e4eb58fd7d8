"""The suppression thresholds are settings: the documented environment variables set them, and every
aggregate others can see follows them (decision 0009, 0019)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

from recoverynet.core import aggregates
from recoverynet.library import selectors as library_selectors


def test_the_documented_environment_variables_set_the_thresholds() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "recoverynet.settings",
        "RECOVERYNET_SUPPRESS_PEOPLE_BELOW": "11",
        "RECOVERYNET_SUPPRESS_ORGANISATIONS_BELOW": "7",
    }
    env.pop("RECOVERYNET_SNAPSHOT_MIN_CHANGE", None)
    code = (
        "import django; django.setup();"
        "from recoverynet.core import aggregates as a;"
        "print(a.people_minimum(), a.organisations_minimum(), a.snapshot_min_change())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    # The snapshot rule follows the organisations threshold unless it is set on its own.
    assert out.stdout.split() == ["11", "7", "7"]


class _Resource:
    def __init__(self, downloads: int) -> None:
        self.download_count = downloads


def test_library_download_bands_follow_the_people_threshold(settings: Any) -> None:
    resource: Any = _Resource(9)
    assert library_selectors.download_band(resource).label == "8 to 9"
    settings.SUPPRESS_PEOPLE_BELOW = 10
    assert library_selectors.download_band(resource).label == "Fewer than 10"
    settings.SUPPRESS_PEOPLE_BELOW = 5
    assert library_selectors.download_band(resource).label.startswith("5 to")


@pytest.mark.parametrize(("minimum", "shown"), [(8, False), (3, True)])
def test_spread_follows_the_threshold_it_is_given(settings: Any, minimum: int, shown: bool) -> None:
    settings.SUPPRESS_PEOPLE_BELOW = minimum
    spread = aggregates.spread([1, 2, 3, 4], minimum=aggregates.people_minimum())
    assert spread.suppressed is not shown and (spread.median is not None) is shown
