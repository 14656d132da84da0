"""ProperDocs, the maintained continuation of MkDocs 1.x, builds the same guide as MkDocs 1.6
(tests/compat.py, `make compat`): the way out if MkDocs 1.6 stops installing."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.compat import PROPERDOCS_PYTHON, SETUP_HINT, compare, pin_problems
from tests.conftest import ROOT

PAGE = ('<!doctype html><html><head><meta charset="utf-8">'
        '<meta name="generator" content="{generator}"><title>{title}</title></head><body></body></html>')


def page(generator: str, title: str = "Role") -> bytes:
    return PAGE.format(generator=generator, title=title).encode()


def test_the_compat_requirements_pin_what_the_build_requirements_pin():
    assert pin_problems() == []


def test_a_pin_that_drifts_from_requirements_txt_is_named(tmp_path):
    for name in ("requirements.txt", "requirements-compat.txt"):
        shutil.copy(ROOT / name, tmp_path / name)
    compat = tmp_path / "requirements-compat.txt"
    text = compat.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.lower().startswith("jinja2=="))
    compat.write_text(text.replace(line, "Jinja2==0.0.1") + "mkdocs==1.6.1\n", encoding="utf-8")
    problems = "\n".join(pin_problems(tmp_path))
    assert "jinja2 at 0.0.1" in problems
    assert "pins mkdocs, which ProperDocs replaces" in problems


def test_pages_may_differ_in_the_generator_tag_only():
    same = {"role/index.html": page("mkdocs-1.6.1"), "sitemap.xml": b"<urlset/>"}
    other = {"role/index.html": page("ProperDocs 1.6.7"), "sitemap.xml": b"<urlset/>"}
    problems, generators = compare(same, other)
    assert problems == []
    assert generators == {("mkdocs-1.6.1", "ProperDocs 1.6.7")}


def test_every_other_difference_is_named_file_by_file():
    first = {"role/index.html": page("a"), "sitemap.xml": b"<urlset/>", "only-here.js": b""}
    second = {"role/index.html": page("b", title="Rôle"), "sitemap.xml": b"<urlset></urlset>", "only-there.css": b""}
    problems, _ = compare(first, second)
    assert [p.splitlines()[0] for p in problems] == [
        "only-here.js: only in the MkDocs build",
        "only-there.css: only in the ProperDocs build",
        "role/index.html: differs beyond the generator tag",
        "sitemap.xml: the bytes differ",
    ]
    assert "Rôle" in problems[2]


def test_properdocs_builds_the_same_site_and_offline_bundle_as_mkdocs():
    if not PROPERDOCS_PYTHON.exists():
        message = f"ProperDocs' environment .venv-compat is missing; {SETUP_HINT} (make test does too)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "compat.py")], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
