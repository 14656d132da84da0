"""The offline bundle (`make offline`): a zip that opens on any system and a site that needs no server.

The bundle is built once per session from a copy of the project, with the same command
`make offline` runs; these tests read the zip and the built HTML back (BeautifulSoup), no browser.
The browser tests are in tests/browser/test_offline_browser.py.
"""
from __future__ import annotations

import json
import re
import stat
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from guide.search import SCRIPT_PATH
from guide.site import load_site
from tests.conftest import ROOT, Build, build, copy_project, linked_bytes, sample_chapter

SHORT_NAME = load_site(ROOT).brand["short_name"]  # the zip's name and its one top folder
EPOCH = 1700000000  # the SOURCE_DATE_EPOCH tests.conftest.build sets
RESOURCE_TAGS = {"link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src", "audio": "src",
                 "video": "src", "embed": "src", "object": "data"}
EXTERNAL = re.compile(r"^(https?:|mailto:|tel:)", re.I)


@dataclass
class Bundle:
    build: Build

    @property
    def root(self) -> Path:
        return self.build.root

    @property
    def site(self) -> Path:
        return self.root / "dist" / "offline"

    @property
    def zip(self) -> Path:
        return self.root / "dist" / f"{SHORT_NAME}-offline.zip"

    def html_files(self) -> list[Path]:
        return sorted(self.site.rglob("*.html"))

    def soup(self, path: Path) -> BeautifulSoup:
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def search_index(self) -> list[dict]:
        text = (self.site / "search" / "search_index.js").read_text(encoding="utf-8")
        match = re.search(r"^window\.guideSearchIndex = (.*);$", text, re.M)
        assert match, "search/search_index.js does not assign window.guideSearchIndex"
        return json.loads(match.group(1))


_bundles: dict[str, Bundle] = {}


def build_bundle(tmp_path_factory, name: str = "real", change=None) -> Bundle:
    """The offline bundle of a copy of the project, built once per session per name."""
    if name not in _bundles:
        root = copy_project(tmp_path_factory.mktemp(f"offline-{name}"))
        if change:
            change(root)
        result = build(root, "offline")
        assert result.returncode == 0, result.output
        _bundles[name] = Bundle(result)
    return _bundles[name]


def add_nested_page(root: Path) -> None:
    """A page one folder down, listed in the nav, so relative links from nested pages are tested."""
    (root / "docs" / "extra").mkdir()
    (root / "docs" / "extra" / "nested.md").write_text(
        "# A nested page\n\nA page one folder down, for the offline tests. See [the role](../role.md).\n",
        encoding="utf-8")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.rstrip().endswith("- print.md"), "mkdocs.yml's nav no longer ends with print.md; update this test"
    config.write_text(text.rstrip() + "\n      - extra/nested.md\n", encoding="utf-8")


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Bundle:
    return build_bundle(tmp_path_factory)


@pytest.fixture(scope="session")
def nested_bundle(tmp_path_factory) -> Bundle:
    return build_bundle(tmp_path_factory, "nested", add_nested_page)


def table_only_words(site: Path) -> list[str]:
    """Words that occur in table cells of the guide's pages and nowhere else in their text, longest first.

    print.html repeats every chapter, so it is left out of the count.
    """
    in_cells: set[str] = set()
    elsewhere: set[str] = set()
    words = re.compile(r"[A-Za-z]{5,}")
    for path in sorted(site.rglob("*.html")):
        if path.name == "print.html":
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article.md-content__inner")
        for cell in article.find_all(["td", "th"]):
            in_cells.update(w.lower() for w in words.findall(cell.get_text(" ")))
            cell.decompose()
        elsewhere.update(w.lower() for w in words.findall(article.get_text(" ")))
    return sorted(in_cells - elsewhere, key=lambda w: (-len(w), w))


# --- the zip -----------------------------------------------------------------------------------


def test_the_zip_opens_anywhere(bundle):
    with zipfile.ZipFile(bundle.zip) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names), "zip entries are not sorted"
        assert {n.split("/")[0] for n in names} == {SHORT_NAME}, "the zip must unpack into one folder, short_name/"
        assert len(names) == len(set(names))
        for info in infos:
            assert info.compress_type == zipfile.ZIP_DEFLATED, info.filename
            assert "\\" not in info.filename and not info.filename.startswith("/"), info.filename
            assert ".." not in info.filename.split("/"), info.filename
            assert not info.is_dir(), f"{info.filename}: only files, no directory entries"
            mode = info.external_attr >> 16
            assert stat.S_ISREG(mode), f"{info.filename} is not a regular file (a symlink?)"
            assert stat.S_IMODE(mode) == 0o644, f"{info.filename} has mode {oct(stat.S_IMODE(mode))}"
            assert info.date_time == time.gmtime(EPOCH)[:6], f"{info.filename} is not dated SOURCE_DATE_EPOCH"
            assert info.extra == b"", f"{info.filename} carries extra fields (local timestamps?)"
        assert zf.testzip() is None


def test_the_zip_holds_the_built_site_and_a_readme(bundle):
    with zipfile.ZipFile(bundle.zip) as zf:
        top = f"{SHORT_NAME}/"
        assert all(n.startswith(top) for n in zf.namelist()), "every entry sits in the short_name folder"
        names = {n[len(top):] for n in zf.namelist()}
        built = {p.relative_to(bundle.site).as_posix() for p in bundle.site.rglob("*") if p.is_file()}
        assert names == built | {"README.txt"}
        for name in sorted(built):
            assert zf.read(top + name) == (bundle.site / name).read_bytes(), name
        readme = zf.read(top + "README.txt").decode("utf-8")
    assert "index.html" in readme
    assert load_site(ROOT).brand["name"] in readme
    assert "index.html" in names


def test_two_builds_give_the_same_zip(bundle, tmp_path):
    # Another folder, another temporary build folder: only the sources may decide the bytes.
    second = build(copy_project(tmp_path / "second"), "offline")
    assert second.returncode == 0, second.output
    second_zip = second.root / "dist" / bundle.zip.name
    assert second_zip.read_bytes() == bundle.zip.read_bytes()

    # A build that fails leaves the last good zip and site exactly as they were.
    good_zip = second_zip.read_bytes()
    good_index = (second.root / "dist" / "offline" / "index.html").read_bytes()
    role = second.root / "docs" / sample_chapter()
    role.write_text(role.read_text(encoding="utf-8") + '\n{{ table("no-such-table") }}\n', encoding="utf-8")
    failed = build(second.root, "offline")
    assert failed.returncode != 0
    assert "no-such-table" in failed.output
    assert second_zip.read_bytes() == good_zip
    assert (second.root / "dist" / "offline" / "index.html").read_bytes() == good_index
    assert [p.name for p in (second.root / "dist").iterdir() if p.name.startswith(".")] == [], \
        "a failed build left temporary files in dist/"


def test_the_zip_is_named_after_the_brand(tmp_path):
    root = copy_project(tmp_path / "guide")
    brand = root / "data" / "brand.yml"
    brand.write_text(re.sub(r'^short_name: .*$', 'short_name: "acme-techs"', brand.read_text(encoding="utf-8"),
                            count=1, flags=re.M), encoding="utf-8")
    result = build(root, "offline", env={"BRAND": str(brand)})
    assert result.returncode == 0, result.output
    assert [p.name for p in (root / "dist").glob("*.zip")] == ["acme-techs-offline.zip"]
    with zipfile.ZipFile(root / "dist" / "acme-techs-offline.zip") as zf:
        assert {n.split("/")[0] for n in zf.namelist()} == {"acme-techs"}


# --- the site inside ---------------------------------------------------------------------------


def local_target(page: Path, url: str, site: Path) -> tuple[Path, str]:
    parts = urlsplit(url)
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    assert target.is_relative_to(site.resolve()), f"{page.name}: {url} leaves the bundle"
    return target, parts.fragment


def test_every_link_opens_a_file(bundle):
    ids: dict[Path, set[str]] = {}
    checked = 0
    for page in bundle.html_files():
        soup = bundle.soup(page)
        ids[page.resolve()] = {el["id"] for el in soup.find_all(id=True)}
    for page in bundle.html_files():
        for a in bundle.soup(page).find_all("a", href=True):
            href = a["href"]
            if EXTERNAL.match(href) or href.startswith("javascript:"):
                continue
            assert not urlsplit(href).path.endswith("/"), f"{page.name}: {href} is a folder, not a file"
            target, fragment = local_target(page, href, bundle.site)
            assert target.is_file(), f"{page.name}: {href} -> no file {target}"
            if fragment and target.suffix == ".html":
                assert fragment in ids[target], f"{page.name}: {href} -> no id {fragment!r} in {target.name}"
            checked += 1
    assert checked > 100  # the nav alone has that many


def test_nothing_is_loaded_from_the_web(bundle):
    for page in bundle.html_files():
        soup = bundle.soup(page)
        for tag, attr in RESOURCE_TAGS.items():
            for el in soup.find_all(tag, attrs={attr: True}):
                url = el[attr]
                if url.startswith("data:image/"):  # the small logo and favicon, inside the page
                    continue
                assert not re.match(r"^(https?:)?//", url, re.I), f"{page.name}: <{tag} {attr}={url!r}>"
                target, _ = local_target(page, url, bundle.site)
                assert target.is_file(), f"{page.name}: <{tag} {attr}={url!r}> -> no file"
        assert not soup.find(style=re.compile(r"url\(\s*['\"]?(https?:)?//")), page.name
    for css in bundle.site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", text), f"{css.name} loads something"


def test_logo_favicon_tooltips_and_self_checks_are_in_every_chapter(bundle):
    soup = bundle.soup(bundle.site / "role.html")
    brand = ROOT / "data" / "brand"
    logo = soup.select_one(".md-header__button.md-logo img")
    assert logo and linked_bytes(bundle.site / "role.html", logo["src"]) == (brand / "logo.svg").read_bytes()
    icon = soup.find("link", rel="icon")
    assert icon and linked_bytes(bundle.site / "role.html", icon["href"]) == (brand / "favicon.svg").read_bytes()
    abbrs = soup.find_all("abbr")
    assert abbrs and all(a.get("tabindex") == "0" and soup.find(id=a.get("aria-describedby")) for a in abbrs)
    # Each tooltip's glossary link names the file, as every offline link does.
    assert all(t.find("a")["href"].startswith("glossary.html#term-") for t in soup.select(".guide-tip"))
    answers = soup.select("details.guide-answer")
    assert answers and all(d.find("summary") for d in answers)


def test_the_offline_flavour_keeps_its_own_settings(bundle, built):
    offline = bundle.soup(bundle.site / "index.html")
    config = json.loads(offline.find("script", id="__config").string)
    assert "navigation.instant" not in config["features"]
    assert not offline.find("form", attrs={"name": "search"}), "Material's search form would start its worker"
    assert not offline.find("link", rel="canonical")
    for unused in ("404.html", "sitemap.xml", "sitemap.xml.gz"):
        assert not (bundle.site / unused).exists(), unused
    assert not list(bundle.site.rglob("*.map"))
    # The hosted build is untouched: directory URLs, instant navigation and its sitemap.
    hosted = built.html("index.md")
    assert "navigation.instant" in json.loads(hosted.find("script", id="__config").string)["features"]
    assert (built.site / "role" / "index.html").is_file() and (built.site / "sitemap.xml").is_file()


def test_the_offline_flavour_inherits_what_it_does_not_change(project):
    # mkdocs-offline.yml names only what differs; a feature, hook or extension added to mkdocs.yml
    # reaches the offline guide without an edit there. Checked on the config as the build sees it
    # after every plugin's on_config (the guide's hooks drop what file:// cannot use).
    from mkdocs.config import load_config
    hosted_file = project / "mkdocs.yml"
    hosted_file.write_text(hosted_file.read_text(encoding="utf-8").replace(
        "  features:\n", "  features:\n    - navigation.tracking\n", 1), encoding="utf-8")
    configs = {}
    for name in ("mkdocs.yml", "mkdocs-offline.yml"):
        config = load_config(config_file=str(project / name))
        configs[name] = config.plugins.on_config(config)
    hosted, offline = configs["mkdocs.yml"], configs["mkdocs-offline.yml"]
    assert "navigation.tracking" in offline.theme["features"]
    assert offline.theme["features"] == [f for f in hosted.theme["features"] if f != "navigation.instant"]
    assert list(offline["hooks"]) == list(hosted["hooks"])
    assert list(offline["markdown_extensions"]) == list(hosted["markdown_extensions"])
    assert offline["use_directory_urls"] is False and hosted["use_directory_urls"] is True
    assert offline["site_url"] is None and hosted["site_url"]


# --- search ------------------------------------------------------------------------------------


def test_every_page_has_the_search_box(bundle, built):
    # The hosted site and the bundle share one search (guide/search.py); Material's is off
    # in both, so nothing starts its worker or downloads an index before the reader searches.
    hosted = [built.site / p for p in sorted(built.site.rglob("index.html"))]
    for page in bundle.html_files() + hosted:
        soup = bundle.soup(page)
        box = soup.select_one("header .md-search[data-guide-search]")
        assert box, f"{page} has no search box"
        expected_root = "./" if page.parent in (bundle.site, built.site) else "../"
        assert box["data-guide-root"] == expected_root, page
        assert box.find("input", attrs={"aria-label": "Search"})
        assert not soup.find("form", attrs={"name": "search"}), f"{page}: Material's search form is back"
        # search.js is not linked: the header's inline loader adds it when the box is first used.
        assert not soup.find("script", src=re.compile(r"search")), page
        loader = box.find_next_sibling("script")
        assert loader and SCRIPT_PATH in loader.string, page
    for site in (bundle.site, built.site):
        assert (site / SCRIPT_PATH).is_file() and (site / "search" / "search_index.js").is_file()
        assert not (site / "search" / "search_index.json").exists()
        assert not list((site / "assets" / "javascripts").glob("workers/*")), "Material's search worker"


def test_the_search_box_on_a_nested_page_points_up(nested_bundle):
    page = nested_bundle.site / "extra" / "nested.html"
    soup = nested_bundle.soup(page)
    assert soup.select_one("[data-guide-search]")["data-guide-root"] == "../"


def test_the_index_covers_every_page_with_table_cells(bundle):
    index = bundle.search_index()
    pages = {s["location"].split("#")[0] for s in index}
    # print.html repeats every chapter; whether it is indexed is its front matter's choice.
    assert {p.name for p in bundle.html_files()} - {"print.html"} <= pages
    for s in index:
        assert set(s) == {"page", "title", "location", "text"}
        assert "¶" not in s["text"] and "¶" not in s["title"]
    words = table_only_words(bundle.site)
    assert words, "no word occurs only in table cells; the table-cell search test has nothing to look for"
    text = " ".join(s["text"] for s in index).lower()
    assert all(w in text for w in words[:20])


def test_the_index_is_in_nav_order(bundle):
    locations = [s["location"].split("#")[0] for s in bundle.search_index()]
    first_seen = list(dict.fromkeys(locations))
    pages = [c["page"].replace(".md", ".html") for c in load_site(ROOT).chapters()]
    assert first_seen[: len(pages)] == pages  # the chapter list's order
