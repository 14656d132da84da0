"""Does the guide build the same with ProperDocs as with MkDocs 1.6?   (`make compat`)

ProperDocs is the maintained continuation of MkDocs 1.x: it reads mkdocs.yml, runs the same
plugins and hooks (their `mkdocs.*` imports resolve to ProperDocs), and is the way out if MkDocs
1.6 stops installing (README, "Pinned versions"). Its environment, .venv-compat, holds
requirements-compat.txt: the build requirements with ProperDocs in place of MkDocs, installed with
--no-deps so that pip does not pull MkDocs back in for Material and mkdocs-macros.

This script copies the project twice, runs `python -m guide offline` then `python -m guide site`
(what `make publish` runs) once with .venv and once with .venv-compat, with the same
SOURCE_DATE_EPOCH, and compares every output file, the zip's entries included. Files must be
byte-identical, except that an HTML page may differ in its <meta name="generator"> tag. Any other
difference is listed file by file and the exit status is 1.

    python tests/compat.py [--keep DIR]    # --keep: build in DIR and leave the builds there
"""
from __future__ import annotations

import argparse
import difflib
import io
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from guide.build import source_date_epoch  # noqa: E402
from tests.conftest import copy_project  # noqa: E402

MKDOCS_PYTHON = ROOT / ".venv" / "bin" / "python"
PROPERDOCS_PYTHON = ROOT / ".venv-compat" / "bin" / "python"
SETUP_HINT = "run `make compat`, which creates .venv-compat from requirements-compat.txt"
# In requirements.txt for MkDocs alone: ProperDocs replaces MkDocs and needs neither of the others
# to build (mkdocs-get-deps serves `get-deps`, mergedeep Material's unused meta plugin).
MKDOCS_ONLY = {"mkdocs", "mkdocs-get-deps", "mergedeep"}
COMMANDS = ("offline", "site")  # the zip first: the site offers it (as `make publish` does)
OUTPUTS = ("site", "dist")


# --- the two requirements files agree ----------------------------------------------------------

def pins(requirements: Path) -> dict[str, str]:
    """name -> version of every `name==version` line (names normalised as pip does)."""
    found = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;#]+)", line)
        if match:
            found[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return found


def pin_problems(root: Path = ROOT) -> list[str]:
    """requirements-compat.txt must pin what requirements.txt pins, at the same versions, with
    ProperDocs in place of MkDocs: otherwise the comparison would not be like with like."""
    build, compat = pins(root / "requirements.txt"), pins(root / "requirements-compat.txt")
    problems = []
    for name, version in sorted(build.items()):
        if name in MKDOCS_ONLY:
            if name in compat:
                problems.append(f"requirements-compat.txt pins {name}, which ProperDocs replaces; remove it")
        elif compat.get(name) != version:
            problems.append(f"requirements-compat.txt pins {name} at {compat.get(name, 'nothing')}, "
                            f"requirements.txt at {version}; pin the same version in both")
    for name in sorted(set(compat) - set(build) - {"properdocs"}):
        problems.append(f"requirements-compat.txt pins {name}, which requirements.txt does not; "
                        "add it there or remove it")
    if "properdocs" not in compat:
        problems.append("requirements-compat.txt does not pin properdocs (properdocs==VERSION)")
    return problems


# --- building ---------------------------------------------------------------------------------

def has_mkdocs(python: Path) -> bool:
    code = "import importlib.util, sys; sys.exit(importlib.util.find_spec('mkdocs') is None)"
    return subprocess.run([str(python), "-c", code]).returncode == 0


def build_copy(python: Path, dest: Path, epoch: str) -> Path:
    """Copy the project to dest and build it there with `python`; returns dest."""
    copy_project(dest)
    env = {**os.environ, "GUIDE_ROOT": str(dest), "SOURCE_DATE_EPOCH": epoch}
    env.pop("BRAND", None)  # the project's own brand file on both sides
    for command in COMMANDS:
        proc = subprocess.run([str(python), "-m", "guide", command], cwd=dest, env=env,
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"`{python} -m guide {command}` failed in {dest}:\n{proc.stdout}{proc.stderr}")
    return dest


# --- comparing --------------------------------------------------------------------------------

def output_files(root: Path) -> dict[str, bytes]:
    """Every file a build wrote, by path; a zip also contributes its entries as 'x.zip!/entry'."""
    files = {}
    for folder in OUTPUTS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                name = path.relative_to(root).as_posix()
                files[name] = path.read_bytes()
                if path.suffix == ".zip":
                    with zipfile.ZipFile(path) as archive:
                        for entry in archive.infolist():
                            files[f"{name}!/{entry.filename}"] = archive.read(entry)
    return files


def zip_listing(data: bytes) -> list[tuple]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(i.filename, i.date_time, i.external_attr, i.compress_type) for i in archive.infolist()]


class GeneratorTag(HTMLParser):
    """Finds the <meta name="generator"> tags of a page, exactly as they are written."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.contents: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta" and values.get("name") == "generator":
            self.tags.append(self.get_starttag_text())
            self.contents.append(values.get("content") or "")


def without_generator(html: bytes) -> tuple[str, str]:
    """The page less its generator tag, and that tag's content ('' if it has none)."""
    text = html.decode("utf-8")
    finder = GeneratorTag()
    finder.feed(text)
    finder.close()
    for tag in finder.tags:
        text = text.replace(tag, "", 1)
    return text, ", ".join(finder.contents)


def first_difference(first: str, second: str) -> str:
    """A few lines of unified diff: enough to see what changed."""
    diff = difflib.unified_diff(first.splitlines(), second.splitlines(), "mkdocs", "properdocs", n=1, lineterm="")
    lines = list(diff)
    shown = [line if len(line) <= 200 else line[:200] + " ..." for line in lines[:12]]
    return "\n".join(shown) + (f"\n    ... ({len(lines) - 12} more diff lines)" if len(lines) > 12 else "")


def compare(mkdocs_files: dict[str, bytes], properdocs_files: dict[str, bytes]) -> tuple[list[str], set[tuple[str, str]]]:
    """(the differences beyond the generator tag, one entry per file; the generator pairs seen)."""
    problems, generators = [], set()
    for name in sorted(mkdocs_files.keys() - properdocs_files.keys()):
        problems.append(f"{name}: only in the MkDocs build")
    for name in sorted(properdocs_files.keys() - mkdocs_files.keys()):
        problems.append(f"{name}: only in the ProperDocs build")
    for name in sorted(mkdocs_files.keys() & properdocs_files.keys()):
        first, second = mkdocs_files[name], properdocs_files[name]
        if first == second:
            continue
        if name.endswith(".zip"):
            # Its entries are compared one by one (their bytes differ where the pages do); here
            # only what the zip says about them: names, order, dates, permissions, compression.
            if zip_listing(first) != zip_listing(second):
                problems.append(f"{name}: the zip's list of entries differs (names, order, dates or modes)")
            continue
        if not name.endswith(".html"):
            problems.append(f"{name}: the bytes differ")
            continue
        (page1, tag1), (page2, tag2) = without_generator(first), without_generator(second)
        if page1 != page2:
            problems.append(f"{name}: differs beyond the generator tag\n{first_difference(page1, page2)}")
        else:
            generators.add((tag1, tag2))
    return problems, generators


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="build in this folder and leave the builds there")
    args = parser.parse_args(argv)

    problems = pin_problems()
    for python in (MKDOCS_PYTHON, PROPERDOCS_PYTHON):
        if not python.exists():
            problems.append(f"{python.relative_to(ROOT)} is missing; {SETUP_HINT}")
    if not problems and has_mkdocs(PROPERDOCS_PYTHON):
        problems.append("MkDocs is installed in .venv-compat, so ProperDocs would not be tested; "
                        "rm -rf .venv-compat and run `make compat` again")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1

    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        print(f"{args.keep} is not empty; give --keep a new or empty folder", file=sys.stderr)
        return 2
    epoch = source_date_epoch(ROOT)  # one date for both builds
    with tempfile.TemporaryDirectory(prefix="guide-compat-") as scratch:
        where = args.keep.resolve() if args.keep else Path(scratch)
        mkdocs_files = output_files(build_copy(MKDOCS_PYTHON, where / "mkdocs", epoch))
        properdocs_files = output_files(build_copy(PROPERDOCS_PYTHON, where / "properdocs", epoch))

    problems, generators = compare(mkdocs_files, properdocs_files)
    if generators and all(first == second for first, second in generators):
        problems.append("every generator tag names the same generator: did both builds run MkDocs?")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(f"ProperDocs' build differs from MkDocs' in {len(problems)} way(s) besides the generator tag.",
              file=sys.stderr)
        return 1
    print(f"ProperDocs and MkDocs built the same {len(mkdocs_files)} files "
          "(site/, dist/ and the zip's entries); HTML pages differ only in the generator tag:")
    for first, second in sorted(generators):
        print(f"  MkDocs:     {first}\n  ProperDocs: {second}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
