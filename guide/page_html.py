"""Small, targeted changes to the HTML of each page: titles kept as text, external links marked for
print, the printable page's short table of contents, the logo's size, the theme's indentation.

Each is one narrow substitution on markup Material renders from its own templates (no copied
templates, no `custom_dir`), so a Material upgrade stays easy. If an upgrade changes the markup a
change looks for, it does nothing and the tests that check its effect fail and name it.
"""
from __future__ import annotations

import re

from markupsafe import Markup

from guide import render


def escape_meta(page) -> None:
    """Titles and descriptions are text: Material prints them unescaped into <title>, <meta> and
    the navigation, so escape them once here (a Markup value is never escaped twice)."""
    for key in ("title", "description"):
        value = page.meta.get(key)
        if value is not None and not isinstance(value, Markup):
            page.meta[key] = render.markup(str(value))


def title_meta(page) -> None:
    if "title" not in page.meta and not page.is_homepage:
        # The title MkDocs took from the page's first heading is HTML text; as meta it reaches
        # <title> as it is (Material runs any other title through striptags, which unescapes).
        page.meta["title"] = Markup(page.title)


def short_printable_toc(page) -> None:
    """The printable page's table of contents lists the chapters, not all their sections: Material
    draws it twice (sidebar and phone menu), and at every section it was a fifth of the page's
    elements and most of its script time."""
    if page.meta.get("guide_printable"):
        for title in page.toc:
            for chapter in title.children:
                chapter.children = []


# A link the Markdown of a chapter makes to another site: marked rel="noopener" like render.link's,
# so printing names its address. (Material rewrites internal links to absolute ones on the hosted
# site, so print CSS cannot tell them apart by the address alone.)
EXTERNAL_LINK = re.compile(r'<a href="(https?://[^"]*)"(?![^>]*\brel=)')
SOURCES_LIST = re.compile(r'(<ol class="guide-sources".*?</ol>)', re.S)  # render.sources_html's links


def mark_external(html_text: str) -> str:
    parts = SOURCES_LIST.split(html_text)
    return "".join(part if i % 2 else EXTERNAL_LINK.sub(r'<a href="\1" rel="noopener"', part)
                   for i, part in enumerate(parts))


# The logo <img> has no size, so the header can shift as it loads (Lighthouse "unsized-images").
# Material draws it 1.2rem high = 24 px at the root size. Its logo partial is the only
# <img alt="logo"> (the src is a data: URL or assets/brand/logo.*, see guide/theme.py).
_LOGO_IMG = re.compile(r'(<img src="[^"]*" alt="logo")(?![^>]*\bwidth=)')


def size_logo(output: str) -> str:
    return _LOGO_IMG.sub(r'\1 width="24" height="24"', output)


PRESERVE = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.S | re.I)
INDENT = re.compile(r"\n\s+")  # a newline's indentation and the blank lines after it


def strip_indentation(output: str) -> str:
    """Drop the theme templates' indentation and blank lines (a tenth of a chapter's bytes). A newline stays
    wherever one was, so spacing between inline elements is unchanged; code keeps every character."""
    parts = PRESERVE.split(output)
    return "".join(part if i % 2 else INDENT.sub("\n", part) for i, part in enumerate(parts))
