"""A training program's fork (tests/forks.py): its own brand, chapter list, chapter and records.
It builds, shows exactly its chapters in its order everywhere, leaves hidden chapters out of
everything, and keeps nothing of upstream's identity. Then an upstream update merges into it
without a conflict and still builds.
"""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup

from guide.site import load_site
from tests.conftest import ROOT, build, copy_project
from tests.forks import FORK_CHAPTER, FORK_NAME, FORK_SHORT, FORK_TERM, hideable, make_sample_fork

UPSTREAM = load_site(ROOT)


@pytest.fixture(scope="module")
def fork(tmp_path_factory):
    root = make_sample_fork(tmp_path_factory.mktemp("fork") / "guide")
    result = build(root)
    assert result.returncode == 0, result.output
    return result


@pytest.fixture(scope="module")
def fork_site(fork):
    return load_site(fork.root)


def soup_of(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_navigation_and_page_order_follow_the_forks_chapter_list(fork, fork_site):
    chapters = fork_site.chapters()
    assert chapters[1].id == FORK_CHAPTER
    # On a chapter's page its section is open (pruned navigation shows only the current section).
    page = fork.html(chapters[1]["page"])
    nav_section = [li for li in page.select("nav.md-nav--primary li.md-nav__item--nested")
                   if "Chapters" in li.get_text()][0]
    items = nav_section.find("ul", class_="md-nav__list").find_all("li", recursive=False)
    titles = [(li.find("a", class_="md-nav__link", recursive=False) or li.find("label")).get_text(strip=True)
              for li in items]
    assert titles == [c["title"] for c in chapters if c["page"] != "index.md"]
    # previous/next links walk the same order
    second = fork.html(chapters[1]["page"])
    assert second.select_one("a.md-footer__link--next")["aria-label"].endswith(chapters[2]["title"])


def test_hidden_chapters_are_not_built_searched_printed_or_linked(fork, fork_site):
    hidden = [c for c in fork_site.catalog["chapters"] if c not in fork_site.chapters()]
    assert hidden
    index = (fork.site / "search" / "search_index.js").read_text(encoding="utf-8")
    printed = fork.html("print.md").get_text()
    for c in hidden:
        stem = c["page"][:-3]
        assert not (fork.site / stem).exists(), f"{c['page']} was built"
        assert f'"location":"{stem}/' not in index
        assert c["title"] not in printed
        for q in fork_site.questions(c.id):
            assert q["prompt"] not in printed
        for path in fork.site.rglob("*.html"):
            hrefs = [a["href"] for a in soup_of(path).find_all("a", href=True)]
            assert not any(h.rstrip("/").endswith(stem) for h in hrefs), (path, stem)


def test_the_forks_own_chapter_is_a_full_chapter(fork, fork_site):
    chapter = fork_site.record("chapters", FORK_CHAPTER)
    soup = fork.html(chapter["page"])
    assert soup.find("h1").get_text(strip=True).rstrip("¶") == chapter["title"]
    assert len(soup.select("li.guide-question")) == len(fork_site.questions(FORK_CHAPTER)) >= 6
    assert any(a.get_text() == FORK_TERM.lower() or a.get_text() == FORK_TERM for a in soup.select("abbr"))
    key_points = fork.html("key-points.md")
    assert [h.get_text(strip=True).rstrip("¶") for h in key_points.select("article h2")] == \
        [c["title"] for c in fork_site.chapters()]


def test_nothing_of_upstreams_identity_remains(fork):
    brand = UPSTREAM.brand
    gone = [brand["name"], brand["contact"]["email"], brand["site_url"], brand["contact"]["url"]]
    if brand["short_name"] != FORK_SHORT:
        gone.append(brand["short_name"])
    for path in fork.site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".js", ".css", ".xml", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for value in gone:
                assert value not in text, (path, value)
    assert FORK_NAME in (fork.site / "index.html").read_text(encoding="utf-8")


def test_a_chapter_list_naming_no_chapter_stops_the_build(tmp_path):
    root = make_sample_fork(tmp_path / "guide")
    brand = root / "data" / "brand.yml"
    brand.write_text(brand.read_text(encoding="utf-8").replace(f'  - "{FORK_CHAPTER}"\n', '  - "riverbend-practicm"\n'),
                     encoding="utf-8")
    result = build(root)
    assert result.returncode == 1
    assert "field 'chapters': 'riverbend-practicm' is not a chapter id; did you mean 'riverbend-practicum'?" \
        in result.output


def test_a_link_to_a_hidden_chapter_names_both_pages(tmp_path):
    root = make_sample_fork(tmp_path / "guide")
    site = load_site(root)
    hidden = next(c for c in site.catalog["chapters"] if c not in site.chapters())
    page = root / "docs" / "local" / f"{FORK_CHAPTER}.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\nSee [that chapter](../{hidden['page']}).\n",
                    encoding="utf-8")
    result = build(root)
    assert result.returncode == 1
    assert f"docs/local/{FORK_CHAPTER}.md: links to {hidden['page']}, a chapter the brand file's chapters list " \
           "leaves out" in result.output


# --- taking an upstream update -------------------------------------------------------------------

def git(root, *args):
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=root,
                          capture_output=True, text=True)


def move_first_chapter_last(path):
    """Upstream reorders its chapters: the first chapter record after the start page moves to the end."""
    text = path.read_text(encoding="utf-8")
    head, *records = text.split("\n- id: ")
    start = next(i for i, r in enumerate(records) if 'page: "index.md"' in r or "page: index.md" in r)
    moved = records.pop(start + 1 if start + 1 < len(records) else 0)
    records.append(moved.rstrip("\n") + "\n")
    path.write_text(head + "".join("\n- id: " + r for r in records), encoding="utf-8")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_an_upstream_update_merges_into_a_fork_without_conflict(tmp_path):
    upstream = copy_project(tmp_path / "upstream")
    for extra in ("requirements.txt", "Makefile", "README.md"):
        shutil.copy2(ROOT / extra, upstream / extra)
    assert git(upstream, "init", "-q", "-b", "main").returncode == 0
    git(upstream, "add", "-A")
    assert git(upstream, "commit", "-qm", "upstream").returncode == 0
    fork_root = tmp_path / "fork"
    assert git(tmp_path, "clone", "-q", str(upstream), str(fork_root)).returncode == 0
    # The fork: everything tests/forks.py does, committed.
    made = make_sample_fork(tmp_path / "made")
    for rel in ("data/brand.yml", "data/brand/riverbend-logo.png", "data/local", "docs/local"):
        src, dst = made / rel, fork_root / rel
        if src.is_dir():
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dst)
    git(fork_root, "add", "-A")
    assert git(fork_root, "commit", "-qm", "our brand, chapters and records").returncode == 0
    # Upstream moves on: reorders chapters, edits the chapter the fork hides, adds questions and
    # a glossary term, and bumps a pin.
    site = load_site(upstream)
    hidden = hideable(upstream, site)[0]
    hidden_page = upstream / "docs" / site.record("chapters", hidden)["page"]
    move_first_chapter_last(upstream / "data" / "chapters.yml")
    hidden_page.write_text(hidden_page.read_text(encoding="utf-8") + "\nA new paragraph from upstream.\n",
                           encoding="utf-8")
    questions = upstream / "data" / "questions.yml"
    first = site.chapters()[1].id
    new_questions = [
        {"id": f"upstream-new-q{n}", "chapter": first, "kind": "scenario",
         "prompt": f"New upstream question {n} about a shift?", "answer": "The charge nurse decides.",
         "explanation": "Scope is set by law and policy."} for n in (1, 2)]
    questions.write_text(questions.read_text(encoding="utf-8") + "".join(f"\n- {json.dumps(q)}\n"
                                                                          for q in new_questions), encoding="utf-8")
    glossary = upstream / "data" / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + '\n- {"id": "upstream-new-term", "term": '
                        '"Upstream new term", "definition": "A term upstream added."}\n', encoding="utf-8")
    reqs = upstream / "requirements.txt"
    reqs.write_text(reqs.read_text(encoding="utf-8").replace("pymdown-extensions==", "pymdown-extensions==9"),
                    encoding="utf-8")
    git(upstream, "add", "-A")
    assert git(upstream, "commit", "-qm", "upstream update").returncode == 0
    # The fork takes it.
    assert git(fork_root, "pull", "-q", "--no-rebase", "origin", "main").returncode == 0, "the merge conflicted"
    assert "<<<<<<<" not in (fork_root / "data" / "chapters.yml").read_text(encoding="utf-8")
    assert "pymdown-extensions==9" in (fork_root / "requirements.txt").read_text(encoding="utf-8")
    result = build(fork_root)
    assert result.returncode == 0, result.output
    assert not (result.site / site.record("chapters", hidden)["page"][:-3]).exists()


def test_the_printable_guide_opens_with_the_forks_cover(fork, fork_site):
    cover = fork.html("print.md").select_one("div.guide-cover")
    assert cover.select_one(".guide-cover-name").get_text() == FORK_NAME
    assert cover.select_one(".guide-cover-tagline").get_text() == fork_site.brand["tagline"]
    assert fork_site.brand["contact"]["email"] in cover.get_text()
    assert cover.select_one(".guide-cover-license").get_text() == fork_site.brand["footer"]
    assert cover.select_one(".guide-cover-date").get_text() == "Built on November 14, 2023"  # SOURCE_DATE_EPOCH
    logo = cover.select_one("img")["src"]
    assert logo.startswith("data:image/png;base64,") or logo.endswith(".png")


def test_the_forks_state_is_highlighted_in_state_tables(fork, fork_site):
    ids = fork_site.region_records("states")
    if not ids:
        pytest.skip("no state record matches the sample fork's region")
    rows = [tr for path in fork.site.rglob("*.html") for tr in soup_of(path).select("tr[data-record]")
            if tr["data-record"] in ids and tr.find_parent("table")["id"].startswith("table-states")]
    assert rows and all("guide-highlight" in tr.get("class", []) for tr in rows)
    assert all("your program's state" in tr.find("th").get_text() for tr in rows)
