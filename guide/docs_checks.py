"""What every file under docs/ must be, and what a page may not link to: checked while the build
collects files and reads pages, so a problem stops it before anything is written."""
from __future__ import annotations

import os
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from guide.data import Problem, format_problems
from guide.files import FileProblem, check_regular
from guide.yamlload import CONTROL, control_problem


def check_docs(files, config) -> None:
    """Only regular files inside the project are published, and every page is UTF-8 text without
    control characters: a link to /etc/passwd under docs/ or a page saved in another encoding stops
    the build here, naming the file, before MkDocs reads or copies anything."""
    root = Path(config.config_file_path).resolve().parent
    docs = Path(config["docs_dir"])
    problems = []
    for f in files:
        if not f.abs_src_path or not Path(f.abs_src_path).is_relative_to(docs):
            continue  # the theme's own files
        path = Path(f.abs_src_path)
        shown = f"docs/{f.src_uri}"
        try:
            check_regular(path, [root])
        except FileProblem as exc:
            problems.append(Problem(shown, None, f"this file {exc}"))
            continue
        if f.is_documentation_page():
            raw = path.read_bytes()
            try:
                source = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                line = raw[: exc.start].count(b"\n") + 1
                problems.append(Problem(shown, line, "the page is not UTF-8 text; save it as UTF-8 in your editor"))
                continue
            m = CONTROL.search(source)
            if m:
                problems.append(Problem(shown, source.count("\n", 0, m.start()) + 1, control_problem(m.group(0))))
    if problems:
        raise PluginError(format_problems(problems))



LINK_TARGET = re.compile(r"""\]\(\s*<?([^)\s>#]+\.md)|href=["']([^"'#]+\.md)""")


def hidden_links(markdown: str, src_uri: str, hidden: set[str]) -> list[Problem]:
    """A link to a chapter the brand hides, named with both pages."""
    base = Path(src_uri).parent
    problems = []
    for line in markdown.split("\n"):
        for m in LINK_TARGET.finditer(line):
            target = os.path.normpath(base / (m.group(1) or m.group(2))).replace(os.sep, "/")
            if target in hidden:
                problems.append(Problem(
                    f"docs/{src_uri}", None,
                    f"links to {target}, a chapter the brand file's chapters list leaves out; remove the link "
                    "or show that chapter"))
    return problems
