"""Property-based escaping: any text in a data field shows as exactly that text, in the
right place, with no new element.

Most examples go through the renderer path the macros use (guide.render plus the
glossary tooltips of guide.site), a few hundred per field type. One real build then
places hand-picked nasty strings in real data files and in a page's front matter.
"""
from __future__ import annotations

import dataclasses

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guide import render
from guide.data import Record
from guide.schema import DATASETS
from guide.site import load_site
from tests.conftest import ROOT

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
        if in_tooltip(node):
            continue
        if isinstance(node, NavigableString):
            out.append(str(node))
        elif node.name == "br":
            out.append("\n")
    return "".join(out)


def in_tooltip(node) -> bool:
    """Part of a glossary tooltip (guide/terms.py), which is shown beside the text, not in it."""
    return any("guide-tip" in (p.get("class") or []) for p in ([node] if isinstance(node, Tag) else []) +
               list(node.parents))


def tooltip_part(t: Tag) -> bool:
    return in_tooltip(t) or "guide-term" in (t.get("class") or [])


def assert_no_new_element(tag: Tag, allowed=ALLOWED_IN_TEXT) -> None:
    names = {t.name for t in tag.find_all(True) if not tooltip_part(t)}
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
    assert visible_text(item.select_one("fieldset > legend")) == shown(prompt)
    shown_options = item.select("ol.guide-options > li")
    assert [visible_text(li) for li in shown_options] == [shown(o) for o in options]
    paragraphs = item.select("details > p")
    assert len(paragraphs) == 2
    assert visible_text(paragraphs[0]) == f"Answer: {answer}) {shown(options['abcd'.index(answer)])}"
    assert visible_text(paragraphs[1]) == shown(explanation)
    for part in [item.select_one("fieldset > legend"), paragraphs[1], *shown_options]:
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
    marked = dataclasses.replace(site.glossary, exact={**site.glossary.exact, abbr: definition},
                                 ids={**site.glossary.ids, definition: "x"})
    soup = parse(marked.mark_page(f"<p>{render.text(f'see {abbr} here')}</p>"))
    tips = soup.find_all("abbr")
    assert len(tips) == 1 and tips[0].get_text() == abbr
    tip = soup.find(id=tips[0]["aria-describedby"])
    assert tip is not None and tip.get("role") == "tooltip"
    assert {c.name for c in tip.contents if isinstance(c, Tag)} <= {"br"}  # text and line breaks only
    assert "".join(str(c) if isinstance(c, NavigableString) else "\n" for c in tip.contents) == shown(definition)


# --- every field of the schema, as its table shows it -----------------------------------------

TABLE_FIELDS = [(ds.name, c.field) for ds in DATASETS.values() for c in ds.columns
                if ds.field(c.field).kind in ("text", "texts")]


@pytest.mark.parametrize("dataset,field_name", TABLE_FIELDS, ids=[f"{d}.{f}" for d, f in TABLE_FIELDS])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                 HealthCheck.function_scoped_fixture])
@given(value=ANY_TEXT.map(str.strip).filter(bool))
def test_every_table_field_shows_exactly_its_text(site, dataset, field_name, value):
    """Derived from the schema: a field added to any dataset is covered without editing this test."""
    ds = DATASETS[dataset]
    record = Record({f.name: "x" for f in ds.fields if f.kind == "text"} | {"id": "r1", field_name: value},
                    "data/x.yml", 1, {})
    if ds.field(field_name).kind == "texts":
        record[field_name] = [value]
    links = render.Links(lambda src: "../sources/", {})
    soup = parse(render.records_table(ds, [record], links, "table-x"))
    column = [c.field for c in ds.columns].index(field_name)
    cell = soup.select("tbody > tr")[0].find_all(["th", "td"], recursive=False)[column]
    target = cell.find("a") if field_name == ds.row_header and cell.find("a") else cell
    assert visible_text(target) == shown(value)
    assert_no_new_element(target, {"br", "a"} if target is cell else {"br"})
