"""Spelling: the guide is written in US English, and common misspellings are caught.

codespell (pinned in requirements-test.txt) reads every chapter and data file with its
ordinary dictionaries ("clear" and "rare") plus "en-GB_to_en-US", which flags British
spellings such as licence, programme or behaviour. It checks whatever docs/ and data/
hold, so new chapters and a fork's data/local/ files are covered too. Official names that
the dictionaries flag go in tests/spelling-allow.txt, one a line.
"""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

DICTIONARIES = "clear,rare,en-GB_to_en-US"
ALLOW_FILE = ROOT / "tests" / "spelling-allow.txt"
CONTENT = {"docs": ("*.md",), "data": ("*.yml", "*.yaml")}


def allowed_words() -> list[str]:
    words = []
    for line in ALLOW_FILE.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.append(word.lower())
    return words


def content_files() -> list[str]:
    files = []
    for folder, patterns in CONTENT.items():
        for pattern in patterns:
            files += sorted(str(p.relative_to(ROOT)) for p in (ROOT / folder).rglob(pattern))
    return files


def test_allow_list_holds_single_words():
    for word in allowed_words():
        assert re.fullmatch(r"[a-z][a-z'-]*", word), f"{ALLOW_FILE.name}: {word!r} is not a single word"


def test_docs_and_data_use_us_spelling_and_no_misspellings():
    try:
        import codespell_lib  # noqa: F401
    except ImportError:
        pytest.fail("codespell is not installed: pip install -r requirements-test.txt")
    files = content_files()
    assert files, "no chapters or data files found"
    cmd = [sys.executable, "-m", "codespell_lib", "--builtin", DICTIONARIES, "--check-hidden"]
    allow = allowed_words()
    if allow:
        cmd += ["--ignore-words-list", ",".join(allow)]
    done = subprocess.run(cmd + files, cwd=ROOT, capture_output=True, text=True)
    hits = [line for line in done.stdout.splitlines() if "==>" in line]
    if done.returncode != 0 and not hits:
        pytest.fail(f"codespell failed to run:\n{done.stderr or done.stdout}")
    assert not hits, (
        f"{len(hits)} spelling problem(s) (file:line: word ==> suggestion). Fix them; add only an "
        f"official name to {ALLOW_FILE.relative_to(ROOT)}:\n" + "\n".join(hits)
    )
