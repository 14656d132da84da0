"""Issue 15 without a browser: the 404 page's markup, the glossary's A-Z index, the search index's
question sections and synonyms, and the quiet `make serve`. Browser checks are in
tests/browser/test_find_and_read.py and tests/browser/test_search.py."""
from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from guide.schema import DATASETS
from guide.site import load_site
from tests.conftest import ROOT

SITE = load_site(ROOT)


def test_the_404_page_names_the_problem_and_links_every_chapter(built):
    html = (built.site / "404.html").read_text(encoding="utf-8")
    from bs4 import BeautifulSoup
    soup = BeautifulSoup(html, "html.parser")
    assert "not found" in soup.title.get_text().lower()
    assert "not found" in soup.find("h1").get_text().lower()
    base = urlsplit(SITE.brand["site_url"]).path
    links = {a.get_text(): a["href"] for a in soup.select("article a[href]")}
    for chapter in SITE.chapters():
        assert chapter["title"] in links, chapter["title"]
        assert links[chapter["title"]].startswith(base), "404 links must work at any missing address"
    box = soup.select_one("[data-guide-search]")
    assert box is not None and box["data-guide-root"] == base
    assert soup.select_one('article label[for="__search"]') is not None  # a search button in the page


def test_the_glossary_index_links_each_letter_once(built):
    soup = built.html("glossary.md")
    hrefs = [a["href"] for a in soup.select("nav.guide-az a")]
    assert len(hrefs) == len(set(hrefs)) and hrefs
    for href in hrefs:
        assert soup.select_one(f"h2{href}") is not None


def test_the_search_index_has_questions_synonyms_and_stems(built):
    raw = (built.site / "search" / "search_index.js").read_text(encoding="utf-8")
    line = {m.group(1): json.loads(m.group(2)) for m in re.finditer(r"^window\.(\w+) = (.*);$", raw, re.M)}
    index, terms = line["guideSearchIndex"], line["guideSearchTerms"]
    question = SITE.records("questions")[0]
    found = [s for s in index if s["location"].endswith(f"#q-{question['id']}")]
    assert len(found) == 1 and found[0]["title"] == " ".join(question["prompt"].split())
    assert "Show answer" not in found[0]["text"]
    if question.get("options"):  # options read a) b) c), as on the page
        assert found[0]["text"].startswith("a) ")
    assert "synonyms" in DATASETS
    for record in SITE.records("synonyms"):
        assert terms["synonyms"][record["word"].lower()]
    assert all(len(w) > 2 for w in terms["stems"])


def test_make_serve_is_quiet_and_the_readme_names_the_pins():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    serve = makefile[makefile.index("\nserve:"):].split("\n\n")[0]
    assert "NO_MKDOCS_2_WARNING=1" in serve, "make serve must not print Material's end-of-life banner"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pins = [line for line in readme.splitlines() if line.startswith("**Pinned versions:**")]
    assert pins, "README says which versions are pinned and why"
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    for name in ("mkdocs", "mkdocs-material"):
        version = re.search(rf"^{name}==(\S+)", requirements, re.M).group(1)
        assert version in readme, f"README does not name {name} {version}"
