"""Check every internal link of a built site: the file exists and the #fragment is an id there.

    python -m guide.linkcheck site

MkDocs validates links written in Markdown; this reads the HTML, so it also
covers links in raw HTML from the macros (citation markers, table links,
glossary anchors) and in the theme. External addresses are not fetched: the
data loader already insists on well-formed https.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Attributes that load or link to another file.
LINK_ATTRIBUTES = {("a", "href"), ("link", "href"), ("area", "href"), ("img", "src"), ("script", "src"),
                   ("source", "src"), ("iframe", "src"), ("video", "src"), ("audio", "src"), ("track", "src")}


@dataclass(frozen=True)
class BrokenLink:
    page: str  # the page holding the link, relative to the site folder
    href: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.href!r}: {self.reason}"


class _PageReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif (tag, name) in LINK_ATTRIBUTES:
                self.links.append(value)


def _read(path: Path) -> _PageReader:
    reader = _PageReader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader


def _is_external(href: str) -> bool:
    parts = urlsplit(href)
    return bool(parts.scheme) or href.startswith("//")


def base_path(site: Path) -> str:
    """The path the site is published under ('/open-psych-tech/'), from the home page in sitemap.xml."""
    sitemap = site / "sitemap.xml"
    if sitemap.is_file():
        home = re.search(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8"))
        if home:
            return urlsplit(home.group(1).strip()).path or "/"
    return "/"


def check_site(site: Path) -> tuple[list[BrokenLink], int]:
    """Every broken internal link in the HTML under site, and how many links were checked."""
    site = Path(site).resolve()
    base = base_path(site)
    pages = {p: _read(p) for p in sorted(site.rglob("*.html"))}
    broken: list[BrokenLink] = []
    checked = 0
    for page, reader in pages.items():
        shown = str(page.relative_to(site))
        for href in reader.links:
            if _is_external(href):
                continue
            checked += 1
            parts = urlsplit(href)
            path = unquote(parts.path)
            if path.startswith("/"):
                # Only the 404 page should need these (it is served at any address): they must
                # start with the path the site is published under.
                if not (path + "/").startswith(base):
                    broken.append(BrokenLink(shown, href, f"an absolute path outside the site's address {base}; "
                                                          "use a relative link"))
                    continue
                target = (site / path[len(base):]).resolve()
            else:
                target = (page.parent / path).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_relative_to(site) or not target.is_file():
                broken.append(BrokenLink(shown, href, "no such file in the site"))
                continue
            if parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _read(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(BrokenLink(shown, href, f"no element with id {unquote(parts.fragment)!r} "
                                                          f"in {target.relative_to(site)}"))
    return broken, checked


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "site")
    if not site.is_dir():
        print(f"There is no built site at {site}; run `make site` first.", file=sys.stderr)
        return 2
    broken, checked = check_site(site)
    for link in broken:
        print(f"Broken link: {link}", file=sys.stderr)
    if broken:
        print(f"{len(broken)} of {checked} internal links are broken.", file=sys.stderr)
        return 1
    print(f"All {checked} internal links resolve.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
