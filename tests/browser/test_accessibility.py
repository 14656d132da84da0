"""Every page of the hosted build, in a real browser: WCAG 2.2 AA by axe-core, and by keyboard.

axe-core (shipped inside the pinned axe-playwright-python package) runs on every
page in the light and the dark color scheme at a desktop (1280 px) and a phone
(375 px) width; any violation fails and is listed as rule, page and node. The
other tests do what a keyboard or phone user does: skip link, tooltips,
self-checks, tables, search and the palette toggle.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from guide.brand import load_brand
from guide.site import load_site
from tests.browser.conftest import site_pages
from tests.conftest import ROOT, sample_chapter

pytestmark = pytest.mark.browser

# A chapter of this guide (a fork's too) with tooltips, citations and a self-check, as its address.
CHAPTER = sample_chapter()[: -len(".md")] + "/"
FIRST_CHAPTER = next(c["page"] for c in load_site(ROOT).chapters() if c["page"] != "index.md")[:-3] + "/"

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
SCHEMES = {"light": "default", "dark": "slate"}  # Playwright color scheme -> Material's data-md-color-scheme
WIDTHS = {"desktop": 1280, "phone": 375}
COMBINATIONS = [(scheme, width) for scheme in SCHEMES for width in WIDTHS]


@dataclass
class Crawl:
    violations: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


def new_page(browser, scheme="light", width=1280):
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 800})
    return context, context.new_page()


@pytest.fixture(scope="module")
def pages(built):
    found = site_pages(built)
    assert "" in found and CHAPTER in found, f"the hosted build is missing pages: {found}"
    return found


@pytest.fixture(scope="module")
def crawls(browser, site_url, pages) -> dict[tuple[str, str], Crawl]:
    """Every page in every scheme and width, crawled once: axe results and console errors."""
    axe = Axe()
    results = {}
    for scheme, width in COMBINATIONS:
        crawl = Crawl()
        context, page = new_page(browser, scheme, WIDTHS[width])
        current = {"path": ""}
        page.on("console", lambda msg: crawl.console_errors.append(f"/{current['path']} ({scheme}, {width}): {msg.text}")
                if msg.type == "error" else None)
        page.on("pageerror", lambda exc: crawl.console_errors.append(f"/{current['path']} ({scheme}, {width}): {exc}"))
        for path in pages:
            current["path"] = path
            page.goto(site_url + path)
            # The scheme really is the one under test (Material follows prefers-color-scheme).
            shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            assert shown == SCHEMES[scheme], f"/{path}: expected the {scheme} scheme, page shows {shown!r}"
            for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]:
                for node in violation["nodes"]:
                    summary = " ".join((node.get("failureSummary") or "").split())
                    crawl.violations.append(f"{violation['id']} ({violation['impact']}) on /{path} at "
                                            f"{' > '.join(map(str, node['target']))}: {summary[:300]}")
        context.close()
        results[(scheme, width)] = crawl
    return results


@pytest.mark.parametrize("scheme,width", COMBINATIONS, ids=[f"{s}-{w}" for s, w in COMBINATIONS])
def test_axe_finds_no_wcag_violations(crawls, scheme, width):
    violations = crawls[(scheme, width)].violations
    assert not violations, (f"{len(violations)} axe WCAG 2.2 A/AA violation(s) in the {scheme} scheme at "
                            f"{WIDTHS[width]} px:\n" + "\n".join(violations))


def test_no_console_errors_on_any_page(crawls):
    errors = [e for crawl in crawls.values() for e in crawl.console_errors]
    assert not errors, "console errors:\n" + "\n".join(errors)


def test_every_page_has_a_description_and_named_dialogs(built, pages):
    from bs4 import BeautifulSoup
    for path in pages:
        soup = BeautifulSoup((built.site / path / "index.html").read_text(encoding="utf-8"), "html.parser")
        meta = soup.find("meta", attrs={"name": "description"})
        assert meta and meta.get("content", "").strip(), f"/{path} has no meta description"
        for dialog in soup.select('[role="dialog"]'):
            assert dialog.get("aria-label") or dialog.get("aria-labelledby"), f"/{path}: unnamed dialog {dialog.attrs}"


@pytest.mark.parametrize("width", WIDTHS)
def test_search_finds_a_word_from_the_guide(browser, site_url, built, width):
    word = "restraint"
    assert word in built.html(sample_chapter()).get_text().lower(), "pick a search word that the role chapter contains"
    context, page = new_page(browser, "light", WIDTHS[width])
    page.goto(site_url)
    opener = page.locator('label.md-header__button[for="__search"]')
    if opener.is_visible():  # phone: the header shows a search button, not the box
        opener.click()
    query = page.locator("input.md-search__input")
    query.click()
    query.press_sequentially(word)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=10_000)
    assert results.count() > 0
    assert word in results.first.inner_text().lower()
    context.close()


def test_search_loads_on_first_use_and_survives_instant_navigation(browser, site_url):
    context, page = new_page(browser, "light", 1280)
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    # Instant navigation only handles links listed in sitemap.xml, which names the pages at the
    # brand's site_url; serve it as if the site were published here.
    published = load_brand(ROOT / "data" / "brand.yml", display_root=ROOT)[0]["site_url"]
    page.route("**/sitemap.xml", lambda route: route.fulfill(
        response=route.fetch(), body=route.fetch().text().replace(published, site_url)))
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    assert not [u for u in requested if "search" in u], "search files were loaded before anyone searched"
    # Instant navigation swaps the page under the header without reloading it: the marker stays.
    page.evaluate("window.__sameDocument = true")
    page.locator("a.md-footer__link--next").click()  # to the first chapter
    page.wait_for_url(site_url + FIRST_CHAPTER)
    assert page.evaluate("window.__sameDocument === true"), "navigation.instant did not handle the click"
    page.locator("article h1", has_text="The role").wait_for()
    # The box came from the home page ("./" to the root); from role/ it must still find the root.
    query = page.locator("input.md-search__input")
    query.click()
    query.press_sequentially("restraint")
    first = page.locator(".md-search-result__link").first
    first.wait_for(state="visible", timeout=10_000)
    loaded = [u for u in requested if "search" in u]
    assert sorted(loaded) == [site_url + "assets/guide/search.js", site_url + "search/search_index.js"], loaded
    href = first.get_attribute("href")
    assert href.startswith(site_url), href
    first.click()
    page.wait_for_url(href)
    parts = urlsplit(href)
    assert page.evaluate("location.pathname") == parts.path
    assert page.locator(".md-content h1").count() == 1
    if parts.fragment:
        assert page.locator(f'.md-content [id="{parts.fragment}"]').count() == 1, f"no section #{parts.fragment}"
    # The page marks the searched word, as Material's search.highlight did.
    marks = page.locator(".md-content article mark")
    marks.first.wait_for(timeout=10_000)
    marked = {m.lower() for m in marks.evaluate_all("els => els.map(e => e.textContent)")}
    assert "restraint" in marked and all(m.startswith("restraint") for m in marked), marked  # restraint(s)
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_slash_key_opens_search(browser, site_url, width):
    context, page = new_page(browser, "light", WIDTHS[width])
    page.goto(site_url + "skills/")
    page.keyboard.press("/")
    query = page.locator("input.md-search__input")
    assert query.evaluate("el => el === document.activeElement") and query.is_visible()
    page.keyboard.type("credential")
    page.locator(".md-search-result__link").first.wait_for(state="visible", timeout=10_000)
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    context.close()


def test_palette_toggle_switches_scheme_and_remembers_it(browser, site_url):
    context, page = new_page(browser, "light")
    page.goto(site_url + CHAPTER)
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.locator('form[data-md-component="palette"] label:visible').click()
    page.wait_for_function(f"{scheme} === 'slate'")
    page.reload()
    assert page.evaluate(scheme) == "slate", "the chosen scheme is not kept across pages"
    toggle = page.locator('form[data-md-component="palette"] label:visible')
    assert toggle.get_attribute("title") == "Switch to light mode"
    toggle.focus()  # and by keyboard
    page.keyboard.press("Enter")
    page.wait_for_function(f"{scheme} === 'default'")
    context.close()


def test_tables_fit_or_scroll_by_keyboard_at_phone_width(browser, site_url, pages):
    context, page = new_page(browser, "light", 375)
    seen = overflowing = 0
    for path in pages:
        page.goto(site_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"/{path} scrolls sideways at 375 px ({width} px wide): content must reflow"
        for table in page.locator("div.guide-table").all():
            seen += 1
            fits = table.evaluate("e => e.scrollWidth <= e.clientWidth")
            if fits:
                continue
            overflowing += 1
            where = f"/{path} table #{table.locator('table').get_attribute('id')}"
            assert table.get_attribute("tabindex") == "0", f"{where} overflows but cannot be focused"
            assert table.get_attribute("role") == "region", f"{where} overflows but is not a region"
            label_id = table.get_attribute("aria-labelledby")
            assert label_id and table.locator(f"caption#{label_id}").count() == 1, \
                f"{where}: aria-labelledby must point at its caption"
            assert table.locator("caption").inner_text().strip(), f"{where}: empty caption"
            if overflowing == 1:  # keyboard scrolling, proven once
                table.focus()
                page.keyboard.press("ArrowRight")
                page.wait_for_function("e => e.scrollLeft > 0", arg=table.element_handle())
    context.close()
    assert seen > 0, "no data tables found; the check proved nothing"


def test_skip_link_moves_focus_to_the_content(browser, site_url):
    context, page = new_page(browser)
    page.goto(site_url + CHAPTER)
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert "md-skip" in focused[0], f"the first Tab stop is not the skip link: {focused}"
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)  # the jump to the content settles before the next key, as for a reader
    page.keyboard.press("Tab")
    in_content = page.evaluate("!!document.activeElement.closest('article')")
    assert in_content, "after the skip link, Tab does not continue in the page content"
    context.close()


def test_tooltips_open_on_keyboard_focus(browser, site_url, built):
    abbrs = built.html(sample_chapter()).select("article abbr")
    assert abbrs, "the role chapter has no glossary terms to check"
    assert all(a.get("tabindex") == "0" for a in abbrs), "every <abbr> must be focusable (tabindex=0)"
    for width in (375, 1280):
        context, page = new_page(browser, "light", width)
        page.goto(site_url + CHAPTER)
        term = page.locator("article abbr").first
        tip = page.locator("#" + abbrs[0]["aria-describedby"])
        assert not tip.is_visible()
        term.focus()
        # guide.css shows the tooltip while the term (or the link in it) has focus, so keyboard
        # and touch (tap = focus) users get the definition and a way to the glossary.
        assert tip.is_visible()
        box = tip.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"the tooltip runs off a {width} px screen"
        if width == 1280:  # beside the term, not somewhere else on the screen
            near = term.bounding_box()
            assert abs(box["y"] - (near["y"] + near["height"])) < 20 and abs(box["x"] - near["x"]) < 20
        page.keyboard.press("Tab")  # into the tooltip's link: it stays open
        assert tip.is_visible() and page.evaluate("document.activeElement.closest('.guide-tip') !== null")
        page.keyboard.press("Enter")
        page.wait_for_url("**/glossary/#term-*")
        target = page.evaluate("location.hash.slice(1)")
        assert page.evaluate("id => getComputedStyle(document.getElementById(id)).outlineStyle", target) != "none", \
            "the glossary entry a tooltip leads to is not highlighted"
        context.close()
    # Hover shows it as well.
    context, page = new_page(browser, "light", 1280)
    page.goto(site_url + CHAPTER)
    page.locator("article abbr").first.hover()
    assert page.locator("#" + abbrs[0]["aria-describedby"]).is_visible()
    context.close()


def test_citation_markers_preview_their_source(browser, site_url, built):
    from guide.site import load_site
    site = load_site(ROOT)
    marker = built.html(sample_chapter()).select_one("article a.cite")
    source_id = marker["href"].split("#src-")[1]
    source = site.record("sources", source_id)
    context, page = new_page(browser, "light", 1280)
    page.goto(site_url + CHAPTER)
    cite = page.locator("article a.cite").first
    cite.focus()
    # The previews load when the pointer or focus first reaches a marker (guide/study_loader.py).
    page.wait_for_function("e => e.hasAttribute('data-source-preview')", arg=cite.element_handle())
    shown = cite.evaluate("e => getComputedStyle(e, '::after').content")
    assert source["title"] in shown and source["publisher"] in shown, shown
    cite.click()
    page.wait_for_url(f"**/{site.source_pages[source_id][:-3]}/#src-{source_id}")
    assert page.evaluate(f"getComputedStyle(document.getElementById('src-{source_id}')).outlineStyle") != "none", \
        "the Sources page does not highlight the entry a marker leads to"
    context.close()


def test_the_glossary_has_an_a_to_z_index(browser, site_url, built):
    soup = built.html("glossary.md")
    letters = soup.select("nav.guide-az a")
    terms = soup.select("dl.guide-glossary > dt")
    firsts = {t.get_text().strip()[0].upper() for t in terms}
    assert {a.get_text() for a in letters} == {f if f.isalpha() else "#" for f in firsts}
    for a in letters:
        assert soup.select_one(a["href"]) is not None, a["href"]
    context, page = new_page(browser, "light", 375)
    page.goto(site_url + "glossary/")
    page.locator("nav.guide-az a").last.click()
    assert page.evaluate("location.hash").startswith("#letter-")
    context.close()


def test_self_check_answers_open_with_the_keyboard(browser, site_url, built):
    assert built.html(sample_chapter()).select("details.guide-answer > summary"), "the role chapter has no self-check"
    context, page = new_page(browser)
    page.goto(site_url + CHAPTER)
    page.locator("[data-quiz]").scroll_into_view_if_needed()  # the quiz code comes as the reader nears it
    question = page.locator("li.guide-question:has(fieldset)").first
    question.locator("input").first.focus()
    page.keyboard.press("Space")  # pick the first option
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Check
    assert question.locator(".guide-feedback").inner_text()
    answer = question.locator("details.guide-answer")  # shown once the question is answered
    assert answer.evaluate("e => !e.open")
    answer.locator("summary").focus()
    page.keyboard.press("Enter")
    assert answer.evaluate("e => e.open"), "Enter on the summary does not open the answer"
    assert answer.locator(":scope > :not(summary)").first.is_visible()
    context.close()
