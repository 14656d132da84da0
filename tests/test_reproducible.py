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
    # ... but for the compiled templates the first kept (guide/template_cache.py): with or without
    # them, the site is the same.
    assert any((root / ".cache" / "jinja").iterdir())
    second = build(root)
    assert second.returncode == 0, second.output
    assert differences(before, snapshot(second.site)) == []


def test_the_folder_a_build_runs_in_leaves_no_trace(built, tmp_path, tmp_path_factory):
    # An absolute path in the output would make every machine's site different. The session's
    # build is one folder; a copy one level deeper, elsewhere, is the other.
    second = build(copy_project(tmp_path / "elsewhere" / "two"))
    assert second.returncode == 0, second.output
    first = snapshot(built.site)
    assert differences(first, snapshot(second.site)) == []
    both_under = str(tmp_path_factory.getbasetemp()).encode()
    for name, data in first.items():
        assert both_under not in data, name
