"""Property-based escaping: any text in a data field shows as exactly that text, in the
right place, with no new element.

Most examples go through the renderer path the macros use (guide.render plus the
glossary tooltips of guide.site), a few hundred per field type. One real build then
places hand-picked nasty strings in real data files and in a page's front matter.
"""
from __future__ import annotations

import dataclasses
import json
import re

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guide import render
from guide.site import load_site
from tests.conftest import ROOT, build

# Every character except the two no HTML page can carry: NUL (HTML parsers replace it
# with U+FFFD, so it can never reach a reader as written) and lone surrogates (halves of
# a UTF-16 pair; they cannot be encoded in UTF-8, so no file or page can hold one).
CHARACTERS = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
NASTY = ["<script>alert(1)</script>", "a | b", "{{ brand.name }}", "{% raw %}", "{#x}", '"quoted" \'single\'',
         "&amp; &lt;", "line one\nline two\r\nthree\rfour", "\u05e9\u05dc\u05d5\u05dd \u202eevil\u202c",
         "\U0001f600\U0001f469\u200d\U0001f4bb", "]]> <!-- -->", "`code` *em* [link](https://x.org)",
         "HIPAA & NCPT", "\u00a0\u2028\u2029\ufeff"]
# Short strings, long ones (to 10,000 characters) and strings built from the nasty pieces.
ANY_TEXT = st.one_of(
    st.text(CHARACTERS, max_size=80),
    st.text(CHARACTERS, min_size=1000, max_size=10_000),
    st.lists(st.one_of(st.sampled_from(NASTY), st.text(CHARACTERS, max_size=10)), max_size=8).map("".join),
)
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.data_too_large])
ALLOWED_IN_TEXT = {"br", "abbr"}  # line breaks, and glossary tooltips


@pytest.fixture(scope="module")
def site():
    return load_site(ROOT)


def shown(value: str) -> str:
    """What a reader must see for a value: line endings become line breaks; empty is an em dash."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value if value else render.EMPTY


def shown_in_attribute(value: str) -> str:
    return shown(value).replace("\n", " ")


def visible_text(tag: Tag) -> str:
    """The text of an element as a reader sees it, with <br> as a newline."""
    out = []
    for node in tag.descendants:
        if isinstance(node, NavigableString):
            out.append(str(node))
        elif node.name == "br":
            out.append("\n")
    return "".join(out)


def assert_no_new_element(tag: Tag, allowed=ALLOWED_IN_TEXT) -> None:
    names = {t.name for t in tag.find_all(True)}
    assert names <= allowed, f"unexpected elements {names - allowed} in {tag}"
    for abbr in tag.find_all("abbr"):  # a tooltip holds only the term it explains
        assert [type(c) for c in abbr.contents] == [NavigableString]


# BeautifulSoup turns a string of only whitespace between two tags into one space, which
# would hide a "\t" after a <br>; inside these tags it keeps every character, as browsers do.
KEEP_WHITESPACE = {"p", "li", "dt", "dd", "th", "td", "caption", "abbr", "a", "strong", "details", "summary",
                   "div", "ol", "ul", "dl", "table", "thead", "tbody", "tr", "pre", "textarea"}


def parse(fragment: str) -> BeautifulSoup:
    return BeautifulSoup(fragment, "html.parser", preserve_whitespace_tags=KEEP_WHITESPACE)


# --- the renderer path ----------------------------------------------------------------------

@PROPERTY
@given(cells=st.lists(ANY_TEXT, min_size=2, max_size=4), caption=ANY_TEXT)
def test_table_cells_show_exactly_the_data(site, cells, caption):
    # As a page shows a text cell: escaped by the renderer, then glossary terms marked.
    rendered = [site.glossary.mark_text(render.text(c), set()) for c in cells]
    soup = parse(render.table_html(render.Table(caption, ["h"] * len(cells), [rendered], "table-x", 0)))
    row = soup.select("tbody > tr")
    assert len(row) == 1
    found = row[0].find_all(["th", "td"], recursive=False)
    assert len(found) == len(cells)
    for value, cell in zip(cells, found):
        assert visible_text(cell) == shown(value)
        assert_no_new_element(cell)
    assert visible_text(soup.find("caption")) == shown(caption)
    assert_no_new_element(soup.find("caption"), {"br"})
    assert len(soup.find_all("table")) == 1


URL_CHARACTERS = st.characters(exclude_categories=("Cs", "Zs", "Zl", "Zp", "Cc"))


@PROPERTY
@given(path=st.text(URL_CHARACTERS, max_size=300))
def test_url_links_keep_address_and_label(path):
    url = "https://example.org/" + path
    soup = parse(render.link(url, render.url_label(url)))
    links = soup.find_all(True)
    assert [t.name for t in links] == ["a"]
    assert links[0]["href"] == url
    assert links[0].get_text() == render.url_label(url)


def test_citation_marker_is_a_plain_link():
    links = render.Links(lambda src: "../sources/", {"s1": 7})
    soup = parse(links.citations(["s1"]))
    assert [t.name for t in soup.find_all(True)] == ["a"]
    a = soup.find("a")
    assert a.get_text() == "[7]"
    assert a["href"] == "../sources/#src-s1"
    assert "title" not in a.attrs and a["aria-label"] == "Source 7"


@PROPERTY
@given(prompt=ANY_TEXT, options=st.lists(ANY_TEXT, min_size=2, max_size=4), explanation=ANY_TEXT,
       answer_index=st.integers(0, 3))
def test_question_prompt_options_and_explanation(site, prompt, options, explanation, answer_index):
    answer = "abcd"[answer_index % len(options)]
    q = {"id": "q1", "prompt": prompt, "options": [{"text": o, "why": "w"} for o in options], "answer": answer,
         "explanation": explanation}
    soup = parse(render.self_check_html([q]))
    item = soup.select_one("li.guide-question")
    assert visible_text(item.select_one("p.guide-prompt")) == shown(prompt)
    shown_options = item.select("ol.guide-options > li")
    assert [visible_text(li) for li in shown_options] == [shown(o) for o in options]
    paragraphs = item.select("details > p")
    assert len(paragraphs) == 2
    assert visible_text(paragraphs[0]) == f"Answer: {answer}) {shown(options['abcd'.index(answer)])}"
    assert visible_text(paragraphs[1]) == shown(explanation)
    for part in [item.select_one("p.guide-prompt"), paragraphs[1], *shown_options]:
        assert_no_new_element(part)


@PROPERTY
@given(answer=ANY_TEXT.filter(lambda s: s.strip()), explanation=ANY_TEXT)
def test_short_answer_question(site, answer, explanation):
    q = {"id": "q1", "prompt": "Why?", "answer": answer, "explanation": explanation}
    soup = parse(render.self_check_html([q]))
    first = soup.select("details > p")[0]
    assert visible_text(first) == f"Answer: {shown(answer.strip())}"
    assert_no_new_element(first, {"strong", "br"})


@PROPERTY
@given(definition=ANY_TEXT, term=ANY_TEXT)
def test_glossary_definitions_in_the_list_and_in_tooltips(site, definition, term):
    # The glossary list, as glossary() renders an entry ...
    entry = parse(f'<dl><dt id="term-x">{render.text(term)}</dt><dd>{render.text(definition)}</dd></dl>')
    assert visible_text(entry.find("dt")) == shown(term)
    assert visible_text(entry.find("dd")) == shown(definition)
    assert_no_new_element(entry.find("dl"), {"dt", "dd", "br"})
    # ... and the tooltip wherever the abbreviation appears in text.
    abbr = next(iter(site.glossary.exact))
    marked = dataclasses.replace(site.glossary, exact={**site.glossary.exact, abbr: definition})
    soup = parse(marked.mark_page(f"<p>{render.text(f'see {abbr} here')}</p>"))
    tips = soup.find_all("abbr")
    assert len(tips) == 1 and tips[0].get_text() == abbr
    assert tips[0]["title"] == shown_in_attribute(definition)


# --- one real build ---------------------------------------------------------------------

# Data values are stripped of surrounding whitespace by the loader, so these have none.
BUILD_STRINGS = {
    "name": "<img src=x onerror=alert(1)> | {{ brand.name }}",
    "what": 'Quote " and \' and & and </td></tr></table> \u05e9\u05dc\u05d5\u05dd \U0001f600',
    "schedule": "line one\nline two | {% raw %} {#x} " + "long " * 1499 + "end",
    "source_title": '</title>"><script>alert(2)</script>',
    "prompt": "Which <b>option</b>? {{ 7 * 7 }}",
    "option": "\u202eright-to-left override\u202c & emoji \U0001f469\u200d\U0001f4bb",
    "definition": 'A "definition" <i>with</i> & markup',
    "page_title": '<b>Bold</b> & "quoted" \u05e9\u05dc\u05d5\u05dd',
    "page_description": '"><script>alert(3)</script> & more',
}


def yaml_text(value: str) -> str:
    """A YAML double-quoted scalar for any text (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


@pytest.fixture(scope="module")
def nasty_build(tmp_path_factory):
    from tests.conftest import copy_project

    root = copy_project(tmp_path_factory.mktemp("nasty"))
    s = BUILD_STRINGS
    local = root / "data" / "local"
    local.mkdir(exist_ok=True)
    (local / "sources.yml").write_text(
        f"- id: nasty-source\n  title: {yaml_text(s['source_title'])}\n  publisher: \"P\"\n"
        "  url: \"https://example.org/a?b=1&c=2\"\n  read: \"2024-01-01\"\n  supports: \"S\"\n"
        "  confidence: \"low\"\n", encoding="utf-8")
    (local / "settings.yml").write_text(
        f"- id: nasty-setting\n  name: {yaml_text(s['name'])}\n  what: {yaml_text(s['what'])}\n"
        f"  schedule: {yaml_text(s['schedule'])}\n  sources: [nasty-source]\n", encoding="utf-8")
    (local / "questions.yml").write_text(
        f"- id: nasty-q\n  chapter: \"settings\"\n  kind: \"recall\"\n  prompt: {yaml_text(s['prompt'])}\n"
        f"  options:\n    - text: \"plain\"\n      why: \"w\"\n    - text: {yaml_text(s['option'])}\n      why: \"w\"\n"
        "  answer: \"b\"\n"
        "  explanation: \"Because.\"\n", encoding="utf-8")
    (local / "glossary.yml").write_text(
        f"- id: nasty-term\n  term: \"Nasty term\"\n  definition: {yaml_text(s['definition'])}\n",
        encoding="utf-8")
    page = root / "docs" / "key-points.md"
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", f"title: {yaml_text(s['page_title'])}", text, count=1, flags=re.M)
    text = re.sub(r"^description: .*$", f"description: {yaml_text(s['page_description'])}", text, count=1,
                  flags=re.M)
    page.write_text(text, encoding="utf-8")
    result = build(root)
    assert result.returncode == 0, result.output
    return result


def test_build_shows_nasty_data_exactly_in_its_cells(nasty_build):
    s = BUILD_STRINGS
    soup = nasty_build.html("settings.md")
    row = next(tr for tr in soup.select("table tbody tr") if s["name"] in visible_text(tr))
    cells = row.find_all(["th", "td"], recursive=False)
    assert [visible_text(c) for c in cells[:3]] == [s["name"], s["what"], s["schedule"]]
    for cell in cells[:3]:
        assert_no_new_element(cell)
    cite = cells[3].find("a", class_="cite")
    assert cite["aria-label"].startswith("Source ")
    assert soup.find("script") is None or all("alert" not in (t.string or "") for t in soup.find_all("script"))
    assert soup.find("img", src="x") is None


def test_build_shows_nasty_question_and_glossary_text(nasty_build):
    s = BUILD_STRINGS
    soup = nasty_build.html("settings.md")
    question = next(li for li in soup.select("li.guide-question") if s["prompt"] in visible_text(li))
    assert visible_text(question.select_one("p.guide-prompt")) == s["prompt"]
    assert [visible_text(o) for o in question.select("ol.guide-options > li")] == ["plain", s["option"]]
    assert question.find("b") is None
    glossary = nasty_build.html("glossary.md")
    dd = glossary.find(id="term-nasty-term").find_next_sibling("dd")
    assert visible_text(dd) == s["definition"]
    assert dd.find("i") is None
    sources = nasty_build.html("sources.md")
    assert sources.find(id="src-nasty-source").find("strong").get_text() == s["source_title"]


def test_build_escapes_front_matter_title_and_description(nasty_build):
    s = BUILD_STRINGS
    soup = nasty_build.html("key-points.md")
    assert soup.title.get_text() == f"{s['page_title']} - {soup.title.get_text().rsplit(' - ', 1)[1]}"
    description = soup.find_all("meta", attrs={"name": "description"})
    assert [m["content"] for m in description] == [s["page_description"]]
    assert soup.find("b") is None and soup.find("script", string=re.compile("alert")) is None
    # the page's own section of the (pruned) navigation lists it
    nav_labels = [a.get_text(" ", strip=True) for a in soup.select("nav a")]
    assert s["page_title"] in nav_labels
