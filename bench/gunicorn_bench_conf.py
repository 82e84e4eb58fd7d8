"""gunicorn settings file used only by the benchmarks (passed with -c by bench/harness.py).

BENCH_SWITCH_INTERVAL (seconds, optional): the Python GIL switch interval in each worker. The default
(0.005) lets a thread that got its SQL answer wait up to 5 ms for the GIL while another request's
thread runs Python, which stretches the time a booking holds the event's row lock. Smaller values
trade a little throughput for shorter waits. Measured in docs/performance.md.
"""

import os
import sys


def post_fork(server, worker):
    interval = os.environ.get("BENCH_SWITCH_INTERVAL")
    if interval:
        sys.setswitchinterval(float(interval))
