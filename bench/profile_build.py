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

# (label, where the function is, function name). Where: a path ending for a library's function;
# None for the project's own code, matched by function name alone in any of its files, so the
# label holds while functions move between macros.py and guide/ modules.
PARTS = [
    ("whole build (mkdocs.commands.build.build)", "mkdocs/commands/build.py", "build"),
    ("load and check data and brand (load_site)", None, "load_site"),
    ("  of which reference checks (_check_refs)", None, "_check_refs"),
    ("render pages' macros (on_pre_page_macros)", None, "on_pre_page_macros"),
    ("  of which the printable page (printable)", None, "printable"),
    ("  of which reading times and dates (chapter_facts)", None, "chapter_facts"),
    ("    of which git dates (last_updated)", None, "last_updated"),
    ("  of which the flashcards page (flashcards)", None, "flashcards"),
    ("  of which tables (records_table)", None, "records_table"),
    ("  of which compiling page templates (compile_text; little when .cache/jinja/ holds them)", None,
     "compile_text"),
    ("glossary tooltips, one pass a page (mark_page)", None, "mark_page"),
    ("search sections from each page's HTML (split_sections)", None, "split_sections"),
    ("search stems of every word (stem_map)", None, "stem_map"),
    ("Markdown to HTML (markdown.Markdown.convert)", "markdown/core.py", "convert"),
    ("theme templates (mkdocs _build_page)", "mkdocs/commands/build.py", "_build_page"),
]


def _ours(file: str) -> bool:
    return "site-packages" not in file and not file.startswith("<") and "/lib/python" not in file


def cumulative(stats: pstats.Stats, parts) -> dict[str, float]:
    out = {}
    for label, file_end, name in parts:
        total = sum(v[3] for (file, _line, func), v in stats.stats.items()
                    if func == name and (file.replace(os.sep, "/").endswith(file_end) if file_end else _ours(file)))
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
