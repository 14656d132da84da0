"""Compiled templates kept between builds (guide/template_cache.py): reused while the text is the
same, recompiled when it changes, and never a reason for a build to fail."""
from __future__ import annotations

import jinja2

from guide import template_cache

PAGE = "Hello {{ name }}! {% for i in items %}[{{ i }}]{% endfor %}"


def env_with_cache(root) -> jinja2.Environment:
    env = jinja2.Environment()
    env.bytecode_cache = template_cache.for_project(root)
    return env


def refuse_compiling(env: jinja2.Environment) -> None:
    def fail(*args, **kwargs):
        raise AssertionError("compiled again although the kept code was usable")
    env.compile = fail


def test_a_second_build_reuses_the_compiled_page(tmp_path):
    first = template_cache.compile_text(env_with_cache(tmp_path), PAGE, "docs/a.md")
    assert list((tmp_path / template_cache.CACHE_DIR).iterdir())
    env = env_with_cache(tmp_path)  # a new build: a new environment, the same cache folder
    refuse_compiling(env)
    again = template_cache.compile_text(env, PAGE, "docs/a.md")
    assert again.render(name="x", items=[1, 2]) == first.render(name="x", items=[1, 2]) == "Hello x! [1][2]"


def test_an_edited_page_is_compiled_afresh_and_replaces_its_entry(tmp_path):
    template_cache.compile_text(env_with_cache(tmp_path), PAGE, "docs/a.md")
    edited = template_cache.compile_text(env_with_cache(tmp_path), PAGE + " bye", "docs/a.md")
    assert edited.render(name="y", items=[]) == "Hello y!  bye"
    assert len(list((tmp_path / template_cache.CACHE_DIR).iterdir())) == 1


def test_a_damaged_entry_is_compiled_afresh(tmp_path):
    template_cache.compile_text(env_with_cache(tmp_path), PAGE, "docs/a.md")
    for entry in (tmp_path / template_cache.CACHE_DIR).iterdir():
        entry.write_bytes(entry.read_bytes()[:12] + b"\x00garbage")
    page = template_cache.compile_text(env_with_cache(tmp_path), PAGE, "docs/a.md")
    assert page.render(name="z", items=[3]) == "Hello z! [3]"


def test_a_cache_folder_that_is_a_file_only_costs_time(tmp_path):
    (tmp_path / ".cache").write_text("not a folder")
    page = template_cache.compile_text(env_with_cache(tmp_path), PAGE, "docs/a.md")
    assert page.render(name="f", items=[]) == "Hello f! "


def test_without_a_cache_it_is_from_string():
    page = template_cache.compile_text(jinja2.Environment(), PAGE, "docs/a.md")
    assert page.render(name="n", items=[]) == "Hello n! "
