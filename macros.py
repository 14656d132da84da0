"""Macros for the guide's chapters; mkdocs-macros-plugin loads this file.

This file only registers: loading and checking live in guide/site.py and
guide/data.py, HTML in guide/render.py, page rendering in guide/pages.py.
`macros_info()` in a page lists every macro with its docstring.
"""
from __future__ import annotations

import sys
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

from guide import render  # noqa: E402
from guide.data import DataErrors, suggest  # noqa: E402
from guide.pages import demote_headings, front_matter_problem, render_page, render_page_all  # noqa: E402
from guide.schema import DATASETS  # noqa: E402
from guide.site import load_site  # noqa: E402


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
    env.variables["brand"] = site.brand
    env.variables["chapter"] = None
    counters: dict[str, int] = {}

    def links() -> render.Links:
        page = env.page
        files = env.variables["files"]

        def page_url(src_path: str) -> str:
            target = files.get_file_from_path(src_path)
            if target is None:
                raise MacroError(f"there is no page docs/{src_path}")
            return target.url_relative_to(page.file)

        return render.Links(page_url, site.source_numbers)

    def table_id(dataset: str) -> str:
        key = f"{env.page.file.src_path}:{dataset}"
        counters[key] = counters.get(key, 0) + 1
        return f"table-{dataset}" + (f"-{counters[key]}" if counters[key] > 1 else "")

    def printing() -> bool:
        return bool(env.variables.get("guide_print"))

    def once_each():
        """A marker that gives each glossary term one tooltip within one block."""
        seen: set[str] = set()
        return lambda escaped: site.mark_terms(escaped, seen)

    def current_chapter(macro: str):
        if printing():
            return env.variables["chapter"]
        chapter = site.chapter_for(env.page.file.src_path)
        if chapter is None:
            raise MacroError(f"{macro}() works only on a chapter page listed in data/chapters.yml")
        return chapter

    @env.macro
    def table(dataset: str, ids: list | None = None, where: dict | None = None, caption: str | None = None) -> str:
        """A table of a dataset from data/, e.g. `table("settings")`.

        `ids=["a", "b"]` shows only those records, in that order; `where={"kind": "state licence"}`
        only records with that value; `caption="..."` replaces the default caption. Every table
        gets a Sources column with citation markers when its records cite sources.
        """
        ds = DATASETS.get(dataset)
        if ds is None or not ds.columns:
            names = sorted(n for n, d in DATASETS.items() if d.columns)
            hint = suggest(dataset, names) or f"; the tables are: {', '.join(names)}"
            raise MacroError(f"table(): there is no table called {dataset!r}{hint}")
        records = site.records(dataset)
        if ids is not None:
            if isinstance(ids, str):
                raise MacroError('table(): ids must be a list, e.g. ids=["ncpt", "mhtc"]')
            by_id = {r.id: r for r in records}
            missing = [i for i in ids if i not in by_id]
            if missing:
                raise MacroError(f"table(): no record {', '.join(map(repr, missing))} in data/{ds.file}")
            records = [by_id[i] for i in ids]
        if where:
            for key in where:
                if ds.field(key) is None:
                    raise MacroError(f"table(): {dataset} has no field {key!r}")
            records = [r for r in records if all(r.get(k) == v for k, v in where.items())]
        if not records:
            raise MacroError(f"table(): no records of {dataset!r} match; check ids= and where=")
        lk = links()
        seen: set[str] = set()  # one tooltip per term per table

        def mark(escaped: str) -> str:
            return site.mark_terms(escaped, seen)

        cited = any(r.get("sources") for r in records)
        headers = [c.header for c in ds.columns] + (["Sources"] if cited else [])
        rows = []
        for r in records:
            row = [cell(ds, c.field, r, mark) for c in ds.columns]
            if cited:
                row.append(lk.citations(r.get("sources")))
            rows.append(row)
        row_header = next((i for i, c in enumerate(ds.columns) if c.field == ds.row_header), None)
        return "\n" + render.table_html(render.Table(caption or ds.title, headers, rows, table_id(dataset),
                                                     row_header, [r.id for r in records])) + "\n"

    def cell(ds, field_name, record, mark) -> str:
        value = record.get(field_name)
        f = ds.field(field_name)
        if value in (None, "", []):
            return render.EMPTY
        if f.kind == "url":
            return render.link(value, render.url_label(value))
        if f.kind == "ref":
            target = site.record(f.ref, value)
            return mark(render.text(target.get("abbr") or target.get("name") or value))
        return mark(render.text(value))

    @env.macro
    def fact(fact_id: str) -> str:
        """A figure from data/outlook.yml inline, with its period and source, e.g. `fact("median-pay")`."""
        record = site.record("outlook", fact_id)
        if record is None:
            ids = [r.id for r in site.records("outlook")]
            raise MacroError(f"fact(): no record {fact_id!r} in data/outlook.yml; the ids are: {', '.join(ids)}")
        lk = links()
        return (f'<span class="guide-fact">{render.text(record["value"])} ({render.text(record["period"])})</span>'
                f"{lk.citations(record['sources'])}")

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
    def objectives() -> str:
        """The chapter's learning objectives from data/chapters.yml; put it under the title."""
        chapter = current_chapter("objectives")
        return render.objectives_html(chapter["objectives"], site.mark_terms)

    @env.macro
    def key_points() -> str:
        """The chapter's key points from data/chapters.yml; put it near the end."""
        chapter = current_chapter("key_points")
        return render.key_points_html(chapter["key_points"], site.mark_terms)

    @env.macro
    def self_check() -> str:
        """The chapter's self-check questions from data/questions.yml, answers behind "Show answer"."""
        chapter = current_chapter("self_check")
        questions = [q for q in site.records("questions") if q["chapter"] == chapter.id]
        return render.self_check_html(questions, once_each(), open_answers=printing())

    @env.macro
    def glossary() -> str:
        """Every term of data/glossary.yml, alphabetical, each with its own anchor (#term-<id>)."""
        lk = links()
        items = []
        for g in sorted(site.records("glossary"), key=lambda g: g["term"].casefold()):
            name = render.text(g["term"]) + (f" ({render.text(g['abbr'])})" if g.get("abbr") else "")
            cites = f" {lk.citations(g['sources'])}" if g.get("sources") else ""
            items.append(f'<dt id="term-{render.attr(g.id)}">{name}</dt><dd>{render.text(g["definition"])}{cites}</dd>')
        return '<dl class="guide-glossary">\n' + "\n".join(items) + "\n</dl>"

    @env.macro
    def sources_list() -> str:
        """Every source of data/sources.yml, numbered as the citation markers are, with the date checked."""
        items = []
        for s in site.records("sources"):
            note = f'<br><span class="guide-note">{render.text(s["note"])}</span>' if s.get("note") else ""
            copy = (f" (read from a copy at {render.link(s['copy_url'], render.url_label(s['copy_url']))})"
                    if s.get("copy_url") else "")
            items.append(
                f'<li id="src-{render.attr(s.id)}"><strong>{render.text(s["title"])}</strong>, '
                f'{render.text(s["publisher"])}. {render.link(s["url"], render.url_label(s["url"]))}{copy}<br>'
                f'Supports: {render.text(s["supports"])}. {render.text(render.source_dates(s))} '
                f'Confidence: {render.text(s["confidence"])}.{note}</li>')
        return '<ol class="guide-sources">\n' + "\n".join(items) + "\n</ol>"

    @env.macro
    def all_key_points() -> str:
        """The key points of every chapter, in order, each under a link to its chapter."""
        out = []
        for c in site.records("chapters"):
            out.append(f"## [{c['title']}]({c['page']})\n")
            out.append("<ul>" + "".join(f"<li>{site.mark_terms(render.text(p))}</li>" for p in c["key_points"])
                       + "</ul>\n")
        return "\n".join(out)

    @env.macro
    def printable() -> str:
        """Every chapter in order on one page, answers shown after each chapter, for printing."""
        env.page.meta["guide_printable"] = True  # guide/hooks.py keeps its table of contents short
        parts = []
        for c in site.records("chapters"):
            path = Path(env.conf["docs_dir"]) / c["page"]
            source = path.read_text(encoding="utf-8-sig")
            body, _meta = get_data(source)
            saved = env.variables["chapter"], env.variables.get("guide_print")
            env.variables["chapter"], env.variables["guide_print"] = c, True
            try:
                rendered, problem = render_page(env.env, body, dict(env.variables), source, f"docs/{c['page']}")
            finally:
                env.variables["chapter"], env.variables["guide_print"] = saved
            if problem:
                # The chapter's own page reports the same problem; record it once and go on.
                if problem not in env.conf["guide_problems"]:
                    env.conf["guide_problems"].append(problem)
                continue
            parts.append(demote_headings(rendered))
        return "\n\n".join(parts)


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
    env.variables["chapter"] = chapter
    if chapter is not None:
        page.meta.setdefault("description", chapter["description"])
    variables = dict(env.variables)
    variables.update(page.meta)
    rendered, page_problems = render_page_all(env.env, env.markdown, variables, source, shown)
    if page_problems:
        problems.extend(p for p in page_problems if p not in problems)  # the printable page may have met it first
        env.markdown = ""
    else:
        env.markdown = rendered + abbreviations(site, rendered)
        if "{" in (page.title or "") and "title" not in page.meta:  # from a `# {{ chapter.title }}` heading
            title, problem = render_page(env.env, page.title, variables, page.title, shown)
            if problem:
                problems.append(problem)
            else:
                page.title = title


def abbreviations(site, markdown: str) -> str:
    """Glossary tooltips for prose: Markdown abbreviation definitions for the terms on this page."""
    found = site.find_terms(markdown)
    if not found:
        return ""
    # A blank line between definitions: one long block makes Markdown's parser quadratic.
    return "\n\n" + "\n\n".join(f"*[{text}]: {tip}" for text, tip in found.items()) + "\n"
