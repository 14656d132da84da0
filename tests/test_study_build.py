"""The study tools in the built site: reading lines, start page, flashcards, loader and assets.

Chapters, questions, glossary and brand are read from the data (load_site), never typed here.
"""
from __future__ import annotations

import json
import re

from guide.site import load_site
from guide.study_loader import DECK_PATH, SCRIPT_PATH, SOURCES_PATH, loader, storage_key
from tests.conftest import ROOT, build

SITE = load_site(ROOT)
NUMBERED = [c for c in SITE.chapters() if c["page"] != "index.md"]


def test_every_chapter_shows_its_place_reading_time_and_last_update(built):
    for n, chapter in enumerate(NUMBERED, 1):
        line = built.html(chapter["page"]).select_one("article .guide-chapter-meta")
        assert line is not None and line["data-chapter"] == chapter.id
        text = line.get_text()
        assert re.fullmatch(rf"Chapter {n} of {len(NUMBERED)} · \d+ min read · Last updated \w+ \d+, \d{{4}}", text), text
        # No git history in a copy of the project: the build's SOURCE_DATE_EPOCH (tests/conftest.py).
        assert line.time["datetime"] == "2023-11-14"
    home = built.html("index.md").select_one("article .guide-chapter-meta").get_text()
    assert home.endswith("November 14, 2023") and not home.startswith("Chapter")


def test_start_page_cards_follow_the_chapter_list(built):
    soup = built.html("index.md")
    cards = soup.select("ol.guide-cards > li.guide-card")
    assert [c["data-chapter"] for c in cards] == [c.id for c in NUMBERED]
    for n, (card, chapter) in enumerate(zip(cards, NUMBERED), 1):
        assert card.select_one(".guide-card-number").get_text() == f"Chapter {n}"
        assert card.h3.a.get_text() == chapter["title"]
        assert card.h3.a["href"] == f"{chapter['page'][:-3]}/"
        asked = len([q for q in SITE.records("questions") if q["chapter"] == chapter.id])
        assert re.fullmatch(rf"\d+ min read · {asked} questions?", card.select_one(".guide-card-facts").get_text())
    hrefs = [a["href"] for a in soup.select(".guide-aids a")]
    assert hrefs == ["key-points/", "flashcards/"]
    assert "Nothing leaves the device" in soup.select_one(".guide-privacy").get_text()
    headings = [h.get_text(strip=True).rstrip("¶") for h in soup.select("article h2")]
    assert headings.count("Key points") == 1 and "Key takeaways" not in headings


def test_reading_time_counts_the_chapter(built, project):
    # A chapter three thousand words longer reads about fifteen minutes longer than in the
    # session's build of the same sources.
    page = project / "docs" / NUMBERED[0]["page"]
    minutes = int(re.search(r"(\d+) min read", built.html(NUMBERED[0]["page"]).select_one(".guide-chapter-meta")
                            .get_text()).group(1))
    page.write_text(page.read_text(encoding="utf-8") + "\n\n" + "word " * 3000 + "\n", encoding="utf-8")
    after = build(project)
    assert after.returncode == 0, after.output
    later = int(re.search(r"(\d+) min read", after.html(NUMBERED[0]["page"]).select_one(".guide-chapter-meta")
                          .get_text()).group(1))
    assert later - minutes in (15, 16)


def test_flashcards_deck_holds_the_glossary_and_every_key_point(built):
    soup = built.html("flashcards.md")
    assert soup.select_one("script#guide-deck") is None  # the deck is a file of its own, loaded on Start
    published = (built.site / DECK_PATH).read_text(encoding="utf-8")
    from guide import study
    assert f'"{DECK_PATH}"' in study.script("flashcards.js"), "the page's script loads the deck from elsewhere"
    deck = json.loads(published[len("window.guideDeck="):].strip().rstrip(";"))
    assert deck["points"] == {c.id: c["key_points"] for c in SITE.chapters()}
    assert sorted(t[0] for t in deck["terms"]) == sorted(g.id for g in SITE.records("glossary"))
    assert {t[2] for t in deck["terms"]} == {g["definition"] for g in SITE.records("glossary")}
    assert all(set(t[3]) <= set(range(len(SITE.chapters()))) for t in deck["terms"])  # places in the list
    assert any(t[3] for t in deck["terms"]), "no glossary term was found in any chapter"
    options = [(o["value"], o.get_text()) for o in soup.select("#guide-deck-filter option")]
    assert options == [("", "All chapters")] + [(c.id, c["title"]) for c in SITE.chapters()]


def test_every_page_has_the_loader_and_the_script_is_published(built):
    key = storage_key(SITE.brand["short_name"])
    assert key.endswith(":study:v1") and key.startswith(SITE.brand["short_name"])
    expected = loader(SITE.brand["short_name"])
    for path in built.site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if "<body" not in text or path.name == "404.html":  # a static template: no page hooks
            continue
        assert text.count(expected) == 1, path
    assert (built.site / SCRIPT_PATH).is_file()
    assert "document.cookie" not in (built.site / SCRIPT_PATH).read_text(encoding="utf-8")


def test_loader_config_is_json_that_cannot_close_the_script():
    text = loader('x</script><b>"&')
    assert "</script>" not in text and "<b>" not in text
    config = re.match(r"\(function\(\)\{var C=(\{.*?\}),d=", text).group(1)
    assert json.loads(config)["key"] == storage_key('x</script><b>"&')


def test_published_scripts_are_valid_javascript(built, tmp_path):
    import shutil
    import subprocess

    import pytest

    from guide import study
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is needed to parse the published scripts")
    files = [built.site / SCRIPT_PATH]
    for name in ("home.js", "flashcards.js"):
        files.append(tmp_path / name)
        files[-1].write_text(study.script(name), encoding="utf-8")
    for path in files:
        proc = subprocess.run([node, "--check", str(path)], capture_output=True, text=True)
        assert proc.returncode == 0, f"{path}: {proc.stderr}"


def test_citation_previews_come_from_one_sources_script_not_from_every_marker(built):
    # The loader sets a marker's preview from sources.js when the pointer or focus reaches it.
    published = (built.site / SOURCES_PATH).read_text(encoding="utf-8")
    prefix = "window.guideSources="
    assert published.startswith(prefix)
    previews = json.loads(published[len(prefix):].strip().rstrip(";"))
    assert previews == {s.id: f"{s['title']}, {s['publisher']}" for s in SITE.records("sources")}
    assert "<" not in published and ">" not in published  # script_json: no markup a value could start
    first = built.html(NUMBERED[0]["page"])
    cites = [a for page in NUMBERED for a in built.html(page["page"]).select("a.cite")]
    assert cites and not any(a.has_attr("data-source-preview") for a in cites)
    assert SOURCES_PATH in first.find_all("script")[-1].string  # the loader, last on every page
