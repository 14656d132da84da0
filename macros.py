"""The macros a chapter may call; mkdocs-macros-plugin loads this file.

It only registers: each macro's work is a method of guide/rendering.py's `Pages`, its HTML comes
from guide/render.py, and the checked data from guide/state.py. The docstrings below are what
`macros_info()` shows an author.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from guide import render, state  # noqa: E402
from guide.rendering import Pages  # noqa: E402


def define_env(env):
    build = state.of(env.conf)
    pages = build.macros = Pages(env, build)
    env.variables["brand"] = render.escaped_view(build.site.brand)  # templates print values, never markup
    env.variables["chapter"] = None  # set to the current chapter's escaped view on each chapter page

    @env.macro
    def table(dataset: str, ids: list | None = None, where: dict | None = None, caption: str | None = None) -> str:
        """A table of a dataset from data/, e.g. `table("settings")`.

        `ids=["a", "b"]` shows only those records, in that order; `where={"kind": "state license"}`
        only records with that value; `caption="..."` replaces the default caption. Every table
        gets a Sources column with citation markers when its records cite sources.
        """
        return pages.table(dataset, ids, where, caption)

    @env.macro
    def fact(fact_id: str) -> str:
        """A figure from data/outlook.yml inline, with its period and source, e.g. `fact("median-pay")`."""
        return pages.fact(fact_id)

    @env.macro
    def cite(*source_ids: str) -> str:
        """A citation marker linking to a source on the Sources page, e.g. `cite("bls-ooh")`."""
        return pages.cite(source_ids)

    @env.macro
    def contact_email() -> str:
        """The brand's contact address as a mailto: link, e.g. `Write to {{ contact_email() }}`."""
        return pages.contact_email()

    @env.macro
    def offline_download() -> str:
        """A link to the offline edition (zip) when the build publishes it (`make publish`), else a
        sentence on how to make it."""
        return pages.offline_download()

    @env.macro
    def objectives() -> str:
        """The chapter's learning objectives from data/chapters.yml; put it under the title."""
        return pages.objectives()

    @env.macro
    def key_points() -> str:
        """The chapter's key points from data/chapters.yml; put it near the end."""
        return pages.key_points()

    @env.macro
    def self_check() -> str:
        """The chapter's self-check questions from data/questions.yml: answered on the page, and
        with each answer behind "Show answer" where scripts do not run."""
        return pages.self_check()

    @env.macro
    def glossary() -> str:
        """Every term of data/glossary.yml, alphabetical, each with its own anchor (#term-<id>)."""
        return pages.glossary()

    @env.macro
    def sources_list() -> str:
        """The sources of data/sources.yml this page lists (docs/sources.md: the first half, then
        docs/sources-continued.md), numbered as the citation markers are, with their dates."""
        return pages.sources_list()

    @env.macro
    def all_key_points() -> str:
        """The key points of every chapter, in order, each under a link to its chapter."""
        return pages.all_key_points()

    @env.macro
    def printable() -> str:
        """Every chapter in order on one page, then an answer key by chapter, for printing."""
        return pages.printable()

    @env.macro
    def chapter_cards() -> str:
        """The start page's study panel: continue where you left off, a card per chapter (number,
        title, description, reading time, questions, the reader's progress), key points and
        flashcards, and the reset control."""
        return pages.chapter_cards()

    @env.macro
    def flashcards() -> str:
        """Flashcards from the glossary and every chapter's key points, filterable by chapter."""
        return pages.flashcards()


def on_pre_page_macros(env):
    """mkdocs-macros calls this before rendering a page: the guide renders it (guide/rendering.py)."""
    state.of(env.conf).macros.render_current_page()
