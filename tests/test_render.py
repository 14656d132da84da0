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


def test_case_traps_are_every_non_ascii_letter_that_ignorecase_matches_to_ascii():
    import re
    import sys

    from guide import terms
    ascii_like = re.compile(r"[a-z0-9:&#_]", re.IGNORECASE)
    traps = {c for c in map(chr, range(128, sys.maxunicode + 1)) if ascii_like.fullmatch(c)}
    assert traps == {c for c in map(chr, range(sys.maxunicode + 1)) if terms.CASE_TRAPS.fullmatch(c)}


def test_terms_are_found_in_any_case_with_or_without_case_traps():
    from guide.terms import Glossary
    g = Glossary.from_records([{"id": "k", "term": "Kelvin scale", "definition": "Temperature."},
                               {"id": "s", "term": "Staff", "definition": "People.", "abbr": "ST"}])
    assert set(g.find("the KELVIN Scale, staff and ST")) == {"KELVIN Scale", "staff", "ST"}
    # With the Kelvin sign (U+212A) or a long s (U+017F), case-insensitive matching still finds them.
    assert set(g.find("the \u212aelvin scale and \u017ftaff; İ")) == {"\u212aelvin scale", "\u017ftaff"}
    assert g.find("st is not the abbreviation; staffing is not staff") == {"staff": "Staff: People."}


# --- study: quizzes, reading line, start page, flashcards -------------------------------------

MC = {"id": "c-q1", "prompt": "Which <one>?", "options": [{"text": "one", "why": "No: one."},
                                                          {"text": "two & more", "why": "Right: two."}],
      "answer": "b", "explanation": "Because."}
SHORT = {"id": "c-q2", "prompt": "Why?", "answer": "Model <answer>.", "explanation": "So."}


def test_a_multiple_choice_question_is_a_fieldset_of_radio_buttons_with_a_no_script_answer():
    soup = parse(render.self_check_html([MC, SHORT], "c"))
    box = soup.select_one("div.guide-self-check")
    assert box["data-quiz"] == "c"
    first = soup.select_one("li#q-c-q1")
    fieldset = first.select_one("fieldset")
    assert fieldset["data-answer"] == "b"
    assert fieldset.legend.get_text() == "Which <one>?"
    # The options, in order; the study script puts a radio button in each (no control without it).
    assert [li.get_text() for li in fieldset.select("ol.guide-options > li")] == ["one", "two & more"]
    assert not fieldset.select("input")
    details = first.select_one("details.guide-answer")
    assert not details.has_attr("open")
    assert [li.get_text() for li in details.select(".guide-reasons li")] == ["a) No: one.", "b) Right: two."]


def test_a_short_answer_question_keeps_its_model_answer_on_request():
    soup = parse(render.self_check_html([MC, SHORT], "c"))
    second = soup.select_one("li#q-c-q2")
    assert second.fieldset is None and second.select_one("p.guide-prompt").get_text() == "Why?"
    assert second.summary.get_text() == "Show model answer to question 2"
    assert "Model <answer>." in second.details.get_text()


def test_printed_questions_leave_their_answers_to_the_answer_key():
    soup = parse(render.self_check_html([MC, SHORT], "c", printing=True))
    assert not soup.select("details, input, fieldset, [data-quiz]")
    assert [li.get_text() for li in soup.select("ol.guide-options li")] == ["one", "two & more"]
    key = parse(render.answer_key_html([("c", "Chapter <c>", [MC, SHORT]), ("d", "Empty", [])]))
    assert [h.get_text() for h in key.select("h3")] == ["Chapter <c>"]
    answers = key.select("ol.guide-key-answers > li")
    assert "b) two & more" in answers[0].get_text() and "Because." in answers[0].get_text()
    assert "Model <answer>." in answers[1].get_text()


def test_reading_line_and_reading_time():
    assert render.reading_minutes(0) == 1 and render.reading_minutes(200) == 1 and render.reading_minutes(201) == 2
    p = parse(render.chapter_meta_html("role", 2, 13, 7, "2024-05-03")).p
    assert p["data-chapter"] == "role"
    assert p.get_text() == "Chapter 2 of 13 · 7 min read · Last updated May 3, 2024"
    assert p.time["datetime"] == "2024-05-03"
    assert parse(render.chapter_meta_html("home", None, 13, 3, "2024-05-03")).p.get_text().startswith("3 min read")


def test_chapter_cards_in_the_order_given_with_escaped_text():
    cards = [render.Card("b", 1, "B <title>", "b/", "Does <b>.", 4, 1), render.Card("a", 2, "A", "a/", "A.", 1, 0)]
    soup = parse(render.chapter_cards_html(cards, "key-points/", "flashcards/"))
    items = soup.select("ol.guide-cards > li.guide-card")
    assert [li["data-chapter"] for li in items] == ["b", "a"]
    assert items[0].select_one(".guide-card-number").get_text() == "Chapter 1"
    assert items[0].a.get_text() == "B <title>" and items[0].a["href"] == "b/"
    assert items[0].select_one(".guide-card-facts").get_text() == "4 min read · 1 question"
    assert items[1].select_one(".guide-card-facts").get_text() == "1 min read · no questions"
    assert soup.select_one(".guide-continue").has_attr("hidden")  # shown by the script when there is a last page
    assert [a["href"] for a in soup.select(".guide-aids a")] == ["key-points/", "flashcards/"]
    assert "Nothing leaves the device" in soup.select_one(".guide-privacy").get_text()
    assert soup.select_one("button[data-reset]").get_text() == "Reset my progress"


def test_script_json_cannot_close_its_element():
    body = render.script_json({"x": "</script><b>&"})
    assert "<" not in body and ">" not in body and "&" not in body
    import json
    assert json.loads(body) == {"x": "</script><b>&"}


def test_flashcards_page_has_a_chapter_filter_and_start_and_the_deck_is_a_script_of_its_own():
    soup = parse(render.flashcards_html([("c", "C <1>")]))
    assert [(o["value"], o.get_text()) for o in soup.select("select option")] == [("", "All chapters"), ("c", "C <1>")]
    assert soup.select_one("button[data-start]").get_text() == "Start"
    # What needs the deck shows once it is loaded.
    assert all(e.has_attr("hidden") for e in soup.select("[data-after-start]"))
    assert soup.select_one("[data-after-start] [data-again-only]") is not None
    cards = {"points": {"c": ["</script>"]}, "terms": [["x", "<t>", "&", [0]]]}
    published = render.deck_script(cards)
    import json
    assert published.startswith("window.guideDeck=") and not any(c in published for c in "<>&")
    assert json.loads(published[len("window.guideDeck="):].strip().rstrip(";")) == cards


def test_deck_and_dates_from_records_and_history(tmp_path):
    from guide import study
    from guide.site import load_site
    from tests.conftest import ROOT
    site = load_site(ROOT)
    chapters = site.chapters()
    cards = study.deck(site.records("glossary"), chapters, {"hipaa": [chapters[1].id, "not-a-chapter"]})
    assert cards["points"] == {c.id: c["key_points"] for c in chapters}
    terms = cards["terms"]
    assert [t[0] for t in terms] == [g.id for g in sorted(site.records("glossary"), key=lambda g: g["term"].casefold())]
    assert all(t[3] == ([1] if t[0] == "hipaa" else []) for t in terms)  # places in the chapter list
    # No git history: the build's SOURCE_DATE_EPOCH.
    assert study.last_updated(tmp_path, ["docs/x.md"], "1700000000") == "2023-11-14"
    # With history: the last commit that touched the files.
    import subprocess
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_COMMITTER_DATE": "2020-02-03T12:00:00Z",
           "GIT_AUTHOR_DATE": "2020-02-03T12:00:00Z", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True, env=env)
    (tmp_path / "x.md").write_text("x")
    subprocess.run(["git", "add", "x.md"], cwd=tmp_path, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", "x"], cwd=tmp_path, check=True, env=env)
    assert study.last_updated(tmp_path, ["x.md"], "1700000000") == "2020-02-03"
    assert study.chapter_data_files('{{ table("settings") }} {{ fact("median-pay") }}') == [
        "data/chapters.yml", "data/local/chapters.yml", "data/outlook.yml", "data/local/outlook.yml",
        "data/questions.yml", "data/local/questions.yml", "data/settings.yml", "data/local/settings.yml"]


def test_inline_scripts_are_the_guides_own_and_cannot_close_their_element():
    from guide import study
    for name in ("home.js", "flashcards.js", "study.js"):
        code = study.script(name)
        assert "</" not in code and code.startswith("(function () {")
    assert "<script>(function" in render.chapter_cards_html([], "k/", "f/", study.script("home.js"))
    import pytest
    with pytest.raises(ValueError):
        render.inline_script("x</script>")


def test_the_quick_markup_check_knows_every_character_the_escaper_replaces():
    # render.text translates only values in which HAS_MARKUP_CHAR finds something: a character
    # missing from it would go out unescaped.
    import sys
    replaced = {chr(c) for c in render.MARKUP_CHARS}
    found = {chr(c) for c in range(sys.maxunicode + 1) if render.HAS_MARKUP_CHAR.fullmatch(chr(c))}
    assert found == replaced
    assert render.text("a*b_[c]{d}|`e`\\") == "a&#42;b&#95;&#91;c&#93;&#123;d&#125;&#124;&#96;e&#96;&#92;"
