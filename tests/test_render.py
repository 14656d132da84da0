"""Unit tests of the table renderer and its escaping (pure functions, no build)."""
from bs4 import BeautifulSoup

from guide import render


def parse(fragment: str) -> BeautifulSoup:
    return BeautifulSoup(fragment, "html.parser")


def make_table(cells):
    return render.table_html(render.Table("Caption <b>", ["Name", "Value"], [cells], "table-x", 0))


def test_markup_in_a_value_is_shown_as_text():
    soup = parse(make_table([render.text("<script>alert(1)</script>"), render.text("a & b")]))
    assert soup.find("script") is None
    cells = soup.select("tbody tr > *")
    assert cells[0].get_text() == "<script>alert(1)</script>"
    assert cells[1].get_text() == "a & b"


def test_pipes_braces_and_newlines_cannot_break_out():
    value = "a | b {{ x }} {% y %}\nsecond line"
    escaped = render.text(value)
    assert "|" not in escaped and "{" not in escaped and "}" not in escaped
    soup = parse(make_table([escaped, render.text("z")]))
    first = soup.select_one("tbody th")
    assert first.get_text("\n") == "a | b {{ x }} {% y %}\nsecond line"
    assert len(first.find_all("br")) == 1


def test_empty_value_is_an_em_dash():
    assert render.text("") == render.EMPTY
    assert render.text(None) == render.EMPTY
    assert render.text([]) == render.EMPTY


def test_table_has_accessible_name_caption_and_scoped_headers():
    soup = parse(make_table([render.text("n"), render.text("v")]))
    region = soup.select_one("div.guide-table")
    assert region["role"] == "region" and region["tabindex"] == "0"
    caption = soup.find("caption")
    assert region["aria-labelledby"] == caption["id"]
    assert caption.get_text() == "Caption <b>"
    assert [th["scope"] for th in soup.select("thead th")] == ["col", "col"]
    assert soup.select_one("tbody th")["scope"] == "row"


def test_table_html_has_no_blank_line_so_markdown_passes_it_through():
    html = make_table([render.text("a\n\nb"), render.text("c")])
    assert "\n\n" not in html


def test_link_is_built_from_structured_fields_and_escaped():
    soup = parse(render.link('https://example.org/?a=1&b="2"', "<label>"))
    a = soup.find("a")
    assert a["href"] == 'https://example.org/?a=1&b="2"'
    assert a.get_text() == "<label>"


def test_self_check_answer_is_in_details_and_names_the_option():
    q = {"id": "q1", "prompt": "Which?", "options": [{"text": "one", "why": "No."}, {"text": "two", "why": "Yes."}],
         "answer": "b", "explanation": "Because."}
    soup = parse(render.self_check_html([q]))
    details = soup.find("details")
    assert details.find("summary").get_text() == "Show answer to question 1"
    assert "b) two" in details.get_text()
    assert [li.get_text() for li in soup.select("ol.guide-options li")] == ["one", "two"]


def test_citation_links_to_the_source_entry():
    links = render.Links(lambda src: "../sources/", {"bls-ooh": 3})
    a = parse(links.citation("bls-ooh")).find("a")
    assert a["href"] == "../sources/#src-bls-ooh"
    assert a.get_text() == "[3]"
    assert a["aria-label"] == "Source 3"


def test_glossary_terms_are_found_whole_in_any_case_and_marked_once():
    from guide.site import load_site
    from tests.conftest import ROOT
    site = load_site(ROOT)
    escaped = render.text("HIPAA & the milieu; Milieu again; HIPAAS no; &amp; trauma-informed care")
    soup = parse(site.glossary.mark_page(f"<p>{escaped}</p>"))
    marked = [a.get_text() for a in soup.find_all("abbr")]
    assert marked == ["HIPAA", "milieu", "trauma-informed care"]  # "Milieu" is the same term, already marked
    for tip in soup.select(".guide-tip"):  # tooltips show beside the text, not in it
        tip.decompose()
    assert soup.get_text() == "HIPAA & the milieu; Milieu again; HIPAAS no; &amp; trauma-informed care"
    assert site.glossary.find("Staff run q15 checks; 1:1 observation")  # terms with digits and colons
