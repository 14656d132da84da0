"""Run one command and report its wall time and peak memory: `python bench/peak.py REPORT.json CMD...`.

Linux counts the memory a process had before exec in its peak (ru_maxrss), so a
build started straight from the benchmark, which holds thousands of records in
memory, would report the benchmark's size. This small launcher starts the build
from a fresh, small process instead, then writes {"seconds", "cpu_seconds", "peak_rss_kib"}.
"""
import json
import os
import subprocess
import sys
import time

report, cmd = sys.argv[1], sys.argv[2:]
start = time.perf_counter()
child = subprocess.Popen(cmd)
_pid, status, usage = os.wait4(child.pid, 0)
seconds = time.perf_counter() - start
with open(report, "w") as out:
    json.dump({"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_rss_kib": usage.ru_maxrss}, out)
sys.exit(os.waitstatus_to_exitcode(status))
