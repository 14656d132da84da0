"""The small changes the build makes to each page's HTML (guide/page_html.py, guide/search.py,
guide/render.py), each checked on the function and on the built guide, so dropping one fails a
test that runs without a browser."""
from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

from guide import page_html, render, search
from tests.conftest import sample_chapter

LOGO = '<header><img src="data:image/png;base64,AAAA" alt="logo"></header>'


def test_the_logo_gets_its_drawn_size_once():
    sized = page_html.size_logo(LOGO)
    img = BeautifulSoup(sized, "html.parser").img
    assert (img["width"], img["height"]) == ("24", "24")
    assert page_html.size_logo(sized) == sized  # a second pass adds nothing
    other = '<img src="photo.png" alt="A unit">'
    assert page_html.size_logo(other) == other  # only the theme's logo


def test_built_pages_have_a_sized_logo(built):
    for page in built.site.rglob("*.html"):
        for img in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("img", alt="logo"):
            assert img.get("width") and img.get("height"), page


def test_indentation_is_dropped_but_code_keeps_every_character():
    html_text = ("<div>\n    <p>one</p>\n\t<p>two</p>\n</div>"
                 "<pre><code>def f():\n    return 1\n</code></pre><textarea>\n  kept</textarea>")
    out = page_html.strip_indentation(html_text)
    assert "<div>\n<p>one</p>\n<p>two</p>\n</div>" in out
    assert "<pre><code>def f():\n    return 1\n</code></pre>" in out
    assert "<textarea>\n  kept</textarea>" in out


def test_built_pages_carry_no_template_indentation(built):
    for page in built.site.rglob("*.html"):
        text = page_html.PRESERVE.sub("", page.read_text(encoding="utf-8"))
        assert not re.search(r"\n[ \t]+<", text), f"{page}: indented markup left"


def test_citation_markers_stay_out_of_the_search_index():
    links = render.Links(lambda src: "sources/", {"a-source": 7}, {"a-source": "sources.md"})
    html_text = f'<h2 id="x">Heading</h2><p>Restraint orders are time-limited {links.citation("a-source")}.</p>'
    [section] = [s for s in search.split_sections(html_text) if s.title == "Heading"]
    assert "time-limited" in section.text
    assert "[7]" not in section.text and "Source 7" not in section.text


def test_the_built_index_has_no_citation_numbers(built):
    page = sample_chapter()
    markers = built.html(page).select("article a.cite")
    assert markers, f"{page} shows no citation marker"
    index_js = (built.site / search.INDEX_PATH).read_text(encoding="utf-8")
    body = index_js.split(f"window.{search.INDEX_GLOBAL} = ", 1)[1].split(";\nwindow.", 1)[0]
    url = page[:-3] + "/"  # the hosted build's directory URL of the chapter
    texts = [s["text"] for s in json.loads(body) if s["location"].split("#")[0] == url]
    assert texts, f"no index section for {url}"
    for marker in markers:
        assert not any(marker.get_text() in t for t in texts), f"{marker.get_text()} is in the search index"


def test_long_addresses_get_a_short_label():
    assert render.url_label("https://www.samhsa.gov/") == "samhsa.gov"
    long_url = "https://www.ecfr.gov/current/title-42/chapter-IV/subchapter-G/part-482"
    label = render.url_label(long_url)
    assert len(label) == 38 and label.endswith("\u2026") and label.startswith("ecfr.gov/current/")
    assert render.url_label("https://example.org/" + "a" * 19) == "example.org/" + "a" * 19  # 31 fits


def test_search_words_include_hyphenated_words_joined_and_folded():
    words = search.words_of("De-escalation: one‐to‐one CAFÉ_menu, a--b")
    assert {"de", "escalation", "deescalation", "one", "to", "onetoone", "cafe", "menu", "a", "b"} <= words
    assert "ab" not in words  # a doubled hyphen is no hyphenated word
    assert not any("-" in w or "\u2010" in w or "_" in w for w in words)


def test_stems_are_snowball_english_and_only_where_the_stem_differs():
    stems = search.stem_map([{"title": "Licensing", "text": "licenses and the run", "page": "Staff"}], {"checks"})
    assert stems["licensing"] == stems["licenses"] == "licens"
    assert stems["checks"] == "check"
    assert "the" not in stems and "run" not in stems  # too short, or its own stem
