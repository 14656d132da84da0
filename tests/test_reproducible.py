"""Two builds of the same sources give byte-identical sites (SOURCE_DATE_EPOCH is fixed by build())."""
from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import build, copy_project


def snapshot(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    return sorted(set(first) ^ set(second)) + sorted(k for k in first.keys() & second.keys() if first[k] != second[k])


def test_two_builds_of_one_copy_are_byte_identical(tmp_path):
    root = copy_project(tmp_path / "guide")
    first = build(root)
    assert first.returncode == 0, first.output
    before = snapshot(first.site)
    assert "sitemap.xml.gz" in before and "search/search_index.js" in before
    shutil.rmtree(first.site)  # the second build starts from nothing, as in CI
    second = build(root)
    assert second.returncode == 0, second.output
    assert differences(before, snapshot(second.site)) == []


def test_the_folder_a_build_runs_in_leaves_no_trace(tmp_path):
    # An absolute path in the output would make every machine's site different.
    one, two = copy_project(tmp_path / "one"), copy_project(tmp_path / "elsewhere" / "two")
    first, second = build(one), build(two)
    assert first.returncode == 0 and second.returncode == 0, first.output + second.output
    assert differences(snapshot(first.site), snapshot(second.site)) == []
    for name, data in snapshot(first.site).items():
        assert str(tmp_path).encode() not in data, name
