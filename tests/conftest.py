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

from guide import npm_assets

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ["docs", "data", "guide", "macros.py", "mkdocs.yml", "mkdocs-offline.yml"]


# Each test module's kind, for `pytest -m`; the marker `slow` (make test-fast leaves those out) is set
# on the tests themselves.
UNIT_MODULES = {"test_render", "test_data", "test_data_reads", "test_escaping_property", "test_spelling",
                "test_workflow", "test_template_cache", "test_npm_assets", "test_search_splitter"}


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


# Where a test session downloads the pinned npm tarballs when the working tree has none yet (a
# fresh clone): a folder of pytest's, shared by the xdist workers (set by the fixture below). Tests
# never write into the working tree. Outside pytest (make compat, make bench) it stays None and each
# copy's build downloads for itself.
npm_downloads: Path | None = None


@pytest.fixture(scope="session", autouse=True)
def _npm_downloads_outside_the_working_tree(tmp_path_factory):
    global npm_downloads
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # a worker's base is <the run's>/popen-gwN: share the run's
    npm_downloads = base / "npm-downloads"


def npm_tarball_for_copies(package: npm_assets.NpmPackage) -> Path | None:
    """The package's verified tarball to put in a copy of the project: the working tree's, else one
    downloaded once into npm_downloads (a rename puts it there whole, so workers may race)."""
    cached = ROOT / npm_assets.CACHE / package.tarball
    if cached.is_file() and npm_assets.integrity_of(cached.read_bytes()) == package.integrity:
        return cached
    if npm_downloads is None:
        return None
    npm_assets.cached_tarball(package, npm_downloads)
    return npm_downloads / npm_assets.CACHE / package.tarball


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    # The copy's build checks the tarball's integrity again before using it.
    for package in npm_assets.PACKAGES:
        tarball = npm_tarball_for_copies(package)
        if tarball is not None:
            (dest / npm_assets.CACHE).mkdir(parents=True, exist_ok=True)
            shutil.copy2(tarball, dest / npm_assets.CACHE / package.tarball)
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
