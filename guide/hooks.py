"""MkDocs hooks: put the brand on the theme, and stop a build whose pages have problems.

Loaded through `hooks:` in mkdocs.yml, after the macros plugin has loaded and
checked the data (macros.py stores the result in the config as `guide_site`).
Only supported extension points are used (config values, generated files,
extra CSS), never copied theme templates, so a Material upgrade stays easy.
"""
from __future__ import annotations

import base64
import os
import re
import sys
from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from guide import render  # noqa: E402
from guide.brand import brand_css  # noqa: E402
from guide.data import Problem, format_problems  # noqa: E402
from guide.files import (  # noqa: E402
    IMAGE_TYPES,  # noqa: E402
    FileProblem,
    check_regular,
)
from guide.site import offline_zip_name  # noqa: E402
from guide.yamlload import CONTROL, control_problem  # noqa: E402

BRAND_DIR = "assets/brand"
# The guide's style sheet; the brand's colors are appended to it, so a first view loads one
# style sheet of the guide's, not two.
GUIDE_CSS = "assets/guide.css"
# A logo or favicon up to this size rides inside each page as a data: URL instead of costing a
# request on every first view (issue 6: <= 6 requests). A bigger one stays a file.
INLINE_IMAGE_MAX_BYTES = 4096


def _site(config):
    site = config.get("guide_site")
    if site is None:
        raise PluginError("the macros plugin did not load the guide's data; check 'plugins: macros' in mkdocs.yml")
    return site


def on_config(config):
    brand = _site(config).brand
    # Material prints these into <title>, the header, navigation and meta tags without escaping.
    config["site_name"] = render.markup(brand["name"])
    # mkdocs.yml names no site_url, so one set already is `mkdocs serve`'s own address: kept, so the
    # 404 page's absolute links (MkDocs' and on_post_template's) work under `make serve` too.
    if not config["site_url"]:
        config["site_url"] = brand["site_url"]  # checked: only characters that are safe in an attribute
    config["site_description"] = render.markup(brand.get("tagline") or brand["name"])
    config["copyright"] = _footer(brand)
    for key in ("logo", "favicon"):
        config.theme[key] = image_url(brand.path(key), f"{BRAND_DIR}/{key}")
    config["nav"] = chapter_nav(config["nav"], _site(config))
    if GUIDE_CSS not in config["extra_css"]:
        raise PluginError(f"mkdocs.yml: extra_css must list {GUIDE_CSS}; the brand's colors are added to it")
    return config


CHAPTERS_SECTION = "Chapters"


def chapter_nav(nav, site) -> list:
    """The navigation with its Chapters section made from the one chapter list (site.chapters()):
    mkdocs.yml names the section and the study aids, never a chapter, so a fork's choice of
    chapters and an upstream reorder never meet in one file."""
    if not isinstance(nav, list):
        raise PluginError(f"mkdocs.yml: nav must list the pages and a '{CHAPTERS_SECTION}: []' section")
    chapter_pages = {c["page"] for c in site.catalog["chapters"]}
    out, found = [], False
    for item in nav:
        if isinstance(item, dict) and list(item) == [CHAPTERS_SECTION]:
            found = True
            out.append({CHAPTERS_SECTION: [{render.markup(c["title"]): c["page"]} for c in site.chapters()
                                           if c["page"] != "index.md"]})
            continue
        for page in _nav_pages(item):
            if page in chapter_pages and page != "index.md":
                raise PluginError(f"mkdocs.yml: nav lists {page}, a chapter; chapters come from the chapter list "
                                  f"(data/chapters.yml, or chapters: in the brand file): leave '{CHAPTERS_SECTION}: []' "
                                  "empty")
        out.append(item)
    if not found:
        raise PluginError(f"mkdocs.yml: nav needs a '{CHAPTERS_SECTION}: []' section, which the build fills from the "
                          "chapter list")
    return out


def _nav_pages(item):
    if isinstance(item, str):
        yield item
    elif isinstance(item, dict):
        for value in item.values():
            if isinstance(value, list):
                for sub in value:
                    yield from _nav_pages(sub)
            else:
                yield from _nav_pages(value)


def image_url(path: Path, dest_stem: str) -> str:
    """A data: URL for a small image; otherwise where the image is copied in the site."""
    data = path.read_bytes()
    if len(data) <= INLINE_IMAGE_MAX_BYTES:  # the brand check allowed only IMAGE_TYPES suffixes
        # base64: no quote, < or & can reach the attribute Material prints it into unescaped.
        return f"data:{IMAGE_TYPES[path.suffix.lower()]};base64,{base64.b64encode(data).decode('ascii')}"
    return dest_stem + path.suffix.lower()


def _footer(brand) -> str:
    """The footer line: license, contact and disclaimer (Material prints it as HTML)."""
    contact = brand["contact"]
    line = " · ".join([render.text(brand["footer"]), f"Contact: {render.email_link(contact['email'])}",
                       render.link(contact["url"], render.url_label(contact["url"]))])
    if brand.get("disclaimer"):
        line += f'<br><span class="guide-disclaimer">{render.text(brand["disclaimer"])}</span>'
    return line


def on_files(files, config):
    check_docs(files, config)
    site = _site(config)
    for page in site.hidden_pages():  # a chapter the brand leaves out is not built at all
        hidden = files.get_file_from_path(page)
        if hidden is not None:
            files.remove(hidden)
    brand = site.brand
    # The offline edition, when `make offline` has made it (make publish does): offered for download.
    bundle = Path(config.config_file_path).resolve().parent / "dist" / offline_zip_name(brand)
    if bundle.is_file() and not bundle.is_symlink():
        files.append(File.generated(config, offline_zip_name(brand), abs_src_path=str(bundle)))
    for key in ("logo", "favicon"):
        dest = config.theme[key]
        if not dest.startswith("data:"):
            files.append(File.generated(config, dest, abs_src_path=str(brand.path(key))))
    guide_css = files.get_file_from_path(GUIDE_CSS)
    if guide_css is None:
        raise PluginError(f"docs/{GUIDE_CSS} is missing; restore it from upstream")
    files.remove(guide_css)
    files.append(File.generated(config, GUIDE_CSS, content=compact_css(guide_css.content_string + "\n"
                                                                       + brand_css(brand))))
    return files


CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


CSS_STRING = re.compile(r'("(?:[^"\\\n]|\\.)*")')


def compact_css(css: str) -> str:
    """The guide's style sheet minified (comments, indentation and the spaces around { } ; , : and >
    dropped, strings kept as written): every first view loads it, so every byte counts."""
    parts = CSS_STRING.split(CSS_COMMENT.sub("", css))
    for i in range(0, len(parts), 2):
        code = re.sub(r"\s+", " ", parts[i])
        code = re.sub(r"\s*([{};,>])\s*", r"\1", code)
        code = re.sub(r"(?<![\w.])0\.(\d)", r".\1", code)  # 0.5em -> .5em
        parts[i] = re.sub(r":\s+", ":", code).replace(";}", "}")
    return "".join(parts).strip()


def check_docs(files, config) -> None:
    """Only regular files inside the project are published, and every page is UTF-8 text without
    control characters: a link to /etc/passwd under docs/ or a page saved in another encoding stops
    the build here, naming the file, before MkDocs reads or copies anything."""
    root = Path(config.config_file_path).resolve().parent
    docs = Path(config["docs_dir"])
    problems = []
    for f in files:
        if not f.abs_src_path or not Path(f.abs_src_path).is_relative_to(docs):
            continue  # the theme's own files
        path = Path(f.abs_src_path)
        shown = f"docs/{f.src_uri}"
        try:
            check_regular(path, [root])
        except FileProblem as exc:
            problems.append(Problem(shown, None, f"this file {exc}"))
            continue
        if f.is_documentation_page():
            raw = path.read_bytes()
            try:
                source = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                line = raw[: exc.start].count(b"\n") + 1
                problems.append(Problem(shown, line, "the page is not UTF-8 text; save it as UTF-8 in your editor"))
                continue
            m = CONTROL.search(source)
            if m:
                problems.append(Problem(shown, source.count("\n", 0, m.start()) + 1, control_problem(m.group(0))))
    if problems:
        raise PluginError(format_problems(problems))


LINK_TARGET = re.compile(r"""\]\(\s*<?([^)\s>#]+\.md)|href=["']([^"'#]+\.md)""")


def on_page_markdown(markdown, page, config, files):
    """Titles and descriptions are text: Material prints them unescaped into <title>, <meta> and the
    navigation, so escape them once here (a Markup value is never escaped twice). A link to a
    chapter the brand hides is a problem named with both pages."""
    hidden = _site(config).hidden_pages()
    if hidden and not page.meta.get("guide_printable"):  # the printable page repeats the chapters' links
        base = Path(page.file.src_uri).parent
        for line in markdown.split("\n"):
            for m in LINK_TARGET.finditer(line):
                target = os.path.normpath(base / (m.group(1) or m.group(2))).replace(os.sep, "/")
                if target in hidden:
                    config["guide_problems"].append(Problem(
                        f"docs/{page.file.src_uri}", None,
                        f"links to {target}, a chapter the brand file's chapters list leaves out; remove the link "
                        "or show that chapter"))
    for key in ("title", "description"):
        value = page.meta.get(key)
        if value is not None and not isinstance(value, Markup):
            page.meta[key] = render.markup(str(value))
    return markdown


def on_page_content(html_text, page, config, files):
    if "title" not in page.meta and not page.is_homepage:
        # The title MkDocs took from the page's first heading is HTML text; as meta it reaches
        # <title> as it is (Material runs any other title through striptags, which unescapes).
        page.meta["title"] = Markup(page.title)
    if page.meta.get("guide_printable"):
        # The printable page's table of contents lists the chapters, not all their sections:
        # Material draws it twice (sidebar and phone menu), and at every section it was a
        # fifth of the page's elements and most of its script time.
        for title in page.toc:
            for chapter in title.children:
                chapter.children = []
    glossary = files.get_file_from_path(GLOSSARY_PAGE)
    glossary_url = get_relative_url(glossary.url, page.url) if glossary is not None else None
    if glossary_url == ".":
        glossary_url = "./"
    return _site(config).glossary.mark_page(mark_external(html_text), glossary_url)


GLOSSARY_PAGE = "glossary.md"  # each tooltip links to its term's entry there (#term-<id>)


# A link the Markdown of a chapter makes to another site: marked rel="noopener" like render.link's,
# so printing names its address. (Material rewrites internal links to absolute ones on the hosted
# site, so print CSS cannot tell them apart by the address alone.)
EXTERNAL_LINK = re.compile(r'<a href="(https?://[^"]*)"(?![^>]*\brel=)')
SOURCES_LIST = re.compile(r'(<ol class="guide-sources".*?</ol>)', re.S)  # render.sources_html's links


def mark_external(html_text: str) -> str:
    parts = SOURCES_LIST.split(html_text)
    return "".join(part if i % 2 else EXTERNAL_LINK.sub(r'<a href="\1" rel="noopener"', part)
                   for i, part in enumerate(parts))


PRESERVE = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.S | re.I)
INDENT = re.compile(r"\n\s+")  # a newline's indentation and the blank lines after it


def on_post_page(output, page, config):
    """Drop the theme templates' indentation and blank lines (a tenth of a chapter's bytes).

    A newline stays wherever one was, so spacing between inline elements is
    unchanged; code blocks keep every character.
    """
    parts = PRESERVE.split(output)
    return "".join(part if i % 2 else INDENT.sub("\n", part) for i, part in enumerate(parts))


def on_env(env, config, files):
    """All pages have been rendered to HTML in memory: fail now, before any is written."""
    problems = config.get("guide_problems") or []
    if problems:
        raise PluginError(format_problems(problems))
    return env


NOT_FOUND_TITLE = "Page not found"
H1_404 = re.compile(r"<h1>404 - Not found</h1>")


def on_post_template(output, template_name, config):
    """The hosted site's 404 page (Material's own, kept): a title saying the page was not found,
    the search box, and links to the start page and every chapter. A web host serves it at any
    missing address, so every link is absolute from the site's path (site_url), as MkDocs makes
    the theme's own links on this page."""
    if template_name != "404.html":
        return output
    from urllib.parse import urlsplit

    from guide.render import attr, text
    from guide.search_hooks import insert_search_box
    site = _site(config)
    base = urlsplit(config["site_url"] or "/").path or "/"
    base = base if base.endswith("/") else base + "/"

    def url(page: str) -> str:
        stem = page[:-3]
        if stem == "index" or stem.endswith("/index"):
            stem = stem[:-5]
        elif config["use_directory_urls"]:
            stem += "/"
        else:
            stem += ".html"
        return base + stem

    items = "".join(f'<li><a href="{attr(url(c["page"]))}">{text(c["title"])}</a></li>' for c in site.chapters())
    body = (f"<h1>{NOT_FOUND_TITLE}</h1>"
            '<p>There is no page at this address. It may have moved, or the address may be mistyped. '
            'Search the guide, or pick a chapter below.</p>'
            '<p class="guide-not-found-actions"><label class="md-button md-button--primary" for="__search">Search the guide</label> '
            f'<a class="md-button" href="{attr(base)}">Go to the start page</a></p>'
            f'<h2 id="chapters">Chapters</h2><ul class="guide-not-found">{items}</ul>')
    if not H1_404.search(output):
        raise PluginError("404.html: Material's heading '404 - Not found' is gone; update on_post_template "
                          "in guide/hooks.py")
    output = H1_404.sub(lambda m: body, output, count=1)
    output = re.sub(r"<title>(.*?)</title>", lambda m: f"<title>{NOT_FOUND_TITLE} - {m.group(1)}</title>", output,
                    count=1, flags=re.S)
    return insert_search_box(output, base, "404.html")
