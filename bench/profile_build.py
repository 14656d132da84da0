"""Where a build's time goes: one in-process build under cProfile, run in a fresh process.

    python bench/profile_build.py <project root>   # prints JSON {part: cumulative seconds}

cProfile slows Python code down, so the parts are for comparing with each
other, not with the wall times of the benchmark.
"""
from __future__ import annotations

import cProfile
import json
import os
import pstats
import sys
import tempfile
from pathlib import Path

# (label, file name ends with, function name)
PARTS = [
    ("whole build (mkdocs.commands.build.build)", "mkdocs/commands/build.py", "build"),
    ("load and check data and brand (guide.site.load_site)", "guide/site.py", "load_site"),
    ("  of which reference checks (guide.data._check_refs)", "guide/data.py", "_check_refs"),
    ("render pages' macros (macros.on_pre_page_macros)", "macros.py", "on_pre_page_macros"),
    ("  of which the printable page (macros.printable)", "macros.py", "printable"),
    ("  of which compiling page templates (jinja2 from_string)", "jinja2/environment.py", "from_string"),
    ("glossary tooltips, one pass a page (guide.terms.Glossary.mark_page)", "guide/terms.py", "mark_page"),
    ("Markdown to HTML (markdown.Markdown.convert)", "markdown/core.py", "convert"),
    ("theme templates (mkdocs _build_page)", "mkdocs/commands/build.py", "_build_page"),
]


def cumulative(stats: pstats.Stats, parts) -> dict[str, float]:
    out = {}
    for label, file_end, name in parts:
        total = sum(v[3] for (file, _line, func), v in stats.stats.items()
                    if func == name and file.replace(os.sep, "/").endswith(file_end))
        out[label] = round(total, 4)
    return out


def main(root: Path) -> None:
    os.chdir(root)
    sys.path.insert(0, str(root))
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=tempfile.mkdtemp())
    profiler = cProfile.Profile()
    profiler.runcall(build, config)
    print(json.dumps(cumulative(pstats.Stats(profiler), PARTS)))


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve())
