"""Macros for the guide's chapters; mkdocs-macros-plugin loads this file.

This file only registers: loading and checking live in guide/site.py and
guide/data.py, HTML in guide/render.py, page rendering in guide/pages.py.
`macros_info()` in a page lists every macro with its docstring.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
# `make serve` re-runs this file on every change: drop the cached guide package so
# edits to guide/*.py show up without a restart.
for _name in [m for m in sys.modules if m == "guide" or m.startswith("guide.")]:
    del sys.modules[_name]

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.utils.meta import get_data  # noqa: E402

from guide import render, study  # noqa: E402
from guide.data import DataErrors  # noqa: E402
from guide.pages import demote_headings, front_matter_problem, render_page, render_page_all  # noqa: E402
from guide.schema import DATASETS  # noqa: E402
from guide.site import SOURCES_PAGES, SelectionError, load_site, offline_zip_name  # noqa: E402


class MacroError(Exception):
    """A macro called with arguments that cannot work; reported with the page and line."""


def define_env(env):
    try:
        site = load_site(Path(env.project_dir))
    except DataErrors as exc:
        raise PluginError(str(exc)) from None
    # The MkDocs hooks (guide/hooks.py) read the checked site and the page problems here.
    env.conf["guide_site"] = site
    env.conf["guide_problems"] = []
    env.variables["brand"] = render.escaped_view(site.brand)  # a template prints values, never their markup
    env.variables["chapter"] = None  # the escaped view templates print; macros use `state`
    state = {"chapter": None, "printing": False}  # the chapter being rendered, raw, for the macros
    counters: dict[str, int] = {}
    facts: dict[str, dict] = {}  # chapter id -> {"words", "updated", "text"}, computed once per build

    def page_url(src_path: str) -> str:
        target = env.variables["files"].get_file_from_path(src_path)
        if target is None:
            raise MacroError(f"there is no page docs/{src_path}")
        return target.url_relative_to(env.page.file)

    def links() -> render.Links:
        return render.Links(page_url, site.source_numbers, site.source_pages)

    def table_id(dataset: str) -> str:
        key = f"{env.page.file.src_path}:{dataset}"
        counters[key] = counters.get(key, 0) + 1
        return f"table-{dataset}" + (f"-{counters[key]}" if counters[key] > 1 else "")

    def current_chapter(macro: str):
        chapter = state["chapter"] or site.chapter_for(env.page.file.src_path)
        if chapter is None:
            raise MacroError(f"{macro}() works only on a chapter page listed in data/chapters.yml")
        return chapter

    def numbered() -> list:
        """The chapters that carry a number: site.chapters() less the start page."""
        return [c for c in site.chapters() if c["page"] != "index.md"]

    def rendered_chapter(c) -> str | None:
        """A chapter's Markdown with its macros rendered (as on the printable page), or None if it
        has a problem (its own page reports it)."""
        source = env.variables["files"].get_file_from_path(c["page"]).content_string
        body, _meta = get_data(source)
        variables = dict(env.variables, chapter=render.escaped_view(c))
        saved = dict(counters)
        state["chapter"], state["printing"] = c, True
        try:
            rendered, problem = render_page(env.env, body, variables, source, f"docs/{c['page']}")
        finally:
            state["chapter"], state["printing"] = None, False
            counters.clear()
            counters.update(saved)
        return None if problem else rendered

    def chapter_facts(c) -> dict:
        if c.id not in facts:
            source = env.variables["files"].get_file_from_path(c["page"]).content_string
            rendered = rendered_chapter(c) or ""
            paths = [f"docs/{c['page']}", *study.chapter_data_files(source)]
            facts[c.id] = {"words": study.word_count(rendered), "text": rendered,
                           "updated": study.last_updated(Path(env.project_dir), paths, study.build_epoch())}
        return facts[c.id]

    def chapter_questions(c) -> list:
        return [q for q in site.records("questions") if q["chapter"] == c.id]

    @env.macro
    def table(dataset: str, ids: list | None = None, where: dict | None = None, caption: str | None = None) -> str:
        """A table of a dataset from data/, e.g. `table("settings")`.

        `ids=["a", "b"]` shows only those records, in that order; `where={"kind": "state license"}`
        only records with that value; `caption="..."` replaces the default caption. Every table
        gets a Sources column with citation markers when its records cite sources.
        """
        try:
            records = site.select(dataset, ids, where)
        except SelectionError as exc:
            raise MacroError(f"table(): {exc}") from None
        return "\n" + render.records_table(DATASETS[dataset], records, links(), table_id(dataset), caption,
                                           site.ref_label, site.region_records(dataset)) + "\n"

    @env.macro
    def fact(fact_id: str) -> str:
        """A figure from data/outlook.yml inline, with its period and source, e.g. `fact("median-pay")`."""
        record = site.record("outlook", fact_id)
        if record is None:
            ids = [r.id for r in site.records("outlook")]
            raise MacroError(f"fact(): no record {fact_id!r} in data/outlook.yml; the ids are: {', '.join(ids)}")
        return render.fact_html(record, links())

    @env.macro
    def cite(*source_ids: str) -> str:
        """A citation marker linking to a source on the Sources page, e.g. `cite("bls-ooh")`."""
        known = site.source_numbers
        for s in source_ids:
            if s not in known:
                raise MacroError(f"cite(): {s!r} is not an id in data/sources.yml")
        if not source_ids:
            raise MacroError('cite() needs at least one source id, e.g. cite("bls-ooh")')
        return links().citations(source_ids)

    @env.macro
    def contact_email() -> str:
        """The brand's contact address as a mailto: link, e.g. `Write to {{ contact_email() }}`."""
        return render.email_link(site.brand["contact"]["email"])

    @env.macro
    def offline_download() -> str:
        """A link to the offline edition (zip) when the build publishes it (`make publish`), else a
        sentence on how to make it."""
        name = offline_zip_name(site.brand)
        target = env.variables["files"].get_file_from_path(name)
        if target is None:
            return render.text("The offline edition is published with the hosted site; to make it yourself, "
                               "run make offline.")
        return render.download_link(target.url_relative_to(env.page.file), name, target.abs_src_path)

    @env.macro
    def objectives() -> str:
        """The chapter's learning objectives from data/chapters.yml; put it under the title."""
        return render.objectives_html(current_chapter("objectives")["objectives"])

    @env.macro
    def key_points() -> str:
        """The chapter's key points from data/chapters.yml; put it near the end."""
        return render.key_points_html(current_chapter("key_points")["key_points"])

    @env.macro
    def self_check() -> str:
        """The chapter's self-check questions from data/questions.yml, answers behind "Show answer"."""
        chapter = current_chapter("self_check")
        return render.self_check_html(chapter_questions(chapter), chapter.id, printing=state["printing"])

    @env.macro
    def glossary() -> str:
        """Every term of data/glossary.yml, alphabetical, each with its own anchor (#term-<id>)."""
        return render.glossary_html(site.records("glossary"), links())

    @env.macro
    def sources_list() -> str:
        """The sources of data/sources.yml this page lists (docs/sources.md, then
        docs/sources-continued.md), numbered as the citation markers are, with the dates."""
        page = env.page.file.src_uri
        if page not in SOURCES_PAGES:
            raise MacroError(f"sources_list() belongs on docs/{SOURCES_PAGES[0]} and docs/{SOURCES_PAGES[1]}, "
                             "where citation markers lead")
        listed = site.sources_on(page)
        if not listed:  # a guide with a single source
            return "<p>No more sources.</p>"
        return render.sources_html(listed, site.source_numbers[listed[0].id])

    @env.macro
    def all_key_points() -> str:
        """The key points of every chapter, in order, each under a link to its chapter."""
        return render.all_key_points_md(site.chapters(), page_url)

    @env.macro
    def printable() -> str:
        """Every chapter in order on one page, answers shown after each chapter, for printing."""
        if state["printing"] or site.chapter_for(env.page.file.src_path):
            # A chapter that prints every chapter would print itself, forever.
            raise MacroError("printable() belongs on a page of its own (docs/print.md), not in a chapter")
        env.page.meta["guide_printable"] = True  # guide/hooks.py keeps its table of contents short
        logo = env.conf["theme"]["logo"]
        if not logo.startswith("data:"):
            logo = env.variables["files"].get_file_from_path(logo).url_relative_to(env.page.file)
        built_on = render.when(time.strftime("%Y-%m-%d", time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", "0")))))
        parts = [render.print_cover_html(site.brand, logo, built_on)]
        for c in site.chapters():
            source = env.variables["files"].get_file_from_path(c["page"]).content_string
            body, _meta = get_data(source)
            variables = dict(env.variables, chapter=render.escaped_view(c))
            state["chapter"], state["printing"] = c, True
            try:
                rendered, problem = render_page(env.env, body, variables, source, f"docs/{c['page']}")
            finally:
                state["chapter"], state["printing"] = None, False
            if problem:
                # The chapter's own page reports the same problem; record it once and go on.
                if problem not in env.conf["guide_problems"]:
                    env.conf["guide_problems"].append(problem)
                continue
            parts.append(demote_headings(rendered))
        parts.append(render.answer_key_html([(c.id, c["title"], chapter_questions(c)) for c in site.chapters()]))
        return "\n\n".join(parts)

    @env.macro
    def chapter_cards() -> str:
        """The start page's study panel: continue where you left off, a card per chapter (number,
        title, description, reading time, questions, the reader's progress), key points and
        flashcards, and the reset control."""
        if state["printing"]:
            return ""  # the printable page and reading times leave the interactive panel out
        chapters = numbered()
        cards = [render.Card(c.id, n, c["title"], page_url(c["page"]), c["description"],
                             render.reading_minutes(chapter_facts(c)["words"]), len(chapter_questions(c)))
                 for n, c in enumerate(chapters, 1)]
        return render.chapter_cards_html(cards, page_url("key-points.md"), page_url("flashcards.md"),
                                         study.script("home.js"))

    @env.macro
    def flashcards() -> str:
        """Flashcards from the glossary and every chapter's key points, filterable by chapter."""
        tooltip_ids = {f"{g['term']}: {g['definition']}": g.id for g in site.records("glossary")}
        texts = {c.id: chapter_facts(c)["text"] for c in site.chapters()}
        used = study.glossary_chapters(site.glossary, tooltip_ids, texts)
        # Published by guide/study_hooks.py as a file of its own, loaded when the reader starts.
        env.page.meta["guide_deck"] = study.deck(site.records("glossary"), site.chapters(), used)
        return render.flashcards_html([(c.id, c["title"]) for c in site.chapters()], study.script("flashcards.js"))

    env.conf["guide_chapter_meta"] = lambda c: chapter_meta(c)

    def chapter_meta(c) -> str:
        chapters = numbered()
        number = next((n for n, x in enumerate(chapters, 1) if x.id == c.id), None)
        f = chapter_facts(c)
        return render.chapter_meta_html(c.id, number, len(chapters), render.reading_minutes(f["words"]), f["updated"])


def on_pre_page_macros(env):
    """Render the page here, recording problems instead of publishing them (see guide/pages.py)."""
    page = env.page
    site = env.conf["guide_site"]
    problems = env.conf["guide_problems"]
    shown = f"docs/{page.file.src_path}"
    if page.meta.get("render_macros") is False:
        return
    source = page.file.content_string
    problem = front_matter_problem(source, shown, page.meta)
    if problem:
        problems.append(problem)
        env.markdown = ""
        return
    chapter = site.chapter_for(page.file.src_path)
    env.variables["chapter"] = render.escaped_view(chapter) if chapter is not None else None
    if chapter is not None:
        page.meta.setdefault("description", chapter["description"])
        page.title = render.markup(chapter["title"])  # navigation and previous/next links
        if not page.is_homepage:  # <title>; the home page's is the site's name
            page.meta["title"] = page.title
    variables = dict(env.variables)
    variables.update(page.meta)
    rendered, page_problems = render_page_all(env.env, env.markdown, variables, source, shown)
    if page_problems:
        problems.extend(p for p in page_problems if p not in problems)  # the printable page may have met it first
        env.markdown = ""
    else:
        if chapter is not None:
            rendered = insert_after_title(rendered, env.conf["guide_chapter_meta"](chapter))
        env.markdown = rendered


def insert_after_title(markdown: str, line: str) -> str:
    """`line` right under the page's first `#` heading (a chapter's title), or first if none."""
    lines = markdown.split("\n")
    at = next((i for i, text in enumerate(lines) if text.startswith("# ")), -1)
    lines.insert(at + 1, "\n" + line)
    return "\n".join(lines)
