"""The bad-input catalogue (tests/bad_inputs/cases.yml): each case is a real build of a
changed copy of the project, with the exit code and the messages a user must see. Those real
builds are slow (marker `slow`: `make test` runs them, `make test-fast` does not); the mistakes
made in data/ alone are also run through `make check`, in-process, which must report them with
the same messages (that part is quick and runs in `make test-fast`).

Also the inputs that look dangerous but are valid: a `{#id}` heading attribute and
`{{ }}` in code must build and appear literally.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import build, copy_project, sample_chapter

CASES_FILE = Path(__file__).resolve().parent / "bad_inputs" / "cases.yml"
CASES = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
TRACEBACK = "Traceback (most recent call last)"


OPS = ("write", "append", "replace", "recode", "delete", "symlink", "mkdir")


def apply_change(root: Path, change: dict) -> None:
    """Apply one change of a case to the project copy at root."""
    op = next(k for k in OPS if k in change)
    path = root / change[op]
    if op == "symlink":  # a link to `to`: absolute, or relative to the link's folder
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            path.unlink()
        path.symlink_to(change["to"].replace("{root}", str(root)))
        return
    if op == "mkdir":
        if path.is_file():
            path.unlink()
        path.mkdir(parents=True, exist_ok=True)
        return
    if op == "delete":
        assert path.exists(), f"the case deletes {change[op]}, which the project does not have"
        path.unlink()
        return
    if op == "write":
        path.parent.mkdir(parents=True, exist_ok=True)
        text = change["content"]
    elif op == "append":
        text = path.read_text(encoding="utf-8") + change["content"]
    elif op == "replace":
        text = path.read_text(encoding="utf-8")
        assert text.count(change["old"]) == 1, f"{change['old']!r} must occur exactly once in {change[op]}"
        text = text.replace(change["old"], change["new"])
    else:  # recode: the same text, saved with another encoding or a BOM
        text = path.read_text(encoding="utf-8")
    data = text.encode(change.get("encoding", "utf-8"))
    if change.get("bom"):
        data = b"\xef\xbb\xbf" + data
    if change.get("size"):  # the content repeated to this many bytes (a huge file)
        data = (data * (change["size"] // max(1, len(data)) + 1))[: change["size"]]
    path.write_bytes(data)


# Where a failure's message may point: a file of the project, or the setting that was wrong.
WHERE = ("data", "docs/", "mkdocs.yml", "SOURCE_DATE_EPOCH", "site", "dist", "/")


def test_the_catalogue_is_big_enough_and_well_formed():
    names = [c["name"] for c in CASES]
    assert len(names) >= 90
    assert len(set(names)) == len(names), "case names must be unique"
    for case in CASES:
        assert set(case) <= {"name", "changes", "exit", "messages", "env", "target", "absent"}, case["name"]
        assert case["changes"] and case["messages"], case["name"]
        # A failing case must say where: an expected message of a failure names a file or setting.
        if case["exit"] != 0:
            assert any(m.startswith(WHERE) or "field '" in m or ".md" in m or "docs/" in m for m in case["messages"]), case["name"]


def snapshot(root: Path) -> dict[str, bytes | None]:
    """What a build may produce or replace: site/, dist/ and temporary folders, file by file."""
    out: dict[str, bytes | None] = {}
    for top in [p for p in root.iterdir() if p.name in ("site", "dist") or p.name.startswith((".site", ".dist"))]:
        for p in [top, *top.rglob("*")] if top.is_dir() else [top]:
            out[str(p.relative_to(root))] = p.read_bytes() if p.is_file() else None
    return out


def changed_copy(case: dict, tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "guide")
    for change in case["changes"]:
        apply_change(root, change)
    return root


def case_env(case: dict, root: Path) -> dict[str, str]:
    return {k: str(v).replace("{root}", str(root)) for k, v in (case.get("env") or {}).items()}


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input(case, tmp_path):
    root = changed_copy(case, tmp_path)
    before = snapshot(root)
    result = build(root, case.get("target", "site"), env=case_env(case, root))
    assert result.returncode == case["exit"], result.output
    for message in case["messages"]:
        assert message in result.output, f"expected {message!r} in:\n{result.output}"
    assert TRACEBACK not in result.output, result.output
    for path in case.get("absent", []):
        assert not (root / path).exists(), f"{path} outlived the build"
    if case["exit"] != 0:
        # A failed build publishes nothing, changes nothing it had published, and leaves no
        # temporary folder behind.
        assert snapshot(root) == before


def changed_path(change: dict) -> str:
    return next(change[k] for k in OPS if k in change)


# A mistake in data/ alone (the brand file may also be chosen with $BRAND): `make check` reads
# the same files with the same code (guide.site.load_site) as the build, and must stop on it.
DATA_CASES = [c for c in CASES if c["exit"] != 0 and c.get("target", "site") == "site"
              and set(c.get("env") or {}) <= {"BRAND"}
              and all(changed_path(change).startswith("data/") for change in c["changes"])]


def test_most_data_cases_are_checked_without_a_build():
    assert len(DATA_CASES) >= 60


@pytest.mark.parametrize("case", DATA_CASES, ids=[c["name"] for c in DATA_CASES])
def test_make_check_reports_each_data_mistake_as_the_build_does(case, tmp_path, monkeypatch, capsys):
    from guide.__main__ import main

    root = changed_copy(case, tmp_path)
    monkeypatch.delenv("BRAND", raising=False)
    for key, value in {"GUIDE_ROOT": str(root), **case_env(case, root)}.items():
        monkeypatch.setenv(key, value)
    code = main(["check"])
    out = capsys.readouterr()
    output = out.out + out.err
    assert code == case["exit"], output
    for message in case["messages"]:
        assert message in output, f"expected {message!r} in:\n{output}"
    assert TRACEBACK not in output, output


# --- valid input that looks like markup ---------------------------------------------------

LITERAL_SECTION = """

## A section with its own anchor {#my-anchor}

Inline code shows `{{ brand.name }}` and `{% if x %}` as written.

```yaml
name: "{{ brand.name }}"
note: "{% raw %} {# not a comment #}"
```

~~~
{{ table("no-such-table") }}
~~~
"""


def test_heading_attribute_and_braces_in_code_render_literally(project):
    page = project / "docs" / sample_chapter()
    page.write_text(page.read_text(encoding="utf-8") + LITERAL_SECTION, encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.output
    assert TRACEBACK not in result.output
    soup = result.html(sample_chapter())
    heading = soup.find(id="my-anchor")
    assert heading is not None and heading.name == "h2"
    assert heading.get_text().startswith("A section with its own anchor")
    assert "{#" not in heading.get_text()
    inline = [c.get_text() for c in soup.select("p > code")]
    assert "{{ brand.name }}" in inline and "{% if x %}" in inline
    blocks = [pre.get_text() for pre in soup.select("pre")]
    assert any('name: "{{ brand.name }}"' in b and 'note: "{% raw %} {# not a comment #}"' in b for b in blocks), blocks
    assert any('{{ table("no-such-table") }}' in b for b in blocks), blocks


# --- every problem on a page, with the line an author sees ------------------------------

def test_every_problem_on_a_page_is_found():
    import jinja2

    from guide.pages import render_page_all

    env = jinja2.Environment(undefined=jinja2.StrictUndefined, comment_start_string="{%#",
                             comment_end_string="#%}")

    def fact(fact_id):
        raise ValueError(f"fact(): no record {fact_id!r}")

    env.globals["fact"] = fact
    source = "---\ntitle: T\n---\n\n# T\n{{ tabel() }}\nfine {{ brand.name }}\n{{ fact('x') }}\n{{ brnad }}\n"
    markdown = source.split("---\n", 2)[2]
    rendered, problems = render_page_all(env, markdown, {"brand": {"name": "B"}}, source, "docs/t.md")
    assert rendered is None
    assert [(p.file, p.line) for p in problems] == [("docs/t.md", 6), ("docs/t.md", 8), ("docs/t.md", 9)]
    assert "'tabel' is not a macro or variable" in problems[0].message
    assert "fact(): no record 'x'" in problems[1].message
    assert "did you mean 'brand'?" in problems[2].message


def test_alias_bomb_is_refused_before_it_grows():
    """A bomb that would expand to 10^12 strings is refused with bounded memory."""
    import tracemalloc

    from guide import yamlload

    levels = ["a: &l0 [\"lol\"]"] + [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 13)]
    tracemalloc.start()
    try:
        with pytest.raises(yamlload.YamlError) as refused:
            yamlload.parse("\n".join(levels) + "\n")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refused.value.line == 1
    assert "anchors and aliases" in refused.value.message
    assert peak < 20 * 1024 * 1024  # the document's own nodes, not their expansion
