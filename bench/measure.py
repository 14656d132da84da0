"""How the benchmark measures: one build in a child process, its wall time and peak memory.

Peak memory is the build's maximum resident set size as the kernel reports it
when the build is reaped (os.wait4, ru_maxrss, in KiB on Linux): the figure
GNU time prints as "Maximum resident set size". bench/peak.py starts the build
from a small process, so the benchmark's own memory is not counted in it.
"""
from __future__ import annotations

import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

# The build command `make site` runs (guide/build.py), without its temp-folder rename.
PEAK = Path(__file__).resolve().parent / "peak.py"
BUILD_ENV = {"SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1"}


class BuildFailed(RuntimeError):
    pass


@dataclass
class Run:
    seconds: float
    peak_rss_mb: float
    cpu_seconds: float = 0.0  # user + system: less disturbed than wall time when other work shares the cores


def build_env(extra: dict | None = None) -> dict:
    """The environment a measured build runs in: this one, with the fixed date and no brand override."""
    full_env = dict(os.environ, **BUILD_ENV, **(extra or {}))
    full_env.pop("BRAND", None)
    # Python caches compiled modules in __pycache__ unless told not to; some machines (this one
    # included) set PYTHONDONTWRITEBYTECODE, which would make every build recompile the guide's
    # modules, as no author's machine does by default.
    full_env.pop("PYTHONDONTWRITEBYTECODE", None)
    return full_env


def run_timed(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[Run, int, str]:
    """Run cmd through bench/peak.py; return its wall time, its peak RSS, its exit code and its output."""
    full_env = build_env(env)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "peak.json"
        proc = subprocess.run([sys.executable, str(PEAK), str(report), *cmd], cwd=cwd, env=full_env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        figures = json.loads(report.read_text()) if report.exists() else {"seconds": 0.0, "peak_rss_kib": 0}
    return (Run(figures["seconds"], figures["peak_rss_kib"] / 1024, figures.get("cpu_seconds", 0.0)),
            proc.returncode, proc.stdout)


def mkdocs_build(root: Path, site_dir: Path, config: str = "mkdocs.yml", env: dict | None = None) -> Run:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--quiet",
           "--config-file", str(root / config), "--site-dir", str(site_dir)]
    run, code, output = run_timed(cmd, root, env)
    if code != 0:
        raise BuildFailed(f"mkdocs build of {root / config} failed ({code}):\n{output[-4000:]}")
    return run


@dataclass
class SiteStats:
    pages: int
    median_page_bytes: int
    largest_page_bytes: int
    search_index_bytes: int
    total_bytes: int


def site_stats(site: Path, only: str | None = None) -> SiteStats:
    """Sizes of the built HTML pages (all, or those whose folder starts with `only`)."""
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
    chosen = [p for p in pages if only is None or p.parent.name.startswith(only)]
    sizes = sorted(p.stat().st_size for p in chosen) or [0]
    # The guide's own index (guide/search.py), or Material's in a plain build.
    index = next((i for i in (site / "search" / n for n in ("search_index.js", "search_index.json")) if i.exists()),
                 site / "search" / "search_index.js")
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return SiteStats(len(pages), int(statistics.median(sizes)), sizes[-1],
                     index.stat().st_size if index.exists() else 0, total)


def median(values) -> float:
    return statistics.median(values)


def fit_exponent(xs, ys) -> float:
    """Least-squares slope of log(y) against log(x): y grows like x ** slope."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = statistics.fmean(lx), statistics.fmean(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    os_name = platform.platform()
    try:
        release = dict(line.split("=", 1) for line in Path("/etc/os-release").read_text().splitlines() if "=" in line)
        os_name = f"{release.get('PRETTY_NAME', '').strip(chr(34))} (kernel {platform.release()})"
    except OSError:
        pass
    return {"CPU": cpu, "Cores": str(os.cpu_count()), "Memory": memory, "OS": os_name,
            "Python": platform.python_version()}


PACKAGES = ["mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "PyYAML", "pymdown-extensions", "Markdown",
            "Jinja2", "matplotlib"]


def versions() -> dict[str, str]:
    out = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    import yaml
    out["PyYAML"] += " (libyaml C loader)" if getattr(yaml, "__with_libyaml__", False) else " (pure Python, no libyaml)"
    return out
