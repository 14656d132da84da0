"""During one build of the guide, every data file is read exactly once (a count, never a time).

The build runs in a child Python process that calls MkDocs' own build function
in-process and then prints guide.data.READS, the per-process count of file
reads, so the count is the build's own and not polluted by other tests.
The counter is read from the module the build used (sys.modules), in the
process that built.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from guide.data import load_catalog
from guide.schema import DATASETS, LOCAL_DIR

BUILD_AND_COUNT = """
import json, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2])
build(config)
print("READS=" + json.dumps(dict(sys.modules["guide.data"].READS)))
"""


def build_and_count_reads(root: Path, site: Path) -> dict[str, int]:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", NO_MKDOCS_2_WARNING="1")
    env.pop("BRAND", None)
    proc = subprocess.run([sys.executable, "-c", BUILD_AND_COUNT, str(root / "mkdocs.yml"), str(site)],
                          cwd=root, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    line = next(li for li in proc.stdout.splitlines() if li.startswith("READS="))
    return json.loads(line[len("READS="):])


def page_calling(root: Path, call: str, site: Path) -> Path:
    """The built page of the first chapter whose Markdown contains `call`."""
    stem = next(p.stem for p in sorted((root / "docs").glob("*.md")) if call in p.read_text(encoding="utf-8"))
    return site / "index.html" if stem == "index" else site / stem / "index.html"


def test_each_data_file_is_read_once_per_build(project, tmp_path):
    # A fork's local records file too: it is a second file of the same dataset.
    source_id = load_catalog(project / "data")["sources"][0].id
    local = project / "data" / LOCAL_DIR / "settings.yml"
    local.parent.mkdir(exist_ok=True)
    local.write_text(f"""- id: bench-local-setting
  name: "Local crisis house"
  patients: "A short-stay house run by the county crisis team."
  acuity: "Open around the clock."
  sources: [{source_id}]
""", encoding="utf-8")
    site = tmp_path / "site"

    reads = build_and_count_reads(project, site)

    data = (project / "data").resolve()
    expected = {str(data / ds.file) for ds in DATASETS.values()} | {str(data / "brand.yml"), str(local.resolve())}
    assert set(reads) == expected, f"files read that should not be: {set(reads) - expected}; " \
                                   f"files never read: {expected - set(reads)}"
    read_more_than_once = {path: n for path, n in reads.items() if n != 1}
    assert read_more_than_once == {}, f"each data file must be read once per build: {read_more_than_once}"
    # The build really used the data: the local record is in the settings table.
    page = BeautifulSoup(page_calling(project, 'table("settings"', site).read_text(encoding="utf-8"), "html.parser")
    row_headers = [th.get_text(strip=True) for th in page.select("table th[scope=row]")]
    assert "Local crisis house" in row_headers
