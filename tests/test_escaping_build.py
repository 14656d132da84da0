"""One real build with an attack in every field of every dataset and of the brand
(tests/hostile.py): read back with a parser, nothing of it may become markup anywhere, and each
value shows exactly as written where it belongs: cells, titles, navigation, meta tags, the
glossary and its tooltips, the Sources page and the search index."""
from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from guide.schema import DATASETS
from tests.conftest import build
from tests.hostile import TERM, attack, build_hostile_project
from tests.test_escaping_property import shown, shown_in_attribute, visible_text


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = build_hostile_project(tmp_path_factory.mktemp("hostile"))
    result = build(root)
    assert result.returncode == 0, result.output
    return result


_parsed: dict = {}


def pages(result):
    """Every built page and its parse, parsed once for the module: the tests only read them."""
    if result.site not in _parsed:
        _parsed[result.site] = [(path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))
                                for path in sorted(result.site.rglob("*.html"))]
    return _parsed[result.site]


def test_no_value_becomes_markup_on_any_page(hostile):
    count = 0
    for path, soup in pages(hostile):
        count += 1
        assert soup.find("x-pwn") is None, path
        assert soup.find("b") is None or not soup.find("b", onclick=True), path
        for tag in soup.find_all(True):
            assert not any(a.lower().startswith("on") for a in tag.attrs), (path, tag.name, tag.attrs)
            for key in ("href", "src"):
                value = str(tag.get(key, "")).strip().lower()
                assert not value.startswith(("javascript:", "https://evil.example")), (path, tag)
        for script in soup.find_all("script"):
            if script.get("type") == "application/json":
                # Data for a script (the flashcard deck): it must stay one JSON value, with no
                # character that could end the element.
                json.loads(script.string)
                assert "<" not in script.string and ">" not in script.string, path
                continue
            assert "alert(" not in (script.string or ""), path
    assert count >= 3


def test_titles_navigation_and_meta_tags_hold_the_text(hostile):
    # Titles and names are one line wherever they land: a line break in the data is a space.
    title, brand = shown_in_attribute(attack("chapters.title")), shown_in_attribute(attack("brand.name"))
    chapter_pages = 0
    for path, soup in pages(hostile):
        description = soup.find("meta", attrs={"name": "description"})
        if soup.find("h1") and visible_text(soup.find("h1")).rstrip("¶") == title:
            chapter_pages += 1
            if path.parent != hostile.site:  # the home page's <title> is the brand's name alone
                assert soup.title.string == f"{title} - {brand}", path
            assert description["content"] == shown_in_attribute(attack("chapters.description")), path
        else:
            assert soup.title.string.endswith(brand), path
        for link in soup.select("nav a.md-nav__link"):
            assert link.find("x-pwn") is None
    assert chapter_pages >= 2
    home = BeautifulSoup((hostile.site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert any(visible_text(a).strip() == title for a in home.select("nav a.md-nav__link")), \
        "a chapter title in the navigation"
    assert shown(attack("brand.footer")) in visible_text(home.select_one(".md-copyright"))


def test_every_table_row_shows_its_values_exactly(hostile):
    rows = 0
    for path, soup in pages(hostile):
        for ds in DATASETS.values():
            for row in soup.select(f'tr[data-record="pwn-{ds.name}"]'):
                rows += 1
                cells = row.find_all(["th", "td"], recursive=False)
                for column, cell in zip(ds.columns, cells):
                    f = ds.field(column.field)
                    if f.kind in ("text", "texts"):
                        expected = attack(f"{ds.name}.{f.name}") + (f" {TERM}" if f.name != "term" else "")
                        if f.kind == "texts":
                            expected = f"{attack(f'{ds.name}.{f.name}[0]')}; {attack(f'{ds.name}.{f.name}[1]')}"
                        assert visible_text(cell).replace(" \u2020", "") == shown(expected), (path, ds.name, f.name)
    assert rows >= sum(1 for ds in DATASETS.values() if ds.columns and ds.name != "glossary") // 2


def visible_text_of_tip(tip) -> str:
    """A tooltip's own text, without its link to the glossary."""
    return "".join(str(c) if isinstance(c, str) else ("\n" if c.name == "br" else "") for c in tip.contents).rstrip()


def test_glossary_tooltip_and_sources_hold_the_text(hostile):
    definition = attack("glossary.definition") + f" {TERM}"
    tips = [a for _, soup in pages(hostile) for a in soup.find_all("abbr") if a.get_text() == TERM]
    assert tips, "the hostile term gets a tooltip where it appears"
    tip = [soup.find(id=a["aria-describedby"]) for _, soup in pages(hostile) for a in soup.find_all("abbr")
           if a.get_text() == TERM][0]
    assert visible_text_of_tip(tip) == shown(f"{TERM}: {definition}")
    glossary = [soup for _, soup in pages(hostile) if soup.select_one("dl.guide-glossary")][0]
    entry = glossary.find("dt", id="term-pwn-glossary")
    assert visible_text(entry) == shown(f"{TERM} ({attack('glossary.abbr')} {TERM})")
    assert visible_text(entry.find_next_sibling("dd")).startswith(shown(definition))
    entry = [soup.select_one("ol.guide-sources > #src-pwn-sources") for _, soup in pages(hostile)
             if soup.select_one("ol.guide-sources > #src-pwn-sources")][0]
    assert visible_text(entry.strong) == shown(
        attack("sources.title") + f" {TERM}")


def test_search_index_holds_the_text_not_markup(hostile):
    raw = (hostile.site / "search" / "search_index.js").read_text(encoding="utf-8")
    line = {m.group(1): m.group(2) for m in re.finditer(r"^window\.(\w+) = (.*);$", raw, re.M)}
    index = json.loads(line["guideSearchIndex"])
    terms = json.loads(line["guideSearchTerms"])  # stems and synonyms: JSON data, never code
    assert set(terms) == {"stems", "synonyms", "abbreviations"}
    texts = " ".join(s["text"] + " " + s["title"] + " " + s["page"] for s in index)
    assert shown_in_attribute(attack("chapters.title")) in [s["page"] for s in index]  # unescaped, as typed
    assert "<x-pwn>chapters.title</x-pwn>" in texts  # as text a reader searches, never as markup
    assert "<x-pwn>settings." in texts or any("<x-pwn>" in s["text"] for s in index)


def test_the_deck_and_the_source_previews_are_data_never_code(hostile):
    # Scripts made from data (guide/study_loader.py): one JSON value each, with no character that
    # could end a string or an element, and each attacked value back exactly as typed.
    from guide.study_loader import DECK_PATH, SOURCES_PATH
    values = {}
    for path, name in ((DECK_PATH, "guideDeck"), (SOURCES_PATH, "guideSources")):
        raw = (hostile.site / path).read_text(encoding="utf-8")
        prefix = f"window.{name}="
        assert raw.startswith(prefix) and raw.count("\n") == 1 and not any(c in raw for c in "<>&"), path
        values[name] = json.loads(raw[len(prefix):].strip().rstrip(";"))
    term = next(t for t in values["guideDeck"]["terms"] if t[0] == "pwn-glossary")
    assert term[2] == attack("glossary.definition") + f" {TERM}"
    assert values["guideSources"]["pwn-sources"].startswith(attack("sources.title") + f" {TERM}, ")
