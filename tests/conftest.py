"""Shared fixtures: a copy of the project in a temporary folder, and builds of it.

Build tests never touch the working tree: each copies the project, changes what
it needs, builds with the same command `make site` uses, and reads the HTML
back with a real parser.
"""
from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ["docs", "data", "guide", "macros.py", "mkdocs.yml", "mkdocs-offline.yml"]


# Each test module's kind, for `pytest -m`; the marker `slow` (make test-fast leaves those out) is set
# on the tests themselves.
UNIT_MODULES = {"test_render", "test_data", "test_data_reads", "test_escaping_property", "test_spelling",
                "test_workflow", "test_template_cache"}


# Builds that several tests share (module- or session-scoped fixtures). Under pytest-xdist's
# --dist loadgroup (make test, make test-fast) the tests that use one run on the same worker, so
# it is built once, not once per worker; every other test goes to whichever worker is free.
SHARED_BUILDS = ("real", "bundle", "nested_bundle", "fork", "acme_site", "hostile")


@pytest.hookimpl(tryfirst=True)  # xdist reads the groups in its own hook
def pytest_collection_modifyitems(items):
    for item in items:
        shared = next((name for name in SHARED_BUILDS if name in getattr(item, "fixturenames", ())), None)
        if shared:
            item.add_marker(pytest.mark.xdist_group(shared))
        module = item.module.__name__.rsplit(".", 1)[-1]
        if ".browser." in item.module.__name__:
            item.add_marker(pytest.mark.browser)
        elif module == "test_bad_inputs":
            item.add_marker(pytest.mark.catalogue)
        elif module in UNIT_MODULES:
            item.add_marker(pytest.mark.unit)
        else:
            item.add_marker(pytest.mark.build)


def _shown_pages() -> list[str]:
    from guide.site import load_site
    return [c["page"] for c in load_site(ROOT).chapters() if c["page"] != "index.md"]


def sample_chapter() -> str:
    """A chapter page of this guide (upstream's or a fork's) with citation markers: tests use it
    instead of naming a chapter that a fork may have hidden or renamed."""
    for page in _shown_pages():
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        if "cite(" in text and "self_check()" in text:
            return page
    raise AssertionError("no shown chapter cites a source and has a self-check")


def page_showing(dataset: str) -> str:
    """The first shown page whose source calls table("<dataset>")."""
    for page in _shown_pages() + ["index.md"]:
        if re.search(rf"table\(\s*[\"']{dataset}[\"']", (ROOT / "docs" / page).read_text(encoding="utf-8")):
            return page
    raise AssertionError(f"no shown page shows the {dataset} table")


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    return dest


@dataclass
class Build:
    root: Path
    returncode: int
    output: str  # stdout and stderr together, as a user sees them

    @property
    def site(self) -> Path:
        return self.root / "site"

    def html(self, page: str) -> BeautifulSoup:
        """The built page for a source path such as 'role.md' or 'index.md'."""
        return BeautifulSoup(self.page_path(page).read_text(encoding="utf-8"), "html.parser")

    def page_path(self, page: str) -> Path:
        stem = page[:-3]
        return self.site / ("index.html" if stem == "index" else f"{stem}/index.html")


def linked_bytes(page_file: Path, src: str) -> bytes:
    """What an <img src> or <link href> on a built page holds: a data: URL's payload, or the
    file the relative address points to."""
    if src.startswith("data:"):
        header, _, payload = src.partition(",")
        return base64.b64decode(payload) if header.endswith(";base64") else unquote(payload).encode()
    return (page_file.parent / src).resolve().read_bytes()


def build(root: Path, target: str = "site", env: dict | None = None) -> Build:
    """Run the same build `make site` runs, in `root`."""
    full_env = {**os.environ, "GUIDE_ROOT": str(root), "SOURCE_DATE_EPOCH": "1700000000", **(env or {})}
    full_env.pop("BRAND", None) if not (env and "BRAND" in env) else None
    proc = subprocess.run([sys.executable, "-m", "guide", target], cwd=root, env=full_env,
                          capture_output=True, text=True)
    return Build(root, proc.returncode, proc.stdout + proc.stderr)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Build:
    """The real guide, built once for the whole session."""
    root = copy_project(tmp_path_factory.mktemp("guide"))
    result = build(root)
    assert result.returncode == 0, result.output
    return result


@pytest.fixture
def project(tmp_path) -> Path:
    """A fresh copy of the project to change and build."""
    return copy_project(tmp_path / "guide")
