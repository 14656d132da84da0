"""The brand on Material, through supported extension points only (config values, generated files,
extra CSS; never copied theme templates, so a Material upgrade stays easy): the site's name,
colors, logo and footer, the Chapters section of the navigation, and the hosted site's 404 page.
"""
from __future__ import annotations

import base64
import re
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from guide import render
from guide.brand import brand_css
from guide.files import IMAGE_TYPES
from guide.search import insert_search_box
from guide.site import SOURCES_PAGE, Site, offline_zip_name

BRAND_DIR = "assets/brand"
# The guide's style sheet; the brand's colors are appended to it, so a first view loads one
# style sheet of the guide's, not two.
GUIDE_CSS = "assets/guide.css"
# A logo or favicon up to this size rides inside each page as a data: URL instead of costing a
# request on every first view (issue 6: <= 6 requests). A bigger one stays a file.
INLINE_IMAGE_MAX_BYTES = 4096


def apply_brand(config, site: Site) -> None:
    brand = site.brand
    # Material prints these into <title>, the header, navigation and meta tags without escaping.
    config["site_name"] = render.markup(brand["name"])
    # mkdocs.yml names no site_url, so one set already is `mkdocs serve`'s own address: kept, so the
    # 404 page's absolute links (MkDocs' and not_found_page's) work under `make serve` too.
    if not config["site_url"]:
        config["site_url"] = brand["site_url"]  # checked: only characters that are safe in an attribute
    config["site_description"] = render.markup(brand.get("tagline") or brand["name"])
    config["copyright"] = _footer(brand)
    for key in ("logo", "favicon"):
        config.theme[key] = image_url(brand.path(key), f"{BRAND_DIR}/{key}")
    config["nav"] = with_source_pages(chapter_nav(config["nav"], site), site)
    if GUIDE_CSS not in config["extra_css"]:
        raise PluginError(f"mkdocs.yml: extra_css must list {GUIDE_CSS}; the brand's colors are added to it")


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


SOURCES_PAGE_NAME = re.compile(re.escape(SOURCES_PAGE[:-3]) + r"-[0-9]+\.md$")  # sources-2.md, ...


def source_page_title(n: int, total: int) -> str:
    return f"Sources, page {n} of {total}"


def with_source_pages(nav: list, site: Site) -> list:
    """The list of sources' further pages (Site.source_pages) right after sources.md, wherever the
    navigation has it."""
    pages = site.sources_page_list()
    out = []
    for item in nav:
        if isinstance(item, dict):
            item = {k: with_source_pages(v, site) if isinstance(v, list) else v for k, v in item.items()}
        out.append(item)
        if SOURCES_PAGE in (item, *(item.values() if isinstance(item, dict) else ())):
            out += [{source_page_title(n, len(pages)): name} for n, name in enumerate(pages[1:], 2)]
    return out


def source_page_markdown(n: int, total: int) -> str:
    """A further page of the list of sources: the build writes it, sources_list() fills it."""
    return (f"---\ntitle: {source_page_title(n, total)}\ndescription: Page {n} of the numbered list of sources this "
            "guide relies on, with what each supports, its own date and when the guide read it.\n---\n\n"
            f"# {source_page_title(n, total)}\n\nThe numbered list of sources goes on here from the "
            f"[first page]({SOURCES_PAGE}), which says what each entry tells you and how far each kind of source "
            "can be trusted.\n\n{{ sources_list() }}\n")


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


def add_files(files, config, site: Site) -> None:
    """Leave out the chapters the brand hides; add the offline zip (when made), the brand's images
    and the guide's style sheet with the brand's colors."""
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
    taken = sorted(f.src_uri for f in files if SOURCES_PAGE_NAME.match(f.src_uri))
    if taken:  # whether or not this guide's list reaches that page now: it may once it grows
        raise PluginError(f"docs/{taken[0]}: the build writes the list of sources' further pages under names like "
                          "this one; give yours another name")
    pages = site.sources_page_list()
    for n, name in enumerate(pages[1:], 2):
        files.append(File.generated(config, name, content=source_page_markdown(n, len(pages))))
    guide_css = files.get_file_from_path(GUIDE_CSS)
    if guide_css is None:
        raise PluginError(f"docs/{GUIDE_CSS} is missing; restore it from upstream")
    files.remove(guide_css)
    files.append(File.generated(config, GUIDE_CSS, content=compact_css(guide_css.content_string + "\n"
                                                                       + brand_css(brand))))


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


NOT_FOUND_TITLE = "Page not found"
H1_404 = re.compile(r"<h1>404 - Not found</h1>")


def not_found_page(output: str, config, site: Site) -> str:
    """The hosted site's 404 page (Material's own, kept): a title saying the page was not found,
    the search box, and links to the start page and every chapter. A web host serves it at any
    missing address, so every link is absolute from the site's path (site_url), as MkDocs makes
    the theme's own links on this page."""
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

    items = "".join(f'<li><a href="{render.attr(url(c["page"]))}">{render.text(c["title"])}</a></li>' for c in site.chapters())
    body = (f"<h1>{NOT_FOUND_TITLE}</h1>"
            '<p>There is no page at this address. It may have moved, or the address may be mistyped. '
            'Search the guide, or pick a chapter below.</p>'
            '<p class="guide-not-found-actions"><label class="md-button md-button--primary" for="__search">Search the guide</label> '
            f'<a class="md-button" href="{render.attr(base)}">Go to the start page</a></p>'
            f'<h2 id="chapters">Chapters</h2><ul class="guide-not-found">{items}</ul>')
    if not H1_404.search(output):
        raise PluginError("404.html: Material's heading '404 - Not found' is gone; update not_found_page "
                          "in guide/theme.py")
    output = H1_404.sub(lambda m: body, output, count=1)
    output = re.sub(r"<title>(.*?)</title>", lambda m: f"<title>{NOT_FOUND_TITLE} - {m.group(1)}</title>", output,
                    count=1, flags=re.S)
    return insert_search_box(output, base, "404.html")
