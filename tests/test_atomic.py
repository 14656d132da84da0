"""A failed build leaves the previous site/ exactly as it was, and no temporary folder."""
from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import build, sample_chapter


def state(site: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and modification time (ns), and every folder, by relative path."""
    out = {}
    for p in sorted(site.rglob("*")):
        key = str(p.relative_to(site))
        out[key] = (p.read_bytes() if p.is_file() else b"<dir>", p.stat().st_mtime_ns)
    return out


def published(project: Path, built) -> Path:
    """The site a good build published: the session's build of the same sources, copied in."""
    shutil.copytree(built.site, project / "site")
    return project / "site"


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name != "site" and p.name.startswith((".site", "site")))


def test_a_failed_build_leaves_the_previous_site_untouched(project, built):
    site = published(project, built)
    before = state(site)
    site_mtime = site.stat().st_mtime_ns
    # A typo a newcomer might make, after the site went live.
    settings = project / "data" / "settings.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('name: "Psychiatric hospitals"',
                                                                      "name: no", 1), encoding="utf-8")
    bad = build(project)
    assert bad.returncode == 1
    assert "data/settings.yml:" in bad.output and "left as it was" in bad.output
    assert state(project / "site") == before
    assert (project / "site").stat().st_mtime_ns == site_mtime
    assert leftovers(project) == []


def test_a_failed_page_leaves_the_previous_site_untouched(project, built):
    before = state(published(project, built))
    page = project / "docs" / sample_chapter()
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ tabel('role') }}\n", encoding="utf-8")
    bad = build(project)
    assert bad.returncode == 1 and f"docs/{sample_chapter()}:" in bad.output
    assert state(project / "site") == before
    assert leftovers(project) == []


def test_two_builds_at_once_take_turns(project):
    """A second build started while one runs waits for it (and says so) instead of racing it."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "GUIDE_ROOT": str(project), "SOURCE_DATE_EPOCH": "1700000000"}
    env.pop("BRAND", None)
    runs = [subprocess.Popen([sys.executable, "-m", "guide", "site"], cwd=project, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert any("Another build of this guide is running; waiting" in out for out in outputs), outputs
    assert "Traceback" not in "".join(outputs)
    assert (project / "site" / "index.html").is_file()
    assert leftovers(project) == []
