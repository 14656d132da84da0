"""The offline bundle opened from disk in Chromium with the network cut, and the hosted site on loopback.

Every request that is not file:// (offline) or not to 127.0.0.1 (hosted) is aborted and recorded;
the tests assert that none was made, and that search, links, tooltips and self-checks work.
"""
from __future__ import annotations

import zipfile
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import pytest

from tests.browser.conftest import site_pages
from tests.conftest import sample_chapter
from tests.test_offline import add_nested_page, build_bundle, table_only_words

pytestmark = pytest.mark.browser

CHAPTER_WORD = "restraint"  # prose of the role chapter
CHAPTER_PAGE = sample_chapter().replace(".md", ".html")  # a chapter with tooltips and a self-check


def unzip(zip_path: Path, dest: Path) -> Path:
    """Unzip as a reader does; the bundle's one top folder (named after the brand's short_name)."""
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(dest)
    tops = list(dest.iterdir())
    assert len(tops) == 1 and tops[0].is_dir(), f"the zip must unpack into one folder, not {tops}"
    return tops[0]


@pytest.fixture(scope="session")
def offline_bundle(tmp_path_factory):
    return build_bundle(tmp_path_factory)


@pytest.fixture(scope="session")
def unzipped(offline_bundle, tmp_path_factory) -> Path:
    """The zip as a reader gets it: unzipped into a folder of its own, away from the build."""
    return unzip(offline_bundle.zip, tmp_path_factory.mktemp("unzipped"))


@pytest.fixture(scope="session")
def unzipped_nested(tmp_path_factory) -> Path:
    bundle = build_bundle(tmp_path_factory, "nested", add_nested_page)
    return unzip(bundle.zip, tmp_path_factory.mktemp("unzipped-nested"))


class Watched:
    """A browser context whose requests outside `allowed` are aborted and recorded, with its console errors."""

    def __init__(self, browser, allowed):
        self.context = browser.new_context()
        self.context.set_default_timeout(10_000)  # a page from disk or loopback loads at once
        self.outside: list[str] = []
        self.errors: list[str] = []

        def block(route):
            self.outside.append(route.request.url)
            route.abort()

        self.context.route(lambda url: not allowed(url), block)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        # ERR_ABORTED is a load cut short by the next navigation (or one blocked above, recorded there).
        self.page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "")
                     and self.errors.append(f"failed: {r.url} {r.failure}"))

    def close(self):
        self.context.close()


@pytest.fixture
def offline(browser):
    watched = Watched(browser, lambda url: url.startswith("file:"))
    yield watched
    watched.close()


def search(page, words: str) -> list[str]:
    """Type into the header search box; the hrefs of the results, as written in the page."""
    page.fill("header input.md-search__input", words)
    page.wait_for_function("() => !document.querySelector('.md-search-result__meta').textContent.includes('Loading')")
    return page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.getAttribute('href'))")


def test_every_page_loads_with_no_request_off_disk_and_no_error(offline, unzipped):
    pages = sorted(unzipped.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        offline.page.goto(path.as_uri())
        offline.page.wait_for_load_state("load")
    # Opening search loads the index the same way; it must not reach out either.
    offline.page.goto((unzipped / "index.html").as_uri())
    assert search(offline.page, CHAPTER_WORD)
    assert offline.outside == []
    assert offline.errors == []


def target_file(href: str) -> Path:
    """The file a search result's file:// link opens."""
    parts = urlsplit(href)
    assert parts.scheme == "file", href
    return Path(unquote(parts.path))


def test_search_finds_chapter_words_and_table_cells(offline, unzipped):
    page = offline.page
    page.goto((unzipped / "index.html").as_uri())
    hits = search(page, CHAPTER_WORD)
    # Results link from the guide's root, made absolute when the search box was first used.
    assert any(target_file(h) == unzipped / CHAPTER_PAGE for h in hits), hits

    words = table_only_words(unzipped)
    assert words, "no word occurs only in table cells"
    word = words[0]
    hits = search(page, word)
    assert hits, f"no result for {word!r}, a word found only in table cells"
    marked = page.eval_on_selector_all(".md-search-result__item mark", "els => els.map(e => e.textContent)")
    assert word in [m.lower() for m in marked]

    page.click(".md-search-result__link")  # the first result opens its page
    page.wait_for_load_state("load")
    assert page.url.startswith("file:") and Path(urlsplit(page.url).path).is_file()
    assert word in page.inner_text(".md-content article").lower()
    # The page opened from the result marks the word (the link carries it as ?h=).
    page.locator(".md-content article mark").first.wait_for(timeout=10_000)
    assert word in [m.lower() for m in page.locator(".md-content article mark").all_inner_texts()]
    assert offline.outside == [] and offline.errors == []


def test_search_works_from_a_nested_page(offline, unzipped_nested):
    page = offline.page
    page.goto((unzipped_nested / "extra" / "nested.html").as_uri())
    hits = search(page, CHAPTER_WORD)
    assert hits and all(target_file(h).parent == unzipped_nested for h in hits), hits
    page.press("header input.md-search__input", "Enter")  # Enter opens the first result
    page.wait_for_load_state("load")
    opened = Path(urlsplit(page.url).path)
    assert opened.is_file() and opened.parent == unzipped_nested
    assert offline.outside == [] and offline.errors == []


def test_a_crawl_from_index_reaches_every_page(offline, unzipped):
    start = (unzipped / "index.html").as_uri()
    seen, queue, missing = {start}, deque([start]), []
    while queue:
        url = queue.popleft()
        offline.page.goto(url)
        links = offline.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        for link in links:
            parts = urlsplit(link)
            if parts.scheme != "file":
                continue
            target = urlunsplit(parts._replace(fragment="", query=""))
            if target in seen:
                continue
            seen.add(target)
            if not Path(parts.path).is_file():
                missing.append(f"{url} -> {link}")
            elif target.endswith(".html"):
                queue.append(target)
    assert missing == []
    reached = {Path(urlsplit(u).path) for u in seen if u.endswith(".html")}
    assert reached == set(unzipped.rglob("*.html"))
    assert offline.outside == [] and offline.errors == []


def test_logo_tooltips_and_self_checks_work_from_disk(offline, unzipped):
    page = offline.page
    page.goto((unzipped / CHAPTER_PAGE).as_uri())
    assert page.eval_on_selector(".md-header .md-logo img", "img => img.complete && img.naturalWidth > 0")
    term = page.locator("article abbr").first
    tip = page.locator("#" + term.get_attribute("aria-describedby"))
    assert not tip.is_visible()
    term.focus()
    # guide.css shows the definition beside the focused term (no script needed), with a link to
    # the term's entry in the bundle's glossary file
    assert tip.is_visible() and ":" in tip.inner_text()  # "Term: definition"
    tip.locator("a").click()
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path.endswith("/glossary.html") and urlsplit(page.url).fragment.startswith("term-")
    page.goto((unzipped / CHAPTER_PAGE).as_uri())
    page.locator("[data-quiz]").scroll_into_view_if_needed()  # the quiz code loads from disk as the reader nears it
    question = page.locator("li.guide-question:has(fieldset)").first
    question.locator("input").first.check()
    question.locator(".guide-check").click()
    assert question.locator(".guide-feedback").inner_text()
    answer = question.locator("details.guide-answer")
    assert not answer.evaluate("d => d.open")
    answer.locator("summary").click()
    assert answer.evaluate("d => d.open")
    assert "Answer" in answer.inner_text()
    assert offline.outside == [] and offline.errors == []


def test_the_hosted_site_makes_no_request_to_another_host(browser, built, site_url):
    host = urlsplit(site_url).netloc
    watched = Watched(browser, lambda url: urlsplit(url).netloc == host)
    try:
        for path in site_pages(built):
            watched.page.goto(site_url + path)
            watched.page.wait_for_load_state("networkidle")
        assert watched.outside == []
    finally:
        watched.close()
