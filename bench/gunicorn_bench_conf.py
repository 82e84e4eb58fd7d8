"""gunicorn settings file used only by the benchmarks (passed with -c by bench/harness.py): the
deployment's own settings (recoverynet.gunicorn_conf), with one override.

BENCH_SWITCH_INTERVAL (seconds, optional): the Python GIL switch interval in each worker, instead of
the deployment's RECOVERYNET_GIL_SWITCH_SECONDS (default 0.001). Python's own default (0.005) lets a
thread that got its SQL answer wait up to 5 ms for the GIL while another request's thread runs
Python, which stretches the time a booking holds the event's row lock. Measured in
docs/performance.md.
"""

import os
import sys

from recoverynet.gunicorn_conf import post_fork as deployment_post_fork


def post_fork(server, worker):
    deployment_post_fork(server, worker)
    interval = os.environ.get("BENCH_SWITCH_INTERVAL")
    if interval:
        sys.setswitchinterval(float(interval))
