"""MkDocs hooks for the offline flavour only (listed in mkdocs-offline.yml after guide/hooks.py).

Opened from file://, a browser refuses web workers, fetch and XHR, so Material's search cannot
run. This flavour turns it off and adds a search of the guide's own instead: the index is written
as a script (search/search_index.js) that a plain <script> tag loads, and
guide/offline_assets/search.js wires a header search box, placed where Material's would be, to
it. It also leaves out what only a web server uses (404 page, sitemap) and what nothing opens
offline (source maps, Material's search worker and Lunr), so the zip stays small.
"""
from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import material
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

ASSETS = Path(__file__).resolve().parent / "offline_assets"
ASSET_DIR = "assets/guide-offline"
INDEX_PATH = "search/search_index.js"
INDEX_GLOBAL = "guideSearchIndex"
# Theme files nothing loads once Material's search is off; source maps only a debugger reads;
# the sitemap template, which MkDocs copies as it is once it is no longer rendered (on_config).
UNUSED = re.compile(r"^assets/javascripts/(lunr|workers)/|\.map$|^sitemap\.xml$")
ICONS = Path(material.__file__).resolve().parent / "templates" / ".icons" / "material"

_sections: dict[str, list[dict]] = {}  # page src_uri -> its sections, for the index
_nav_order: list[str] = []


def on_config(config):
    _sections.clear()
    _nav_order.clear()
    # No canonical <link> to the hosted site, and no absolute URLs in generated pages.
    config["site_url"] = None
    # A 404 page and a sitemap mean something only on a web server.
    config.theme.static_templates.discard("404.html")
    config.theme.static_templates.discard("sitemap.xml")
    config["extra_css"].append(f"{ASSET_DIR}/search.css")
    config["extra_javascript"].append(f"{ASSET_DIR}/search.js")
    return config


def on_files(files, config):
    for f in [f for f in files if UNUSED.search(f.dest_uri)]:
        files.remove(f)
    for name in ("search.js", "search.css"):
        files.append(File.generated(config, f"{ASSET_DIR}/{name}", abs_src_path=str(ASSETS / name)))
    return files


def on_nav(nav, config, files):
    _nav_order.extend(p.file.src_uri for p in nav.pages)
    return nav


def on_page_content(html_text, page, config, files):
    search_meta = page.meta.get("search")
    if not (isinstance(search_meta, dict) and search_meta.get("exclude")):
        _sections[page.file.src_uri] = [
            {"page": page.title or "", "title": s.title or page.title or "",
             "location": page.url + (f"#{s.anchor}" if s.anchor and s.level > 1 else ""), "text": s.text}
            for s in split_sections(html_text)]
    return html_text


def on_post_page(output, page, config):
    """Put the search box in the header, where Material's own would be."""
    # Material's header is one <nav class="md-header__inner"> whose end is the last </nav> before </header>.
    header_end = output.find("</header>")
    at = output.rfind("</nav>", 0, header_end)
    if header_end == -1 or at == -1 or 'class="md-header__inner' not in output[:at]:
        raise PluginError(f"offline search: no Material header (nav.md-header__inner) in {page.file.src_uri}; "
                          "the theme's header changed: update on_post_page in guide/offline_hooks.py")
    root = get_relative_url(".", page.url)
    return output[:at] + search_box("" if root == "." else root + "/") + output[at:]


def on_post_build(config):
    order = {src: i for i, src in enumerate(_nav_order)}
    pages = sorted(_sections, key=lambda src: (order.get(src, len(order)), src))
    index = [s for src in pages for s in _sections[src]]
    out = Path(config["site_dir"]) / INDEX_PATH
    out.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps(index, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    out.write_text(f"// The guide's search index, written by guide/offline_hooks.py.\n"
                   f"window.{INDEX_GLOBAL} = {body};\n", encoding="utf-8")


def _icon(name: str) -> str:
    return (ICONS / f"{name}.svg").read_text(encoding="utf-8").strip()


def search_box(root: str) -> str:
    """The header's search button and panel, with Material's classes so it looks like the hosted one.

    No data-md-component and no form named "search": Material's script must not pick it up.
    """
    root_attr = html.escape(root, quote=True)
    return (
        f'<label class="md-header__button md-icon" for="__search" title="Search">{_icon("magnify")}</label>'
        f'<div class="md-search" data-guide-search data-guide-root="{root_attr}" role="dialog" aria-label="Search">'
        '<label class="md-search__overlay" for="__search"></label>'
        '<div class="md-search__inner" role="search">'
        '<form class="md-search__form" name="guide-search">'
        '<input type="search" class="md-search__input" name="query" aria-label="Search" placeholder="Search" '
        'autocapitalize="off" autocorrect="off" autocomplete="off" spellcheck="false">'
        f'<label class="md-search__icon md-icon" for="__search">{_icon("magnify")}{_icon("arrow-left")}</label>'
        '<nav class="md-search__options" aria-label="Search">'
        f'<button type="reset" class="md-search__icon md-icon" title="Clear" aria-label="Clear">{_icon("close")}</button>'
        '</nav></form>'
        '<div class="md-search__output"><div class="md-search__scrollwrap" tabindex="0">'
        '<div class="md-search-result">'
        '<div class="md-search-result__meta" aria-live="polite">Type to start searching</div>'
        '<ol class="md-search-result__list" role="presentation"></ol>'
        '</div></div></div></div></div>')


class Section:
    def __init__(self, level: int, anchor: str | None):
        self.level, self.anchor = level, anchor
        self.title_parts: list[str] = []
        self.text_parts: list[str] = []

    @property
    def title(self) -> str:
        return " ".join("".join(self.title_parts).split())

    @property
    def text(self) -> str:
        return " ".join("".join(self.text_parts).split())


class _Splitter(HTMLParser):
    """Page HTML -> sections at h1-h3, as plain text (table cells included)."""

    HEADINGS = {"h1": 1, "h2": 2, "h3": 3}
    INLINE = {"a", "abbr", "b", "code", "em", "i", "mark", "small", "span", "strong", "sub", "sup"}
    SKIPPED_TAGS = {"script", "style", "template"}
    SKIPPED_CLASSES = {"headerlink", "cite"}  # the ¶ permalinks and [3] citation markers

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections = [Section(1, None)]
        self.heading: str | None = None
        self.skip: list[str] = []  # stack of open tags inside a skipped element

    def handle_starttag(self, tag, attrs):
        if self.skip:
            self.skip.append(tag)
            return
        a = dict(attrs)
        if tag in self.SKIPPED_TAGS or self.SKIPPED_CLASSES & set((a.get("class") or "").split()):
            self.skip.append(tag)
            return
        if tag in self.HEADINGS:
            self.heading = tag
            self.sections.append(Section(self.HEADINGS[tag], a.get("id")))
        elif tag not in self.INLINE:
            self._add(" ")

    def handle_startendtag(self, tag, attrs):
        if not self.skip and tag not in self.INLINE:
            self._add(" ")

    def handle_endtag(self, tag):
        if self.skip:
            if tag in self.skip:
                while self.skip and self.skip.pop() != tag:
                    pass
            return
        if tag == self.heading:
            self.heading = None
        elif tag not in self.INLINE:
            self._add(" ")

    def handle_data(self, data):
        if not self.skip:
            self._add(data)

    def _add(self, text: str):
        current = self.sections[-1]
        (current.title_parts if self.heading else current.text_parts).append(text)


def split_sections(html_text: str) -> list[Section]:
    parser = _Splitter()
    parser.feed(html_text)
    parser.close()
    return [s for s in parser.sections if s.title or s.text]
