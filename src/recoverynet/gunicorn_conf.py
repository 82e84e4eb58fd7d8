"""gunicorn settings for every deployment (`gunicorn -c python:recoverynet.gunicorn_conf …`).

RECOVERYNET_GIL_SWITCH_SECONDS (default 0.001): Python's GIL switch interval in each worker. With
gthread workers, a thread whose SQL has just answered waits for the GIL while another thread of
the same worker runs Python, up to the interval (Python's default is 5 ms). A booking holds its
event's row lock across several such waits, so every other booking for the event waits too: at
1 ms the booking race measured 96–102 bookings/s against 88–90 at 5 ms (docs/performance.md).
"""

from __future__ import annotations

import os
import sys
from typing import Any


def post_fork(server: Any, worker: Any) -> None:
    sys.setswitchinterval(float(os.environ.get("RECOVERYNET_GIL_SWITCH_SECONDS", "0.001")))
