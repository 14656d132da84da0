"""Live-reload round trip: from saving a data file to `mkdocs serve` serving the new value.

`mkdocs serve --livereload` runs on a free loopback port in a copy of the project.
Each edit rewrites one value on its line in a data file; the clock starts just
before the write and stops when the served page holds the new value (polled
every 20 ms). The server is always stopped, also when a step fails.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from measure import build_env

POLL = 0.02


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None  # not up yet, or mid-rebuild


def find_edit_target(root: Path, dataset: str = "settings") -> tuple[Path, int, str, str]:
    """A value that a page shows: (data file, line, value, page URL path) for the first record's row header."""
    from guide.data import load_catalog
    from guide.schema import DATASETS
    ds = DATASETS[dataset]
    record = load_catalog(root / "data", display_root=root)[dataset][0]
    pages = [p for p in sorted((root / "docs").glob("*.md")) if f'table("{dataset}"' in p.read_text(encoding="utf-8")]
    if not pages:
        raise RuntimeError(f"no page of docs/ calls table(\"{dataset}\"); pick another dataset for the live-reload step")
    stem = pages[0].stem
    url_path = "/" if stem == "index" else f"/{stem}/"
    return root / "data" / ds.file, record.lines[ds.row_header], record[ds.row_header], url_path


def round_trips(root: Path, edits: int = 5, log: Path | None = None) -> dict:
    data_file, line_no, value, url_path = find_edit_target(root)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_file = open(log or os.devnull, "w")
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"]
    started = time.perf_counter()
    server = subprocess.Popen(cmd, cwd=root, env=build_env(), stdout=log_file,
                              stderr=subprocess.STDOUT, start_new_session=True)
    try:
        page = None
        while page is None or value not in page:
            if server.poll() is not None:
                raise RuntimeError(f"mkdocs serve exited with {server.returncode}; see {log}")
            if time.perf_counter() - started > 120:
                raise RuntimeError(f"mkdocs serve did not serve {url_path} within 120 s")
            time.sleep(0.1)
            page = fetch(base + url_path)
        first_serve = time.perf_counter() - started
        lines = data_file.read_text(encoding="utf-8").split("\n")
        original = lines[line_no - 1]
        if value not in original:
            raise RuntimeError(f"{data_file.name}:{line_no} does not hold {value!r}")
        times = []
        for n in range(1, edits + 1):
            marker = f"liveedit{n}x"
            lines[line_no - 1] = original.replace(value, f"{value} {marker}", 1)
            start = time.perf_counter()
            data_file.write_text("\n".join(lines), encoding="utf-8")
            while True:
                page = fetch(base + url_path)
                if page and marker in page:
                    break
                if time.perf_counter() - start > 60:
                    raise RuntimeError(f"edit {n} did not show on {url_path} within 60 s")
                time.sleep(POLL)
            times.append(time.perf_counter() - start)
            time.sleep(1.0)  # let the server settle before the next save
        return {"times": times, "first_serve": first_serve, "file": data_file.name, "page": url_path}
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        log_file.close()
