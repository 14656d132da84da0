"""The guide's MkDocs hooks: every event the guide uses, in one place, each calling the module that
owns that concern. mkdocs.yml lists this file alone; mkdocs-offline.yml inherits it.

The build's state (the checked data, the problems pages report) belongs to guide/state.py, which
the macros (macros.py) share: `state.of(config)` gives both the same object, whichever asks first.

| concern                                  | module                |
|------------------------------------------|-----------------------|
| brand on the theme, navigation, 404 page | guide/theme.py        |
| files under docs/, links to hidden pages | guide/docs_checks.py  |
| glossary terms' tooltips                 | guide/terms.py        |
| titles, print links, logo size, spacing  | guide/page_html.py    |
| search box and index                     | guide/search.py       |
| quizzes, progress, flashcards loader     | guide/study_loader.py |
| the offline flavour                      | guide/offline.py      |
| compiled templates kept between builds   | guide/template_cache.py |
"""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from guide import docs_checks, offline, page_html, search, state, study_loader, template_cache, theme  # noqa: E402
from guide.data import format_problems  # noqa: E402

GLOSSARY_PAGE = "glossary.md"  # each tooltip links to its term's entry there (#term-<id>)


def on_config(config):
    build = state.of(config)
    theme.apply_brand(config, build.site)
    search.check_config(config)
    if build.offline:
        offline.configure_flavour(config)
    return config


def on_files(files, config):
    build = state.of(config)
    docs_checks.check_docs(files, config)
    theme.add_files(files, config, build.site)
    search.add_files(files, config)
    study_loader.add_files(files, config, build.site)
    if build.offline:
        offline.drop_server_files(files)
    return files


def on_nav(nav, config, files):
    state.of(config).nav_order.extend(p.file.src_uri for p in nav.pages)
    return nav


def on_page_markdown(markdown, page, config, files):
    build = state.of(config)
    hidden = build.site.hidden_pages()
    if hidden and not page.meta.get("guide_printable"):  # the printable page repeats the chapters' links
        for problem in docs_checks.hidden_links(markdown, page.file.src_uri, hidden):
            build.report(problem)
    page_html.escape_meta(page)
    return markdown


def on_page_content(html_text, page, config, files):
    build = state.of(config)
    page_html.title_meta(page)
    page_html.short_printable_toc(page)
    glossary = files.get_file_from_path(GLOSSARY_PAGE)
    glossary_url = get_relative_url(glossary.url, page.url) if glossary is not None else None
    if glossary_url == ".":
        glossary_url = "./"
    html_text = build.site.glossary.mark_page(page_html.mark_external(html_text), glossary_url)
    search.index_page(html_text, page, build)
    return html_text


def on_post_page(output, page, config):
    build = state.of(config)
    output = page_html.size_logo(page_html.strip_indentation(output))
    output = search.add_search_box(output, page)
    return study_loader.add_loader(output, page, build.site.brand["short_name"])


def on_env(env, config, files):
    """All pages have been rendered to HTML in memory: fail now, before any is written; else add
    the files their rendering made (copied with the other files, after this)."""
    build = state.of(config)
    if build.problems:
        raise PluginError(format_problems(build.problems))
    study_loader.add_deck(files, config, build.flashcard_deck)
    env.bytecode_cache = template_cache.for_project(Path(config.config_file_path).parent)  # the theme's templates
    return env


def on_post_template(output, template_name, config):
    if template_name != "404.html":
        return output
    output = theme.not_found_page(output, config, state.of(config).site)
    return page_html.size_logo(page_html.strip_indentation(output))  # as on_post_page does for pages


def on_post_build(config):
    search.write_index(config, state.of(config))
