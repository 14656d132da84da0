"""What the chapters' macros do, for one build: macros.py registers these methods under the
names chapters call, and `render_current_page` renders each page.

A page is rendered here instead of by mkdocs-macros itself so that a problem is recorded with its
file and line (guide/pages.py) and the build stops before any page is written, instead of a
traceback or an error message being published. HTML comes only from guide/render.py.
"""
from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from mkdocs.utils.meta import get_data

from guide import render, study, template_cache
from guide.pages import demote_headings, front_matter_problem, render_page, render_page_all
from guide.schema import DATASETS
from guide.site import SOURCES_PAGE, SelectionError, offline_zip_name
from guide.state import BuildState

# Where a page calls the macro that prints the whole guide (the page is found before it renders).
PRINTABLE_CALL = re.compile(r"\{\{-?\s*printable\s*\(")


@dataclass
class Printed:
    page: object  # the printable page's File
    start: dict[str, int]  # its table counters when the chapters were rendered
    counters: dict[str, int]  # and after
    rendered: dict[str, tuple]  # chapter id -> (Markdown, None) or (None, problem)


class MacroError(Exception):
    """A macro called with arguments that cannot work; reported with the page and line."""


class Pages:
    def __init__(self, env, build: BuildState):
        self.env = env  # mkdocs-macros' environment: the current page, the files, Jinja
        self.build = build
        self.site = build.site
        self.chapter = None  # the chapter being rendered for the printable page or its facts, raw
        self.printing = False
        self.counters: dict[str, int] = {}  # page:dataset -> tables so far, for unique table ids
        self.facts: dict[str, dict] = {}  # chapter id -> {"words", "updated", "text"}, once per build
        self.as_if_on = None  # the page links and table ids are made for, if not the current one
        self.printed: Printed | None = None  # the chapters as the printable page shows them

    # Helpers ---------------------------------------------------------------------------------

    def page_url(self, src_path: str) -> str:
        target = self.env.variables["files"].get_file_from_path(src_path)
        if target is None:
            raise MacroError(f"there is no page docs/{src_path}")
        return target.url_relative_to(self.here())

    def here(self):
        """The page being rendered for: the current page, or the printable page (see printed_on)."""
        return self.as_if_on or self.env.page.file

    def jinja(self):
        """mkdocs-macros' Jinja environment (made after the macros are registered), keeping each
        page's compiled macros between builds (guide/template_cache.py)."""
        jinja_env = self.env.env
        if jinja_env.bytecode_cache is None:
            jinja_env.bytecode_cache = template_cache.for_project(self.env.project_dir)
        return jinja_env

    def links(self) -> render.Links:
        return render.Links(self.page_url, self.site.source_numbers, self.site.source_pages)

    def table_id(self, dataset: str) -> str:
        key = f"{self.here().src_path}:{dataset}"
        self.counters[key] = self.counters.get(key, 0) + 1
        return f"table-{dataset}" + (f"-{self.counters[key]}" if self.counters[key] > 1 else "")

    def current_chapter(self, macro: str):
        chapter = self.chapter or self.site.chapter_for(self.env.page.file.src_path)
        if chapter is None:
            raise MacroError(f"{macro}() works only on a chapter page listed in data/chapters.yml")
        return chapter

    def numbered(self) -> list:
        """The chapters that carry a number: site.chapters() less the start page."""
        return [c for c in self.site.chapters() if c["page"] != "index.md"]

    def render_chapter(self, c) -> tuple[str | None, object]:
        """A chapter's Markdown with its macros rendered as on the printable page: (text, None), or
        (None, its first problem)."""
        source = self.env.variables["files"].get_file_from_path(c["page"]).content_string
        body, _meta = get_data(source)
        variables = dict(self.env.variables, chapter=render.escaped_view(c))
        self.chapter, self.printing = c, True
        try:
            return render_page(self.jinja(), body, variables, source, f"docs/{c['page']}")
        finally:
            self.chapter, self.printing = None, False

    def printed_on(self, page_file) -> Printed:
        """Every chapter as the printable page on `page_file` shows it, rendered once per build: the
        printable page and the chapters' reading facts (words and glossary terms, which do not depend
        on the page the links start from) share it. Rendering leaves the current page's table ids
        as they were; `Printed.counters` holds the printable page's after its chapters."""
        key = f"{page_file.src_path}:"
        start = {k: n for k, n in self.counters.items() if k.startswith(key)}
        if self.printed is None or self.printed.page is not page_file or self.printed.start != start:
            saved, self.as_if_on = dict(self.counters), page_file
            try:
                rendered = {c.id: self.render_chapter(c) for c in self.site.chapters()}
                end = {k: n for k, n in self.counters.items() if k.startswith(key)}
            finally:
                self.as_if_on = None
                self.counters.clear()
                self.counters.update(saved)
            self.printed = Printed(page_file, start, end, rendered)
        return self.printed

    def printable_page(self):
        """The one page that calls printable(), found before it renders (None if not exactly one)."""
        files = self.env.variables["files"]
        found = [f for f in files.documentation_pages() if PRINTABLE_CALL.search(f.content_string)]
        return found[0] if len(found) == 1 else None

    def chapter_facts(self, c) -> dict:
        if c.id not in self.facts:
            # Every chapter as it prints, rendered once: for the printable page if one page calls
            # printable(), else from this page (the words and terms are the same either way).
            page_file = self.printed.page if self.printed else (self.printable_page() or self.here())
            rendered, problem = self.printed_on(page_file).rendered[c.id]
            rendered = "" if problem else rendered  # its own page reports the problem
            source = self.env.variables["files"].get_file_from_path(c["page"]).content_string
            paths = [f"docs/{c['page']}", *study.chapter_data_files(source)]
            root = Path(self.env.project_dir)
            self.facts[c.id] = {"words": study.word_count(rendered), "text": rendered,
                                "updated": study.last_updated(root, paths, study.build_epoch())}
        return self.facts[c.id]

    def chapter_meta(self, c) -> str:
        chapters = self.numbered()
        number = next((n for n, x in enumerate(chapters, 1) if x.id == c.id), None)
        f = self.chapter_facts(c)
        return render.chapter_meta_html(c.id, number, len(chapters), render.reading_minutes(f["words"]), f["updated"])

    # The macros (docstrings for authors are in macros.py) ------------------------------------

    def table(self, dataset, ids, where, caption) -> str:
        try:
            records = self.site.select(dataset, ids, where)
        except SelectionError as exc:
            raise MacroError(f"table(): {exc}") from None
        return "\n" + render.records_table(DATASETS[dataset], records, self.links(), self.table_id(dataset), caption,
                                           self.site.ref_label, self.site.region_records(dataset)) + "\n"

    def fact(self, fact_id: str) -> str:
        record = self.site.record("outlook", fact_id)
        if record is None:
            ids = [r.id for r in self.site.records("outlook")]
            raise MacroError(f"fact(): no record {fact_id!r} in data/outlook.yml; the ids are: {', '.join(ids)}")
        return render.fact_html(record, self.links())

    def cite(self, source_ids) -> str:
        if not source_ids:
            raise MacroError('cite() needs at least one source id, e.g. cite("bls-ooh")')
        for s in source_ids:
            if s not in self.site.source_numbers:
                raise MacroError(f"cite(): {s!r} is not an id in data/sources.yml")
        return self.links().citations(source_ids)

    def contact_email(self) -> str:
        return render.email_link(self.site.brand["contact"]["email"])

    def offline_download(self) -> str:
        name = offline_zip_name(self.site.brand)
        target = self.env.variables["files"].get_file_from_path(name)
        if target is None:
            return render.text("The offline edition is published with the hosted site; to make it yourself, "
                               "run make offline.")
        return render.download_link(target.url_relative_to(self.here()), name, target.abs_src_path)

    def objectives(self) -> str:
        return render.objectives_html(self.current_chapter("objectives")["objectives"])

    def key_points(self) -> str:
        return render.key_points_html(self.current_chapter("key_points")["key_points"])

    def self_check(self) -> str:
        chapter = self.current_chapter("self_check")
        return render.self_check_html(self.site.questions(chapter.id), chapter.id, printing=self.printing)

    def glossary(self) -> str:
        return render.glossary_html(self.site.records("glossary"), self.links())

    def sources_list(self) -> str:
        page = self.env.page.file.src_uri
        pages = self.site.sources_page_list()
        if page not in pages:
            raise MacroError(f"sources_list() belongs on docs/{SOURCES_PAGE}, where citation markers lead (the "
                             "build adds the list's further pages itself)")
        listed = self.site.sources_on(page)
        at = pages.index(page)
        neighbours = [self.page_url(pages[i]) if 0 <= i < len(pages) else None for i in (at - 1, at + 1)]
        first = self.site.source_numbers[listed[0].id] if listed else 1
        return render.sources_html(listed, first) + render.sources_pages_html(at + 1, len(pages), *neighbours)

    def all_key_points(self) -> str:
        return render.all_key_points_md(self.site.chapters(), self.page_url)

    def printable(self) -> str:
        page = self.env.page
        if self.printing or self.site.chapter_for(page.file.src_path):
            # A chapter that prints every chapter would print itself, forever.
            raise MacroError("printable() belongs on a page of its own (docs/print.md), not in a chapter")
        page.meta["guide_printable"] = True  # guide/hooks.py keeps its table of contents short
        logo = self.env.conf["theme"]["logo"]
        if not logo.startswith("data:"):
            logo = self.env.variables["files"].get_file_from_path(logo).url_relative_to(page.file)
        built_on = render.when(time.strftime("%Y-%m-%d", time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", "0")))))
        parts = [render.print_cover_html(self.site.brand, logo, built_on)]
        printed = self.printed_on(page.file)
        self.counters.update(printed.counters)  # table ids keep counting: one page holds them all
        for c in self.site.chapters():
            rendered, problem = printed.rendered[c.id]
            if problem:
                self.build.report(problem)  # the chapter's own page meets it too; reported once
                continue
            parts.append(demote_headings(rendered))
        parts.append(render.answer_key_html([(c.id, c["title"], self.site.questions(c.id)) for c in self.site.chapters()]))
        return "\n\n".join(parts)

    def chapter_cards(self) -> str:
        if self.printing:
            return ""  # the printable page and reading times leave the interactive panel out
        cards = [render.Card(c.id, n, c["title"], self.page_url(c["page"]), c["description"],
                             render.reading_minutes(self.chapter_facts(c)["words"]), len(self.site.questions(c.id)))
                 for n, c in enumerate(self.numbered(), 1)]
        return render.chapter_cards_html(cards, self.page_url("key-points.md"), self.page_url("flashcards.md"),
                                         study.script("home.js"))

    def flashcards(self) -> str:
        site = self.site
        tooltip_ids = {f"{g['term']}: {g['definition']}": g.id for g in site.records("glossary")}
        texts = {c.id: self.chapter_facts(c)["text"] for c in site.chapters()}
        used = study.glossary_chapters(site.glossary, tooltip_ids, texts)
        # Published as a file of its own (guide/study_loader.py), loaded when the reader starts.
        self.build.flashcard_deck = study.deck(site.records("glossary"), site.chapters(), used)
        return render.flashcards_html([(c.id, c["title"]) for c in site.chapters()], study.script("flashcards.js"))

    # Each page -------------------------------------------------------------------------------

    def render_current_page(self) -> None:
        """Render the page mkdocs-macros is on, recording problems instead of publishing them."""
        env, page, build = self.env, self.env.page, self.build
        shown = f"docs/{page.file.src_path}"
        if page.meta.get("render_macros") is False:
            return
        source = page.file.content_string
        problem = front_matter_problem(source, shown, page.meta)
        if problem:
            build.report(problem)
            env.markdown = ""
            return
        chapter = self.site.chapter_for(page.file.src_path)
        env.variables["chapter"] = render.escaped_view(chapter) if chapter is not None else None
        if chapter is not None:
            page.meta.setdefault("description", chapter["description"])
            page.title = render.markup(chapter["title"])  # navigation and previous/next links
            if not page.is_homepage:  # <title>; the home page's is the site's name
                page.meta["title"] = page.title
        variables = dict(env.variables)
        variables.update(page.meta)
        rendered, page_problems = render_page_all(self.jinja(), env.markdown, variables, source, shown)
        if page_problems:
            for p in page_problems:  # the printable page may have met them first
                build.report(p)
            env.markdown = ""
        else:
            if chapter is not None:
                rendered = insert_after_title(rendered, self.chapter_meta(chapter))
            env.markdown = rendered


def insert_after_title(markdown: str, line: str) -> str:
    """`line` right under the page's first `#` heading (a chapter's title), or first if none."""
    lines = markdown.split("\n")
    at = next((i for i, text in enumerate(lines) if text.startswith("# ")), -1)
    lines.insert(at + 1, "\n" + line)
    return "\n".join(lines)
