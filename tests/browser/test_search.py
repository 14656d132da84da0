"""The search engine on the hosted build: stems, US and British spellings, synonyms, prefixes,
typos, short words and ranking, asserted as "the expected page is among the first 3 results".

Queries come from the data (chapter titles, data/synonyms.yml) through guide.site.load_site, so a
fork's guide is tested on its own words; a few spelling checks name words only when the guide
uses them. The browser runs the same search.js and MiniSearch the hosted site and the offline
bundle load; `window.guideSearch(query)` returns the result locations, best first.
"""
from __future__ import annotations

import re

import pytest
import Stemmer  # PyStemmer

from guide import npm_assets
from guide import search as guide_search
from guide.site import load_site
from tests.conftest import ROOT, sample_chapter

pytestmark = pytest.mark.browser

SITE = load_site(ROOT)
TOP = 3
STEM = Stemmer.Stemmer("english").stemWord


def page_path(src: str) -> str:
    """A page's location in the hosted build: role.md -> role/, index.md -> ''."""
    return "" if src == "index.md" else src[:-3] + "/"


def typo(word: str) -> str:
    """The word with one interior letter dropped (one edit)."""
    middle = len(word) // 2
    return word[:middle] + word[middle + 1:]


def title_queries() -> list[tuple[str, str]]:
    out = []
    for c in SITE.chapters():
        out.append((c["title"], page_path(c["page"])))
        words = re.findall(r"[A-Za-z]+", c["title"])
        longest = max(words, key=len)
        if len(longest) >= 6:  # one typo in a word of five letters or more is still found
            out.append((c["title"].replace(longest, typo(longest)), page_path(c["page"])))
    return out


TITLE_QUERIES = title_queries()


@pytest.fixture(scope="module")
def search(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(site_url + sample_chapter()[:-3] + "/")
    page.locator("input.md-search__input").focus()
    page.wait_for_function("!!(window.guideSearchIndex && window.MiniSearch && window.guideSearch)")
    assert [u for u in requested if "search" in u] == [site_url + "assets/guide/search.js",
                                                      site_url + "search/search_index.js"]

    def run(query: str) -> list[dict]:
        locations = page.evaluate("q => guideSearch(q)", query)
        index = page.evaluate("locs => locs.map(l => window.guideSearchIndex.find(s => s.location === l))",
                              locations[:TOP])
        return [{"location": loc, **(s or {})} for loc, s in zip(locations, index)]
    yield run
    context.close()


def test_there_are_at_least_25_queries():
    count = len(TITLE_QUERIES) + len(SITE.records("synonyms")) + len(SPELLING_QUERIES) + len(STEM_QUERIES)
    assert count >= 25, count


@pytest.mark.parametrize("query,expected", TITLE_QUERIES, ids=[q for q, _ in TITLE_QUERIES])
def test_a_chapter_title_finds_its_chapter(search, query, expected):
    top = [r["location"].split("#")[0] for r in search(query)[:TOP]]
    assert expected in top, f"{query!r}: expected /{expected} among the first {TOP}, got {top}"


def words_stems(text: str) -> set[str]:
    return {STEM(w) for w in re.findall(r"[a-z0-9]+", text.lower())}


@pytest.mark.parametrize("record", SITE.records("synonyms"), ids=lambda r: r["word"])
def test_a_synonym_finds_sections_with_the_other_words(search, record):
    wanted = {STEM(w) for a in record["also"] + [record["word"]] for w in re.findall(r"[a-z0-9]+", a.lower())}
    wanted |= {re.sub(r"[^a-z0-9]", "", a.lower()) for a in record["also"]}
    top = search(record["word"])[:TOP]
    assert top, f"{record['word']!r} finds nothing"
    for r in top:
        found = words_stems(r["title"] + " " + r["text"] + " " + r["page"])
        joined = {re.sub(r"[^a-z0-9]", "", w) for w in re.findall(r"[a-z0-9-]+", (r["title"] + " " + r["text"]).lower())}
        assert (found | joined) & wanted, f"{record['word']!r}: {r['location']} holds none of {sorted(wanted)}"


def guide_words() -> set[str]:
    words = set()
    for path in (ROOT / "docs").glob("*.md"):
        words |= set(re.findall(r"[a-z]+", path.read_text(encoding="utf-8").lower()))
    for path in (ROOT / "data").glob("*.yml"):
        if path.name == "brand.yml":  # colors and file names, not text a page shows
            continue
        words |= set(re.findall(r"[a-z]+", path.read_text(encoding="utf-8").lower()))
    return words


WORDS = guide_words()
# British spelling -> the US word the guide uses; kept only when the guide uses it.
SPELLING_QUERIES = [(uk, us) for uk, us in [
    ("licence", "license"), ("behaviour", "behavior"), ("organisation", "organization"),
    ("counselling", "counseling"), ("centre", "center"), ("programme", "program"), ("defence", "defense"),
    ("recognise", "recognize"), ("paediatric", "pediatric"), ("colour", "color"),
] if us in WORDS]
# Another form of a word the guide uses: found by its stem.
STEM_QUERIES = [(form, base) for form, base in [
    ("restraints", "restraint"), ("licensing", "license"), ("licenses", "license"), ("licensed", "license"),
    ("medicines", "medication"), ("seclusions", "seclusion"), ("observing", "observation"),
    ("certifications", "certification"), ("technicians", "technician"),
] if base in WORDS]


@pytest.mark.parametrize("query,word", SPELLING_QUERIES + STEM_QUERIES,
                         ids=[q for q, _ in SPELLING_QUERIES + STEM_QUERIES])
def test_spellings_and_word_forms_find_the_word(search, query, word):
    top = search(query)[:TOP]
    assert top, f"{query!r} finds nothing"
    stem = STEM(word)
    for r in top:
        assert stem in words_stems(r["title"] + " " + r["text"] + " " + r["page"]) or \
            any(w.startswith(stem[:5]) for w in words_stems(r["title"] + " " + r["text"])), \
            f"{query!r}: {r['location']} does not hold {word!r}"


def test_a_prefix_finds_the_word(search):
    # The longest word of any chapter title, typed as far as its first five letters.
    chapter, word = max(((c, w) for c in SITE.chapters() for w in re.findall(r"[A-Za-z]+", c["title"])),
                        key=lambda cw: len(cw[1]))
    assert len(word) >= 6
    hits = search(word[:5])
    assert hits and all(word[:5].lower() in (h["title"] + " " + h["text"] + " " + h["page"]).lower()
                        for h in hits[:TOP]), [h["location"] for h in hits[:TOP]]


def test_one_and_two_letter_words_count_only_as_written(search):
    chapter = SITE.chapters()[1]
    # "a" in front of a title changes nothing; "q" and "zq" alone match no word exactly.
    assert search("a " + chapter["title"])[:TOP] == search(chapter["title"])[:TOP]
    assert search("zq") == []


def test_headings_rank_above_body_text(search):
    # A chapter's title word: the first result has it in its heading (title), not only in its text.
    for c in SITE.chapters()[1:4]:
        word = max(re.findall(r"[A-Za-z]+", c["title"]), key=len)
        first = search(word)[0]
        assert STEM(word.lower()) in words_stems(first["title"] + " " + first["page"]), (word, first["location"])


def test_quiz_results_read_as_questions(search):
    question = next(q for q in SITE.records("questions"))
    hits = search(question["prompt"])
    assert hits and hits[0]["location"].endswith(f"#q-{question['id']}"), hits[:1]
    assert hits[0]["title"] == " ".join(question["prompt"].split())
    assert "Show answer" not in hits[0]["text"]


def test_the_shipped_minisearch_is_the_pinned_package(built):
    """assets/guide/search.js carries MiniSearch's script and license as the verified tarball of the
    version pinned in guide/npm_assets.py has them (read from the build's own .cache/npm/)."""
    package = npm_assets.MINISEARCH
    published = npm_assets.read_files(package, built.root,
                                      [guide_search.MINISEARCH_SCRIPT, guide_search.MINISEARCH_LICENSE])
    shipped = (built.site / guide_search.SCRIPT_PATH).read_text(encoding="utf-8")
    assert f"{package.name}@{package.version}" in shipped.splitlines()[0]
    assert published[guide_search.MINISEARCH_LICENSE].strip().splitlines()[0] in shipped
    assert published[guide_search.MINISEARCH_SCRIPT].rstrip() in shipped
